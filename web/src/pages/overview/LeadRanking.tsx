/**
 * "Which ministry is most overdue?": the lead agencies ranked by overdue count, with their
 * backlog and on-time rate, full names, every column sortable, equal counts sharing a rank.
 */
import { Anchor, Table, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Counts, GroupRow } from '../../api/types';
import { Section } from '../../components/PageHeader';
import { SectionTable } from '../../components/SectionTable';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { addCounts } from '../../lib/status';

type Column = 'overdue' | 'backlog' | 'onTimeRate' | 'total';
const COLUMNS: Column[] = ['overdue', 'backlog', 'onTimeRate', 'total'];

interface Lead {
  code: string;
  name: string;
  counts: Counts;
}

/** Ranks of values sorted best first: equal values share the first one's rank ("=" marks the tie). */
function competitionRanks(values: number[]): Array<{ rank: number; tied: boolean }> {
  return values.map((v) => ({
    rank: values.indexOf(v) + 1,
    tied: values.filter((x) => x === v).length > 1,
  }));
}

export function LeadRanking({
  groups,
  listHref,
}: {
  groups: GroupRow[];
  listHref: (extra: Record<string, string | undefined>) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [sort, setSort] = useState<{ by: Column; desc: boolean }>({ by: 'overdue', desc: true });
  const leads = useMemo(() => {
    const byCode = new Map<string, Lead>();
    for (const g of groups) {
      const key = g.keys.find((k) => k.dimension === 'lead');
      if (!key?.code) continue;
      const seen = byCode.get(key.code);
      byCode.set(key.code, {
        code: key.code,
        name: f.text(key.name) || key.code,
        counts: seen ? addCounts(seen.counts, g.counts) : g.counts,
      });
    }
    return [...byCode.values()].sort((a, b) => b.counts.overdue - a.counts.overdue || a.name.localeCompare(b.name));
  }, [groups, f]);
  const ranks = new Map(
    competitionRanks(leads.map((l) => l.counts.overdue)).map((r, i) => [leads[i]!.code, r] as const),
  );
  const value = (l: Lead, c: Column) => l.counts[c] ?? -1;
  const rows = [...leads].sort((a, b) =>
    sort.desc ? value(b, sort.by) - value(a, sort.by) : value(a, sort.by) - value(b, sort.by),
  );
  const header = (c: Column) => (
    <Table.Th
      key={c}
      style={{ textAlign: 'end' }}
      aria-sort={sort.by === c ? (sort.desc ? 'descending' : 'ascending') : 'none'}
    >
      <UnstyledButton
        fz="sm"
        fw={600}
        onClick={() => setSort((s) => ({ by: c, desc: s.by === c ? !s.desc : true }))}
        data-testid={`lead-sort-${c}`}
      >
        {t(`leadRanking.${c}`)} {sort.by === c ? (sort.desc ? '▼' : '▲') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  return (
    <Section id="lead-ranking" title={t('leadRanking.title')}>
      <SectionTable
        testId="lead-ranking"
        minWidth={420}
        striped={false}
        verticalSpacing={4}
        empty={leads.length === 0 && t('common.noData')}
        head={
          <>
            <Table.Th style={{ width: 48 }}>{t('leadRanking.rank')}</Table.Th>
            <Table.Th>{t('leadRanking.lead')}</Table.Th>
            {COLUMNS.map(header)}
          </>
        }
      >
        {rows.map((l) => {
          const r = ranks.get(l.code)!;
          return (
            <Table.Tr key={l.code}>
              <Table.Td className="num" title={r.tied ? t('leadRanking.tied') : undefined}>
                {r.tied ? '=' : ''}
                {f.number(r.rank)}
              </Table.Td>
              <Table.Td title={l.name}>
                <Anchor
                  component={Link}
                  to={listHref({ lead: l.code, timeliness: 'overdue', sort: 'days_late' })}
                  size="sm"
                  lineClamp={2}
                >
                  {l.name}
                </Anchor>
              </Table.Td>
              {[
                f.number(l.counts.overdue),
                f.number(l.counts.backlog),
                f.percent(l.counts.onTimeRate),
                f.number(l.counts.total),
              ].map((text, i) => (
                <Table.Td
                  key={COLUMNS[i]}
                  className="num"
                  style={{ textAlign: 'end', color: i === 0 ? 'var(--mantine-color-red-9)' : undefined }}
                >
                  {text}
                </Table.Td>
              ))}
            </Table.Tr>
          );
        })}
      </SectionTable>
    </Section>
  );
}
