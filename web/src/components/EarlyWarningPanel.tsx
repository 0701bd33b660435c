/**
 * The early warning on the assignment page: whether the work is heading for late, why,
 * the projected finish with its range, and the progress chart with the projection and
 * the due date (issue 18).
 */
import { Badge, Group, Text } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjection, type ProjectionView } from '../api/early-warning';
import type { Report } from '../api/types';
import { isRtl } from '../i18n';
import { useFormat } from '../lib/format';
import { Section } from './PageHeader';
import { ErrorBlock, LoadingBlock } from './QueryState';
import type { ProgressChartProps } from './ProgressChart';

const ProgressChart = lazy(() => import('./ProgressChart'));

export function EarlyWarningPanel({ id, reports, name }: { id: number; reports: Report[]; name: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const projection = useProjection(id);
  const p = projection.data;
  const props = useMemo<ProgressChartProps | null>(() => {
    if (!p) return null;
    const reported = reports
      .filter((r) => r.review.state !== 'returned')
      .map((r) => ({ date: r.reportedAt.slice(0, 10), percent: r.percent }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const projected = p.kind === 'projected' && p.last && p.finish;
    return {
      reported,
      projection: projected ? [p.last!, { date: p.finish!, percent: 100 }] : [],
      range: projected
        ? [p.low, p.high].filter((d): d is string => d !== null).map((date) => ({ date, percent: 100 }))
        : [],
      due: p.due,
      late: p.headingForLate,
      labels: {
        reported: t('earlyWarning.chart.reported'),
        projection: t('earlyWarning.chart.projection'),
        range: t('earlyWarning.chart.range'),
        due: t('earlyWarning.chart.due'),
      },
      formatDate: f.date,
      formatPercent: (v: number) => f.wholePercent(v),
      formatTick: f.timeTick,
      rtl: isRtl(f.lang),
      ariaLabel: t('earlyWarning.chart.label', { name }),
    };
  }, [p, reports, f, t, name]);

  if (projection.isError) return <ErrorBlock error={projection.error} onRetry={() => void projection.refetch()} />;
  if (!p || !props) return <LoadingBlock rows={4} />;
  return (
    <Section id="early-warning" title={t('earlyWarning.title')} right={<WarningBadge projection={p} />}>
      <Text size="sm" data-testid="early-warning-text" mb="xs">
        {explain(p, t, f)}
      </Text>
      <Text size="xs" c="dimmed" mb="sm">
        {t('earlyWarning.settings', {
          tolerance: f.number(p.settings.toleranceDays),
          silence: f.number(p.settings.silenceDays),
        })}
      </Text>
      <Suspense fallback={<LoadingBlock rows={5} />}>
        <ProgressChart {...props} />
      </Suspense>
    </Section>
  );
}

function WarningBadge({ projection: p }: { projection: ProjectionView }) {
  const { t } = useTranslation();
  const [label, color] = p.headingForLate
    ? [t('earlyWarning.heading'), 'red']
    : p.kind === 'completed'
      ? [t('earlyWarning.done'), 'green']
      : p.kind === 'projected'
        ? [t('earlyWarning.onCourse'), 'teal']
        : [t('earlyWarning.noProjection'), 'gray'];
  return (
    <Group gap={6}>
      <Badge color={color} variant="light" data-testid="early-warning-badge" data-heading={String(p.headingForLate)}>
        {label}
      </Badge>
    </Group>
  );
}

function explain(
  p: ProjectionView,
  t: (key: string, values?: Record<string, unknown>) => string,
  f: ReturnType<typeof useFormat>,
): string {
  const values = {
    finish: f.date(p.finish),
    low: f.date(p.low),
    high: p.high ? f.date(p.high) : t('earlyWarning.later'),
    start: f.date(p.start),
    last: f.date(p.last?.date),
    days: f.number(p.settings.silenceDays),
    rate: p.ratePerDay === null ? '—' : f.wholePercent(p.ratePerDay * 30),
  };
  const basis = t(`earlyWarning.basis.${p.kind}`, values);
  if (p.kind !== 'projected' || p.slipDays === null) return basis;
  const slip =
    p.slipDays > 0
      ? t('earlyWarning.slip', { n: f.number(p.slipDays), count: p.slipDays })
      : t('earlyWarning.ahead', { n: f.number(-p.slipDays), count: -p.slipDays });
  return `${basis} ${slip}`;
}
