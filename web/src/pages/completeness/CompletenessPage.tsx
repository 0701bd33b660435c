/**
 * Reporting completeness (DHIS2's reporting rate): expected, received and on-time forms
 * under a unit, by its children (a province's communes, the country's provinces) — a
 * tile map for a country's provinces, a table of units, and a unit × period grid.
 */
import { Anchor, Box, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCompleteness } from '../../api/figures';
import type { Completeness } from '../../api/types';
import { GRIDS } from '../../data/province-grid';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PageHeader, Section } from '../../components/PageHeader';
import { SectionTable } from '../../components/SectionTable';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../../components/QueryState';
import { useCan } from '../../lib/auth';
import { useFormat } from '../../lib/format';
import { gridHref } from '../forms/GridPage';
import { href, Link, useSearchParams } from '../../lib/router';
import { rateColor, tileColor, unitPeriodGrid } from './rates';

export default function CompletenessPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const dataSet = params.get('dataSet') ?? undefined;
  const c = useCompleteness({ unit, level: 1, dataSet });
  const data = c.data;
  const mayEnter = useCan().can('enterValues');

  return (
    <Box>
      <PageHeader
        title={t('completeness.title')}
        subtitle={data ? t('completeness.subtitle', { from: f.date(data.from), to: f.date(data.to) }) : ' '}
        right={c.isFetching && data ? <InlineLoader /> : null}
      />
      <Paper withBorder p="sm" mb="md" radius="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <OrgUnitPicker
            label={t('indicators.orgUnit')}
            value={unit ?? ''}
            onChange={(v) => setParams({ unit: v })}
            w={260}
          />
          {data && (
            <NativeSelect
              size="sm"
              label={t('forms.dataSet')}
              value={dataSet ?? ''}
              onChange={(e) => setParams({ dataSet: e.currentTarget.value || null })}
              data={[
                { value: '', label: t('forms.allDataSets') },
                ...data.dataSets.map((d) => ({ value: d, label: d })),
              ]}
            />
          )}
          {data && mayEnter && (
            <Anchor
              component={Link}
              to={gridHref({ unit: data.unit, ...(dataSet ? { dataSet } : {}) })}
              size="sm"
              data-testid="grid-link"
            >
              {t('grid.open')}
            </Anchor>
          )}
        </Group>
      </Paper>
      {c.isError ? (
        <ErrorBlock error={c.error} onRetry={() => void c.refetch()} />
      ) : !data ? (
        <LoadingBlock rows={8} />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="completeness-total" data-unit={data.unit}>
            <Figure label={t('completeness.rate')} value={f.percent1((data.total.rate ?? 0) / 100)} />
            <Figure label={t('completeness.onTimeRate')} value={f.percent1((data.total.onTimeRate ?? 0) / 100)} />
            <Figure label={t('completeness.received')} value={f.number(data.total.received)} testId="total-received" />
            <Figure label={t('completeness.expected')} value={f.number(data.total.expected)} />
          </SimpleGrid>
          {GRIDS[data.unit] && <TileMap data={data} />}
          <UnitTable data={data} />
          <PeriodGrid data={data} />
        </Stack>
      )}
    </Box>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function TileMap({ data }: { data: Completeness }) {
  const { t } = useTranslation();
  const f = useFormat();
  const grid = GRIDS[data.unit]!;
  const byCode = new Map(data.units.map((u) => [u.unit, u]));
  return (
    <Section id="completeness-map" title={t('completeness.map')}>
      <Box
        role="img"
        aria-label={t('completeness.map')}
        style={{
          display: 'grid',
          gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 56px))`,
          gridAutoRows: 30,
          gap: 3,
          direction: 'ltr',
        }}
      >
        {grid.tiles.map((tile) => {
          const u = byCode.get(tile.code);
          const rate = u?.rate ?? null;
          return (
            <Tooltip key={tile.code} label={`${u ? f.text(u.name) : tile.code}: ${f.percent1((rate ?? 0) / 100)}`}>
              <Link
                to={href('/completeness', { unit: tile.code })}
                data-tile={tile.code}
                style={{
                  gridRow: tile.row + 1,
                  gridColumn: tile.col + 1,
                  background: tileColor(rate),
                  borderRadius: 4,
                  fontSize: 11,
                  color: rate !== null && rate < 20 ? 'white' : '#212529',
                  display: 'flex',
                  alignItems: 'center',
                  justifyContent: 'center',
                  textDecoration: 'none',
                }}
              >
                {tile.abbr}
              </Link>
            </Tooltip>
          );
        })}
      </Box>
    </Section>
  );
}

function UnitTable({ data }: { data: Completeness }) {
  const { t } = useTranslation();
  const f = useFormat();
  const end = { textAlign: 'end' } as const;
  return (
    <Section id="completeness-units" title={t('completeness.byUnit')}>
      <SectionTable
        testId="completeness-units"
        minWidth={360}
        empty={data.units.length === 0 ? t('completeness.nothingExpected') : null}
        head={
          <>
            <Table.Th>{t('indicators.orgUnit')}</Table.Th>
            <Table.Th style={end}>{t('completeness.rate')}</Table.Th>
            <Table.Th style={end}>{t('completeness.onTimeRate')}</Table.Th>
            <Table.Th style={end}>{t('completeness.receivedOfExpected')}</Table.Th>
          </>
        }
      >
        {data.units.map((u) => (
          <Table.Tr key={u.unit} data-unit={u.unit}>
            <Table.Td>
              <Anchor component={Link} to={href('/completeness', { unit: u.unit })} size="sm">
                <bdi>{f.text(u.name) || u.unit}</bdi>
              </Anchor>{' '}
              <Anchor component={Link} to={`/scorecards/${encodeURIComponent(u.unit)}`} size="xs" c="dimmed">
                ({t('completeness.scorecard')})
              </Anchor>
            </Table.Td>
            <Table.Td style={end} c={rateColor(u.rate)}>
              {f.percent1((u.rate ?? 0) / 100)}
            </Table.Td>
            <Table.Td style={end}>{f.percent1((u.onTimeRate ?? 0) / 100)}</Table.Td>
            <Table.Td style={{ ...end, whiteSpace: 'nowrap' }}>
              {f.number(u.received)} / {f.number(u.expected)}
            </Table.Td>
          </Table.Tr>
        ))}
      </SectionTable>
    </Section>
  );
}

function PeriodGrid({ data }: { data: Completeness }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { periods, cells } = useMemo(() => unitPeriodGrid(data), [data]);
  const names = new Map(data.units.map((u) => [u.unit, f.text(u.name) || u.unit]));
  if (periods.length === 0) return null;
  return (
    <Section id="completeness-grid" title={t('completeness.byPeriod')}>
      <SectionTable
        testId="completeness-grid"
        minWidth={Math.max(360, 140 + periods.length * 64)}
        fz="xs"
        striped={false}
        withColumnBorders
        head={
          <>
            <Table.Th>{t('indicators.orgUnit')}</Table.Th>
            {periods.map((p) => (
              <Table.Th key={p} style={{ textAlign: 'center' }}>
                {p}
              </Table.Th>
            ))}
          </>
        }
      >
        {data.units.map((u) => (
          <Table.Tr key={u.unit}>
            <Table.Td>{names.get(u.unit)}</Table.Td>
            {periods.map((p) => {
              const c = cells.get(u.unit)?.get(p);
              return (
                <Table.Td
                  key={p}
                  style={{ textAlign: 'center', background: c ? tileColor(c.rate) : undefined }}
                  title={c ? `${c.received} / ${c.expected}` : undefined}
                >
                  {c?.rate === null || c === undefined ? '—' : f.number(Math.round(c.rate))}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </SectionTable>
    </Section>
  );
}
