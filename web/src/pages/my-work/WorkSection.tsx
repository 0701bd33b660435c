/** One group of "my work" (overdue, due soon) as cards: title, unit, due date, how late, progress. */
import { Anchor, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ListItem } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';

export function WorkSection({ title, items, testId }: { title: string; items: ListItem[]; testId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (items.length === 0) return null;
  return (
    <section aria-label={title} data-testid={testId}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap="xs">
        {items.map((i) => (
          <Paper
            key={i.assignment}
            withBorder
            radius="sm"
            p="xs"
            data-testid="work-card"
            data-assignment={i.assignment}
          >
            <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
              <Anchor
                component={Link}
                to={`/assignments/${i.assignment}`}
                fw={600}
                size="sm"
                style={{ overflowWrap: 'anywhere' }}
              >
                {f.text(i.title)}
              </Anchor>
              {i.timeliness && <StatusBadge state={i.timeliness} size="xs" />}
            </Group>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {f.text(i.unitName)} · {t('myWork.due', { date: f.date(i.due) })}
              {i.daysLate > 0 ? ` · ${t('myWork.daysLate', { n: i.daysLate })}` : ''}
            </Text>
            <Group gap={6} mt={4} wrap="nowrap">
              <Progress value={i.percent} size="sm" style={{ flex: 1 }} aria-hidden="true" />
              <Text size="xs">{f.number(i.percent)} %</Text>
            </Group>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}
