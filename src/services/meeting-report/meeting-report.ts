/**
 * The meeting report: for a programme × org subtree × period, the one-page status a
 * committee puts on its table — headline counts, what was completed since the last
 * report, overdue work and backlog with lead agency and days late, the units with
 * most overdue work, and what changed since the previous report. Figures come from
 * the supervision service (rollup, overdueList). Reading a report changes nothing: a
 * secretariat takes a snapshot of its figures explicitly (take-snapshot.ts), and the next
 * report compares with the latest earlier snapshot of the same view.
 */
import { z } from 'zod';
import { addDays, dateOf } from '../../domain/dates.js';
import { languageSchema, pickText, type Language, type LocalizedText } from '../../domain/i18n.js';
import { nextPeriod, parsePeriod, periodCodeSchema, periodEnd, periodOf, periodStart } from '../../domain/period.js';
import { meetingReportRepository } from '../../db/repositories/meeting-report.repository.js';
import { orgUnitsRepository } from '../../db/repositories/org-units.repository.js';
import { NotFoundError } from '../../domain/errors.js';
import { completenessOf, type CompletenessCounts } from '../completeness.js';
import type { ServiceContext } from '../context.js';
import { requireProgramme } from '../programmes.js';
import { supervisionPolicy } from '../../policies/supervision.js';
import {
  overdueList,
  rollup,
  resolveQuery,
  taskNames,
  type Counts,
  type OverdueItem,
  type TaskNames,
} from '../supervision.js';
import { headingForLate } from '../early-warning.js';
import type { ProjectionKind } from '../../domain/early-warning.js';
import { openRecommendationsOf, type OpenRecommendations } from '../inspections/open-recommendations.js';

export const meetingReportQuerySchema = z.object({
  programme: z.string().min(1),
  unit: z.string().min(1).optional().describe('org unit code: only its subtree'),
  period: periodCodeSchema.optional().describe('2024, 2024Q3 or 2024M09 (default: the current quarter)'),
  lang: languageSchema.default('en'),
  format: z.enum(['html', 'pdf', 'xlsx', 'docx', 'json']).default('html'),
});
export type MeetingReportQuery = z.input<typeof meetingReportQuerySchema>;

export interface ReportTask extends TaskNames {
  daysLate: number;
  percent?: number;
  state?: string;
  completedOn?: string;
}

/** Open work due before the next meeting and heading for late (the early warning). */
export interface SlipTask extends ReportTask {
  basis: ProjectionKind;
  projectedFinish: string | null;
}

export interface RankingRow {
  rank: number;
  unit: string;
  name: LocalizedText | null;
  overdue: number;
  backlog: number;
  total: number;
  onTimeRate: number | null;
  previousRank: number | null;
}

export interface CountChange {
  measure: keyof Counts;
  previous: number | null;
  now: number | null;
}

export interface MeetingReport {
  programme: { code: string; name: LocalizedText };
  unit: { code: string; name: LocalizedText } | null;
  period: string;
  asOf: string;
  generatedAt: string;
  previous: { period: string; asOf: string } | null;
  /** Completions counted after this day. */
  since: string;
  counts: Counts;
  completed: ReportTask[];
  completedTotal: number;
  overdue: ReportTask[];
  overdueTotal: number;
  backlog: ReportTask[];
  backlogTotal: number;
  rankings: RankingRow[];
  /** The end of the next period: the next meeting. */
  nextMeeting: string;
  likelyToSlip: SlipTask[];
  likelyToSlipTotal: number;
  changes: { counts: CountChange[]; newlyOverdue: ReportTask[]; resolvedCount: number } | null;
  /** Reporting completeness of the data sets in the period (issue 12): the rate and the units below, least complete first. */
  completeness: ReportCompleteness | null;
  /** Open and overdue inspection recommendations by unit (issue 19). */
  recommendations: OpenRecommendations;
}

export interface ReportCompleteness {
  from: string;
  to: string;
  total: CompletenessCounts;
  units: Array<{ unit: string; name: LocalizedText } & CompletenessCounts>;
}

/** How many units the report's completeness table lists. */
const COMPLETENESS_ROWS = 15;

/** The period's forms under the report's unit, by the unit's children; null when none were expected. */
async function reportCompleteness(
  ctx: ServiceContext,
  unit: string | undefined,
  from: string,
  asOf: string,
): Promise<ReportCompleteness | null> {
  try {
    const c = await completenessOf(ctx, { unit, level: 1, from, to: asOf, asOf });
    if (c.total.expected === 0) return null;
    return { from: c.from, to: c.to, total: c.total, units: c.units.slice(0, COMPLETENESS_ROWS) };
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}

export interface SnapshotData {
  counts: Counts;
  overdue: number[];
  ranking: Array<{ unit: string; rank: number }>;
}

const LIST_LIMIT = 500;

/** The counts a report shows, in its order (the on-time rate follows them). */
export const COUNT_MEASURES = [
  'total',
  'notStarted',
  'onTrack',
  'dueSoon',
  'overdue',
  'completedOnTime',
  'completedLate',
  'backlog',
] as const satisfies ReadonlyArray<keyof Counts>;

function fromOverdue(i: OverdueItem): ReportTask {
  return {
    ...taskNames(i),
    daysLate: i.daysLate,
    percent: i.percent,
    state: i.state,
  };
}

/** The figures a snapshot keeps, and the view (programme, unit and scope) they belong to. */
export interface ReportSnapshot {
  programmeId: number;
  /** Unit code (or `*`) and, for a scoped actor, the scope: a snapshot serves only the same view. */
  unitKey: string;
  period: string;
  asOf: string;
  data: SnapshotData;
}

/** The meeting report the actor may read; it stores nothing. */
export async function buildMeetingReport(ctx: ServiceContext, query: MeetingReportQuery): Promise<MeetingReport> {
  return (await computeMeetingReport(ctx, query)).report;
}

/** The report and the snapshot it would leave (take-snapshot.ts stores it). */
export async function computeMeetingReport(
  ctx: ServiceContext,
  query: MeetingReportQuery,
): Promise<{ report: MeetingReport; snapshot: ReportSnapshot; unitPath: string | null }> {
  const q = meetingReportQuerySchema.parse(query);
  const today = dateOf(ctx.now());
  const periodCode = q.period ?? `${today.slice(0, 4)}Q${periodOf(today, 'quarter').index}`;
  const period = parsePeriod(periodCode)!;
  const asOf = periodEnd(period) < today ? periodEnd(period) : today;
  const programme = await requireProgramme(ctx.db, q.programme);
  // The supervision query checks the unit filter against the actor's scope first: an
  // out-of-scope unit gets the same answer as an unknown one.
  const sq = { programme: q.programme, unit: q.unit, asOf };
  const { at, filter } = await resolveQuery(ctx, sq);
  let unit: { code: string; name: LocalizedText } | null = null;
  let unitPath: string | null = null;
  if (q.unit) {
    const row = await orgUnitsRepository.byCode(ctx.db, q.unit);
    if (!row) throw new NotFoundError(`no org unit ${q.unit}`);
    unit = { code: row.code, name: row.name };
    unitPath = row.path;
  }
  // Snapshots are per view: a scoped actor's figures never become an unrestricted report's "previous".
  const scope = supervisionPolicy.readScope(ctx.actor);
  const unitKey = `${unit?.code ?? '*'}${scope ? `@${scope.join(',')}` : ''}`;
  const previousRow = await meetingReportRepository.previousSnapshot(ctx.db, programme.id, unitKey, asOf, periodCode);
  const previous = previousRow ? (previousRow.data as SnapshotData) : null;
  const since = previousRow ? previousRow.as_of : addDays(periodStart(period), -1);

  const nextMeeting = periodEnd(nextPeriod(period));
  const [summary, overdue, backlog, completed, completedCount, slipping, completeness] = await Promise.all([
    rollup(ctx, { ...sq, top: 15 }),
    overdueList(ctx, { ...sq, limit: LIST_LIMIT, sort: 'days_late' }),
    overdueList(ctx, { ...sq, backlogOnly: true, limit: LIST_LIMIT, sort: 'days_late' }),
    meetingReportRepository.completedBetween(ctx.db, at, filter, since, LIST_LIMIT),
    meetingReportRepository.countCompletedBetween(ctx.db, at, filter, since),
    headingForLate(ctx, { ...sq, dueFrom: asOf, dueTo: nextMeeting, limit: LIST_LIMIT }),
    reportCompleteness(ctx, q.unit, periodStart(period), asOf),
  ]);

  const previousRanks = new Map(previous?.ranking.map((r) => [r.unit, r.rank]) ?? []);
  const rankings: RankingRow[] = summary.worstOffenders.map((g, i) => ({
    rank: i + 1,
    unit: g.keys[0]?.code ?? '',
    name: g.keys[0]?.name ?? null,
    overdue: g.counts.overdue,
    backlog: g.counts.backlog,
    total: g.counts.total,
    onTimeRate: g.counts.onTimeRate,
    previousRank: previousRanks.get(g.keys[0]?.code ?? '') ?? null,
  }));

  // Every overdue task, backlog included, so the section's count is the headline's "Overdue" figure;
  // the backlog section lists the older part of it again.
  const overdueTasks = overdue.items.map(fromOverdue);
  const allOverdueIds = new Set(overdue.items.map((i) => i.assignment));
  let changes: MeetingReport['changes'] = null;
  if (previous) {
    const before = new Set(previous.overdue);
    const measures: Array<keyof Counts> = [...COUNT_MEASURES, 'onTimeRate'];
    changes = {
      counts: measures.map((m) => ({
        measure: m,
        previous: previous.counts[m] ?? null,
        now: summary.counts[m] ?? null,
      })),
      newlyOverdue: overdue.items.filter((i) => !before.has(i.assignment)).map(fromOverdue),
      resolvedCount: previous.overdue.filter((id) => !allOverdueIds.has(id)).length,
    };
  }

  const report: MeetingReport = {
    programme: { code: programme.code, name: programme.name },
    unit,
    period: periodCode,
    asOf,
    generatedAt: ctx.now().toISOString(),
    previous: previousRow ? { period: previousRow.period, asOf: previousRow.as_of } : null,
    since,
    counts: summary.counts,
    completed: completed.map((c) => ({
      assignment: c.id,
      node: c.node,
      title: c.title,
      unit: c.unit,
      unitName: c.unit_name,
      lead: c.lead,
      leadName: c.lead_name,
      due: c.due,
      daysLate: c.days_late,
      completedOn: c.completed_on,
    })),
    completedTotal: completedCount,
    overdue: overdueTasks,
    overdueTotal: overdue.total,
    backlog: backlog.items.map(fromOverdue),
    backlogTotal: backlog.total,
    rankings,
    nextMeeting,
    likelyToSlip: slipping.items.map((i) => ({
      ...taskNames(i),
      daysLate: i.slipDays ?? 0,
      percent: i.percent,
      state: i.state,
      basis: i.basis,
      projectedFinish: i.projectedFinish,
    })),
    likelyToSlipTotal: slipping.total,
    changes,
    completeness,
    recommendations: await openRecommendationsOf(ctx, {
      underPath: unitPath ?? undefined,
      programmeId: programme.id,
      asOf,
    }),
  };
  const snapshot: ReportSnapshot = {
    programmeId: programme.id,
    unitKey,
    period: periodCode,
    asOf,
    data: {
      counts: summary.counts,
      overdue: [...allOverdueIds],
      ranking: rankings.map((r) => ({ unit: r.unit, rank: r.rank })),
    },
  };
  return { report, snapshot, unitPath };
}

/** Names in the reader's language. */
export function nameIn(text: LocalizedText | null | undefined, lang: Language): string {
  return pickText(text, lang);
}
