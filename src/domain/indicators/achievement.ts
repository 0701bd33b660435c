/**
 * Achievement: how far a value has come from the baseline toward the target, as a share
 * from 0 (no progress, or worse than the baseline) to 1 (target met or beaten).
 *
 * With s = +1 for higher-is-better and −1 for lower-is-better:
 *
 *   needed = s × (target − baseline)     the improvement the target asks for
 *   done   = s × (value − baseline)      the improvement made so far
 *   achievement = clamp(done / needed, 0, 1)       when needed > 0
 *
 * Edge cases:
 * - Value beyond the target (more than asked for): 1 — achievement is clamped; the
 *   unclamped `progress` (e.g. 1.3) is kept in the detail for whoever wants it.
 * - Value worse than the baseline: 0 (progress is negative).
 * - Baseline = target, or the target already met at the baseline (needed ≤ 0, a
 *   "maintain" target): there is no distance to travel, so achievement is 1 while the
 *   value meets the target and 0 once it falls short of it.
 * - Lower-is-better (a rank, PUE, processing time): the same rule with s = −1 — going
 *   from rank 86 to a target of 50, rank 68 is 50 % achieved.
 * - Boolean milestone: 1 when reached (value ≥ 1), else 0; baseline and direction play
 *   no part.
 * - No value: null (no data), never 0.
 */
import type { Direction, ValueType } from './indicator.js';
import type { TargetPoint } from './indicator.js';
import { daysBetween } from '../dates.js';

export interface AchievementInput {
  baseline: number;
  target: number;
  value: number | null | undefined;
  direction: Direction;
  /** 'milestone' switches to the reached / not reached rule; other types are numeric. */
  valueType?: ValueType | undefined;
}

export interface AchievementDetail {
  /** Clamped to [0, 1]; null without a value. */
  achievement: number | null;
  /** done / needed, unclamped (1.3 = 30 % beyond the target); null when needed ≤ 0 or no value. */
  progress: number | null;
  /** Whether the value meets the target (≥ for higher-is-better, ≤ for lower-is-better). */
  met: boolean | null;
  /** s × (target − baseline): the improvement asked for (≤ 0 for a maintain target). */
  needed: number;
  /** s × (target − value): the improvement still missing (≤ 0 once met); null without a value. */
  remaining: number | null;
}

/** Whether a value meets a target in the given direction. */
export function meetsTarget(value: number, target: number, direction: Direction): boolean {
  return direction === 'lower_is_better' ? value <= target : value >= target;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Achievement with the figures behind it (see the module comment for the rule). */
export function achievementDetail(input: AchievementInput): AchievementDetail {
  const { baseline, target, value } = input;
  if (input.valueType === 'milestone') {
    if (value === null || value === undefined || !Number.isFinite(value))
      return { achievement: null, progress: null, met: null, needed: 1, remaining: null };
    const reached = value >= 1;
    return {
      achievement: reached ? 1 : 0,
      progress: reached ? 1 : 0,
      met: reached,
      needed: 1,
      remaining: reached ? 0 : 1,
    };
  }
  const s = input.direction === 'lower_is_better' ? -1 : 1;
  const needed = s * (target - baseline);
  if (value === null || value === undefined || !Number.isFinite(value))
    return { achievement: null, progress: null, met: null, needed, remaining: null };
  const met = meetsTarget(value, target, input.direction);
  const remaining = s * (target - value);
  if (!(needed > 0)) return { achievement: met ? 1 : 0, progress: null, met, needed, remaining };
  const progress = (s * (value - baseline)) / needed;
  // `met` decides the top end exactly, whatever floating point does to the ratio.
  return { achievement: met ? 1 : clamp01(Math.min(progress, 1 - Number.EPSILON)), progress, met, needed, remaining };
}

/** Achievement in [0, 1] from baseline to target, direction-aware; null without a value. */
export function achievement(input: AchievementInput): number | null {
  return achievementDetail(input).achievement;
}

/**
 * The value planned for a date on the way from the baseline to the target: a straight
 * line through the baseline (dated `baselineDate`, normally the end of the baseline
 * period), each milestone in turn and the target; the baseline value before the
 * baseline date and the target value after the target date. Lets a report say "planned
 * for today: 40, actual: 35".
 */
export function plannedValueAt(
  baseline: { value: number; date: string },
  target: TargetPoint,
  milestones: ReadonlyArray<TargetPoint>,
  date: string,
): number {
  const points = [
    baseline,
    ...[...milestones].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
    target,
  ];
  if (date <= points[0]!.date) return points[0]!.value;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (date <= b.date) {
      const span = daysBetween(a.date, b.date);
      return span <= 0 ? b.value : a.value + ((b.value - a.value) * daysBetween(a.date, date)) / span;
    }
  }
  return target.value;
}
