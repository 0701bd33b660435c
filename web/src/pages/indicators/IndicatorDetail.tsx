import {
  Anchor,
  Box,
  Grid,
  Group,
  NativeSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../../api/hooks';
import {
  headline,
  periodEndDate,
  useEvaluation,
  useEvaluations,
  useIndicator,
  useRootUnits,
  useValues,
  type Indicator,
  type UnitEvaluation,
} from '../../api/indicators';
import { ClassificationBadge } from '../../components/ClassificationBadge';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { SectionTable } from '../../components/SectionTable';
import { isRtl } from '../../i18n';
import { useFormat } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';

const IndicatorChart = lazy(() => import('../../components/IndicatorChart'));

export default function IndicatorDetail({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const indicator = useIndicator(code);
  const asked = params.get('unit') ?? undefined;
  // Without a unit in the link, the unit of the indicator's headline evaluation.
  const roots = useRootUnits(undefined);
  const all = useEvaluations({});
  const fallback = all.items ? headline(all.items, roots.codes).get(code)?.unit : undefined;
  const unit = asked ?? fallback;
  const evaluation = useEvaluation(code, unit, !!asked || !!all.items || !!all.error);

  return (
    <Box>
      <PageHeader
        title={indicator.data ? f.text(indicator.data.name) : code}
        back={{ to: '/indicators', label: t('indicators.title') }}
        subtitle={
          <>
            <span style={{ fontFamily: 'monospace' }}>{code}</span>
            {indicator.data && ` · ${indicator.data.unit} · ${t(`indicators.directions.${indicator.data.direction}`)}`}
          </>
        }
      />
      {indicator.isError ? (
        <ErrorBlock error={indicator.error} onRetry={() => void indicator.refetch()} />
      ) : evaluation.isError ? (
        <ErrorBlock error={evaluation.error} onRetry={() => void evaluation.refetch()} />
      ) : !indicator.data || !evaluation.data ? (
        <LoadingBlock rows={10} />
      ) : (
        <Stack gap="md">
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <ChartSection indicator={indicator.data} e={evaluation.data} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Assessment indicator={indicator.data} e={evaluation.data} />
            </Grid.Col>
          </Grid>
          <ValuesTable code={code} unit={evaluation.data.unit} e={evaluation.data} />
        </Stack>
      )}
    </Box>
  );
}

function ChartSection({ indicator, e }: { indicator: Indicator; e: UnitEvaluation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const actual = e.values
    .filter((v): v is { period: string; value: number } => v.value !== null)
    .map((v) => ({ date: periodEndDate(v.period), value: v.value }));
  const target = e.target;
  const fc = e.evaluation?.forecast;
  const forecast =
    fc && fc.forecast !== null && fc.latest && target
      ? [
          { date: fc.latest.date, value: fc.latest.value },
          { date: target.target.date, value: fc.forecast },
        ]
      : [];
  const labels = {
    actual: t('indicators.chart.actual'),
    baseline: t('indicators.chart.baseline'),
    target: t('indicators.chart.target'),
    milestones: t('indicators.chart.milestones'),
    forecast: t('indicators.chart.forecast'),
    planned: t('indicators.chart.planned'),
    targetDate: t('indicators.chart.targetDate'),
  };
  const props = useMemo(
    () => ({
      actual,
      baseline: target ? { date: periodEndDate(target.baseline.period), value: target.baseline.value } : null,
      target: target ? { date: target.target.date, value: target.target.value } : null,
      milestones: target?.milestones ?? [],
      forecast,
      labels,
      format: f.number,
      formatDate: f.date,
      formatTick: f.timeTick,
      rtl: isRtl(f.lang),
      ariaLabel: t('indicators.chart.label', { name: f.text(indicator.name), unit: f.text(e.unitName) }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [e, f, t],
  );
  return (
    <Section id="indicator-chart-title" title={t('indicators.chart.title', { unit: f.text(e.unitName) })}>
      {actual.length === 0 && !target ? (
        <Text size="sm" c="dimmed">
          {t('indicators.noValues')}
        </Text>
      ) : (
        <Suspense fallback={<LoadingBlock rows={6} />}>
          <IndicatorChart {...props} />
        </Suspense>
      )}
    </Section>
  );
}

function Assessment({ indicator, e }: { indicator: Indicator; e: UnitEvaluation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ev = e.evaluation;
  const fc = ev?.forecast;
  const reason = fc
    ? t(`indicators.reason.${fc.reason}`, { share: f.percent(fc.gapClosed), days: f.number(Math.abs(fc.daysToTarget)) })
    : t('indicators.reason.no_target');
  const rows: Array<[string, string]> = [];
  if (e.target) {
    rows.push([
      t('indicators.chart.baseline'),
      `${f.number(e.target.baseline.value)} (${f.period(e.target.baseline.period)})`,
    ]);
    rows.push([t('indicators.chart.target'), `${f.number(e.target.target.value)} (${f.date(e.target.target.date)})`]);
    for (const m of e.target.milestones)
      rows.push([t('indicators.milestone'), `${f.number(m.value)} (${f.date(m.date)})`]);
  }
  if (ev?.latest) rows.push([t('indicators.latest'), `${f.number(ev.latest.value)} (${f.period(ev.latest.period)})`]);
  if (ev) rows.push([t('indicators.planned'), f.number(Math.round(ev.planned * 100) / 100)]);
  if (fc?.forecast !== null && fc?.forecast !== undefined)
    rows.push([t('indicators.chart.forecast'), f.number(Math.round(fc.forecast * 100) / 100)]);
  return (
    <Section id="assessment" title={t('indicators.assessment')}>
      <Stack gap="sm" data-testid="assessment">
        <Group gap="sm" align="center">
          <ClassificationBadge status={e.status} size="lg" />
          {e.achievement !== null && (
            <Text size="sm">
              {t('indicators.achievement')}: <b>{f.percent(e.achievement)}</b>
            </Text>
          )}
        </Group>
        <Text size="sm" data-testid="reason">
          {reason}
        </Text>
        <Table withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Tbody>
            {rows.map(([k, v], i) => (
              <Table.Tr key={i}>
                <Table.Th fw={500} c="dimmed" style={{ width: '45%' }}>
                  {k}
                </Table.Th>
                <Table.Td>
                  {v} {indicator.unit}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          {t(`indicators.directions.${indicator.direction}`)}
        </Text>
      </Stack>
    </Section>
  );
}

function ValuesTable({ code, unit, e }: { code: string; unit: string; e: UnitEvaluation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const units = useOrgUnits();
  const periods = e.values.map((v) => v.period);
  const years = [...new Set(periods.map((p) => p.slice(0, 4)))].sort();
  const from = params.get('from') ?? years[0];
  const to = params.get('to') ?? years[years.length - 1];
  // Default: the unit's children; when they have no values (data held at the unit itself), the unit.
  const children = useValues(code, { unit, from, to, level: 1, periodType: 'year' }, !params.get('level'));
  const auto = children.data && children.data.rows.length === 0 ? 0 : 1;
  const level = Number(params.get('level') ?? auto);
  const own = useValues(code, { unit, from, to, level, periodType: 'year' }, !!params.get('level') || auto === 0);
  const values = params.get('level') || auto === 0 ? own : children;
  const options = useMemo(
    () => (units.data ?? []).map((u) => ({ value: u.code, label: `${f.text(u.name)} (${u.code})` })),
    [units.data, f],
  );
  const allYears = useMemo(() => {
    const first = Number(years[0] ?? new Date().getUTCFullYear() - 5);
    const last = Math.max(Number(years[years.length - 1] ?? 0), new Date().getUTCFullYear());
    return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  }, [years]);

  const rows = values.data?.rows ?? [];
  const cols = [...new Set(rows.map((r) => r.period))].sort();
  const byUnit = new Map<string, { name: (typeof rows)[number]['name']; cells: Map<string, number | null> }>();
  for (const r of rows) {
    const u = byUnit.get(r.unit) ?? { name: r.name, cells: new Map() };
    u.cells.set(r.period, r.value);
    byUnit.set(r.unit, u);
  }

  return (
    <Section
      id="values-by-unit"
      title={t('indicators.byUnit')}
      right={
        <Group gap="xs" wrap="wrap">
          <Select
            size="xs"
            w={260}
            searchable
            limit={50}
            aria-label={t('indicators.subtree')}
            placeholder={t('indicators.subtree')}
            data={options}
            value={unit}
            onChange={(v) => v && setParams({ unit: v }, false)}
            data-testid="subtree"
          />
          <SegmentedControl
            size="xs"
            aria-label={t('indicators.level')}
            value={String(level)}
            onChange={(v) => setParams({ level: v })}
            data={[
              { value: '0', label: t('indicators.levels.self') },
              { value: '1', label: t('indicators.levels.children') },
              { value: '2', label: t('indicators.levels.grandchildren') },
            ]}
          />
          <NativeSelect
            size="xs"
            aria-label={t('indicators.from')}
            value={from ?? ''}
            onChange={(ev) => setParams({ from: ev.currentTarget.value })}
            data={allYears}
          />
          <Text size="xs" aria-hidden="true">
            –
          </Text>
          <NativeSelect
            size="xs"
            aria-label={t('indicators.to')}
            value={to ?? ''}
            onChange={(ev) => setParams({ to: ev.currentTarget.value })}
            data={allYears}
          />
        </Group>
      }
    >
      {values.isError ? (
        <ErrorBlock error={values.error} onRetry={() => void values.refetch()} />
      ) : !from ? (
        <Text size="sm" c="dimmed">
          {t('indicators.noValues')}
        </Text>
      ) : !values.data ? (
        <LoadingBlock rows={6} />
      ) : (
        <SectionTable
          testId="values-table"
          minWidth={480}
          highlightOnHover
          empty={byUnit.size === 0 && t('indicators.noValuesHere')}
          head={
            <>
              <Table.Th>{t('indicators.orgUnit')}</Table.Th>
              {cols.map((c) => (
                <Table.Th key={c} style={{ textAlign: 'end' }}>
                  {c}
                </Table.Th>
              ))}
            </>
          }
        >
          {[...byUnit.entries()].map(([code_, u]) => (
            <Table.Tr key={code_}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/indicators/${encodeURIComponent(code)}?unit=${encodeURIComponent(code_)}`}
                  size="sm"
                >
                  {f.text(u.name) || code_}
                </Anchor>
              </Table.Td>
              {cols.map((c) => {
                const v = u.cells.get(c);
                return (
                  <Table.Td key={c} style={{ textAlign: 'end' }}>
                    {v === null || v === undefined ? '—' : f.number(v)}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </SectionTable>
      )}
      <Paper mt="xs" p={0} bg="transparent">
        <Text size="xs" c="dimmed">
          {t('indicators.byUnitNote')}
        </Text>
      </Paper>
    </Section>
  );
}
