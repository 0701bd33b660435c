import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Timeliness } from '../api/types';
import { TIMELINESS_COLOR } from '../lib/status';

export function StatusBadge({ state, size = 'sm' }: { state: Timeliness; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={TIMELINESS_COLOR[state]}
      variant="light"
      size={size}
      radius="sm"
      style={{ textTransform: 'none', flexShrink: 0, minWidth: 'max-content' }}
    >
      {t(`timeliness.${state}`)}
    </Badge>
  );
}

export function BacklogBadge({ size = 'sm' }: { size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge
      color="red.9"
      variant="filled"
      size={size}
      radius="sm"
      style={{ textTransform: 'none', flexShrink: 0, minWidth: 'max-content' }}
    >
      {t('timeliness.backlog')}
    </Badge>
  );
}
