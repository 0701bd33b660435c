import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GroupRow } from '../../api/types';
import { Section } from '../../components/PageHeader';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { TIMELINESS_HEX } from '../../lib/status';

export function Offenders({
  rows,
  listHref,
}: {
  rows: GroupRow[];
  listHref: (extra: Record<string, string | undefined>) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const max = Math.max(1, ...rows.map((r) => r.counts.overdue));
  return (
    <Section id="offenders" title={t('overview.worst')}>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('overview.nothingOverdue')}
        </Text>
      ) : (
        <Stack gap={10} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((r) => {
            const key = r.keys[0]!;
            return (
              <li key={key.code}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={listHref({ unit: key.code ?? undefined, timeliness: 'overdue', sort: 'days_late' })}
                    size="sm"
                    lineClamp={1}
                  >
                    <bdi>{f.text(key.name)}</bdi>
                  </Anchor>
                  <Text size="sm" fw={600} c="red.9" className="num" style={{ flexShrink: 0 }}>
                    {f.number(r.counts.overdue)}
                    {r.counts.backlog > 0 && (
                      <Text span size="xs" c="dimmed" fw={400}>
                        {' '}
                        · {t('overview.backlogN', { n: f.number(r.counts.backlog) })}
                      </Text>
                    )}
                  </Text>
                </Group>
                <div className="stack-bar" style={{ height: 6, marginTop: 4 }} aria-hidden="true">
                  <div style={{ width: `${(100 * r.counts.overdue) / max}%`, background: TIMELINESS_HEX.overdue }} />
                </div>
              </li>
            );
          })}
        </Stack>
      )}
    </Section>
  );
}
