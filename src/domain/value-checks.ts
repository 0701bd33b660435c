/**
 * The checks a single value meets before it is stored or submitted, with no zod and no
 * I/O, so the web app's data-entry form runs the very rules the server enforces: the
 * value type's range and the outlier rule (more than 3 median absolute deviations from
 * the unit's own history). Re-exported by indicators/indicator.ts and data-sets.ts.
 */

/** The value types of indicators (indicators/indicator.ts explains each). */
export const VALUE_TYPES = ['number', 'percent', 'count', 'rank', 'milestone'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/**
 * Checks a number against a value type; returns the problem or null. A percent may lie
 * outside 0–100 (growth rates); counts are whole and ≥ 0, ranks whole and ≥ 1,
 * milestones 0 or 1.
 */
export function valueProblem(valueType: ValueType, value: number): string | null {
  if (!Number.isFinite(value)) return 'not a finite number';
  switch (valueType) {
    case 'number':
    case 'percent':
      return null;
    case 'count':
      return Number.isInteger(value) && value >= 0 ? null : 'a count is a whole number ≥ 0';
    case 'rank':
      return Number.isInteger(value) && value >= 1 ? null : 'a rank is a whole number ≥ 1';
    case 'milestone':
      return value === 0 || value === 1 ? null : 'a milestone is 1 (reached) or 0 (not yet)';
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The median absolute deviation from the median. */
export function mad(xs: readonly number[]): number {
  const m = median(xs);
  return median(xs.map((x) => Math.abs(x - m)));
}

export const OUTLIER_MADS = 3;
/** A unit needs this many earlier values before a value is judged against them. */
export const OUTLIER_MIN_HISTORY = 4;

/**
 * Whether a value lies more than `k` median absolute deviations from the median of the
 * unit's own history. A history with no spread (MAD 0) flags any value off its median.
 */
export function outlier(
  history: readonly number[],
  value: number,
  k = OUTLIER_MADS,
): { outlier: boolean; median: number; mad: number } | null {
  if (history.length < OUTLIER_MIN_HISTORY) return null;
  const m = median(history);
  const d = mad(history);
  return { outlier: d === 0 ? value !== m : Math.abs(value - m) > k * d, median: m, mad: d };
}
