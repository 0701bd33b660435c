/**
 * Composite index, after the OECD/JRC Handbook on Constructing Composite Indicators
 * (2008): indicators grouped in pillars, each normalised to a common scale, combined by
 * weighted arithmetic means (indicators → pillar → index), then ranked — like Viet Nam's
 * DTI ranking of ministries and provinces. One period at a time.
 *
 * Normalisation of indicator i across the units of the period (x = raw value; min, max,
 * mean and sd are over every unit with a value for i, complete or not):
 *   min_max             100 × (x − min) / (max − min); lower-is-better: 100 × (max − x) / (max − min).
 *                       min and max are those observed among the units, or fixed goalposts
 *                       (`bounds`) with x clamped to them. All units equal → 100 for all.
 *   distance_to_target  100 × clamp((x − reference) / (target − reference), 0, 1): 100 at or
 *                       beyond the target, 0 at or behind the reference (default 0 for
 *                       higher-is-better; a lower-is-better indicator must name its reference).
 *   z_score             (x − mean) / sd (population sd over the units with a value), negated
 *                       for lower-is-better; 0 for all when sd = 0. A z-score index is centred
 *                       on 0, not on a 0–100 scale.
 *
 * Weights: pillar weights are divided by their sum, and indicator weights by their sum
 * within the pillar, so both sum to 1; an indicator's weight in the index is the product.
 *
 * Missing values:
 *   reweight  a missing indicator is skipped and the others of its pillar share its weight;
 *             a pillar with no value at all is skipped and the other pillars share its weight
 *   zero      a missing indicator scores 0 on the normalised scale (the worst on min-max and
 *             distance-to-target; the average on z-scores)
 * Coverage is the share of the index's weight that has a value. With `minCoverage`, a unit
 * below it is marked incomplete: its score is shown but it is not ranked.
 *
 * Ranking: by score, highest first; equal scores (to 9 decimals) share a rank and the next
 * rank skips (1, 2, 2, 4 — "competition ranking"); within a tie, units are listed by code.
 * Units without a score, or incomplete, get no rank and are listed after the ranked ones.
 */
import { z } from 'zod';
import { formatPath, ValidationError, type Problem } from '../errors.js';
import { localizedTextSchema } from '../i18n.js';
import { directionSchema, indicatorCodeSchema, type Direction } from './indicator.js';

export const NORMALISATIONS = ['min_max', 'distance_to_target', 'z_score'] as const;
export type Normalisation = (typeof NORMALISATIONS)[number];
export const MISSING_RULES = ['reweight', 'zero'] as const;
export type MissingRule = (typeof MISSING_RULES)[number];

const codeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a code is 1–64 letters, digits, dot, dash or underscore');

export const compositeIndicatorSchema = z
  .object({
    indicator: indicatorCodeSchema,
    weight: z.number().finite().nonnegative().optional(),
    /** Overrides the indicator's own direction. */
    direction: directionSchema.optional(),
    /** Fixed goalposts for min-max (values are clamped to them), so scores compare across periods. */
    bounds: z.object({ min: z.number().finite(), max: z.number().finite() }).strict().optional(),
    /** For distance-to-target: the value that scores 100 … */
    target: z.number().finite().optional(),
    /** … and the value that scores 0 (default 0 for higher-is-better). */
    reference: z.number().finite().optional(),
  })
  .strict();
export type CompositeIndicator = z.infer<typeof compositeIndicatorSchema>;

export const compositePillarSchema = z
  .object({
    code: codeSchema,
    name: localizedTextSchema.optional(),
    weight: z.number().finite().nonnegative().optional(),
    indicators: z.array(compositeIndicatorSchema).min(1, 'a pillar has at least one indicator'),
  })
  .strict();
export type CompositePillar = z.infer<typeof compositePillarSchema>;

export const compositeConfigSchema = z
  .object({
    code: codeSchema.optional(),
    name: localizedTextSchema.optional(),
    normalisation: z.enum(NORMALISATIONS),
    missing: z
      .object({
        rule: z.enum(MISSING_RULES),
        /** 0–1: units whose coverage is below this are incomplete and not ranked. */
        minCoverage: z.number().min(0).max(1).optional(),
      })
      .strict()
      .optional(),
    pillars: z.array(compositePillarSchema).min(1, 'an index has at least one pillar'),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const p of configProblems(c)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  });
export type CompositeConfig = z.infer<typeof compositeConfigSchema>;

function configProblems(
  c: CompositeConfig,
  directions?: ReadonlyMap<string, Direction>,
): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const pillarCodes = new Set<string>();
  const seen = new Map<string, string>();
  if (c.pillars.reduce((s, p) => s + (p.weight ?? 1), 0) <= 0)
    out.push({ path: ['pillars'], message: 'the pillar weights add up to 0' });
  c.pillars.forEach((p, pi) => {
    if (pillarCodes.has(p.code))
      out.push({ path: ['pillars', pi, 'code'], message: `pillar '${p.code}' appears twice` });
    pillarCodes.add(p.code);
    if (p.indicators.reduce((s, i) => s + (i.weight ?? 1), 0) <= 0)
      out.push({ path: ['pillars', pi, 'indicators'], message: 'the indicator weights add up to 0' });
    p.indicators.forEach((ind, ii) => {
      const path = ['pillars', pi, 'indicators', ii];
      const other = seen.get(ind.indicator);
      if (other !== undefined)
        out.push({
          path: [...path, 'indicator'],
          message: `'${ind.indicator}' is already in pillar '${other}' (it would count twice)`,
        });
      seen.set(ind.indicator, p.code);
      if (ind.bounds && !(ind.bounds.max > ind.bounds.min))
        out.push({ path: [...path, 'bounds'], message: 'bounds.max must be greater than bounds.min' });
      if (c.normalisation === 'distance_to_target') {
        if (ind.target === undefined) {
          out.push({ path: [...path, 'target'], message: 'distance-to-target needs a target' });
          return;
        }
        const direction = ind.direction ?? directions?.get(ind.indicator);
        if (direction === 'lower_is_better' && ind.reference === undefined)
          out.push({
            path: [...path, 'reference'],
            message: 'a lower-is-better indicator needs a reference (the value that scores 0)',
          });
        const reference = ind.reference ?? 0;
        if (ind.target === reference)
          out.push({ path: [...path, 'target'], message: 'the target equals the reference' });
        else if (direction && ind.target > reference !== (direction === 'higher_is_better'))
          out.push({
            path: [...path, 'target'],
            message: `for a ${direction.replace(/_/g, '-')} indicator the target must be ${direction === 'higher_is_better' ? 'above' : 'below'} the reference`,
          });
      }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Weights and ranking

export interface EffectiveWeights {
  /** Pillar code → weight, summing to 1. */
  pillars: Map<string, number>;
  /** Indicator code → weight within its pillar, summing to 1 per pillar. */
  withinPillar: Map<string, number>;
  /** Indicator code → weight in the index (pillar × within), summing to 1. */
  overall: Map<string, number>;
}

/** The sum-normalised weights of a configuration (absent weights count as 1). */
export function effectiveWeights(config: CompositeConfig): EffectiveWeights {
  const pillarTotal = config.pillars.reduce((s, p) => s + (p.weight ?? 1), 0);
  const pillars = new Map<string, number>();
  const withinPillar = new Map<string, number>();
  const overall = new Map<string, number>();
  for (const p of config.pillars) {
    const pw = (p.weight ?? 1) / pillarTotal;
    pillars.set(p.code, pw);
    const total = p.indicators.reduce((s, i) => s + (i.weight ?? 1), 0);
    for (const i of p.indicators) {
      const w = (i.weight ?? 1) / total;
      withinPillar.set(i.indicator, w);
      overall.set(i.indicator, pw * w);
    }
  }
  return { pillars, withinPillar, overall };
}

/**
 * Competition ranking ("1, 2, 2, 4"): higher scores first (or lower with
 * `ascending`), scores equal to `decimals` places tie; ties and the listing are ordered
 * by code. Items without a score get rank null and come last.
 */
export function competitionRanking<T extends { code: string; score: number | null }>(
  items: ReadonlyArray<T>,
  options: { ascending?: boolean; decimals?: number } = {},
): Array<T & { rank: number | null }> {
  const f = 10 ** (options.decimals ?? 9);
  const key = (s: number): number => Math.round(s * f);
  const dir = options.ascending ? 1 : -1;
  const byCode = (a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  const scored = items.filter((i) => i.score !== null && Number.isFinite(i.score));
  const unscored = items.filter((i) => !(i.score !== null && Number.isFinite(i.score))).sort(byCode);
  scored.sort((a, b) => {
    const ka = key(a.score!);
    const kb = key(b.score!);
    return ka !== kb ? dir * (ka - kb) : byCode(a, b);
  });
  const out: Array<T & { rank: number | null }> = [];
  scored.forEach((item, i) => {
    const prev = out[i - 1];
    const rank = prev && key(prev.score!) === key(item.score!) ? prev.rank : i + 1;
    out.push({ ...item, rank });
  });
  for (const item of unscored) out.push({ ...item, rank: null });
  return out;
}

// ---------------------------------------------------------------------------------------
// Computation

/** One unit's raw values for the period: indicator code → value (null/absent = missing). */
export interface CompositeRow {
  unit: string;
  values: Readonly<Record<string, number | null | undefined>>;
}

/** How an indicator was normalised in this period — what the explanation cites. */
export interface NormalisationStats {
  indicator: string;
  pillar: string;
  direction: Direction;
  method: Normalisation;
  /** Units with a value. */
  count: number;
  /** min-max: the goalposts used (observed or fixed). */
  min: number | null;
  max: number | null;
  /** z-score: mean and population sd of the values. */
  mean: number | null;
  sd: number | null;
  /** distance-to-target: the value scoring 100 and the one scoring 0. */
  target: number | null;
  reference: number | null;
}

export type IndicatorStatus = 'ok' | 'missing_skipped' | 'missing_zero';

export interface IndicatorContribution {
  indicator: string;
  raw: number | null;
  /** On the normalised scale (0–100, or a z-score); 0 for missing_zero; null when skipped. */
  normalised: number | null;
  status: IndicatorStatus;
  /** Configured weight within the pillar, sum-normalised. */
  weight: number;
  /** Weight actually applied within the pillar (after re-weighting); 0 when skipped. */
  appliedWeight: number;
  /** appliedWeight × normalised: this indicator's part of the pillar score. */
  pillarContribution: number;
  /** Its part of the index: pillar applied weight × pillarContribution. */
  indexContribution: number;
}

export interface PillarContribution {
  pillar: string;
  /** Configured weight, sum-normalised. */
  weight: number;
  /** Weight actually applied (after re-weighting); 0 when the pillar has no data and is skipped. */
  appliedWeight: number;
  /** Null when every indicator is missing under 'reweight'. */
  score: number | null;
  /** appliedWeight × score: the pillar's part of the index. */
  contribution: number;
  indicators: IndicatorContribution[];
}

/** How one unit's score was built: raw → normalised → weighted, per indicator and pillar. */
export interface UnitScore {
  unit: string;
  /** Weighted arithmetic mean of pillar scores; null when there is no data to score. */
  score: number | null;
  /** Null when unscored or incomplete. */
  rank: number | null;
  /** False when coverage < minCoverage. */
  complete: boolean;
  /** Share of the index weight with a value, 0–1. */
  coverage: number;
  pillars: PillarContribution[];
}

export interface CompositeResult {
  normalisation: Normalisation;
  missingRule: MissingRule;
  minCoverage: number;
  weights: EffectiveWeights;
  indicators: NormalisationStats[];
  /** Ranked units first (by rank, then code), then the unranked by code. */
  units: UnitScore[];
}

export interface CompositeOptions {
  /** Each indicator's own direction (from its definition); a config entry may override it. Default higher-is-better. */
  directions?: ReadonlyMap<string, Direction>;
}

/**
 * The direction when neither the entry nor the indicator gives one: for distance to
 * target the goalposts say it (a target below the reference is lower-is-better),
 * otherwise higher-is-better.
 */
function goalpostDirection(method: Normalisation, entry: CompositeIndicator): Direction {
  return method === 'distance_to_target' && entry.target !== undefined && entry.target < (entry.reference ?? 0)
    ? 'lower_is_better'
    : 'higher_is_better';
}

function present(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && Number.isFinite(v);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function statsFor(
  entry: CompositeIndicator,
  pillar: string,
  direction: Direction,
  method: Normalisation,
  values: number[],
): NormalisationStats {
  const count = values.length;
  const s: NormalisationStats = {
    indicator: entry.indicator,
    pillar,
    direction,
    method,
    count,
    min: null,
    max: null,
    mean: null,
    sd: null,
    target: null,
    reference: null,
  };
  if (method === 'min_max') {
    if (entry.bounds) {
      s.min = entry.bounds.min;
      s.max = entry.bounds.max;
    } else if (count > 0) {
      s.min = values.reduce((a, b) => (b < a ? b : a));
      s.max = values.reduce((a, b) => (b > a ? b : a));
    }
  } else if (method === 'z_score') {
    if (count > 0) {
      const mean = values.reduce((a, b) => a + b, 0) / count;
      s.mean = mean;
      s.sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / count);
    }
  } else {
    s.target = entry.target ?? null;
    s.reference = entry.reference ?? 0;
  }
  return s;
}

/** Normalises one raw value with the period's statistics (see the module comment). */
export function normaliseValue(x: number, s: NormalisationStats): number {
  const lower = s.direction === 'lower_is_better';
  switch (s.method) {
    case 'min_max': {
      const lo = s.min!;
      const hi = s.max!;
      if (!(hi > lo)) return 100;
      const v = clamp(x, lo, hi);
      return clamp((100 * (lower ? hi - v : v - lo)) / (hi - lo), 0, 100);
    }
    case 'distance_to_target': {
      const t = s.target!;
      const r = s.reference!;
      return 100 * clamp((x - r) / (t - r), 0, 1);
    }
    case 'z_score': {
      const sd = s.sd!;
      if (!(sd > 0)) return 0;
      const z = (x - s.mean!) / sd;
      return (lower ? -z : z) + 0; // + 0 turns −0 into 0
    }
  }
}

/**
 * Computes the index for one period: normalises, aggregates, marks coverage and ranks.
 * Throws a ValidationError when the configuration is inconsistent (e.g. a
 * lower-is-better indicator with a distance-to-target reference below its target).
 */
export function computeComposite(
  config: CompositeConfig,
  rows: ReadonlyArray<CompositeRow>,
  options: CompositeOptions = {},
): CompositeResult {
  const problems = configProblems(config, options.directions);
  if (problems.length)
    throw new ValidationError(
      problems.map<Problem>((p) => ({ path: formatPath(p.path), message: p.message })),
      'invalid composite index',
    );
  const seenUnits = new Set<string>();
  const duplicates = rows.filter((r) => seenUnits.has(r.unit) || !seenUnits.add(r.unit));
  if (duplicates.length)
    throw new ValidationError(
      duplicates.map((r) => ({ path: r.unit, message: `unit '${r.unit}' appears twice in the period` })),
      'invalid composite data',
    );
  const normalisation = config.normalisation;
  const missingRule = config.missing?.rule ?? 'reweight';
  const minCoverage = config.missing?.minCoverage ?? 0;
  const weights = effectiveWeights(config);

  const stats = new Map<string, NormalisationStats>();
  for (const p of config.pillars) {
    for (const entry of p.indicators) {
      const direction =
        entry.direction ?? options.directions?.get(entry.indicator) ?? goalpostDirection(normalisation, entry);
      const values = rows.map((r) => r.values[entry.indicator]).filter(present);
      stats.set(entry.indicator, statsFor(entry, p.code, direction, normalisation, values));
    }
  }

  const scored: UnitScore[] = rows.map((row) => {
    let coverage = 0;
    const pillars: PillarContribution[] = config.pillars.map((p) => {
      const indicators: IndicatorContribution[] = p.indicators.map((entry) => {
        const raw = row.values[entry.indicator];
        const weight = weights.withinPillar.get(entry.indicator)!;
        if (present(raw)) {
          coverage += weights.overall.get(entry.indicator)!;
          const n = normaliseValue(raw, stats.get(entry.indicator)!);
          return {
            indicator: entry.indicator,
            raw,
            normalised: n,
            status: 'ok',
            weight,
            appliedWeight: 0,
            pillarContribution: 0,
            indexContribution: 0,
          };
        }
        return missingRule === 'zero'
          ? {
              indicator: entry.indicator,
              raw: null,
              normalised: 0,
              status: 'missing_zero',
              weight,
              appliedWeight: 0,
              pillarContribution: 0,
              indexContribution: 0,
            }
          : {
              indicator: entry.indicator,
              raw: null,
              normalised: null,
              status: 'missing_skipped',
              weight,
              appliedWeight: 0,
              pillarContribution: 0,
              indexContribution: 0,
            };
      });
      const counted = indicators.filter((i) => i.normalised !== null);
      const total = counted.reduce((s, i) => s + i.weight, 0);
      let score: number | null = null;
      if (counted.length > 0 && total > 0) {
        score = 0;
        for (const i of counted) {
          i.appliedWeight = i.weight / total;
          i.pillarContribution = i.appliedWeight * i.normalised!;
          score += i.pillarContribution;
        }
      }
      return {
        pillar: p.code,
        weight: weights.pillars.get(p.code)!,
        appliedWeight: 0,
        score,
        contribution: 0,
        indicators,
      };
    });
    const counted = pillars.filter((p) => p.score !== null && p.weight > 0);
    const total = counted.reduce((s, p) => s + p.weight, 0);
    let score: number | null = null;
    if (counted.length > 0 && total > 0) {
      score = 0;
      for (const p of counted) {
        p.appliedWeight = p.weight / total;
        p.contribution = p.appliedWeight * p.score!;
        for (const i of p.indicators) i.indexContribution = p.appliedWeight * i.pillarContribution;
        score += p.contribution;
      }
    }
    if (normalisation !== 'z_score' && score !== null) score = clamp(score, 0, 100);
    // Coverage is summed from parts, so allow for rounding at the threshold.
    coverage = Math.min(1, coverage);
    const complete = coverage + 1e-12 >= minCoverage;
    return { unit: row.unit, score, rank: null, complete, coverage, pillars };
  });

  const ranked = competitionRanking(scored.map((u) => ({ code: u.unit, score: u.complete ? u.score : null, unit: u })));
  const units = ranked.map((r) => ({ ...r.unit, rank: r.rank }));
  return { normalisation, missingRule, minCoverage, weights, indicators: [...stats.values()], units };
}

/** The explanation of one unit's score, or null when the unit is not in the result. */
export function explainUnit(result: CompositeResult, unit: string): UnitScore | null {
  return result.units.find((u) => u.unit === unit) ?? null;
}

/** Computes and ranks the index for each period separately (rankings are per period). */
export function computeCompositeByPeriod(
  config: CompositeConfig,
  rowsByPeriod: ReadonlyMap<string, ReadonlyArray<CompositeRow>>,
  options: CompositeOptions = {},
): Map<string, CompositeResult> {
  const out = new Map<string, CompositeResult>();
  for (const [period, rows] of rowsByPeriod) out.set(period, computeComposite(config, rows, options));
  return out;
}
