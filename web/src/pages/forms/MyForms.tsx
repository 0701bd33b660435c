/**
 * "My forms": the forms the signed-in user's units owe — unit × data set × period with
 * its state (not started, draft, submitted, returned, approved; due soon, overdue) — as
 * cards, so a 390 px phone shows them without sideways scrolling. Each opens the form.
 */
import { Anchor, Box, Group, NativeSelect, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMyForms } from '../../api/figures';
import type { MyForm } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';
import { FormStateBadge } from './FormStateBadge';
import { gridHref, useEntryRoot } from './GridPage';

export const formHref = (r: Pick<MyForm, 'dataSet' | 'unit' | 'period'>) =>
  `/forms/${encodeURIComponent(r.dataSet)}/${encodeURIComponent(r.unit)}/${encodeURIComponent(r.period)}`;

const SHOWS = ['open', 'all'] as const;

export default function MyForms() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const dataSet = params.get('dataSet') ?? undefined;
  const show = params.get('show') === 'all' ? 'all' : 'open';
  const forms = useMyForms({ unit: params.get('unit') ?? undefined, dataSet });
  const items = useMemo(() => forms.data?.items ?? [], [forms.data]);
  const sets = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of items) m.set(r.dataSet, f.text(r.dataSetName));
    return [...m];
  }, [items, f]);
  const shown = show === 'all' ? items : items.filter((r) => r.editable || r.overdue || r.state === 'returned');
  const count = (p: (r: MyForm) => boolean) => items.filter(p).length;
  const root = useEntryRoot();
  const severalUnits = new Set(items.map((r) => r.unit)).size > 1;

  return (
    <Box>
      <PageHeader
        title={t('forms.title')}
        subtitle={forms.data ? t('forms.subtitle', { date: f.date(forms.data.today) }) : ' '}
        right={forms.isFetching && forms.data ? <InlineLoader /> : null}
      />
      {forms.isError ? (
        <ErrorBlock error={forms.error} onRetry={() => void forms.refetch()} />
      ) : !forms.data ? (
        <LoadingBlock rows={6} />
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={3} spacing="xs">
            <Figure label={t('forms.overdue')} value={count((r) => r.overdue)} color="red" />
            <Figure label={t('forms.dueSoon')} value={count((r) => r.dueSoon)} color="orange" />
            <Figure
              label={t('forms.received')}
              value={count((r) => r.state === 'submitted' || r.state === 'approved')}
            />
          </SimpleGrid>
          <Group gap="xs" wrap="wrap">
            <NativeSelect
              size="xs"
              aria-label={t('forms.dataSet')}
              value={dataSet ?? ''}
              onChange={(e) => setParams({ dataSet: e.currentTarget.value || null })}
              data={[{ value: '', label: t('forms.allDataSets') }, ...sets.map(([value, label]) => ({ value, label }))]}
              style={{ maxWidth: '100%' }}
            />
            <NativeSelect
              size="xs"
              aria-label={t('forms.show')}
              value={show}
              onChange={(e) => setParams({ show: e.currentTarget.value === 'all' ? 'all' : null })}
              data={SHOWS.map((s) => ({ value: s, label: t(`forms.shows.${s}`) }))}
            />
            {severalUnits && (
              <Anchor component={Link} to={gridHref({ dataSet, unit: root })} size="sm" data-testid="grid-link">
                {t('grid.open')}
              </Anchor>
            )}
          </Group>
          {shown.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="no-forms">
              {t('forms.none')}
            </Text>
          ) : (
            <Stack gap="xs" data-testid="my-forms">
              {shown.map((r) => (
                <FormCard key={`${r.dataSet}|${r.unit}|${r.period}`} r={r} />
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Box>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  const f = useFormat();
  return (
    <Paper withBorder radius="md" p="xs">
      <Text size="xs" c="dimmed" lineClamp={1}>
        {label}
      </Text>
      <Text fw={700} size="lg" c={value && color ? color : undefined}>
        {f.number(value)}
      </Text>
    </Paper>
  );
}

function FormCard({ r }: { r: MyForm }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      data-testid="form-card"
      data-form={`${r.dataSet}/${r.unit}/${r.period}`}
      data-state={r.state}
    >
      <Group justify="space-between" gap={4} wrap="wrap">
        <Text fw={600} size="sm">
          {r.period}
        </Text>
        <FormStateBadge form={r} />
      </Group>
      <Anchor
        component={Link}
        to={formHref(r)}
        display="block"
        size="sm"
        mt={2}
        style={{ overflowWrap: 'anywhere' }}
        data-testid="form-link"
      >
        {f.text(r.dataSetName)}
      </Anchor>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        <bdi>{f.text(r.unitName)}</bdi> · <bdi>{t('forms.due', { date: f.date(r.due) })}</bdi>
        {r.closes ? ` · ${t('forms.closes', { date: f.date(r.closes) })}` : ''}
      </Text>
    </Paper>
  );
}
