/** The overview's card (issue 19): open and overdue inspection recommendations, by unit. */
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOpenRecommendations } from '../../api/inspections';
import { useFormat } from '../../lib/format';
import { href, Link } from '../../lib/router';

export default function OpenRecommendationsCard({ unit }: { unit?: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useOpenRecommendations({ unit });
  if (!q.data) return null;
  const d = q.data;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="open-recommendations">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h5">
          {t('inspections.openTitle')}
        </Title>
        <Anchor component={Link} to={href('/inspections', { unit })} size="xs">
          {t('inspections.title')}
        </Anchor>
      </Group>
      <Group gap="lg" mb={4}>
        <Text size="sm">
          {t('inspections.openCount')}:{' '}
          <b data-testid="open-recommendation-count" data-value={d.open}>
            {f.number(d.open)}
          </b>
        </Text>
        <Text size="sm" c={d.overdue > 0 ? 'red.8' : undefined}>
          {t('inspections.overdueCount')}:{' '}
          <b data-testid="overdue-recommendation-count" data-value={d.overdue}>
            {f.number(d.overdue)}
          </b>
        </Text>
      </Group>
      <Stack gap={2}>
        {d.byUnit.slice(0, 6).map((u) => (
          <Text key={u.unit} size="xs">
            <bdi>{f.text(u.name)}</bdi>: {f.number(u.open)}
            {u.overdue > 0 ? ` (${t('inspections.overdueN', { n: f.number(u.overdue) })})` : ''}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}
