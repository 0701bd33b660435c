/**
 * The early warning on the overview (issue 18): a card with how much open work is heading
 * for late, the units and lead agencies with most of it, and the list — the companion of
 * the overdue list, shown when the list filter is "heading for late".
 */
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useHeadingForLate, type HeadingCount, type HeadingItem } from '../../api/early-warning';
import type { Query } from '../../api/client';
import { Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { AssignmentTable } from './AssignmentTable';

export function HeadingForLateCard({
  filters,
  showing,
  onShow,
}: {
  filters: Query;
  showing: boolean;
  onShow: (show: boolean) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const view = useHeadingForLate({ ...filters, limit: 0, top: 5 });
  return (
    <Section id="heading-for-late" title={t('earlyWarning.card.title')}>
      {view.isError ? (
        <ErrorBlock error={view.error} onRetry={() => void view.refetch()} />
      ) : !view.data ? (
        <LoadingBlock rows={3} />
      ) : view.data.total === 0 ? (
        <Text c="dimmed" size="sm">
          {t('earlyWarning.card.none')}
        </Text>
      ) : (
        <Stack gap="xs">
          <Group justify="space-between" align="flex-end" wrap="nowrap">
            <div>
              <Text fz={28} fw={700} c="orange.9" className="num" data-testid="heading-for-late-total">
                {f.number(view.data.total)}
              </Text>
              <Text size="xs" c="dimmed">
                {t('earlyWarning.card.hint')}
              </Text>
            </div>
            <Button size="xs" variant="light" color="orange" onClick={() => onShow(!showing)}>
              {showing ? t('earlyWarning.card.hide') : t('earlyWarning.card.show')}
            </Button>
          </Group>
          <Counts title={t('earlyWarning.card.units')} rows={view.data.units} testId="heading-units" />
          <Counts title={t('earlyWarning.card.leads')} rows={view.data.leads} testId="heading-leads" />
        </Stack>
      )}
    </Section>
  );
}

function Counts({ title, rows, testId }: { title: string; rows: HeadingCount[]; testId: string }) {
  const f = useFormat();
  if (rows.length === 0) return null;
  return (
    <div data-testid={testId}>
      <Text size="xs" fw={600} c="dimmed" mb={2}>
        {title}
      </Text>
      <Stack gap={2} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((r) => (
          <li key={r.code}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" lineClamp={1}>
                <bdi>{f.text(r.name) || r.code}</bdi>
              </Text>
              <Text size="sm" fw={600} c="orange.9" className="num">
                {f.number(r.count)}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
    </div>
  );
}

function why(item: HeadingItem, t: (k: string, v?: Record<string, unknown>) => string, n: (x: number) => string) {
  return item.basis === 'projected'
    ? t('earlyWarning.why.projected', { n: n(item.slipDays ?? 0) })
    : t(`earlyWarning.why.${item.basis}`);
}

/** The assignments heading for late, as the table of the overview's list section. */
export function HeadingForLateTable({ filters }: { filters: Query }) {
  const { t } = useTranslation();
  const f = useFormat();
  const view = useHeadingForLate({ ...filters, limit: 10, top: 5 });
  if (view.isError) return <ErrorBlock error={view.error} onRetry={() => void view.refetch()} />;
  if (!view.data) return <LoadingBlock rows={5} />;
  return (
    <AssignmentTable
      testId="heading-table"
      empty={t('earlyWarning.card.none')}
      items={view.data.items}
      head={
        <>
          <Table.Th>{t('earlyWarning.list.finish')}</Table.Th>
          <Table.Th>{t('earlyWarning.list.why')}</Table.Th>
        </>
      }
      cells={(item) => (
        <>
          <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
            <bdi>{f.date(item.projectedFinish)}</bdi>
          </Table.Td>
          <Table.Td style={{ color: 'var(--mantine-color-orange-9)', fontWeight: 600 }}>
            {why(item, t, f.number)}
          </Table.Td>
        </>
      )}
    />
  );
}
