/**
 * Early warning: the projected finish date of an assignment from its progress reports,
 * and the signal "heading for late". The one definition; the SQL in
 * src/db/repositories/early-warning.repository.ts computes the same set-wise, and
 * test/storage/early-warning-agreement.test.ts proves with random histories that both agree.
 *
 * As of a day D, from the effective (non-returned) reports made on or before D:
 *   points    one per report day (the newest report of that day), the last
 *             `windowReports` days; when fewer than two days remain and the assignment
 *             has a start date before the first of them, (start, 0 %) is added
 *   rate      Theil–Sen: the median of the slopes (percent per day) between every pair of points
 *   finish    last report day + ⌈(100 − last percent) ÷ rate⌉, but never before D
 *   range     the same with the upper and lower quartile of the slopes (open-ended when
 *             the lower quartile is flat or falling)
 *
 * The basis (`kind`), first that applies:
 *   completed        the newest report claims completed: finish = completion day
 *   before_start     no report yet and D is before the start date
 *   blocked          the newest report says blocked
 *   silent           no report for more than `silenceDays` (counted from the start date when
 *                    nothing was ever reported)
 *   not_started      no report, or the newest is "not started" at 0 %
 *   too_few_reports  fewer than two points
 *   stalled          the rate is 0 or negative, or would take more than 100 years
 *   projected        a finish date from the rate
 *
 * Heading for late, for open work not yet past its due date (D ≤ due): blocked, silent,
 * stalled, or projected to finish more than `toleranceDays` after the due date.
 */
import { z } from 'zod';
import { addDays, dateOf, daysBetween, toDayNumber } from './dates.js';
import { supervisionQuerySchema } from './supervision.js';
import { statusAsOf, type ReportFact } from './timeliness.js';

export interface EarlyWarningOptions {
  /** How many of the most recent report days the trend uses (default 6). */
  windowReports: number;
  /** No report for longer than this many days is "silent" (default 90: a quarter). */
  silenceDays: number;
  /** A projected finish up to this many days after the due date is still on time (default 14). */
  toleranceDays: number;
}

export const DEFAULT_EARLY_WARNING: EarlyWarningOptions = { windowReports: 6, silenceDays: 90, toleranceDays: 14 };

/** A projection needing more days than this is "stalled". */
export const MAX_PROJECTION_DAYS = 36_500;

export const PROJECTION_KINDS = [
  'completed',
  'before_start',
  'blocked',
  'silent',
  'not_started',
  'too_few_reports',
  'stalled',
  'projected',
] as const;
export type ProjectionKind = (typeof PROJECTION_KINDS)[number];

export interface ProjectionInput {
  reports: ReadonlyArray<ReportFact>;
  due: string;
  /** The assignment's start date, if it has one. */
  start: string | null;
}

export interface Projection {
  asOf: string;
  kind: ProjectionKind;
  /** Projected (or actual, when completed) finish day; null when it cannot be projected. */
  finish: string | null;
  /** Early and late end of the range; `high` null = open-ended. Only for `projected`. */
  low: string | null;
  high: string | null;
  /** Percent per day of the trend; null without one. */
  ratePerDay: number | null;
  /** The newest effective report as of the day. */
  last: { date: string; percent: number } | null;
  /** The points the trend used, oldest first (the start anchor included). */
  points: Array<{ date: string; percent: number }>;
  /** Days from the due date to the projected finish (positive = late); null without a finish. */
  slipDays: number | null;
  headingForLate: boolean;
}

function median(sorted: number[]): number {
  const m = sorted.length;
  // The same picks as the SQL: positions ⌊(m+1)/2⌋ and ⌊(m+2)/2⌋ (1-based), averaged.
  const a = sorted[Math.floor((m + 1) / 2) - 1]!;
  const b = sorted[Math.floor((m + 2) / 2) - 1]!;
  return (a + b) / 2;
}

/** One point per report day: the newest effective report of the day, oldest day first. */
export function reportDays(reports: ReadonlyArray<ReportFact>, asOf: string): Array<{ date: string; percent: number }> {
  const byDay = new Map<string, ReportFact>();
  for (const r of reports) {
    if (r.returned) continue;
    const day = dateOf(new Date(r.at));
    if (day > asOf) continue;
    const seen = byDay.get(day);
    if (!seen || r.at > seen.at || (r.at === seen.at && r.id > seen.id)) byDay.set(day, r);
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, r]) => ({ date, percent: r.percent }));
}

function finishWith(lastDate: string, lastPercent: number, rate: number, asOf: string): string | null {
  if (!(rate > 0)) return null;
  const days = Math.ceil((100 - lastPercent) / rate);
  if (!(days <= MAX_PROJECTION_DAYS)) return null;
  const finish = addDays(lastDate, days);
  return finish < asOf ? asOf : finish;
}

/** Projects an assignment's finish as of a day (the rules are in the module comment). */
export function projectFinish(
  input: ProjectionInput,
  asOf: string,
  options: EarlyWarningOptions = DEFAULT_EARLY_WARNING,
): Projection {
  const status = statusAsOf(input.reports, asOf);
  const days = reportDays(input.reports, asOf);
  const last = days[days.length - 1] ?? null;
  const base = {
    asOf,
    finish: null,
    low: null,
    high: null,
    ratePerDay: null,
    last,
    points: [] as Array<{ date: string; percent: number }>,
    slipDays: null,
  };
  const open = asOf <= input.due;
  const result = (kind: ProjectionKind, extra: Partial<Projection> = {}, flagged = false): Projection => {
    const p = { ...base, ...extra, kind };
    return {
      ...p,
      slipDays: p.finish ? daysBetween(input.due, p.finish) : null,
      headingForLate: open && flagged,
    };
  };

  if (status?.state === 'completed') return result('completed', { finish: status.completedOn });
  if (!status && input.start !== null && asOf < input.start) return result('before_start');
  if (status?.state === 'blocked') return result('blocked', {}, true);
  const quietSince = last?.date ?? input.start;
  if (quietSince !== null && daysBetween(quietSince, asOf) > options.silenceDays) return result('silent', {}, true);
  if (!status || (status.state === 'not_started' && status.percent === 0)) return result('not_started');

  const points = days.slice(-options.windowReports);
  if (points.length < 2 && input.start !== null && input.start < points[0]!.date)
    points.unshift({ date: input.start, percent: 0 });
  if (points.length < 2) return result('too_few_reports', { points });

  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++)
      slopes.push(
        (points[j]!.percent - points[i]!.percent) / (toDayNumber(points[j]!.date) - toDayNumber(points[i]!.date)),
      );
  slopes.sort((a, b) => a - b);
  const rate = median(slopes);
  const finish = finishWith(last!.date, last!.percent, rate, asOf);
  if (finish === null) return result('stalled', { points, ratePerDay: rate }, true);
  const lowerQ = slopes[Math.floor((slopes.length - 1) / 4)]!;
  const upperQ = slopes[Math.ceil((3 * (slopes.length - 1)) / 4)]!;
  return result(
    'projected',
    {
      points,
      ratePerDay: rate,
      finish,
      low: finishWith(last!.date, last!.percent, upperQ, asOf) ?? finish,
      high: finishWith(last!.date, last!.percent, lowerQ, asOf),
    },
    daysBetween(input.due, finish) > options.toleranceDays,
  );
}

/** The settings a caller may change, as query-string fields (API, CLI, UI URL). */
export const earlyWarningSettingsSchema = z.object({
  toleranceDays: z.coerce.number().int().min(0).max(365).optional(),
  silenceDays: z.coerce.number().int().min(1).max(3650).optional(),
  windowReports: z.coerce.number().int().min(2).max(24).optional(),
});
export type EarlyWarningSettings = z.infer<typeof earlyWarningSettingsSchema>;

export function earlyWarningOptions(s: EarlyWarningSettings): EarlyWarningOptions {
  return {
    toleranceDays: s.toleranceDays ?? DEFAULT_EARLY_WARNING.toleranceDays,
    silenceDays: s.silenceDays ?? DEFAULT_EARLY_WARNING.silenceDays,
    windowReports: s.windowReports ?? DEFAULT_EARLY_WARNING.windowReports,
  };
}

/** The "heading for late" list: the supervision filter, the settings and a page. */
export const earlyWarningQuerySchema = supervisionQuerySchema.merge(earlyWarningSettingsSchema).extend({
  top: z.coerce.number().int().min(1).max(100).default(10),
  limit: z.coerce.number().int().min(0).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EarlyWarningQuery = z.input<typeof earlyWarningQuerySchema>;
