/**
 * Timeliness: the one definition of "on time / due soon / overdue / backlog". The SQL
 * in src/db/repositories/supervision.repository.ts implements the same rules set-wise;
 * test/storage/timeliness-agreement.test.ts proves with random data that both agree.
 *
 * As of a date D, for an assignment with due date `due`, and its newest non-returned
 * report made on or before D (if any):
 *   completed_on_time  the report claims completed, and completion came on or before `due`
 *   completed_late     the report claims completed, after `due`
 *   overdue            not completed and D > due
 *   due_soon           not completed, D ≤ due and due − D ≤ dueSoonDays
 *   not_started        no progress claimed yet (no report, or 0 % and state not_started)
 *   on_track           otherwise (in progress or blocked, due later than the window)
 * Backlog: overdue with `due` before the start of the backlog period (default: year)
 * that contains D — "carried from an earlier period", like the 2022–2023 tasks still
 * open in 2024. Completion date: the day of the first report of the newest unbroken run
 * of "completed" reports.
 */
import { z } from 'zod';
import { dateOf, daysBetween } from './dates.js';
import { periodOf, periodStart, type PeriodType } from './period.js';

export const TIMELINESS_STATES = [
  'not_started',
  'on_track',
  'due_soon',
  'overdue',
  'completed_on_time',
  'completed_late',
] as const;
export type Timeliness = (typeof TIMELINESS_STATES)[number];
export const timelinessSchema = z.enum(TIMELINESS_STATES);

export const REPORT_STATES = ['not_started', 'in_progress', 'completed', 'blocked'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export interface TimelinessOptions {
  /** Days before the due date at which an open assignment is "due soon" (default 14). */
  dueSoonDays: number;
  /** Overdue work whose due date lies before the start of this period is backlog (default 'year'). */
  backlogPeriod: PeriodType;
}

export const DEFAULT_TIMELINESS: TimelinessOptions = { dueSoonDays: 14, backlogPeriod: 'year' };

export interface StatusAsOf {
  percent: number;
  state: ReportState;
  /** Completion day when state is completed. */
  completedOn: string | null;
}

export interface TimelinessResult {
  state: Timeliness;
  backlog: boolean;
  /** Days past due: for overdue as of D, for completed_late at completion; else 0. */
  daysLate: number;
}

export function classify(
  due: string,
  status: StatusAsOf | null,
  asOf: string,
  options: TimelinessOptions = DEFAULT_TIMELINESS,
): TimelinessResult {
  if (status && status.state === 'completed' && status.completedOn) {
    const late = daysBetween(due, status.completedOn);
    return late > 0
      ? { state: 'completed_late', backlog: false, daysLate: late }
      : { state: 'completed_on_time', backlog: false, daysLate: 0 };
  }
  const remaining = daysBetween(asOf, due);
  if (remaining < 0) {
    const backlog = due < periodStart(periodOf(asOf, options.backlogPeriod));
    return { state: 'overdue', backlog, daysLate: -remaining };
  }
  if (remaining <= options.dueSoonDays) return { state: 'due_soon', backlog: false, daysLate: 0 };
  if (!status || (status.state === 'not_started' && status.percent === 0))
    return { state: 'not_started', backlog: false, daysLate: 0 };
  return { state: 'on_track', backlog: false, daysLate: 0 };
}

export interface ReportFact {
  /** When the report was made (epoch milliseconds). */
  at: number;
  /** Tie-breaker for reports made in the same millisecond: a higher id is newer. */
  id: number;
  percent: number;
  state: ReportState;
  returned: boolean;
}

/**
 * The effective status as of a day, from an assignment's reports: the newest
 * non-returned report made on or before that day, and its completion day.
 */
export function statusAsOf(reports: ReadonlyArray<ReportFact>, asOf: string): StatusAsOf | null {
  const effective = reports
    .filter((r) => !r.returned && dateOf(new Date(r.at)) <= asOf)
    .sort((a, b) => (a.at === b.at ? a.id - b.id : a.at - b.at));
  const newest = effective[effective.length - 1];
  if (!newest) return null;
  if (newest.state !== 'completed') return { percent: newest.percent, state: newest.state, completedOn: null };
  let first = newest;
  for (let i = effective.length - 1; i >= 0 && effective[i]!.state === 'completed'; i--) first = effective[i]!;
  return { percent: newest.percent, state: 'completed', completedOn: dateOf(new Date(first.at)) };
}

/** What an assignment stores as its current status: the effective status and when the newest effective report came. */
export interface StoredStatus extends StatusAsOf {
  /** Time (epoch ms) and id of the newest non-returned report; null when there is none. */
  lastReportedAt: number | null;
}

export const NO_STATUS: StoredStatus = { percent: 0, state: 'not_started', completedOn: null, lastReportedAt: null };

/**
 * The current status after one more report, from the previous status alone — constant
 * cost, whatever the history's length. Agrees with statusAsOf(history + report, ∞)
 * whenever the new report is the newest (made at or after the last effective one; a
 * report of the same millisecond has the higher id, so it is newer). Returns null when
 * the report is back-dated before the newest one: the caller then recomputes from the
 * history. A returned report changes nothing. The id plays no part: a new report always
 * has the highest.
 */
export function advanceStatus(previous: StoredStatus, report: Omit<ReportFact, 'id'>): StoredStatus | null {
  if (report.returned) return previous;
  if (previous.lastReportedAt !== null && report.at < previous.lastReportedAt) return null;
  const completedOn =
    report.state !== 'completed'
      ? null
      : previous.state === 'completed' && previous.completedOn !== null && previous.lastReportedAt !== null
        ? previous.completedOn
        : dateOf(new Date(report.at));
  return { percent: report.percent, state: report.state, completedOn, lastReportedAt: report.at };
}
