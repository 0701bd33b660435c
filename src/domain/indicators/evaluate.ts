/**
 * The evaluation of one indicator for one org unit against its target, as of a date:
 * the latest value, achievement from baseline to target, the planned value for the date,
 * and the forecast with its status. This is what an "evaluations" endpoint returns per
 * indicator and unit; the rules are in achievement.ts, forecast.ts and docs/evaluation.md.
 */
import type { Direction, ValueType } from './indicator.js';
import { achievementDetail, plannedValueAt, type AchievementDetail } from './achievement.js';
import { forecastStatus, periodPoints, type ForecastOptions, type ForecastResult } from './forecast.js';
import { parsePeriod, periodEnd } from '../period.js';

export interface EvaluationInput {
  indicator: { valueType: ValueType; direction: Direction };
  target: {
    baseline: { value: number; period: string };
    target: { value: number; date: string };
    milestones?: ReadonlyArray<{ value: number; date: string }> | undefined;
  };
  /** The unit's values by period (any mix of months, quarters, years); missing ones may be null or absent. */
  values: ReadonlyArray<{ period: string; value: number | null | undefined }>;
  /** Evaluate as of this day: later values are ignored. Default: the latest value's date. */
  asOf?: string | undefined;
}

export interface Evaluation {
  latest: { period: string; date: string; value: number } | null;
  achievement: AchievementDetail;
  /** The value planned for the evaluation date along baseline → milestones → target. */
  planned: number;
  forecast: ForecastResult;
}

/** Evaluates one indicator for one unit against its target. */
export function evaluateIndicator(input: EvaluationInput, options: Omit<ForecastOptions, 'asOf'> = {}): Evaluation {
  const dated = input.values
    .filter((v) => v.value !== null && v.value !== undefined && Number.isFinite(v.value))
    .map((v) => {
      const p = parsePeriod(v.period);
      if (!p) throw new RangeError(`not a period: '${v.period}'`);
      return { period: v.period, date: periodEnd(p), value: v.value as number };
    })
    .filter((v) => !input.asOf || v.date <= input.asOf)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const latest = dated[dated.length - 1] ?? null;
  const baselinePeriod = parsePeriod(input.target.baseline.period);
  if (!baselinePeriod) throw new RangeError(`not a period: '${input.target.baseline.period}'`);
  const asOf = input.asOf ?? latest?.date ?? periodEnd(baselinePeriod);
  return {
    latest,
    achievement: achievementDetail({
      baseline: input.target.baseline.value,
      target: input.target.target.value,
      value: latest?.value ?? null,
      direction: input.indicator.direction,
      valueType: input.indicator.valueType,
    }),
    planned: plannedValueAt(
      { value: input.target.baseline.value, date: periodEnd(baselinePeriod) },
      input.target.target,
      input.target.milestones ?? [],
      asOf,
    ),
    forecast: forecastStatus(
      {
        points: periodPoints(input.values),
        target: input.target.target,
        direction: input.indicator.direction,
        valueType: input.indicator.valueType,
      },
      { ...options, asOf },
    ),
  };
}
