/**
 * Period codes — '2024' (year), '2024Q1' (quarter), '2024M03' (month; DHIS2's 202403 accepted too) —
 * and the years a date or period may fall in. Free of zod (like languages.ts), so the web app's first
 * screen can show a period without loading the validation library; src/domain/period.ts and
 * src/domain/dates.ts re-export these.
 */

/**
 * The years a date or period may fall in. Far enough for any plan, and narrow enough
 * that date arithmetic (a due-soon window, a period's end) stays within what PostgreSQL
 * and Date accept: 9999-12-31 or year 0 are refused as bad input, never a 500.
 */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9000;

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
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
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

/** The period of the given type that contains a date. */
export function periodOf(date: string, type: PeriodType): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (type === 'year') return { type, year, index: 0 };
  if (type === 'quarter') return { type, year, index: Math.floor((month - 1) / 3) + 1 };
  return { type, year, index: month };
}
