import { Anchor, Box, Grid, Group, Paper, SegmentedControl, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgUnits, useRollup } from '../api/hooks';
import { useCompleteness } from '../api/figures';
import type { CompletenessCounts, Counts } from '../api/types';
import { GRIDS } from '../data/province-grid';
import { FilterBar } from '../components/FilterBar';
import { PageHeader, Section } from '../components/PageHeader';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../components/QueryState';
import { isRtl } from '../i18n';
import { useFormat } from '../lib/format';
import { href, Link, useSearchParams } from '../lib/router';
import { competitionRanks, rankLabel } from '../lib/rank';
import { filtersFrom } from '../lib/status';

type TaskMeasure = 'overdueShare' | 'onTimeRate' | 'overdue' | 'backlog';
/** The task measures, and the reporting completeness of the data-set forms (received / expected). */
type Measure = TaskMeasure | 'completeness';
const MEASURES: Measure[] = ['overdueShare', 'onTimeRate', 'overdue', 'backlog', 'completeness'];

/** A tile's figures: its assignment counts, or its forms expected and received. */
type TileCounts = { kind: 'tasks'; counts: Counts } | { kind: 'forms'; counts: CompletenessCounts };

function value(m: TaskMeasure, c: Counts): number | null {
  switch (m) {
    case 'overdueShare':
      return c.total ? c.overdue / c.total : null;
    case 'onTimeRate':
      return c.onTimeRate;
    case 'overdue':
      return c.overdue;
    case 'backlog':
      return c.backlog;
  }
}

const RED = ['#fff5f5', '#ffc9c9', '#ff8787', '#f03e3e', '#a61e1e'];
const GREEN = ['#e03131', '#ffa94d', '#ffe066', '#8ce99a', '#2b8a3e'];

function mix(stops: string[], t: number): string {
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  const ch = (s: string, k: number) => parseInt(s.slice(1 + 2 * k, 3 + 2 * k), 16);
  const out = [0, 1, 2].map((k) =>
    Math.round(ch(a, k) + (ch(b, k) - ch(a, k)) * f)
      .toString(16)
      .padStart(2, '0'),
  );
  return `#${out.join('')}`;
}

function luminance(hex: string): number {
  const c = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

function contrast(bg: string, other: number): number {
  const l = luminance(bg);
  return (Math.max(l, other) + 0.05) / (Math.min(l, other) + 0.05);
}

export default function ProvinceMap() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const country = params.get('country') === 'CN' ? 'CN' : 'VN';
  const measure = (MEASURES as string[]).includes(params.get('measure') ?? '')
    ? (params.get('measure') as Measure)
    : 'overdueShare';
  const filters = filtersFrom(params);
  const grid = GRIDS[country]!;
  const forms = measure === 'completeness';
  const rollup = useRollup({ ...filters, unit: grid.root, groupBy: 'subunit', top: 1 });
  const completeness = useCompleteness({ unit: grid.root, level: 1 }, { enabled: forms });
  const query = forms ? completeness : rollup;
  const units = useOrgUnits();

  const byCode = useMemo(() => {
    const m = new Map<string, TileCounts>();
    if (forms) for (const u of completeness.data?.units ?? []) m.set(u.unit, { kind: 'forms', counts: u });
    else
      for (const g of rollup.data?.groups ?? [])
        if (g.keys[0]?.code) m.set(g.keys[0].code, { kind: 'tasks', counts: g.counts });
    return m;
  }, [forms, rollup.data, completeness.data]);
  const names = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, f.text(u.name)])), [units.data, f]);

  const values = grid.tiles.map((tile) => {
    const c = byCode.get(tile.code);
    const v =
      c === undefined
        ? null
        : c.kind === 'forms'
          ? c.counts.rate === null
            ? null
            : c.counts.rate / 100
          : value(measure as TaskMeasure, c.counts);
    return { tile, counts: c, v };
  });
  // Reporting completeness is a rate of success like the on-time rate: 0–100 %, green when high.
  const success = measure === 'onTimeRate' || forms;
  const share = measure === 'overdueShare' || success;
  // Rates of success span 0–100 %; shares and counts are scaled to the largest value shown, so differences stay visible.
  const observed = Math.max(0, ...values.map((x) => x.v ?? 0));
  const max = success ? 1 : share ? Math.max(0.05, observed) : Math.max(1, observed);
  const colour = (v: number | null) => (v === null ? '#e9ecef' : mix(success ? GREEN : RED, v / max));
  const fmt = (v: number | null) => (v === null ? '—' : share ? f.percent(v) : f.number(v));
  const tileHref = (code: string) =>
    forms
      ? href('/completeness', { unit: code })
      : href('/list', {
          ...filters,
          unit: code,
          ...(measure === 'onTimeRate'
            ? { timeliness: 'completed_on_time,completed_late,overdue' }
            : { timeliness: 'overdue', backlogOnly: measure === 'backlog' ? 'true' : undefined }),
          sort: 'days_late',
        });
  const detail = (c: TileCounts | undefined) =>
    c === undefined
      ? ''
      : c.kind === 'forms'
        ? ` · ${t('map.formsReceived', { received: f.number(c.counts.received), expected: f.number(c.counts.expected) })}`
        : ` · ${t('timeliness.overdue')} ${f.number(c.counts.overdue)} / ${f.number(c.counts.total)}`;
  const total = (c: TileCounts | undefined) =>
    c === undefined ? 0 : c.kind === 'forms' ? c.counts.expected : c.counts.total;
  const ranked = values.filter((x) => x.v !== null).sort((a, b) => (success ? a.v! - b.v! : b.v! - a.v!));
  // Equal values share a rank, marked "=" (seven provinces at 33 % are all "=1", not 1–7).
  const ranks = competitionRanks(ranked.map((x) => x.v!));
  const tileW = country === 'VN' ? 64 : 62;
  const tileH = country === 'VN' ? 34 : 52;

  return (
    <Box>
      <PageHeader
        title={t('map.title')}
        subtitle={query.data ? t('overview.asOf', { date: f.date(query.data.asOf) }) : ' '}
        right={query.isFetching && query.data ? <InlineLoader /> : null}
      />
      <Paper withBorder p="sm" mb="md" radius="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <SegmentedControl
            aria-label={t('map.country')}
            value={country}
            onChange={(v) => setParams({ country: v === 'CN' ? 'CN' : null })}
            data={[
              { value: 'VN', label: t('map.vn') },
              { value: 'CN', label: t('map.cn') },
            ]}
            size="xs"
          />
          <Select
            label={t('map.measure')}
            value={measure}
            allowDeselect={false}
            onChange={(v) => setParams({ measure: v === 'overdueShare' ? null : v })}
            data={MEASURES.map((m) => ({ value: m, label: t(`map.measures.${m}`) }))}
            size="xs"
            w={220}
          />
          {forms ? null : <FilterBar show={['programme', 'tag', 'lead']} />}
        </Group>
      </Paper>
      {query.isError ? (
        <ErrorBlock error={query.error} onRetry={() => void query.refetch()} />
      ) : !query.data ? (
        <LoadingBlock rows={10} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Section
              id="map"
              title={`${t(`map.measures.${measure}`)} — ${country === 'VN' ? t('map.vn') : t('map.cn')}`}
            >
              <Stack gap="sm" align="center">
                <div
                  role="list"
                  aria-label={t(forms ? 'map.tilesLabelForms' : 'map.tilesLabel')}
                  data-measure={measure}
                  style={{
                    display: 'grid',
                    gridTemplateColumns: `repeat(${grid.cols}, ${tileW}px)`,
                    gridTemplateRows: `repeat(${grid.rows}, ${tileH}px)`,
                    gap: 4,
                    direction: 'ltr',
                  }}
                  data-testid="tile-map"
                >
                  {values.map(({ tile, counts, v }) => {
                    const bg = colour(v);
                    // White or black text, whichever contrasts more: one of them always reaches 4.5:1.
                    const dark = contrast(bg, 1) > contrast(bg, 0);
                    const name = names.get(tile.code) ?? tile.code;
                    return (
                      <Tooltip key={tile.code} label={`${name}: ${fmt(v)}${detail(counts)}`} withArrow>
                        <Link
                          to={tileHref(tile.code)}
                          className="tile"
                          role="listitem"
                          aria-label={`${name}: ${t(`map.measures.${measure}`)} ${fmt(v)}`}
                          data-code={tile.code}
                          data-value={v === null ? '' : String(v)}
                          style={{
                            gridRow: tile.row + 1,
                            gridColumn: tile.col + 1,
                            background: bg,
                            color: dark ? '#fff' : '#000',
                          }}
                        >
                          <span style={{ fontWeight: 700 }}>{tile.abbr}</span>
                          <span className="num" style={{ fontSize: 10 }}>
                            {fmt(v)}
                          </span>
                        </Link>
                      </Tooltip>
                    );
                  })}
                </div>
                <Group gap={6} aria-hidden="true" data-testid="map-legend">
                  <Text size="xs" c="dimmed">
                    {fmt(0)}
                  </Text>
                  <div
                    style={{
                      width: 180,
                      height: 10,
                      borderRadius: 5,
                      // The bar flips with its labels: in Arabic the low end (and its label) is on the right.
                      background: `linear-gradient(to ${isRtl(f.lang) ? 'left' : 'right'}, ${(measure === 'onTimeRate' ? GREEN : RED).join(',')})`,
                    }}
                  />
                  <Text size="xs" c="dimmed">
                    {fmt(max)}
                  </Text>
                  <div
                    style={{ width: 14, height: 10, background: '#e9ecef', borderRadius: 2, marginInlineStart: 12 }}
                  />
                  <Text size="xs" c="dimmed">
                    {t(forms ? 'map.noForms' : 'map.noData')}
                  </Text>
                </Group>
              </Stack>
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Section id="ranking" title={t('map.ranking')}>
              {ranked.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('common.noData')}
                </Text>
              ) : (
                <Table fz="sm" verticalSpacing={4} striped data-testid="map-ranking">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>#</Table.Th>
                      <Table.Th>{t('map.province')}</Table.Th>
                      <Table.Th style={{ textAlign: 'end' }}>{t(`map.measures.${measure}`)}</Table.Th>
                      <Table.Th style={{ textAlign: 'end' }}>
                        {t(forms ? 'map.formsExpected' : 'overview.total')}
                      </Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {ranked.map((x, i) => (
                      <Table.Tr key={x.tile.code} data-unit={x.tile.code}>
                        <Table.Td
                          className="num"
                          data-testid="map-rank"
                          title={ranks[i]!.tied ? t('leadRanking.tied') : undefined}
                        >
                          {rankLabel(ranks[i]!, f.number)}
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={tileHref(x.tile.code)} size="sm">
                            {names.get(x.tile.code) ?? x.tile.code}
                          </Anchor>
                        </Table.Td>
                        <Table.Td className="num" style={{ textAlign: 'end' }}>
                          <span
                            style={{
                              display: 'inline-block',
                              width: 10,
                              height: 10,
                              borderRadius: 2,
                              background: colour(x.v),
                              marginInlineEnd: 6,
                              verticalAlign: 'middle',
                              border: '1px solid rgba(0,0,0,0.1)',
                            }}
                          />
                          {fmt(x.v)}
                        </Table.Td>
                        <Table.Td className="num" style={{ textAlign: 'end' }}>
                          {f.number(total(x.counts))}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
          </Grid.Col>
        </Grid>
      )}
    </Box>
  );
}
