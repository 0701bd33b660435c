/**
 * "Returned — needs your changes": the reports returned to the signed-in user, as
 * cards (no table), so on a 390 px phone the state and the comment are on the first
 * screen without sideways scrolling. Each opens the assignment with the returned
 * report loaded in the form.
 */
import { Anchor, Badge, Blockquote, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReturned } from '../api/hooks';
import { useFormat } from '../lib/format';
import { Link } from '../lib/router';

export function ReturnedCard() {
  const { t } = useTranslation();
  const f = useFormat();
  const returned = useReturned();
  const items = returned.data ?? [];
  if (items.length === 0) return null;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      mb="md"
      data-testid="returned-card"
      style={{ borderColor: 'var(--mantine-color-red-5)' }}
    >
      <Title order={2} size="h4" mb="xs">
        {t('returned.title', { n: f.number(items.length), count: items.length })}
      </Title>
      <Stack gap="sm">
        {items.map((r) => (
          <Paper key={r.report} withBorder radius="sm" p="xs" data-testid="returned-item" data-report={r.report}>
            <Badge color="red" variant="filled" size="sm" style={{ textTransform: 'none', maxWidth: '100%' }}>
              {t('returned.badge')}
            </Badge>
            <Anchor
              component={Link}
              to={`/assignments/${r.assignment}`}
              display="block"
              fw={600}
              size="sm"
              mt={4}
              style={{ overflowWrap: 'anywhere' }}
            >
              {f.text(r.title)}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {f.text(r.unitName)} · <bdi>{f.period(r.period)}</bdi> ·{' '}
              {t('returned.by', {
                who: r.returnedBy ?? '—',
                level: r.level ? t(`approval.level.${r.level}`, { defaultValue: r.level }) : '—',
                date: f.date(r.returnedAt?.slice(0, 10) ?? null),
              })}
            </Text>
            {r.comment && (
              <Blockquote
                color="red"
                p="xs"
                mt={6}
                fz="sm"
                style={{ overflowWrap: 'anywhere' }}
                data-testid="returned-comment"
              >
                {r.comment}
              </Blockquote>
            )}
          </Paper>
        ))}
      </Stack>
    </Paper>
  );
}
