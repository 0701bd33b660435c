/** One group of "my work" (overdue, due soon) as cards: title, unit, due date, how late, progress. */
import { Anchor, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ListItem } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';

export function WorkSection({ title, items, testId }: { title: string; items: ListItem[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <section aria-label={title} data-testid={testId}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap="xs">
        {items.map((i) => (
          <WorkCard key={i.assignment} item={i} />
        ))}
      </Stack>
    </section>
  );
}

function WorkCard({ item }: { item: ListItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="work-card" data-assignment={item.assignment}>
      <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
        <Anchor
          component={Link}
          to={`/assignments/${item.assignment}`}
          fw={600}
          size="sm"
          style={{ overflowWrap: 'anywhere' }}
        >
          {f.text(item.title)}
        </Anchor>
        {item.timeliness && <StatusBadge state={item.timeliness} size="xs" />}
      </Group>
      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {f.text(item.unitName)} · {t('myWork.due', { date: f.date(item.due) })}
        {item.daysLate > 0 ? ` · ${t('myWork.daysLate', { n: item.daysLate })}` : ''}
      </Text>
      <Group gap={6} mt={4} wrap="nowrap">
        <Progress value={item.percent} size="sm" style={{ flex: 1 }} aria-hidden="true" />
        <Text size="xs">{f.number(item.percent)} %</Text>
      </Group>
    </Paper>
  );
}
