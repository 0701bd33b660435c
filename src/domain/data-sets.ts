/**
 * Data sets (DHIS2's word): indicators reported together by every unit of a kind under a
 * subtree, for a period type, with an opening, a due day and an expiry; the state of a
 * unit's form for a period; the outlier rule; and reporting completeness (expected,
 * received, on time) rolled up the org tree — the pure twin of the SQL in
 * src/db/repositories/data-sets.repository.ts.
 */
import { z } from 'zod';
import { localizedTextSchema, type LocalizedText } from './i18n.js';
import { orgUnitKindSchema } from './org-unit.js';
import { addDays, daysBetween } from './dates.js';
import {
  formatPeriod,
  parsePeriod,
  periodEnd,
  periodOf,
  periodStart,
  periodsBetween,
  type Period,
  type PeriodType,
} from './period.js';

export const DATA_SET_PERIOD_TYPES = ['month', 'quarter', 'year'] as const;

export const dataSetCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a code is 1–64 letters, digits, dot, dash or underscore');

export const dataSetInputSchema = z
  .object({
    code: dataSetCodeSchema,
    name: localizedTextSchema,
    description: localizedTextSchema.optional(),
    periodType: z.enum(DATA_SET_PERIOD_TYPES),
    /** The reporting units: every unit of this kind under `scope` (as cascades do). */
    unitKind: orgUnitKindSchema,
    scope: z.string().min(1),
    indicators: z.array(z.string().min(1)).min(1, 'a data set needs at least one indicator'),
    /** Entry opens this many days after the period's first day (negative: before it). */
    openOffsetDays: z.number().int().min(-366).max(366).default(0),
    /** Due this many days after the period's last day. */
    dueDays: z.number().int().min(0).max(366).default(15),
    /** Entry closes this many days after the period's last day; absent = never. */
    expiryDays: z.number().int().min(0).max(3660).nullable().optional(),
    /** No form is expected before this period. */
    firstPeriod: z
      .string()
      .refine((s) => parsePeriod(s) !== null, { message: 'not a period (expected 2024, 2024Q1 or 2024M03)' })
      .optional(),
    synthetic: z.boolean().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.expiryDays !== undefined && d.expiryDays !== null && d.expiryDays < d.dueDays)
      ctx.addIssue({ code: 'custom', path: ['expiryDays'], message: 'entry cannot close before the due day' });
    if (d.firstPeriod && parsePeriod(d.firstPeriod)?.type !== d.periodType)
      ctx.addIssue({ code: 'custom', path: ['firstPeriod'], message: `not a ${d.periodType} period` });
    const seen = new Set<string>();
    d.indicators.forEach((c, i) => {
      if (seen.has(c)) ctx.addIssue({ code: 'custom', path: ['indicators', i], message: `'${c}' is listed twice` });
      seen.add(c);
    });
  });
export type DataSetInput = z.input<typeof dataSetInputSchema>;
export type DataSetDefinition = z.output<typeof dataSetInputSchema>;

/** A data set file: `format: mandate.datasets/1` and its data sets. */
export const DATA_SET_FILE_FORMAT = 'mandate.datasets/1';
export const dataSetFileSchema = z
  .object({
    format: z.literal(DATA_SET_FILE_FORMAT),
    dataSets: z.array(z.unknown()).min(1, 'the file has no data sets'),
  })
  .strict();

export interface Schedule {
  periodType: PeriodType;
  openOffsetDays: number;
  dueDays: number;
  expiryDays: number | null;
}

/** When entry opens, when the form is due and when entry closes (null: never), for a period. */
export function scheduleOf(s: Schedule, p: Period): { opens: string; due: string; closes: string | null } {
  const end = periodEnd(p);
  return {
    opens: addDays(periodStart(p), s.openOffsetDays),
    due: addDays(end, s.dueDays),
    closes: s.expiryDays === null ? null : addDays(end, s.expiryDays),
  };
}

// ---------------------------------------------------------------------------------------
// Submissions and the state of a form

export const SUBMISSION_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export type FormState = 'not_started' | SubmissionState;

/** The moves of a submission's state, and who makes them (policy decides who may). */
export const SUBMISSION_TRANSITIONS: Record<
  string,
  { from: readonly (SubmissionState | null)[]; to: SubmissionState }
> = {
  save: { from: [null, 'draft', 'returned'], to: 'draft' },
  submit: { from: [null, 'draft', 'returned'], to: 'submitted' },
  return: { from: ['submitted', 'approved'], to: 'returned' },
  approve: { from: ['submitted'], to: 'approved' },
  reopen: { from: ['submitted'], to: 'draft' },
};
export type SubmissionAction = keyof typeof SUBMISSION_TRANSITIONS;

/** Whether the form's values may be changed in this state (submitted and approved forms are locked). */
export function isEditable(state: FormState): boolean {
  return state === 'not_started' || state === 'draft' || state === 'returned';
}

/** Received = submitted or approved (DHIS2's "complete" registration). */
export function isReceived(state: string | null | undefined): boolean {
  return state === 'submitted' || state === 'approved';
}

export interface FormStatus {
  state: FormState;
  dueSoon: boolean;
  overdue: boolean;
  daysLeft: number;
}

/** A form's state on a day: not received and due within `dueSoonDays` → due soon; past the due day → overdue. */
export function formStatus(
  state: SubmissionState | null,
  hasValues: boolean,
  due: string,
  today: string,
  dueSoonDays = 7,
): FormStatus {
  const s: FormState = state ?? (hasValues ? 'draft' : 'not_started');
  const daysLeft = daysBetween(today, due);
  const open = !isReceived(s);
  return {
    state: s,
    dueSoon: open && daysLeft >= 0 && daysLeft <= dueSoonDays,
    overdue: open && daysLeft < 0,
    daysLeft,
  };
}

// ---------------------------------------------------------------------------------------
// Outliers

export { mad, median, outlier, OUTLIER_MADS, OUTLIER_MIN_HISTORY } from './value-checks.js';

// ---------------------------------------------------------------------------------------
// Completeness (DHIS2's reporting rate and reporting rate on time)

export interface CompletenessDataSet extends Schedule {
  id: number;
  unitKind: string;
  scopePath: string;
  firstPeriodStart: string | null;
}

export interface CompletenessUnit {
  id: number;
  path: string;
  kind: string;
}

export interface CompletenessSubmission {
  dataSetId: number;
  unitId: number;
  periodStart: string;
  state: string;
  /** Day of the latest submission (YYYY-MM-DD, UTC) or null. */
  submittedOn: string | null;
}

export interface CompletenessQuery {
  /** Periods whose first day lies in [from, to] (dates) … */
  from: string;
  to: string;
  /** … and whose entry has opened by this day. */
  asOf: string;
  /** The units to roll up to: each counts the reporting units of its own subtree. */
  groups: ReadonlyArray<{ id: number; path: string }>;
}

export interface CompletenessRow {
  unitId: number;
  dataSetId: number;
  periodStart: string;
  expected: number;
  received: number;
  onTime: number;
}

/** The periods of a data set whose first day lies in [from, to] and whose entry has opened by asOf. */
export function expectedPeriods(ds: CompletenessDataSet, from: string, to: string, asOf: string): Period[] {
  if (to < from) return [];
  const all = periodsBetween(periodOf(from, ds.periodType), periodOf(to, ds.periodType));
  return all.filter(
    (p) =>
      periodStart(p) >= from &&
      periodStart(p) <= to &&
      (ds.firstPeriodStart === null || periodStart(p) >= ds.firstPeriodStart) &&
      scheduleOf(ds, p).opens <= asOf,
  );
}

/** Completeness per group unit × data set × period (rows with nothing expected are left out). */
export function completeness(
  dataSets: readonly CompletenessDataSet[],
  units: readonly CompletenessUnit[],
  submissions: readonly CompletenessSubmission[],
  q: CompletenessQuery,
): CompletenessRow[] {
  const sub = new Map(submissions.map((s) => [`${s.dataSetId}|${s.unitId}|${s.periodStart}`, s]));
  const out = new Map<string, CompletenessRow>();
  for (const ds of dataSets) {
    const reporting = units.filter((u) => u.kind === ds.unitKind && u.path.startsWith(ds.scopePath));
    for (const p of expectedPeriods(ds, q.from, q.to, q.asOf)) {
      const start = periodStart(p);
      const due = scheduleOf(ds, p).due;
      for (const u of reporting) {
        const s = sub.get(`${ds.id}|${u.id}|${start}`);
        const received = s !== undefined && isReceived(s.state);
        const onTime = received && s.submittedOn !== null && s.submittedOn <= due;
        for (const g of q.groups) {
          if (!u.path.startsWith(g.path)) continue;
          const key = `${g.id}|${ds.id}|${start}`;
          let row = out.get(key);
          if (!row)
            out.set(
              key,
              (row = { unitId: g.id, dataSetId: ds.id, periodStart: start, expected: 0, received: 0, onTime: 0 }),
            );
          row.expected++;
          if (received) row.received++;
          if (onTime) row.onTime++;
        }
      }
    }
  }
  return [...out.values()].sort(compareRows);
}

export function compareRows(a: CompletenessRow, b: CompletenessRow): number {
  return (
    a.unitId - b.unitId ||
    a.dataSetId - b.dataSetId ||
    (a.periodStart < b.periodStart ? -1 : a.periodStart > b.periodStart ? 1 : 0)
  );
}

/** Reporting rate and rate on time (percent, one decimal); null when nothing is expected. */
export function rates(c: { expected: number; received: number; onTime: number }): {
  rate: number | null;
  onTimeRate: number | null;
} {
  if (c.expected === 0) return { rate: null, onTimeRate: null };
  return {
    rate: Math.round((1000 * c.received) / c.expected) / 10,
    onTimeRate: Math.round((1000 * c.onTime) / c.expected) / 10,
  };
}

export function periodCodeOf(start: string, type: PeriodType): string {
  return formatPeriod(periodOf(start, type));
}

export interface DataSetView {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  periodType: PeriodType;
  unitKind: string;
  scope: string;
  indicators: string[];
  openOffsetDays: number;
  dueDays: number;
  expiryDays: number | null;
  firstPeriod: string | null;
  synthetic: boolean;
  version: number;
}
