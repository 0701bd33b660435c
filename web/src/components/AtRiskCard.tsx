/** The overview's "Indicators at risk" card: at risk and off track, each linking to its indicator page. */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useEvaluations, type UnitEvaluation } from '../api/indicators';
import { ClassificationBadge } from './ClassificationBadge';
import { Section } from './PageHeader';
import { ErrorBlock, LoadingBlock } from './QueryState';
import { useFormat } from '../lib/format';
import { href, Link } from '../lib/router';

export default function AtRiskCard({ unit, programme }: { unit?: string | undefined; programme?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const at = useEvaluations({ unit, programme, status: 'at_risk,off_track' });
  const items = at.items ?? [];
  // One row per indicator: its headline unit (the highest one listed) and how many units are at risk or off track.
  const groups = new Map<string, { first: UnitEvaluation; offTrack: number; atRisk: number }>();
  for (const e of items) {
    const g = groups.get(e.indicator) ?? { first: e, offTrack: 0, atRisk: 0 };
    if (e.status === 'off_track') g.offTrack++;
    else g.atRisk++;
    groups.set(e.indicator, g);
  }
  const shown = [...groups.values()].slice(0, 8);
  // Indicator routes are admin-only for now: other roles simply do not see the card.
  if (at.error instanceof ApiError && at.error.status === 403) return null;
  return (
    <Section
      id="at-risk-title"
      title={t('indicators.atRisk')}
      right={
        <Anchor component={Link} to="/indicators" size="sm">
          {t('indicators.allIndicators')}
        </Anchor>
      }
    >
      {at.error ? (
        <ErrorBlock error={at.error} onRetry={at.retry} />
      ) : !at.items ? (
        <LoadingBlock rows={4} />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('indicators.noneAtRisk')}
        </Text>
      ) : (
        <Stack gap={6} data-testid="at-risk">
          {shown.map(({ first: e, offTrack, atRisk }) => (
            <Group key={e.indicator} gap="xs" wrap="nowrap" justify="space-between" align="flex-start">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor
                  component={Link}
                  to={href(`/indicators/${encodeURIComponent(e.indicator)}`, { unit: e.unit })}
                  size="sm"
                  lineClamp={2}
                >
                  {f.text(e.name)}
                </Anchor>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {offTrack + atRisk > 1 &&
                    `${t('indicators.unitsCount', { off: f.number(offTrack), risk: f.number(atRisk) })} · `}
                  {f.text(e.unitName) || e.unit}
                </Text>
              </Stack>
              <ClassificationBadge status={e.status} size="xs" />
            </Group>
          ))}
          {groups.size > shown.length && (
            <Text size="xs" c="dimmed">
              {t('indicators.more', { n: f.number(groups.size - shown.length) })}
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}
