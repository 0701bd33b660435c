/**
 * Reporting periods with stable codes: '2024' (year), '2024Q1' (quarter), '2024M03'
 * (month) — the codes DHIS2 users know (DHIS2 writes months as 202403; we accept that too).
 */
import { z } from 'zod';
import { addDays } from './dates.js';
import {
  formatPeriod,
  MAX_YEAR,
  MIN_YEAR,
  parsePeriod,
  periodOf,
  type Period,
  type PeriodType,
} from './period-code.js';

export { formatPeriod, parsePeriod, periodOf, type Period, type PeriodType } from './period-code.js';

export const periodCodeSchema = z
  .string()
  .refine((s) => parsePeriod(s) !== null, {
    message: `not a period (expected 2024, 2024Q1 or 2024M03, years ${MIN_YEAR}–${MAX_YEAR})`,
  })
  .transform((s) => formatPeriod(parsePeriod(s)!));

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** First day of the period. */
export function periodStart(p: Period): string {
  const month = p.type === 'year' ? 1 : p.type === 'quarter' ? (p.index - 1) * 3 + 1 : p.index;
  return `${p.year}-${pad(month)}-01`;
}

/** Last day of the period. */
export function periodEnd(p: Period): string {
  return addDays(periodStart(nextPeriod(p)), -1);
}

export function nextPeriod(p: Period): Period {
  const size = p.type === 'year' ? 1 : p.type === 'quarter' ? 4 : 12;
  if (p.type === 'year') return { ...p, year: p.year + 1 };
  return p.index === size ? { type: p.type, year: p.year + 1, index: 1 } : { ...p, index: p.index + 1 };
}

/** The coarser period a period rolls up into (month → quarter → year). */
export function parentPeriod(p: Period, type: PeriodType): Period {
  return periodOf(periodStart(p), type);
}

const TYPE_RANK: Record<PeriodType, number> = { month: 0, quarter: 1, year: 2 };

/** Whether `fine` is strictly finer than `coarse` (month < quarter < year). */
export function isFiner(fine: PeriodType, coarse: PeriodType): boolean {
  return TYPE_RANK[fine] < TYPE_RANK[coarse];
}

/**
 * A sequence number of the period among periods of its type: consecutive periods of the
 * same type differ by exactly 1 (2024M12 → 2025M01 is +1).
 */
export function periodOrdinal(p: Period): number {
  if (p.type === 'year') return p.year;
  if (p.type === 'quarter') return p.year * 4 + (p.index - 1);
  return p.year * 12 + (p.index - 1);
}

/** The period of a type with a given ordinal (inverse of periodOrdinal). */
export function periodFromOrdinal(type: PeriodType, ordinal: number): Period {
  if (type === 'year') return { type, year: ordinal, index: 0 };
  const size = type === 'quarter' ? 4 : 12;
  return { type, year: Math.floor(ordinal / size), index: (((ordinal % size) + size) % size) + 1 };
}

/**
 * Orders periods by start date; at equal starts the finer period comes first
 * (2024M01 < 2024Q1 < 2024), so a sort is stable and total.
 */
export function comparePeriods(a: Period, b: Period): number {
  const sa = periodStart(a);
  const sb = periodStart(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  return TYPE_RANK[a.type] - TYPE_RANK[b.type];
}

/** Whether `outer` contains `inner` (a period contains itself). */
export function periodContains(outer: Period, inner: Period): boolean {
  if (isFiner(outer.type, inner.type)) return false;
  const o = parentPeriod(inner, outer.type);
  return o.year === outer.year && o.index === outer.index;
}

/** An inclusive range of periods of one type, e.g. 2024M01..2024M12. */
export interface PeriodRange {
  from: Period;
  to: Period;
}

/**
 * Parses `2024M01..2024M12` (or a single code, a range of one). Both ends must be of the
 * same type and `from` must not come after `to`; returns null otherwise.
 */
export function parsePeriodRange(text: string): PeriodRange | null {
  const parts = text.split('..');
  if (parts.length > 2) return null;
  const from = parsePeriod(parts[0]!.trim());
  const to = parsePeriod((parts[1] ?? parts[0]!).trim());
  if (!from || !to || from.type !== to.type || periodOrdinal(from) > periodOrdinal(to)) return null;
  return { from, to };
}

export function formatPeriodRange(r: PeriodRange): string {
  return `${formatPeriod(r.from)}..${formatPeriod(r.to)}`;
}

function periodOrThrow(code: string): Period {
  const p = parsePeriod(code);
  if (!p) throw new RangeError(`not a period: '${code}'`);
  return p;
}

/** The most periods `periodsBetween` will enumerate (1,000 years of months). */
export const MAX_ENUMERATED_PERIODS = 12_000;

/**
 * Every period of `type` (default: the type of `from`) that overlaps the span from the
 * start of `from` to the end of `to`, in order; periods may be given as codes (a bad
 * code throws a RangeError). `periodsBetween('2024Q1', '2024Q2', 'month')` gives 2024M01
 * … 2024M06; `periodsBetween('2024M02', '2024M04', 'quarter')` gives 2024Q1, 2024Q2.
 * Empty when `to` ends before `from` starts.
 */
export function periodsBetween(fromPeriod: Period | string, toPeriod: Period | string, type?: PeriodType): Period[] {
  const from = typeof fromPeriod === 'string' ? periodOrThrow(fromPeriod) : fromPeriod;
  const to = typeof toPeriod === 'string' ? periodOrThrow(toPeriod) : toPeriod;
  type ??= from.type;
  if (periodEnd(to) < periodStart(from)) return [];
  const first = periodOrdinal(periodOf(periodStart(from), type));
  const last = periodOrdinal(periodOf(periodEnd(to), type));
  if (last - first + 1 > MAX_ENUMERATED_PERIODS) throw new RangeError(`more than ${MAX_ENUMERATED_PERIODS} periods`);
  const out: Period[] = [];
  for (let o = first; o <= last; o++) out.push(periodFromOrdinal(type, o));
  return out;
}

/** The finer periods that make up a period: the months of a quarter, the quarters or months of a year. */
export function childPeriods(p: Period, type: PeriodType): Period[] {
  if (!isFiner(type, p.type)) throw new RangeError(`${type} is not finer than ${p.type}`);
  return periodsBetween(p, p, type);
}

/** A range written `2024M01..2024M12` (or one code); parses to a PeriodRange. */
export const periodRangeSchema = z
  .string()
  .refine((s) => parsePeriodRange(s) !== null, {
    message: 'not a period range (expected e.g. 2024M01..2024M12, both ends of one type, in order)',
  })
  .transform((s) => parsePeriodRange(s)!);
