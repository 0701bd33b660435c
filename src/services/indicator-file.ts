/**
 * Indicator files (`mandate.indicators/1`, docs/indicators.md): indicator definitions with
 * their targets and values — published figures listed with their source, synthetic
 * series generated from a seeded recipe — and composite indices. Used by the demo loader
 * and `mandate import indicators FILE`. All or nothing.
 */
import { z } from 'zod';
import { ValidationError, type Problem } from '../domain/errors.js';
import { localizedTextSchema } from '../domain/i18n.js';
import { orgUnitKindSchema } from '../domain/org-unit.js';
import { formatPeriod, parsePeriod, periodsBetween } from '../domain/period.js';
import { inTransaction, type ServiceContext } from './context.js';
import { parseStructuredFile } from './file-parsing.js';
import { createIndicator, createTarget, saveComposite } from './indicators.js';
import { enterValues, type ValueEntry } from './data-values.js';
import { seededRandom } from './random.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';

const range = z.object({ min: z.number().finite(), max: z.number().finite() }).strict();

/** A recipe for synthetic values: a random start per unit, a random monthly change, noise. */
export const generatorSchema = z
  .object({
    units: z.object({ kind: orgUnitKindSchema, under: z.string() }).strict(),
    from: z.string(),
    to: z.string(),
    start: range,
    /** Change per period (e.g. per month). */
    change: range,
    noise: z.number().nonnegative().default(0),
    clamp: range.optional(),
    round: z.number().int().min(0).max(6).default(2),
    seed: z.number().int(),
  })
  .strict();

const valueSchema = z
  .object({
    orgUnit: z.string(),
    period: z.string(),
    value: z.union([z.number(), z.string(), z.boolean()]),
    source: z.string().optional(),
    comment: z.string().optional(),
  })
  .strict();

const entrySchema = z
  .object({
    targets: z.array(z.record(z.string(), z.unknown())).optional(),
    values: z.array(valueSchema).optional(),
    generate: generatorSchema.optional(),
  })
  .catchall(z.unknown());

export const indicatorFileSchema = z
  .object({
    format: z.literal('mandate.indicators/1'),
    indicators: z.array(entrySchema).default([]),
    compositeIndices: z
      .array(
        z
          .object({
            code: z.string(),
            name: localizedTextSchema,
            unitKind: orgUnitKindSchema,
            scope: z.string(),
            synthetic: z.boolean().optional(),
            config: z.unknown(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export interface IndicatorFileSummary {
  indicators: number;
  targets: number;
  values: number;
  synthetic: number;
  compositeIndices: number;
}

function prefixed(e: unknown, prefix: string): never {
  if (e instanceof ValidationError)
    throw new ValidationError(
      e.problems.map<Problem>((p) => ({ path: p.path ? `${prefix}.${p.path}` : prefix, message: p.message })),
      e.message.split('\n')[0]!.replace(/:$/, ''),
    );
  throw e;
}

export async function importIndicatorText(
  ctx: ServiceContext,
  text: string,
  fileName: string,
): Promise<IndicatorFileSummary> {
  const file = parseStructuredFile(text, indicatorFileSchema, fileName);
  return inTransaction(ctx, async (tx) => {
    const summary: IndicatorFileSummary = { indicators: 0, targets: 0, values: 0, synthetic: 0, compositeIndices: 0 };
    for (const [i, entry] of file.indicators.entries()) {
      const { targets, values, generate, ...definition } = entry;
      const at = `${fileName}: indicators[${i}]`;
      await createIndicator(tx, definition).catch((e) => prefixed(e, at));
      summary.indicators++;
      for (const [k, t] of (targets ?? []).entries()) {
        await createTarget(tx, { ...t, indicator: definition.code }).catch((e) => prefixed(e, `${at}.targets[${k}]`));
        summary.targets++;
      }
      const entries: ValueEntry[] = (values ?? []).map((v) => ({ indicator: String(definition.code), ...v }));
      if (entries.length)
        summary.values += (await enterValues(tx, entries).catch((e) => prefixed(e, `${at}.values`))).stored;
      if (generate) {
        const generated = await generateValues(tx, String(definition.code), generate);
        summary.synthetic += (await enterValues(tx, generated).catch((e) => prefixed(e, `${at}.generate`))).stored;
      }
    }
    for (const [i, c] of file.compositeIndices.entries()) {
      await saveComposite(tx, c).catch((e) => prefixed(e, `${fileName}: compositeIndices[${i}]`));
      summary.compositeIndices++;
    }
    return summary;
  });
}

/** Synthetic values from a recipe: deterministic for a seed; every value's source says "synthetic". */
export async function generateValues(
  ctx: ServiceContext,
  indicator: string,
  g: z.output<typeof generatorSchema>,
): Promise<ValueEntry[]> {
  const root = await orgUnitsRepository.byCode(ctx.db, g.units.under);
  if (!root)
    throw new ValidationError([{ path: 'generate.units.under', message: `no org unit with code ${g.units.under}` }]);
  const units = await orgUnitsRepository.ofKindUnderByCode(ctx.db, g.units.kind, root.path);
  const from = parsePeriod(g.from);
  const to = parsePeriod(g.to);
  if (!from || !to) throw new ValidationError([{ path: 'generate', message: 'from and to must be periods' }]);
  const periods = periodsBetween(from, to).map(formatPeriod);
  const random = seededRandom(g.seed);
  const between = (r: { min: number; max: number }) => r.min + random() * (r.max - r.min);
  const f = 10 ** g.round;
  const out: ValueEntry[] = [];
  for (const u of units) {
    const start = between(g.start);
    const change = between(g.change);
    periods.forEach((period, t) => {
      let v = start + change * t + (random() * 2 - 1) * g.noise;
      if (g.clamp) v = Math.min(g.clamp.max, Math.max(g.clamp.min, v));
      out.push({ indicator, orgUnit: u.code, period, value: Math.round(v * f) / f, source: 'synthetic (demo)' });
    });
  }
  return out;
}
