/** Wire contracts of indicators, targets, values, evaluations, composite indices and rankings. */
import { z } from 'zod';
import {
  DIRECTIONS,
  FORECAST_STATUSES,
  TIME_AGGREGATIONS,
  VALUE_TYPES,
  type CompositeConfig,
  type Evaluation,
  type ForecastStatus,
} from '../../domain/indicators/index.js';
import type { CompositeView, IndicatorView, TargetView } from '../../services/indicators.js';
import type { explainRanking, UnitEvaluation as UnitEvaluationView } from '../../services/evaluation.js';
import type { AggregatedValues } from '../../services/indicator-aggregation.js';
import { described, itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';
import { countsSchema } from './supervision.js';

export type { Evaluation };
export type Classification = ForecastStatus;
export const classificationSchema = z.enum(FORECAST_STATUSES);

export const indicatorSchema = z.object({
  code: z.string(),
  name: localizedTextOutSchema,
  description: localizedTextOutSchema,
  unit: z.string(),
  valueType: z.enum(VALUE_TYPES),
  direction: z.enum(DIRECTIONS),
  aggregation: described<NonNullable<IndicatorView['aggregation']>>(
    'across org units: method (sum, mean, weighted_mean, min, max, share_meeting) and its parameters',
  ).nullable(),
  timeAggregation: z.enum(TIME_AGGREGATIONS),
  formula: z.string().nullable(),
  programmeNodes: z.array(z.object({ programme: z.string(), node: z.string() })),
  synthetic: z.boolean(),
  version: z.number().int(),
});
export type Indicator = z.infer<typeof indicatorSchema>;
export const indicatorListSchema = itemsOf(indicatorSchema);

export const targetSchema = z.object({
  id: z.number().int(),
  indicator: z.string(),
  orgUnit: z.string().nullable(),
  baseline: z.object({ value: z.number(), period: z.string() }),
  target: z.object({ value: z.number(), date: z.string() }),
  milestones: z.array(z.object({ value: z.number(), date: z.string() })),
  version: z.number().int(),
});
export type Target = z.infer<typeof targetSchema>;
export const targetListSchema = itemsOf(targetSchema);

export const evaluationSchema = described<Evaluation>(
  'latest value, achievement (achievement, progress, met, needed, remaining), planned value and forecast (status, reason, latest, forecast, slopePerYear, gapClosed, daysToTarget, pointsUsed)',
);

export const unitEvaluationSchema = z.object({
  indicator: z.string(),
  name: localizedTextOutSchema,
  unit: z.string(),
  unitName: localizedTextOutSchema,
  target: targetSchema.nullable(),
  status: classificationSchema.nullable(),
  achievement: z.number().nullable(),
  evaluation: evaluationSchema.nullable(),
  values: z.array(z.object({ period: z.string(), value: z.number().nullable() })),
});
export type UnitEvaluation = z.infer<typeof unitEvaluationSchema>;

export const atRiskSchema = z.object({
  asOf: z.string().nullable(),
  counts: z.record(classificationSchema, z.number().int()),
  items: z.array(unitEvaluationSchema),
});

export const scorecardSchema = z.object({
  unit: z.string(),
  name: localizedTextOutSchema,
  period: z.string().nullable(),
  asOf: z.string(),
  assignments: countsSchema,
  indicators: z.object({
    total: z.number().int(),
    byStatus: z.record(classificationSchema, z.number().int()),
    meanAchievement: z.number().nullable(),
    items: z.array(unitEvaluationSchema.omit({ values: true })),
  }),
});
export type Scorecard = z.infer<typeof scorecardSchema>;

export const valueRowsSchema = z.object({
  indicator: z.string(),
  unit: z.string(),
  level: z.number().int(),
  periodType: z.enum(['month', 'quarter', 'year']),
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({ unit: z.string(), name: localizedTextOutSchema, period: z.string(), value: z.number().nullable() }),
  ),
});
export type ValueRows = z.infer<typeof valueRowsSchema>;

export const compositeIndexSchema = z.object({
  code: z.string(),
  name: localizedTextOutSchema,
  unitKind: z.string(),
  scope: z.string(),
  config: described<CompositeConfig>(
    'pillars (code, name, weight, indicators with weights), normalisation, missing-data rule',
  ),
  synthetic: z.boolean(),
  version: z.number().int(),
});
export type CompositeIndex = z.infer<typeof compositeIndexSchema>;
export const compositeListSchema = itemsOf(compositeIndexSchema);

export const rankingSchema = z.object({
  index: z.string(),
  name: localizedTextOutSchema,
  period: z.string(),
  normalisation: z.string(),
  missingRule: z.string(),
  synthetic: z.boolean(),
  units: z.array(
    z.object({
      rank: z.number().int().nullable(),
      unit: z.string(),
      name: localizedTextOutSchema,
      score: z.number().nullable(),
      coverage: z.number(),
      complete: z.boolean(),
      pillars: z.array(z.object({ pillar: z.string(), score: z.number().nullable() })),
    }),
  ),
});
export type Ranking = z.infer<typeof rankingSchema>;

export type Explanation = Awaited<ReturnType<typeof explainRanking>>;
/** How a unit's score was built: per pillar and indicator, raw → normalised → weighted. */
export const explanationSchema = described<Explanation>(
  'unit, name, period, score, rank, coverage, rankedUnits, normalisation, missingRule, minCoverage, indicators (normalisation statistics) and pillars (pillar, weight, appliedWeight, score, contribution, indicators: raw, normalised, status, weight, appliedWeight, pillarContribution, indexContribution)',
);

sameShape<Same<Indicator, IndicatorView>>();
sameShape<Same<Target, TargetView>>();
sameShape<Same<UnitEvaluation, UnitEvaluationView>>();
sameShape<Same<ValueRows, AggregatedValues>>();
sameShape<Same<CompositeIndex, CompositeView>>();
