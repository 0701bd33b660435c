import { Anchor, Button, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupRow } from '../../api/types';
import type { HeatCell } from '../../components/HeatMap';
import { Section } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/QueryState';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useFormat } from '../../lib/format';
import { href, Link, navigate } from '../../lib/router';
import { truncate } from '../../lib/text';

// ECharts loads in its own chunk, in parallel with the overview's data.
// Its download starts when this module runs, not when the data has arrived.
const heatMapModule = import('../../components/HeatMap');
const HeatMap = lazy(() => heatMapModule.then((m) => ({ default: m.HeatMap })));

const MAX_ROWS = 16;

export function HeatSection({
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
  const [colourBy, setColourBy] = useState<'count' | 'share'>('count');
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
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={colourBy}
            onChange={(v) => setColourBy(v === 'share' ? 'share' : 'count')}
            data={[
              { value: 'count', label: t('overview.colourByCount') },
              { value: 'share', label: t('overview.colourByShare') },
            ]}
            aria-label={t('overview.colourBy')}
            data-testid="heat-colour"
          />
          <Button variant="subtle" size="compact-xs" onClick={() => setAsTable((v) => !v)} aria-pressed={asTable}>
            {asTable ? t('overview.showChart') : t('overview.showTable')}
          </Button>
        </Group>
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
                    {c.name}
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
              colourBy={colourBy}
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
