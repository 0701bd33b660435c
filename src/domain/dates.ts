/**
 * Calendar dates as 'YYYY-MM-DD' strings, computed in UTC so that a date never
 * shifts with the server's time zone.
 */
import { z } from 'zod';
import { MAX_YEAR, MIN_YEAR } from './period-code.js';

/** The years a date or period may fall in (src/domain/period-code.ts). */
export { MAX_YEAR, MIN_YEAR } from './period-code.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar day written YYYY-MM-DD, whatever its year. */
function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function inYearRange(value: string): boolean {
  const year = Number(value.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** A calendar day written YYYY-MM-DD in the supported years. */
export function isIsoDate(value: string): boolean {
  return isCalendarDate(value) && inYearRange(value);
}

export const isoDateSchema = z.string().superRefine((value, ctx) => {
  if (!isCalendarDate(value)) ctx.addIssue({ code: 'custom', message: 'not a date (expected YYYY-MM-DD)' });
  else if (!inYearRange(value))
    ctx.addIssue({ code: 'custom', message: `the year is outside ${MIN_YEAR}–${MAX_YEAR}` });
});

export function toDayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in whole days. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The UTC calendar date of an instant. */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function today(): string {
  return dateOf(new Date());
}
