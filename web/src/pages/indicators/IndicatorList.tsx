import { Anchor, Box, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { headline, useComposites, useEvaluations, useIndicators, useRootUnits } from '../../api/indicators';
import { ClassificationBadge } from '../../components/ClassificationBadge';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { href, Link, useSearchParams } from '../../lib/router';

export default function IndicatorList() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const programme = params.get('programme') ?? undefined;
  const indicators = useIndicators();
  const roots = useRootUnits(unit);
  const evaluations = useEvaluations({ unit, programme });
  const composites = useComposites();
  const heads = evaluations.items ? headline(evaluations.items, roots.codes) : null;

  return (
    <Box>
      <PageHeader title={t('indicators.title')} subtitle={t('indicators.subtitle')} />
      <Stack gap="md">
        <Section id="indicator-list" title={t('indicators.all')}>
          {indicators.isError ? (
            <ErrorBlock error={indicators.error} onRetry={() => void indicators.refetch()} />
          ) : !indicators.data ? (
            <LoadingBlock rows={8} />
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover aria-labelledby="indicator-list" data-testid="indicator-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('indicators.code')}</Table.Th>
                    <Table.Th>{t('indicators.name')}</Table.Th>
                    <Table.Th>{t('indicators.unit')}</Table.Th>
                    <Table.Th>{t('indicators.direction')}</Table.Th>
                    <Table.Th style={{ textAlign: 'end' }}>{t('indicators.latest')}</Table.Th>
                    <Table.Th>{t('indicators.classification')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {indicators.data.map((ind) => {
                    const h = heads?.get(ind.code);
                    const latest = h?.evaluation?.latest ?? null;
                    const to = href(`/indicators/${encodeURIComponent(ind.code)}`, { unit: h?.unit ?? unit });
                    return (
                      <Table.Tr key={ind.code} data-code={ind.code}>
                        <Table.Td>
                          <Text ff="monospace" size="xs">
                            {ind.code}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Anchor component={Link} to={to} size="sm">
                            {f.text(ind.name)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{f.unit(ind.unit)}</Table.Td>
                        <Table.Td>
                          <Text size="sm" title={t(`indicators.directions.${ind.direction}`)}>
                            <span aria-hidden="true">{ind.direction === 'higher_is_better' ? '↑ ' : '↓ '}</span>
                            {t(`indicators.directions.${ind.direction}`)}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ textAlign: 'end', whiteSpace: 'nowrap' }}>
                          {latest ? (
                            <Text size="sm" title={f.text(h!.unitName)}>
                              {f.number(latest.value)}{' '}
                              <Text span size="xs" c="dimmed">
                                ({f.period(latest.period)})
                              </Text>
                            </Text>
                          ) : (
                            '—'
                          )}
                        </Table.Td>
                        <Table.Td>
                          {heads ? (
                            <ClassificationBadge status={h?.status ?? null} />
                          ) : evaluations.error ? (
                            '—'
                          ) : (
                            <Text size="xs" c="dimmed">
                              …
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {evaluations.error && <ErrorBlock error={evaluations.error} onRetry={evaluations.retry} />}
        </Section>
        <Section id="composite-list" title={t('indicators.rankings')}>
          {composites.isError ? (
            <ErrorBlock error={composites.error} />
          ) : !composites.data ? (
            <LoadingBlock rows={2} />
          ) : composites.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('indicators.noRankings')}
            </Text>
          ) : (
            <Stack gap={4}>
              {composites.data.map((c) => (
                <Group key={c.code} gap="xs">
                  <Anchor
                    component={Link}
                    to={`/rankings/${encodeURIComponent(c.code)}`}
                    size="sm"
                    data-testid="ranking-link"
                  >
                    {f.text(c.name)}
                  </Anchor>
                </Group>
              ))}
            </Stack>
          )}
        </Section>
      </Stack>
    </Box>
  );
}
