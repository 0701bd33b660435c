import {
  Anchor,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOverdue, useRollup } from '../api/hooks';
import type { Counts, GroupRow, Timeliness } from '../api/types';
import { FilterBar } from '../components/FilterBar';
import type { HeatCell } from '../components/HeatMap';
import { PageHeader, Section } from '../components/PageHeader';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../components/QueryState';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { BacklogBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { href, Link, navigate, useSearchParams } from '../lib/router';
import { countOf, filtersFrom, STATE_ORDER, TIMELINESS_HEX } from '../lib/status';
import { truncate } from '../lib/text';

/** Indicators at risk (issue 4 item 1): its own chunk, so the overview's first load stays small. */
const AtRiskCard = lazy(() => import('../components/AtRiskCard'));

export default function Overview() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const byArea = !!filters.programme;
  const rollup = useRollup({ ...filters, groupBy: byArea ? 'area,lead' : 'programme,lead', top: 8 });
  const listKind = params.get('list') === 'backlog' ? 'backlog' : 'overdue';
  const overdue = useOverdue({ ...filters, backlogOnly: listKind === 'backlog', sort: 'days_late', limit: 10 });
  const listHref = (extra: Record<string, string | undefined>) => href('/list', { ...filters, ...extra });

  return (
    <Box>
      <PageHeader
        title={t('overview.title')}
        subtitle={rollup.data ? t('overview.asOf', { date: f.date(rollup.data.asOf) }) : ' '}
        right={rollup.isFetching && rollup.data ? <InlineLoader /> : null}
      />
      <Paper withBorder p="sm" mb="md" radius="md">
        <FilterBar />
      </Paper>
      {rollup.isError ? (
        <ErrorBlock error={rollup.error} onRetry={() => void rollup.refetch()} />
      ) : !rollup.data ? (
        <LoadingBlock rows={10} />
      ) : (
        <Stack gap="md">
          <StatCards counts={rollup.data.counts} listHref={listHref} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <HeatSection groups={rollup.data.groups} byArea={byArea} filters={filters} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <Offenders rows={rollup.data.worstOffenders} listHref={listHref} />
                <ErrorBoundary resetKey={`${filters.unit ?? ''}/${filters.programme ?? ''}`}>
                  <Suspense fallback={<LoadingBlock rows={4} />}>
                    <AtRiskCard unit={filters.unit} programme={filters.programme} />
                  </Suspense>
                </ErrorBoundary>
              </Stack>
            </Grid.Col>
          </Grid>
          <Section
            id="overdue-list"
            title={listKind === 'backlog' ? t('overview.backlogList') : t('overview.overdueList')}
            right={
              <Group gap="sm">
                <SegmentedControl
                  size="xs"
                  aria-label={t('overview.listKind')}
                  value={listKind}
                  onChange={(v) => setParams({ list: v === 'backlog' ? 'backlog' : null })}
                  data={[
                    { value: 'overdue', label: t('timeliness.overdue') },
                    { value: 'backlog', label: t('timeliness.backlog') },
                  ]}
                />
                <Anchor
                  component={Link}
                  to={listHref(
                    listKind === 'backlog'
                      ? { timeliness: 'overdue', backlogOnly: 'true', sort: 'days_late' }
                      : { timeliness: 'overdue', sort: 'days_late' },
                  )}
                  size="sm"
                >
                  {t('overview.viewAll', { count: overdue.data?.total ?? 0, n: f.number(overdue.data?.total ?? 0) })}
                </Anchor>
              </Group>
            }
          >
            {overdue.isError ? (
              <ErrorBlock error={overdue.error} onRetry={() => void overdue.refetch()} />
            ) : !overdue.data ? (
              <LoadingBlock rows={5} />
            ) : overdue.data.items.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('overview.nothingOverdue')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table striped highlightOnHover verticalSpacing={6} fz="sm" data-testid="overdue-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('columns.task')}</Table.Th>
                      <Table.Th>{t('columns.unit')}</Table.Th>
                      <Table.Th>{t('columns.lead')}</Table.Th>
                      <Table.Th>{t('columns.due')}</Table.Th>
                      <Table.Th style={{ textAlign: 'end' }}>{t('columns.daysLate')}</Table.Th>
                      <Table.Th style={{ textAlign: 'end' }}>{t('columns.progress')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {overdue.data.items.map((item) => (
                      <Table.Tr key={item.assignment}>
                        <Table.Td maw={420}>
                          <Group gap={6} wrap="nowrap">
                            <Anchor component={Link} to={`/assignments/${item.assignment}`} size="sm" lineClamp={2}>
                              {f.text(item.title)}
                            </Anchor>
                            {item.backlog && <BacklogBadge size="xs" />}
                          </Group>
                        </Table.Td>
                        <Table.Td>{f.text(item.unitName)}</Table.Td>
                        <Table.Td>{item.leadName ? f.text(item.leadName) : '—'}</Table.Td>
                        <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                          {f.date(item.due)}
                        </Table.Td>
                        <Table.Td
                          className="num"
                          style={{ textAlign: 'end', color: 'var(--mantine-color-red-9)', fontWeight: 600 }}
                        >
                          {f.number(item.daysLate)}
                        </Table.Td>
                        <Table.Td className="num" style={{ textAlign: 'end' }}>
                          {f.wholePercent(item.percent)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Section>
        </Stack>
      )}
    </Box>
  );
}

function StatCards({
  counts,
  listHref,
}: {
  counts: Counts;
  listHref: (extra: Record<string, string | undefined>) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const cards: Array<{
    key: string;
    label: string;
    value: string;
    color: string;
    to: string;
    hint?: string;
    testid: string;
  }> = [
    {
      key: 'total',
      label: t('overview.total'),
      value: f.number(counts.total),
      color: '#1c3d6e',
      to: listHref({}),
      testid: 'count-total',
    },
    ...STATE_ORDER.map((s: Timeliness) => ({
      key: s,
      label: t(`timeliness.${s}`),
      value: f.number(countOf(counts, s)),
      color: TIMELINESS_HEX[s],
      to: listHref({ timeliness: s, sort: s === 'overdue' ? 'days_late' : 'due' }),
      hint: counts.total ? f.percent(countOf(counts, s) / counts.total) : undefined,
      testid: `count-${s}`,
    })),
    {
      key: 'backlog',
      label: t('timeliness.backlog'),
      value: f.number(counts.backlog),
      color: '#a61e1e',
      to: listHref({ timeliness: 'overdue', backlogOnly: 'true', sort: 'days_late' }),
      hint: t('overview.backlogHint'),
      testid: 'count-backlog',
    },
    {
      key: 'onTime',
      label: t('overview.onTimeRate'),
      value: f.percent(counts.onTimeRate),
      color: '#2f9e44',
      to: listHref({ timeliness: 'completed_on_time,completed_late,overdue', sort: 'due' }),
      hint: t('overview.onTimeHint'),
      testid: 'count-ontime',
    },
  ];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 3, md: 5, xl: 9 }} spacing="sm">
        {cards.map((c) => (
          <Paper
            key={c.key}
            withBorder
            radius="md"
            p="sm"
            component={Link}
            to={c.to}
            className="stat-card"
            style={{ borderTop: `3px solid ${c.color}` }}
            data-testid={c.testid}
          >
            <Text size="xs" c="dimmed" fw={500} lineClamp={2} lh={1.25} mih={30}>
              {c.label}
            </Text>
            <Text
              fz={26}
              fw={700}
              className="num"
              c={c.key === 'overdue' ? '#c92a2a' : c.key === 'backlog' ? c.color : '#1f2933'}
              lh={1.25}
              data-value
            >
              {c.value}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2} lh={1.25}>
              {c.hint ?? ' '}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <DistributionBar counts={counts} />
    </Stack>
  );
}

function DistributionBar({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!counts.total) return null;
  const parts = STATE_ORDER.map((s) => ({ s, n: countOf(counts, s) })).filter((p) => p.n > 0);
  return (
    <div
      className="stack-bar"
      role="img"
      aria-label={parts.map((p) => `${t(`timeliness.${p.s}`)} ${f.number(p.n)}`).join(', ')}
    >
      {parts.map((p) => (
        <Tooltip
          key={p.s}
          label={`${t(`timeliness.${p.s}`)}: ${f.number(p.n)} (${f.percent(p.n / counts.total)})`}
          withArrow
        >
          <div style={{ width: `${(100 * p.n) / counts.total}%`, background: TIMELINESS_HEX[p.s] }} />
        </Tooltip>
      ))}
    </div>
  );
}

// ECharts loads in its own chunk, in parallel with the overview's data.
// Its download starts when this module runs, not when the data has arrived.
const heatMapModule = import('../components/HeatMap');
const HeatMap = lazy(() => heatMapModule.then((m) => ({ default: m.HeatMap })));

const MAX_ROWS = 16;

function HeatSection({
  groups,
  byArea,
  filters,
}: {
  groups: GroupRow[];
  byArea: boolean;
  filters: Record<string, string>;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [asTable, setAsTable] = useState(false);
  const model = useMemo(() => {
    const colIndex = new Map<string, number>();
    const rowIndex = new Map<string, number>();
    const columns: Array<{ code: string; name: string }> = [];
    const rows: Array<{ code: string; name: string; overdue: number; total: number }> = [];
    for (const g of groups) {
      const [col, row] = g.keys;
      if (!col?.code || !row?.code) continue;
      if (!colIndex.has(col.code)) {
        colIndex.set(col.code, columns.length);
        columns.push({ code: col.code, name: f.text(col.name) });
      }
      let r = rows.find((x) => x.code === row.code);
      if (!r) {
        r = { code: row.code, name: f.text(row.name), overdue: 0, total: 0 };
        rows.push(r);
      }
      r.overdue += g.counts.overdue;
      r.total += g.counts.total;
    }
    // The chart shows the leads with the most overdue work; the table shows them all.
    rows.sort(
      (a, b) =>
        b.overdue - a.overdue ||
        b.overdue / Math.max(1, b.total) - a.overdue / Math.max(1, a.total) ||
        b.total - a.total,
    );
    const hidden = Math.max(0, rows.length - MAX_ROWS);
    rows.forEach((r, i) => rowIndex.set(r.code, i));
    columns.sort((a, b) => a.code.localeCompare(b.code));
    columns.forEach((c, i) => colIndex.set(c.code, i));
    const cells: HeatCell[] = [];
    for (const g of groups) {
      const [col, row] = g.keys;
      if (!col?.code || !row?.code || !g.counts.total) continue;
      cells.push({
        x: colIndex.get(col.code)!,
        y: rowIndex.get(row.code)!,
        share: g.counts.overdue / g.counts.total,
        overdue: g.counts.overdue,
        total: g.counts.total,
      });
    }
    return { columns, rows, cells, hidden };
  }, [groups, f]);

  const cellHref = (x: number, y: number) => {
    const col = model.columns[x];
    const row = model.rows[y];
    if (!col || !row) return '/list';
    return href('/list', {
      ...filters,
      ...(byArea ? { node: col.code } : { programme: col.code }),
      lead: row.code,
      timeliness: 'overdue',
      sort: 'days_late',
    });
  };

  return (
    <Section
      id="heatmap"
      title={byArea ? t('overview.heatAreas') : t('overview.heatProgrammes')}
      right={
        <Button variant="subtle" size="compact-xs" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
          {asTable ? t('overview.showChart') : t('overview.showTable')}
        </Button>
      }
    >
      <Text size="xs" c="dimmed" mb="xs">
        {t('overview.heatHint')}
      </Text>
      {model.cells.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('common.noData')}
        </Text>
      ) : asTable ? (
        <Table.ScrollContainer minWidth={500}>
          <Table fz="xs" verticalSpacing={4} withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.lead')}</Table.Th>
                {model.columns.map((c) => (
                  <Table.Th key={c.code} title={c.name}>
                    {truncate(c.name, 24)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {model.rows.map((r, y) => (
                <Table.Tr key={r.code}>
                  <Table.Th scope="row" fw={500}>
                    {r.name}
                  </Table.Th>
                  {model.columns.map((c, x) => {
                    const cell = model.cells.find((k) => k.x === x && k.y === y);
                    return (
                      <Table.Td key={c.code} className="num">
                        {cell ? (
                          <Anchor component={Link} to={cellHref(x, y)} size="xs">
                            {f.percent(cell.share)} ({f.number(cell.overdue)}/{f.number(cell.total)})
                          </Anchor>
                        ) : (
                          ''
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : (
        <ErrorBoundary>
          <Suspense fallback={<LoadingBlock rows={6} />}>
            <HeatMap
              columns={model.columns.map((c) => truncate(c.name, 22))}
              columnsFull={model.columns.map((c) => c.name)}
              rows={model.rows.slice(0, MAX_ROWS).map((r) => truncate(r.name, 34))}
              rowsFull={model.rows.slice(0, MAX_ROWS).map((r) => r.name)}
              cells={model.cells.filter((c) => c.y < MAX_ROWS)}
              rtl={f.lang === 'ar'}
              labels={{
                share: t('overview.overdueShare'),
                overdue: t('timeliness.overdue'),
                total: t('overview.total'),
                none: t('common.noData'),
              }}
              formatShare={f.percent}
              formatNumber={f.number}
              onCell={(x, y) => navigate(cellHref(x, y))}
              ariaLabel={t('overview.heatAria')}
              fontFamily={getComputedStyle(document.body).fontFamily}
            />
            {model.hidden > 0 && (
              <Text size="xs" c="dimmed">
                {t('overview.moreLeads', { n: f.number(model.hidden) })}
              </Text>
            )}
          </Suspense>
        </ErrorBoundary>
      )}
    </Section>
  );
}

function Offenders({
  rows,
  listHref,
}: {
  rows: GroupRow[];
  listHref: (extra: Record<string, string | undefined>) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const max = Math.max(1, ...rows.map((r) => r.counts.overdue));
  return (
    <Section id="offenders" title={t('overview.worst')}>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('overview.nothingOverdue')}
        </Text>
      ) : (
        <Stack gap={10} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((r) => {
            const key = r.keys[0]!;
            return (
              <li key={key.code}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={listHref({ unit: key.code ?? undefined, timeliness: 'overdue', sort: 'days_late' })}
                    size="sm"
                    lineClamp={1}
                  >
                    {f.text(key.name)}
                  </Anchor>
                  <Text size="sm" fw={600} c="red.9" className="num" style={{ flexShrink: 0 }}>
                    {f.number(r.counts.overdue)}
                    {r.counts.backlog > 0 && (
                      <Text span size="xs" c="dimmed" fw={400}>
                        {' '}
                        · {t('overview.backlogN', { n: f.number(r.counts.backlog) })}
                      </Text>
                    )}
                  </Text>
                </Group>
                <div className="stack-bar" style={{ height: 6, marginTop: 4 }} aria-hidden="true">
                  <div style={{ width: `${(100 * r.counts.overdue) / max}%`, background: TIMELINESS_HEX.overdue }} />
                </div>
              </li>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}
