/**
 * The outbox as the user sees it: every report kept on this device with its state — waiting to
 * send, sending, sent, or refused with the server's reason and a way to fix it (edit, delete).
 */
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { canEdit, clearSent, deleteOutboxItem, flushOutbox, useOutbox, type OutboxItem } from '../../lib/outbox';
import { useOnline } from '../../lib/online';
import { href, Link } from '../../lib/router';
import { useProblemText } from '../../lib/problems';

const COLOR = { waiting: 'yellow', sending: 'blue', sent: 'green', refused: 'red' } as const;

/** Why the server refused, in the user's words: assignment changed, out of scope, content. */
export function refusalKey(status: number): string {
  if (status === 409) return 'outbox.refused409';
  if (status === 403) return 'outbox.refused403';
  if (status === 404) return 'outbox.refused404';
  return 'outbox.refusedContent';
}

export function OutboxList() {
  const { t } = useTranslation();
  const online = useOnline();
  const items = useOutbox();
  if (items.length === 0) return null;
  const waiting = items.filter((i) => i.status === 'waiting').length;
  return (
    <Paper withBorder radius="md" p="sm" data-testid="outbox">
      <Group justify="space-between" mb="xs" gap={6}>
        <Title order={2} size="h4">
          {t('outbox.title')}
        </Title>
        <Group gap={6}>
          {online && waiting > 0 && (
            <Button size="compact-xs" variant="light" onClick={() => void flushOutbox()}>
              {t('outbox.sendNow')}
            </Button>
          )}
          {items.some((i) => i.status === 'sent') && (
            <Button size="compact-xs" variant="subtle" onClick={() => void clearSent()}>
              {t('outbox.clearSent')}
            </Button>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {online ? t('outbox.hintOnline') : t('outbox.hintOffline')}
      </Text>
      <Stack gap="xs">
        {items.map((item) => (
          <OutboxRow key={item.id} item={item} />
        ))}
      </Stack>
    </Paper>
  );
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const body = item.body as { period?: string; percent?: number };
  return (
    <Paper withBorder radius="sm" p="xs" data-testid="outbox-item" data-status={item.status} data-id={item.id}>
      <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {item.title}
        </Text>
        <Badge color={COLOR[item.status]} variant="light" size="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
          {t(`outbox.status.${item.status}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {[body.period, body.percent !== undefined ? `${f.number(body.percent)} %` : null, f.date(item.createdAt)]
          .filter(Boolean)
          .join(' · ')}
        {item.status === 'waiting' && item.attempts > 0 ? ` · ${t('outbox.noAnswer')}` : ''}
      </Text>
      {item.refusal && (
        <Text size="sm" c="red.8" mt={4} role="alert" data-testid="outbox-refusal">
          {t(refusalKey(item.refusal.status))} {problemText(item.refusal.problems[0]?.message ?? item.refusal.message)}
        </Text>
      )}
      {item.status !== 'sending' && item.status !== 'sent' && (
        <Group gap="xs" mt={6}>
          {canEdit(item) && (
            <Anchor component={Link} to={href(item.link, { outbox: item.id })} size="sm" data-testid="outbox-edit">
              {item.status === 'refused' ? t('outbox.fix') : t('outbox.edit')}
            </Anchor>
          )}
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => {
              if (window.confirm(t('outbox.confirmDelete'))) void deleteOutboxItem(item.id);
            }}
            data-testid="outbox-delete"
          >
            {t('outbox.delete')}
          </Button>
        </Group>
      )}
    </Paper>
  );
}
