import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATION_COLOR, type Classification } from '../api/indicators';

/** Achieved green, on track blue, at risk orange, off track red, no data grey. */
export function ClassificationBadge({
  status,
  size = 'sm',
}: {
  status: Classification | null;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const s = status ?? 'no_data';
  return (
    <Badge
      color={CLASSIFICATION_COLOR[s]}
      variant="light"
      size={size}
      radius="sm"
      data-testid="classification"
      data-status={s}
      style={{ textTransform: 'none', flexShrink: 0, minWidth: 'max-content' }}
    >
      {t(`indicators.status.${s}`)}
    </Badge>
  );
}
