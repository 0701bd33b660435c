import { Badge, Group, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Counts } from '../../api/types';
import { useFormat } from '../../lib/format';
import { countOf, STATE_ORDER, TIMELINESS_COLOR } from '../../lib/status';

export function Chips({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Group gap={4} wrap="nowrap">
      {STATE_ORDER.map((s) => {
        const n = countOf(counts, s);
        if (!n) return null;
        return (
          <Tooltip key={s} label={t(`timeliness.${s}`)} withArrow>
            <Badge
              size="sm"
              radius="sm"
              variant="light"
              color={TIMELINESS_COLOR[s]}
              className="num"
              style={{ textTransform: 'none' }}
              aria-label={`${t(`timeliness.${s}`)}: ${f.number(n)}`}
            >
              {f.number(n)}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}
