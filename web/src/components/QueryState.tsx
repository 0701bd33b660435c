import { Alert, Button, Group, Loader, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/errors';

export function LoadingBlock({ rows = 4, label }: { rows?: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" role="status" aria-live="polite" aria-label={label ?? t('common.loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={18} radius="sm" width={`${92 - ((i * 17) % 30)}%`} />
      ))}
    </Stack>
  );
}

export function InlineLoader() {
  const { t } = useTranslation();
  return (
    <Group gap={6} role="status" aria-live="polite">
      <Loader size="xs" />
      <Text size="xs" c="dimmed">
        {t('common.loading')}
      </Text>
    </Group>
  );
}

export function ErrorBlock({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = errorText(t, error);
  return (
    <Alert color="red" variant="light" title={t('errors.title')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
