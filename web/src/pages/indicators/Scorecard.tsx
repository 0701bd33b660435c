/**
 * A unit's scorecard (GET /api/scorecards/:unit), for every role within its scope: its
 * assignments' timeliness, its indicators against their targets (latest value,
 * achievement, classification) and the reporting completeness of the units under it.
 */
import { Anchor, Box, Grid, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useScorecard, type Scorecard as ScorecardData } from '../../api/figures';
import { ClassificationBadge } from '../../components/ClassificationBadge';
import { PageHeader, Section } from '../../components/PageHeader';
import { SectionTable } from '../../components/SectionTable';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { href, Link, useSearchParams } from '../../lib/router';

const CompletenessCard = lazy(() => import('../completeness/CompletenessCard'));

export default function Scorecard({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const card = useScorecard(unit, params.get('period') ?? undefined);
  const data = card.data;
  return (
    <Box>
      <PageHeader
        title={t('scorecard.title', { unit: data ? f.text(data.name) : unit })}
        subtitle={data ? t('overview.asOf', { date: f.date(data.asOf) }) : ' '}
        right={card.isFetching && data ? <InlineLoader /> : null}
      />
      {card.isError ? (
        <ErrorBlock error={card.error} onRetry={() => void card.refetch()} />
      ) : !data ? (
        <LoadingBlock rows={8} />
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <IndicatorTable data={data} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <AssignmentFigures data={data} />
            <Box mt="md">
              <Suspense fallback={<LoadingBlock rows={3} />}>
                <CompletenessCard unit={data.unit} />
              </Suspense>
            </Box>
          </Grid.Col>
        </Grid>
      )}
    </Box>
  );
}

function AssignmentFigures({ data }: { data: ScorecardData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const a = data.assignments;
  const figures: Array<[string, string]> = [
    [t('scorecard.assignments'), f.number(a.total)],
    [t('scorecard.onTimeRate'), f.percent(a.onTimeRate)],
    [t('timeliness.overdue'), f.number(a.overdue)],
    [t('timeliness.backlog'), f.number(a.backlog)],
  ];
  return (
    <Section id="scorecard-assignments" title={t('scorecard.assignmentsTitle')}>
      <SimpleGrid cols={2} spacing="xs">
        {figures.map(([label, value]) => (
          <Paper key={label} withBorder radius="sm" p="xs">
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text fw={700}>{value}</Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Anchor component={Link} to={href('/list', { unit: data.unit })} size="xs" mt="xs" display="block">
        {t('scorecard.openList')}
      </Anchor>
    </Section>
  );
}

function IndicatorTable({ data }: { data: ScorecardData }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ind = data.indicators;
  const end = { textAlign: 'end' } as const;
  return (
    <Section
      id="scorecard-indicators"
      title={t('scorecard.indicators')}
      right={
        <Text size="sm">
          {t('indicators.achievement')}: <b>{f.percent(ind.meanAchievement)}</b>
        </Text>
      }
    >
      <SectionTable
        testId="scorecard-indicators"
        minWidth={520}
        empty={ind.items.length === 0 ? t('indicators.noValues') : null}
        head={
          <>
            <Table.Th>{t('indicators.name')}</Table.Th>
            <Table.Th style={end}>{t('indicators.latest')}</Table.Th>
            <Table.Th style={end}>{t('indicators.chart.target')}</Table.Th>
            <Table.Th style={end}>{t('indicators.achievement')}</Table.Th>
            <Table.Th>{t('indicators.classification')}</Table.Th>
          </>
        }
      >
        {ind.items.map((e) => {
          const latest = e.evaluation?.latest ?? null;
          return (
            <Table.Tr key={e.indicator} data-indicator={e.indicator}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={href(`/indicators/${encodeURIComponent(e.indicator)}`, { unit: e.unit })}
                  size="sm"
                >
                  {f.text(e.name) || e.indicator}
                </Anchor>
              </Table.Td>
              <Table.Td style={{ ...end, whiteSpace: 'nowrap' }} data-testid="scorecard-latest">
                {latest ? `${f.number(latest.value)} (${latest.period})` : '—'}
              </Table.Td>
              <Table.Td style={end}>{e.target ? f.number(e.target.target.value) : '—'}</Table.Td>
              <Table.Td style={end}>{f.percent(e.achievement)}</Table.Td>
              <Table.Td>
                <ClassificationBadge status={e.status} />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </SectionTable>
    </Section>
  );
}
