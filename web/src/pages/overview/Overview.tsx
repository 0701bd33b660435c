/** The national overview: counts, the overdue heat map, the worst offenders, indicators at risk and the overdue list. */
import { Anchor, Box, Grid, Group, Paper, SegmentedControl, Stack, Table } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgUnits, useOverdue, useRollup } from '../../api/hooks';
import { useAuth } from '../../lib/auth';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader, Section } from '../../components/PageHeader';
import { MeetingReportButton } from '../../components/MeetingReport';
import { ReturnedCard } from '../../components/ReturnedCard';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../../components/QueryState';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { useFormat } from '../../lib/format';
import { href, Link, useSearchParams } from '../../lib/router';
import { filtersFrom } from '../../lib/status';
import { AssignmentTable } from './AssignmentTable';
import { HeatSection } from './HeatSection';
import { Offenders } from './Offenders';
import { LeadRanking } from './LeadRanking';
import { StatCards } from './StatCards';
import { HeadingForLateCard, HeadingForLateTable } from './HeadingForLate';

/** Indicators at risk (issue 4 item 1): its own chunk, so the overview's first load stays small. */
const AtRiskCard = lazy(() => import('../../components/AtRiskCard'));
/** Reporting completeness (issue 12): its own chunk too. */
const CompletenessCard = lazy(() => import('../completeness/CompletenessCard'));
/** Open and overdue inspection recommendations (issue 19). */
const OpenRecommendationsCard = lazy(() => import('../inspections/OpenRecommendationsCard'));

/**
 * The overview's title names what it covers: the unit filtered on, else the user's scope —
 * "National overview" only for a national scope (an admin, or a grant on a top-level unit).
 */
function useScopeTitle(unit: string | undefined): string {
  const { t } = useTranslation();
  const f = useFormat();
  const { user } = useAuth();
  const grants = user?.grants ?? [];
  const national = !unit && grants.some((g) => g.role === 'admin' || g.unitPath.split('/').length <= 3);
  const codes = unit ? [unit] : [...new Set(grants.map((g) => g.unit).filter((c): c is string => !!c))];
  const units = useOrgUnits(!national && codes.length > 0);
  if (national || codes.length === 0) return t('overview.title');
  const names = codes.map((c) => {
    const u = units.data?.find((x) => x.code === c);
    return u ? f.text(u.name) : c;
  });
  return t('overview.scopedTitle', { scope: names.join(', ') });
}

export default function Overview() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const title = useScopeTitle(filters.unit);
  const byArea = !!filters.programme;
  const rollup = useRollup({ ...filters, groupBy: byArea ? 'area,lead' : 'programme,lead', top: 8 });
  const listParam = params.get('list');
  const listKind = listParam === 'backlog' || listParam === 'heading' ? listParam : 'overdue';
  const overdue = useOverdue({ ...filters, backlogOnly: listKind === 'backlog', sort: 'days_late', limit: 10 });
  const listHref = (extra: Record<string, string | undefined>) => href('/list', { ...filters, ...extra });

  return (
    <Box>
      <PageHeader
        title={title}
        subtitle={rollup.data ? t('overview.asOf', { date: f.date(rollup.data.asOf) }) : ' '}
        right={
          <Group gap="sm">
            {rollup.isFetching && rollup.data ? <InlineLoader /> : null}
            <MeetingReportButton programme={filters.programme} unit={filters.unit} />
          </Group>
        }
      />
      <ReturnedCard />
      <Paper withBorder p="sm" mb="md" radius="md">
        <FilterBar />
      </Paper>
      {rollup.isError ? (
        <ErrorBlock error={rollup.error} onRetry={() => void rollup.refetch()} />
      ) : !rollup.data ? (
        <LoadingBlock rows={10} />
      ) : (
        <Stack gap="md">
          <StatCards counts={rollup.data.counts} listHref={listHref} />
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <HeatSection groups={rollup.data.groups} byArea={byArea} filters={filters} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <Offenders rows={rollup.data.worstOffenders} listHref={listHref} />
                <HeadingForLateCard
                  filters={filters}
                  showing={listKind === 'heading'}
                  onShow={(show) => setParams({ list: show ? 'heading' : null })}
                />
                <ErrorBoundary resetKey={`${filters.unit ?? ''}/${filters.programme ?? ''}`}>
                  <Suspense fallback={<LoadingBlock rows={4} />}>
                    <AtRiskCard unit={filters.unit} programme={filters.programme} />
                  </Suspense>
                </ErrorBoundary>
                <ErrorBoundary resetKey={`completeness/${filters.unit ?? ''}`}>
                  <Suspense fallback={<LoadingBlock rows={3} />}>
                    <CompletenessCard unit={filters.unit} />
                  </Suspense>
                </ErrorBoundary>
                <ErrorBoundary resetKey={`recommendations/${filters.unit ?? ''}`}>
                  <Suspense fallback={null}>
                    <OpenRecommendationsCard unit={filters.unit} />
                  </Suspense>
                </ErrorBoundary>
              </Stack>
            </Grid.Col>
          </Grid>
          <LeadRanking groups={rollup.data.groups} listHref={listHref} />
          <Section
            id="overdue-list"
            title={
              listKind === 'backlog'
                ? t('overview.backlogList')
                : listKind === 'heading'
                  ? t('earlyWarning.list.title')
                  : t('overview.overdueList')
            }
            right={
              <Group gap="sm">
                <SegmentedControl
                  size="xs"
                  aria-label={t('overview.listKind')}
                  value={listKind}
                  onChange={(v) => setParams({ list: v === 'backlog' || v === 'heading' ? v : null })}
                  data={[
                    { value: 'overdue', label: t('timeliness.overdue') },
                    { value: 'backlog', label: t('timeliness.backlog') },
                    { value: 'heading', label: t('earlyWarning.heading') },
                  ]}
                />
                {listKind !== 'heading' && (
                  <Anchor
                    component={Link}
                    to={listHref(
                      listKind === 'backlog'
                        ? { timeliness: 'overdue', backlogOnly: 'true', sort: 'days_late' }
                        : { timeliness: 'overdue', sort: 'days_late' },
                    )}
                    size="sm"
                  >
                    {t('overview.viewAll', { count: overdue.data?.total ?? 0, n: f.number(overdue.data?.total ?? 0) })}
                  </Anchor>
                )}
              </Group>
            }
          >
            {listKind === 'heading' ? (
              <HeadingForLateTable filters={filters} />
            ) : overdue.isError ? (
              <ErrorBlock error={overdue.error} onRetry={() => void overdue.refetch()} />
            ) : !overdue.data ? (
              <LoadingBlock rows={5} />
            ) : (
              <AssignmentTable
                testId="overdue-table"
                empty={t('overview.nothingOverdue')}
                items={overdue.data.items}
                head={<Table.Th style={{ textAlign: 'end' }}>{t('columns.daysLate')}</Table.Th>}
                cells={(item) => (
                  <Table.Td
                    className="num"
                    style={{ textAlign: 'end', color: 'var(--mantine-color-red-9)', fontWeight: 600 }}
                  >
                    {f.number(item.daysLate)}
                  </Table.Td>
                )}
              />
            )}
          </Section>
        </Stack>
      )}
    </Box>
  );
}
