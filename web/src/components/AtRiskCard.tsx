/** The overview's "Indicators at risk" card: at risk and off track, each linking to its indicator page. */
import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useEvaluations } from '../api/indicators';
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
  const shown = items.slice(0, 8);
  // Indicator routes are admin-only for now: other roles simply do not see the card.
  if (at.error instanceof ApiError && at.error.status === 403) return null;
  return (
    <Section id="at-risk-title" title={t('indicators.atRisk')} right={<Anchor component={Link} to="/indicators" size="sm">{t('indicators.allIndicators')}</Anchor>}>
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
          {shown.map((e) => (
            <Group key={`${e.indicator}/${e.unit}`} gap="xs" wrap="nowrap" justify="space-between">
              <Anchor component={Link} to={href(`/indicators/${encodeURIComponent(e.indicator)}`, { unit: e.unit })} size="sm" lineClamp={1} title={f.text(e.name)}>
                {f.text(e.name)} · <Text span c="dimmed" size="sm">{f.text(e.unitName) || e.unit}</Text>
              </Anchor>
              <ClassificationBadge status={e.status} size="xs" />
            </Group>
          ))}
          {items.length > shown.length && (
            <Text size="xs" c="dimmed">
              {t('indicators.more', { n: f.number(items.length - shown.length) })}
            </Text>
          )}
        </Stack>
      )}
    </Section>
  );
}
