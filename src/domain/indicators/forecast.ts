/**
 * Forecast and classification of an indicator against its target.
 *
 * Trend: Theil–Sen, robust to an odd value: the slope is the median of the slopes
 * between every pair of recent points (time in days), the intercept the median of
 * y − slope × x. One outlier among twelve months barely moves it, unlike least squares.
 * Recent = the points in the last `windowMonths` months up to the latest point (default
 * 12). Missing months are simply absent points: the slopes use the real distances in days.
 * A value of a period is dated at the end of the period (2024M03 → 2024-03-31).
 *
 * Classification, as of a date (default: the date of the latest value), in this order:
 *   no_data    no value at all
 *   achieved   the latest value meets the target (≥, or ≤ for lower-is-better)
 *   off_track  the target date has passed and the target is not met
 *   on_track   (boolean milestones only, not reached and not yet due: no trend to judge)
 *   no_data    fewer than `minPoints` (default 2) values, on distinct dates, in the window
 *   on_track   the trend, projected to the target date, meets the target
 *   at_risk    the trend closes at least `atRiskShare` (default 80 %) of the remaining
 *              gap between the latest value and the target by the target date
 *   off_track  otherwise (flat, too slow, or going the wrong way)
 */
import { addDays, daysBetween, toDayNumber } from '../dates.js';
import { parsePeriod, periodEnd } from '../period.js';
import type { Direction, ValueType } from './indicator.js';
import { meetsTarget } from './achievement.js';

export const FORECAST_STATUSES = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'] as const;
export type ForecastStatus = (typeof FORECAST_STATUSES)[number];

/** A dated value; null/undefined values are ignored. */
export interface TimePoint {
  date: string;
  value: number | null | undefined;
}

/** Dates period values at the end of their period (2024M03 → 2024-03-31). */
export function periodPoints(values: ReadonlyArray<{ period: string; value: number | null | undefined }>): TimePoint[] {
  return values.map((v) => {
    const p = parsePeriod(v.period);
    if (!p) throw new RangeError(`not a period: '${v.period}'`);
    return { date: periodEnd(p), value: v.value };
  });
}

export interface Line {
  slope: number;
  intercept: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Theil–Sen line through (x, y) points: slope = median of pairwise slopes over pairs with
 * different x; intercept = median of y − slope·x. Null with fewer than two distinct x.
 */
export function theilSen(points: ReadonlyArray<{ x: number; y: number }>): Line | null {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i]!;
      const b = points[j]!;
      if (a.x !== b.x) slopes.push((b.y - a.y) / (b.x - a.x));
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  const intercept = median(points.map((p) => p.y - slope * p.x));
  return { slope, intercept };
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * The date `months` calendar months before `date`. The day is clamped to the month's
 * length, and a month's last day maps to a month's last day (2025-02-28 − 12 months =
 * 2024-02-29), so that period values dated at month ends fall in whole-month windows.
 */
export function subtractMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m0 = Number(date.slice(5, 7)) - 1;
  const d = Number(date.slice(8, 10));
  const m = m0 - months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = daysInMonth(year, month);
  const day = d === daysInMonth(y, m0) ? last : Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface TrendOptions {
  /** Only points after (latest date − windowMonths months) are used. Default 12. */
  windowMonths?: number;
  /** Points dated after this day are ignored (an evaluation "as of"). */
  asOf?: string | undefined;
}

export interface Trend extends Line {
  /** Day 0 of the line: x = days since this date. */
  origin: string;
  /** The points the line was fitted to, oldest first. */
  used: Array<{ date: string; value: number }>;
}

function usable(points: ReadonlyArray<TimePoint>, asOf: string | undefined): Array<{ date: string; value: number }> {
  return points
    .filter(
      (p): p is { date: string; value: number } =>
        p.value !== null && p.value !== undefined && Number.isFinite(p.value) && (!asOf || p.date <= asOf),
    )
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The points of the trend window: those after latest − windowMonths, oldest first. */
export function windowPoints(
  points: ReadonlyArray<TimePoint>,
  options: TrendOptions = {},
): Array<{ date: string; value: number }> {
  const all = usable(points, options.asOf);
  if (all.length === 0) return [];
  const cutoff = subtractMonths(all[all.length - 1]!.date, options.windowMonths ?? 12);
  return all.filter((p) => p.date > cutoff);
}

/** Fits a Theil–Sen trend to the recent points; null with fewer than two distinct dates. */
export function fitTrend(points: ReadonlyArray<TimePoint>, options: TrendOptions = {}): Trend | null {
  const used = windowPoints(points, options);
  if (used.length === 0) return null;
  const origin = used[0]!.date;
  const line = theilSen(used.map((p) => ({ x: daysBetween(origin, p.date), y: p.value })));
  return line ? { ...line, origin, used } : null;
}

/** The trend's value on a date. */
export function trendValueAt(trend: Trend, date: string): number {
  return trend.intercept + trend.slope * (toDayNumber(date) - toDayNumber(trend.origin));
}

export interface ForecastOptions extends TrendOptions {
  /** Fewer values than this in the window (on distinct dates) → no_data. Default 2. */
  minPoints?: number;
  /** Share of the remaining gap the trend must close to be at_risk rather than off_track. Default 0.8. */
  atRiskShare?: number;
}

export const DEFAULT_FORECAST_OPTIONS = { windowMonths: 12, minPoints: 2, atRiskShare: 0.8 } as const;

export interface ForecastInput {
  points: ReadonlyArray<TimePoint>;
  target: { value: number; date: string };
  direction: Direction;
  valueType?: ValueType | undefined;
}

/** Why a status was given, for the UI to word. */
export type ForecastReason =
  | 'no_values'
  | 'target_met'
  | 'deadline_passed'
  | 'milestone_pending'
  | 'too_few_points'
  | 'trend_meets_target'
  | 'trend_close_to_target'
  | 'trend_short_of_target';

export interface ForecastResult {
  status: ForecastStatus;
  reason: ForecastReason;
  /** The latest value (as of the evaluation date). */
  latest: { date: string; value: number } | null;
  /** The trend's value at the target date; null when no trend was fitted. */
  forecast: number | null;
  /** The trend's slope in units per day and per year (365.25 days); null without a trend. */
  slopePerDay: number | null;
  slopePerYear: number | null;
  /**
   * s × (forecast − latest) / s × (target − latest): the share of the remaining gap the
   * trend closes by the target date (1 or more = on track). Null without a trend.
   */
  gapClosed: number | null;
  /** Days from the evaluation date to the target date (negative when past). */
  daysToTarget: number;
  /** How many values the trend used. */
  pointsUsed: number;
}

/**
 * Projects the recent trend to the target date and classifies the indicator (the rule is
 * in the module comment and docs/evaluation.md).
 */
export function forecastStatus(input: ForecastInput, options: ForecastOptions = {}): ForecastResult {
  const minPoints = Math.max(2, options.minPoints ?? DEFAULT_FORECAST_OPTIONS.minPoints);
  const atRiskShare = options.atRiskShare ?? DEFAULT_FORECAST_OPTIONS.atRiskShare;
  const all = usable(input.points, options.asOf);
  const latest = all[all.length - 1] ?? null;
  const asOf = options.asOf ?? latest?.date ?? input.target.date;
  const daysToTarget = daysBetween(asOf, input.target.date);
  const base = {
    latest,
    forecast: null,
    slopePerDay: null,
    slopePerYear: null,
    gapClosed: null,
    daysToTarget,
    pointsUsed: 0,
  };
  if (!latest) return { ...base, status: 'no_data', reason: 'no_values' };

  const milestone = input.valueType === 'milestone';
  const met = milestone ? latest.value >= 1 : meetsTarget(latest.value, input.target.value, input.direction);
  if (met) return { ...base, status: 'achieved', reason: 'target_met' };
  if (daysToTarget < 0) return { ...base, status: 'off_track', reason: 'deadline_passed' };
  if (milestone) return { ...base, status: 'on_track', reason: 'milestone_pending' };

  const trend = fitTrend(all, { windowMonths: options.windowMonths ?? DEFAULT_FORECAST_OPTIONS.windowMonths });
  const distinctDates = trend ? new Set(trend.used.map((p) => p.date)).size : 0;
  if (!trend || distinctDates < minPoints)
    return { ...base, pointsUsed: trend?.used.length ?? 0, status: 'no_data', reason: 'too_few_points' };

  const forecast = trendValueAt(trend, input.target.date);
  const s = input.direction === 'lower_is_better' ? -1 : 1;
  const gap = s * (input.target.value - latest.value); // > 0: not met
  const gapClosed = (s * (forecast - latest.value)) / gap;
  const withTrend = {
    ...base,
    forecast,
    slopePerDay: trend.slope,
    slopePerYear: trend.slope * 365.25,
    gapClosed,
    pointsUsed: trend.used.length,
  };
  if (meetsTarget(forecast, input.target.value, input.direction))
    return { ...withTrend, status: 'on_track', reason: 'trend_meets_target' };
  if (gapClosed >= atRiskShare) return { ...withTrend, status: 'at_risk', reason: 'trend_close_to_target' };
  return { ...withTrend, status: 'off_track', reason: 'trend_short_of_target' };
}

/**
 * The first date on or after the latest fitted point at which the trend line reaches a
 * value, or null when it does not (flat, or moving away from it).
 */
export function dateTrendReaches(trend: Trend, value: number): string | null {
  const lastX = daysBetween(trend.origin, trend.used[trend.used.length - 1]!.date);
  if (trend.intercept + trend.slope * lastX === value) return addDays(trend.origin, lastX);
  if (trend.slope === 0) return null;
  const x = (value - trend.intercept) / trend.slope;
  if (!Number.isFinite(x) || x < lastX) return null;
  return addDays(trend.origin, Math.ceil(x));
}
