/** The overview's completeness card: the reporting rate under the unit and its least complete units. */
import { Anchor, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCompleteness } from '../../api/figures';
import { Section } from '../../components/PageHeader';
import { LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { href, Link } from '../../lib/router';
import { rateColor } from './rates';

export default function CompletenessCard({ unit }: { unit?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = useCompleteness({ unit, level: 1 });
  if (c.error instanceof ApiError && (c.error.status === 403 || c.error.status === 404)) return null;
  const data = c.data;
  return (
    <Section
      id="completeness-card"
      title={t('completeness.title')}
      right={
        <Anchor component={Link} to={href('/completeness', { unit })} size="xs">
          {t('completeness.open')}
        </Anchor>
      }
    >
      {!data ? (
        <LoadingBlock rows={3} />
      ) : data.total.expected === 0 ? (
        <Text size="sm" c="dimmed">
          {t('completeness.nothingExpected')}
        </Text>
      ) : (
        <Stack gap="xs" data-testid="completeness-card">
          <Group justify="space-between" gap="xs">
            <Text size="sm">{t('completeness.rate')}</Text>
            <Text fw={700} c={rateColor(data.total.rate)} data-testid="completeness-rate">
              {f.percent1((data.total.rate ?? 0) / 100)}
            </Text>
          </Group>
          <Progress value={data.total.rate ?? 0} color={rateColor(data.total.rate)} aria-hidden="true" />
          <Text size="xs" c="dimmed" data-testid="completeness-counts">
            {t('completeness.counts', {
              received: f.number(data.total.received),
              expected: f.number(data.total.expected),
              onTime: f.percent1((data.total.onTimeRate ?? 0) / 100),
            })}
          </Text>
          <Text size="xs" fw={600} mt={4}>
            {t('completeness.leastComplete')}
          </Text>
          {data.units.slice(0, 5).map((u) => (
            <Group key={u.unit} justify="space-between" gap="xs" wrap="nowrap">
              <Anchor component={Link} to={href('/completeness', { unit: u.unit })} size="sm" lineClamp={1}>
                <bdi>{f.text(u.name) || u.unit}</bdi>
              </Anchor>
              <Text size="sm" c={rateColor(u.rate)} style={{ whiteSpace: 'nowrap' }}>
                {f.percent1((u.rate ?? 0) / 100)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}
