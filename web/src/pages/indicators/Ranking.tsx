import { Anchor, Badge, Box, Grid, Group, NativeSelect, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { useComposites, useExplanation, useIndicators, useRanking, type Explanation } from '../../api/indicators';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { SectionTable } from '../../components/SectionTable';
import { useFormat } from '../../lib/format';
import { Link, useSearchParams } from '../../lib/router';

const round = (n: number | null | undefined, d = 1) =>
  n === null || n === undefined ? null : Math.round(n * 10 ** d) / 10 ** d;

export default function RankingPage({ index }: { index: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getUTCFullYear();
  const period = params.get('period') ?? String(thisYear - 1);
  const selected = params.get('unit');
  const ranking = useRanking(index, period);
  const composites = useComposites();
  const years = Array.from({ length: 8 }, (_, i) => String(thisYear - i));
  const n = (v: number | null | undefined, d = 1) => {
    const r = round(v, d);
    return r === null ? '—' : f.number(r);
  };

  const units = ranking.data?.units ?? [];
  const tied = (i: number) =>
    units[i]!.rank !== null && (units[i - 1]?.rank === units[i]!.rank || units[i + 1]?.rank === units[i]!.rank);

  return (
    <Box>
      <PageHeader
        title={ranking.data ? f.text(ranking.data.name) : index}
        back={{ to: '/indicators', label: t('indicators.title') }}
        subtitle={
          ranking.data &&
          t('rankings.method', {
            normalisation: t(`rankings.normalisation.${ranking.data.normalisation}`, {
              defaultValue: ranking.data.normalisation,
            }),
            missing: ranking.data.missingRule,
          })
        }
        right={
          <NativeSelect
            size="xs"
            label={t('rankings.period')}
            value={period}
            onChange={(e) => setParams({ period: e.currentTarget.value, unit: null })}
            data={years}
          />
        }
      />
      {ranking.isError ? (
        <ErrorBlock error={ranking.error} onRetry={() => void ranking.refetch()} />
      ) : !ranking.data ? (
        <LoadingBlock rows={10} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Section id="ranking-title" title={t('rankings.title', { period: f.period(ranking.data.period) })}>
              {ranking.data.synthetic && (
                <Text size="xs" c="dimmed" mb="xs">
                  {t('rankings.synthetic')}
                </Text>
              )}
              <SectionTable
                testId="ranking-table"
                minWidth={360}
                highlightOnHover
                head={
                  <>
                    <Table.Th style={{ width: 64 }}>{t('rankings.rank')}</Table.Th>
                    <Table.Th>{t('indicators.orgUnit')}</Table.Th>
                    <Table.Th style={{ textAlign: 'end' }}>{t('rankings.score')}</Table.Th>
                    <Table.Th style={{ textAlign: 'end' }}>{t('rankings.coverage')}</Table.Th>
                  </>
                }
              >
                {units.map((u, i) => (
                  <Table.Tr
                    key={u.unit}
                    aria-selected={selected === u.unit}
                    bg={selected === u.unit ? 'blue.0' : undefined}
                    data-unit={u.unit}
                  >
                    <Table.Td>
                      {u.rank === null ? '—' : f.number(u.rank)}
                      {tied(i) && (
                        <Badge ms={4} size="xs" variant="outline" color="gray" title={t('rankings.tieHint')}>
                          {t('rankings.tie')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <UnstyledButton
                        onClick={() => setParams({ unit: u.unit })}
                        aria-label={t('rankings.explainUnit', { unit: f.text(u.name) || u.unit })}
                        c="blue.8"
                        fz="sm"
                        data-testid="ranking-unit"
                      >
                        <bdi>{f.text(u.name) || u.unit}</bdi>
                      </UnstyledButton>
                      {!u.complete && (
                        <Text span size="xs" c="dimmed" ms={6}>
                          {t('rankings.incomplete')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{n(u.score)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{f.percent(u.coverage)}</Table.Td>
                  </Table.Tr>
                ))}
              </SectionTable>
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <ExplainPanel
              index={index}
              period={period}
              unit={selected}
              pillarNames={
                new Map(
                  (composites.data?.find((c) => c.code === index)?.config.pillars ?? []).map((p) => [
                    p.code,
                    f.text(p.name),
                  ]),
                )
              }
              n={n}
            />
          </Grid.Col>
        </Grid>
      )}
    </Box>
  );
}

function ExplainPanel({
  index,
  period,
  unit,
  pillarNames,
  n,
}: {
  index: string;
  period: string;
  unit: string | null;
  pillarNames: Map<string, string>;
  n: (v: number | null | undefined, d?: number) => string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const explanation = useExplanation(index, period, unit);
  const indicators = useIndicators();
  const names = new Map((indicators.data ?? []).map((i) => [i.code, f.text(i.name)]));
  const e: Explanation | undefined = explanation.data;
  return (
    <Section
      id="explain-title"
      title={e ? t('rankings.explainTitle', { unit: f.text(e.name) || e.unit }) : t('rankings.explain')}
    >
      {!unit ? (
        <Text size="sm" c="dimmed">
          {t('rankings.pickUnit')}
        </Text>
      ) : explanation.isError ? (
        <ErrorBlock error={explanation.error} />
      ) : !e ? (
        <LoadingBlock rows={6} />
      ) : (
        <Stack gap="sm" data-testid="explanation">
          <Text size="sm">
            {t('rankings.summary', {
              score: n(e.score),
              rank: e.rank === null ? '—' : f.number(e.rank),
              of: f.number(e.rankedUnits),
              coverage: f.percent(e.coverage),
            })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('rankings.howTo')}
          </Text>
          <SectionTable
            testId="explain-table"
            minWidth={560}
            striped={false}
            head={
              <>
                <Table.Th>{t('rankings.indicator')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('rankings.raw')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('rankings.normalised')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('rankings.weight')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('rankings.contribution')}</Table.Th>
              </>
            }
          >
            {e.pillars.map((p) => (
              <Fragment key={p.pillar}>
                <Table.Tr bg="gray.0">
                  <Table.Th>{pillarNames.get(p.pillar) || p.pillar}</Table.Th>
                  <Table.Td style={{ textAlign: 'end' }} />
                  <Table.Td style={{ textAlign: 'end' }} title={t('rankings.pillarScore')}>
                    {n(p.score)}
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'end' }}>{f.percent(p.appliedWeight)}</Table.Td>
                  <Table.Td style={{ textAlign: 'end' }} fw={600}>
                    {n(p.contribution, 2)}
                  </Table.Td>
                </Table.Tr>
                {p.indicators.map((i) => (
                  <Table.Tr key={i.indicator}>
                    <Table.Td ps="lg">
                      <Anchor
                        component={Link}
                        to={`/indicators/${encodeURIComponent(i.indicator)}?unit=${encodeURIComponent(e.unit)}`}
                        size="sm"
                      >
                        {names.get(i.indicator) || i.indicator}
                      </Anchor>
                      {i.status !== 'ok' && (
                        <Text span size="xs" c="dimmed" ms={6}>
                          ({t('rankings.missing')})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{n(i.raw, 2)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{n(i.normalised)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{f.percent(i.appliedWeight)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{n(i.indexContribution, 2)}</Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
            <Table.Tr>
              <Table.Th colSpan={4}>{t('rankings.total')}</Table.Th>
              <Table.Td style={{ textAlign: 'end' }} fw={700}>
                {n(e.score, 2)}
              </Table.Td>
            </Table.Tr>
          </SectionTable>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              {t('rankings.formula')}
            </Text>
          </Group>
        </Stack>
      )}
    </Section>
  );
}
