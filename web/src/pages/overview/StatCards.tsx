import { Paper, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Counts, Timeliness } from '../../api/types';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { countOf, STATE_ORDER, TIMELINESS_HEX } from '../../lib/status';

export function StatCards({
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
