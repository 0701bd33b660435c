/**
 * Indicator definitions, targets and data values: the shapes the API, CLI, import and
 * UI share. Pure: no storage, no I/O. The maths lives beside this file (formula,
 * aggregate, achievement, forecast, composite); docs/evaluation.md explains the rules.
 *
 * Words as in DHIS2: an indicator is measured per org unit and period; a data value is
 * indicator × org unit × period → value.
 */
import { z } from 'zod';
import { localizedTextSchema } from '../i18n.js';
import { isoDateSchema } from '../dates.js';
import { orgUnitCodeSchema } from '../org-unit.js';
import { nodeCodeSchema, programmeCodeSchema } from '../programme.js';
import { parsePeriod, periodCodeSchema, periodEnd } from '../period.js';
import { checkFormula, FORMULA_FUNCTIONS } from './formula.js';
import { VALUE_TYPES, valueProblem, type ValueType } from '../value-checks.js';

/**
 * An indicator code is also an identifier in formulas, so it is a letter or underscore
 * followed by letters, digits and underscores (no dash: `a-b` is a subtraction), and it
 * is not the name of a formula function.
 */
export const indicatorCodeSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'an indicator code is a letter or _ then up to 63 letters, digits or _')
  .refine((c) => !(FORMULA_FUNCTIONS as readonly string[]).includes(c.toLowerCase()), {
    message: `an indicator code may not be a formula function (${FORMULA_FUNCTIONS.join(', ')})`,
  });

/**
 * What a value is:
 * - number: any real number (e.g. budget share in % of GDP, PUE 1.45)
 * - percent: a percentage written 0–100 (may exceed 100 for growth rates)
 * - count: a whole number ≥ 0 (services online, 5G base stations)
 * - rank: a whole number ≥ 1, 1 is best (UN EGDI rank) — lower is better by default
 * - milestone: a boolean milestone, 1 = reached, 0 = not yet (5G in the province)
 */
export { VALUE_TYPES, type ValueType, valueProblem } from '../value-checks.js';
export const valueTypeSchema = z.enum(VALUE_TYPES);

export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const directionSchema = z.enum(DIRECTIONS);

/** The direction an indicator has when none is given: a rank is lower-is-better. */
export function defaultDirection(valueType: ValueType): Direction {
  return valueType === 'rank' ? 'lower_is_better' : 'higher_is_better';
}

export const COMPARISONS = ['gte', 'gt', 'lte', 'lt', 'eq'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const comparisonSchema = z.enum(COMPARISONS);

/** Whether `value` satisfies `value <comparison> threshold`. */
export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case 'gte':
      return value >= threshold;
    case 'gt':
      return value > threshold;
    case 'lte':
      return value <= threshold;
    case 'lt':
      return value < threshold;
    case 'eq':
      return value === threshold;
  }
}

/**
 * How values of several org units combine into the value of their parent (or of any
 * set of units): see aggregate.ts for the exact rules.
 */
export const unitAggregationSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('sum') }).strict(),
  z.object({ method: z.literal('mean') }).strict(),
  z.object({ method: z.literal('weighted_mean'), weightIndicator: indicatorCodeSchema }).strict(),
  z.object({ method: z.literal('min') }).strict(),
  z.object({ method: z.literal('max') }).strict(),
  z
    .object({
      method: z.literal('share_meeting_threshold'),
      threshold: z.number().finite(),
      comparison: comparisonSchema,
    })
    .strict(),
]);
export type UnitAggregation = z.infer<typeof unitAggregationSchema>;
export const UNIT_AGGREGATION_METHODS = [
  'sum',
  'mean',
  'weighted_mean',
  'min',
  'max',
  'share_meeting_threshold',
] as const;

export const TIME_AGGREGATIONS = ['last', 'sum', 'mean'] as const;
export type TimeAggregation = (typeof TIME_AGGREGATIONS)[number];
export const timeAggregationSchema = z.enum(TIME_AGGREGATIONS);

/**
 * Across units, when none is given: counts and numbers add up, percents and ranks are
 * averaged, a milestone reports the share of units that reached it.
 */
export function defaultUnitAggregation(valueType: ValueType): UnitAggregation {
  switch (valueType) {
    case 'number':
    case 'count':
      return { method: 'sum' };
    case 'percent':
    case 'rank':
      return { method: 'mean' };
    case 'milestone':
      return { method: 'share_meeting_threshold', threshold: 1, comparison: 'gte' };
  }
}

export const programmeNodeLinkSchema = z.object({ programme: programmeCodeSchema, node: nodeCodeSchema }).strict();
export type ProgrammeNodeLink = z.infer<typeof programmeNodeLinkSchema>;

const formulaSchema = z.string().superRefine((text, ctx) => {
  for (const p of checkFormula(text)) ctx.addIssue({ code: 'custom', message: p.message });
});

const indicatorFields = {
  code: indicatorCodeSchema,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  /** Free text unit of measure: '%', 'services', 'rank', 'PUE'. */
  unit: z.string().min(1).max(32),
  valueType: valueTypeSchema,
  direction: directionSchema.optional(),
  aggregation: unitAggregationSchema.optional(),
  timeAggregation: timeAggregationSchema.optional(),
  /**
   * A computed indicator: an expression over other indicators' codes, e.g.
   * `online_services / total_services * 100`. Across units, a formula indicator with no
   * `aggregation` is not aggregated itself: its inputs are aggregated and the formula is
   * applied to the totals (a ratio of sums, not a mean of ratios — as DHIS2 does). With an
   * explicit `aggregation` the formula is computed per unit and those values aggregated
   * (e.g. the share of provinces whose online rate is at least 80 %).
   */
  formula: formulaSchema.optional(),
  programmeNodes: z.array(programmeNodeLinkSchema).optional(),
  /** Marks figures that are made up for the demo, not published. */
  synthetic: z.boolean().optional(),
};

/** An indicator definition as written by a person or a file; defaults are filled on parse. */
export const indicatorInputSchema = z
  .object(indicatorFields)
  .strict()
  .superRefine((ind, ctx) => {
    if (ind.aggregation?.method === 'weighted_mean' && ind.aggregation.weightIndicator === ind.code)
      ctx.addIssue({
        code: 'custom',
        path: ['aggregation', 'weightIndicator'],
        message: 'an indicator cannot be weighted by itself',
      });
    if (ind.valueType === 'milestone' && ind.direction === 'lower_is_better')
      ctx.addIssue({
        code: 'custom',
        path: ['direction'],
        message: 'a milestone is reached (1) or not (0): it is higher-is-better',
      });
  })
  .transform((ind) => ({
    ...ind,
    direction: ind.direction ?? defaultDirection(ind.valueType),
    // null: a formula indicator applied to its aggregated inputs (see `formula`).
    aggregation: ind.aggregation ?? (ind.formula !== undefined ? null : defaultUnitAggregation(ind.valueType)),
    timeAggregation: ind.timeAggregation ?? 'last',
    programmeNodes: ind.programmeNodes ?? [],
  }));
export type IndicatorInput = z.input<typeof indicatorInputSchema>;
/** An indicator with every default filled in. */
export type Indicator = z.output<typeof indicatorInputSchema>;

/** The resolved shape (every default present), e.g. for API responses. */
export const indicatorSchema = z
  .object({
    ...indicatorFields,
    formula: z.string().optional(),
    direction: directionSchema,
    aggregation: unitAggregationSchema.nullable(),
    timeAggregation: timeAggregationSchema,
    programmeNodes: z.array(programmeNodeLinkSchema),
  })
  .strict();

// ---------------------------------------------------------------------------------------
// Values

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', 'done', 'có', 'đạt', 'đã', '是']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'không', 'chưa', '否']);

/**
 * Turns a raw cell (CSV text, an XLSX number or boolean, a DHIS2 JSON string) into a value
 * of the given type. Accepts a decimal point or a decimal comma with no thousands
 * separators ('12.5', '12,5'), a trailing '%' for percents, and true/false/yes/no (and
 * Vietnamese có/không) for milestones.
 */
export function coerceValue(
  valueType: ValueType,
  raw: unknown,
): { ok: true; value: number } | { ok: false; message: string } {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'boolean') {
    if (valueType !== 'milestone') return { ok: false, message: `a ${valueType} is a number, not true/false` };
    value = raw ? 1 : 0;
  } else if (typeof raw === 'string') {
    let text = raw.trim();
    if (text === '') return { ok: false, message: 'no value' };
    const lower = text.toLowerCase();
    if (valueType === 'milestone' && TRUE_WORDS.has(lower)) return { ok: true, value: 1 };
    if (valueType === 'milestone' && FALSE_WORDS.has(lower)) return { ok: true, value: 0 };
    if (valueType === 'percent' && text.endsWith('%')) text = text.slice(0, -1).trim();
    if (/^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text))
      return { ok: false, message: `'${raw}' is not a number` };
    value = Number(text);
  } else return { ok: false, message: 'no value' };
  const problem = valueProblem(valueType, value);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

/**
 * Review of a data value, as for progress reports: entered values are submitted, then
 * approved or returned with a comment. Only approved values are published.
 */
export const DATA_VALUE_REVIEW_STATES = ['submitted', 'returned', 'approved'] as const;
export type DataValueReviewState = (typeof DATA_VALUE_REVIEW_STATES)[number];

/** A data value as entered: indicator × org unit × period → value. */
export const dataValueInputSchema = z
  .object({
    indicator: indicatorCodeSchema,
    orgUnit: orgUnitCodeSchema,
    period: periodCodeSchema,
    value: z.number().finite(),
    /** Where the figure comes from: 'UN E-Government Survey 2024', 'MIC report 12/2024'. */
    source: z.string().max(500).optional(),
    comment: z.string().max(2000).optional(),
  })
  .strict();
export type DataValueInput = z.output<typeof dataValueInputSchema>;

// ---------------------------------------------------------------------------------------
// Targets

export const targetPointSchema = z.object({ value: z.number().finite(), date: isoDateSchema }).strict();
export type TargetPoint = z.infer<typeof targetPointSchema>;

/**
 * A target for one indicator, for one org unit or — with `orgUnit` null or absent — for
 * every unit that has no target of its own. The baseline is the value of a period; it is
 * dated at the end of that period (2024 → 2024-12-31) when a date is needed. Milestones
 * are intermediate values on the way, strictly between the baseline and the target date.
 */
export const targetInputSchema = z
  .object({
    indicator: indicatorCodeSchema,
    orgUnit: orgUnitCodeSchema.nullable().optional(),
    baseline: z.object({ value: z.number().finite(), period: periodCodeSchema }).strict(),
    target: targetPointSchema,
    milestones: z.array(targetPointSchema).optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    const p = parsePeriod(t.baseline.period);
    const baselineDate = p ? periodEnd(p) : null;
    if (baselineDate && t.target.date <= baselineDate)
      ctx.addIssue({
        code: 'custom',
        path: ['target', 'date'],
        message: `the target date must come after the baseline period (ends ${baselineDate})`,
      });
    const ms = t.milestones ?? [];
    ms.forEach((m, i) => {
      if (m.date >= t.target.date)
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'date'],
          message: 'a milestone comes before the target date',
        });
      if (baselineDate && m.date <= baselineDate)
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'date'],
          message: 'a milestone comes after the baseline period',
        });
      if (i > 0 && m.date <= ms[i - 1]!.date)
        ctx.addIssue({
          code: 'custom',
          path: ['milestones', i, 'date'],
          message: 'milestones are in date order, one per date',
        });
    });
  })
  .transform((t) => ({ ...t, orgUnit: t.orgUnit ?? null, milestones: t.milestones ?? [] }));
export type TargetInput = z.input<typeof targetInputSchema>;
export type Target = z.output<typeof targetInputSchema>;

/**
 * The target that applies to an org unit for an indicator: the unit's own target, else
 * the all-units target (orgUnit null); null when there is neither.
 */
export function targetFor<T extends { indicator: string; orgUnit: string | null }>(
  targets: ReadonlyArray<T>,
  indicator: string,
  orgUnit: string,
): T | null {
  let all: T | null = null;
  for (const t of targets) {
    if (t.indicator !== indicator) continue;
    if (t.orgUnit === orgUnit) return t;
    if (t.orgUnit === null) all = t;
  }
  return all;
}
