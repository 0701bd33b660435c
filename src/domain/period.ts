/**
 * Reporting periods with stable codes: '2024' (year), '2024Q1' (quarter), '2024M03'
 * (month) — the codes DHIS2 users know (DHIS2 writes months as 202403; we accept that too).
 */
import { z } from 'zod';
import { addDays } from './dates.js';

export type PeriodType = 'year' | 'quarter' | 'month';

export interface Period {
  type: PeriodType;
  year: number;
  /** Quarter 1–4 or month 1–12; 0 for a year. */
  index: number;
}

const PATTERN = /^(\d{4})(?:(Q)([1-4])|M(0[1-9]|1[0-2])|(0[1-9]|1[0-2]))?$/;

export function parsePeriod(code: string): Period | null {
  const m = PATTERN.exec(code);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { type: 'quarter', year, index: Number(m[3]) };
  if (m[4]) return { type: 'month', year, index: Number(m[4]) };
  if (m[5]) return { type: 'month', year, index: Number(m[5]) };
  return { type: 'year', year, index: 0 };
}

export function formatPeriod(p: Period): string {
  switch (p.type) {
    case 'year':
      return String(p.year);
    case 'quarter':
      return `${p.year}Q${p.index}`;
    case 'month':
      return `${p.year}M${String(p.index).padStart(2, '0')}`;
  }
}

export const periodCodeSchema = z
  .string()
  .refine((s) => parsePeriod(s) !== null, { message: 'not a period (expected 2024, 2024Q1 or 2024M03)' })
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

/** The period of the given type that contains a date. */
export function periodOf(date: string, type: PeriodType): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (type === 'year') return { type, year, index: 0 };
  if (type === 'quarter') return { type, year, index: Math.floor((month - 1) / 3) + 1 };
  return { type, year, index: month };
}

/** The coarser period a period rolls up into (month → quarter → year). */
export function parentPeriod(p: Period, type: PeriodType): Period {
  return periodOf(periodStart(p), type);
}
