/**
 * Values of an indicator over an org subtree and a period range, aggregated along the
 * tree and over time in SQL (src/db/repositories/data-values.repository.ts). A formula
 * indicator without an aggregation of its own aggregates its inputs and applies the
 * formula to the totals (evaluateFormulaSet on the small aggregated result); with an
 * aggregation, the formula is compiled to SQL and computed per unit first.
 */
import {
  dataValuesRepository,
  PERIOD_TYPES_BY_RANK,
  type AggregateRange,
  type StoredSource,
  type UnitSource,
} from '../db/repositories/data-values.repository.js';
import { indicatorsRepository } from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository, type OrgUnitRow } from '../db/repositories/org-units.repository.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  evaluateFormulaSet,
  formulaDependencies,
  parseFormula,
  readAccumulator,
  type FormulaNode,
  type TimeAggregation,
  type UnitAggregation,
} from '../domain/indicators/index.js';
import { formatPeriod, parsePeriod, periodEnd, periodOf, periodStart, type PeriodType } from '../domain/period.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { ServiceContext } from './context.js';
import { indicatorPolicy } from '../policies/indicators.js';
import type { Db } from '../db/database.js';

export interface CatalogueEntry {
  id: number;
  code: string;
  value_type: string;
  formula: string | null;
  aggregation: unknown;
  time_aggregation: string;
  direction: string;
}

export type Catalogue = Map<string, CatalogueEntry>;

export async function loadCatalogue(db: Db): Promise<Catalogue> {
  return new Map((await indicatorsRepository.catalogue(db)).map((c) => [c.code, c]));
}

function entry(cat: Catalogue, code: string): CatalogueEntry {
  const e = cat.get(code);
  if (!e) throw new NotFoundError(`no indicator with code ${code}`);
  return e;
}

/** The stored indicators a definition reads, all the way down. */
export function storedInputs(cat: Catalogue, code: string, seen = new Set<string>()): CatalogueEntry[] {
  if (seen.has(code)) return [];
  seen.add(code);
  const e = entry(cat, code);
  const own: CatalogueEntry[] = [];
  if (e.formula === null) own.push(e);
  else for (const d of formulaDependencies(e.formula)) own.push(...storedInputs(cat, d, seen));
  const agg = e.aggregation as UnitAggregation | null;
  if (agg?.method === 'weighted_mean') own.push(...storedInputs(cat, agg.weightIndicator, seen));
  return own;
}

/** A formula with every reference to another formula indicator replaced by that formula. */
function inline(cat: Catalogue, node: FormulaNode, inputs: Map<string, StoredSource>): FormulaNode {
  switch (node.kind) {
    case 'number':
      return node;
    case 'ref': {
      const e = entry(cat, node.code);
      if (e.formula !== null) return inline(cat, parseFormula(e.formula, `${e.code}.formula`), inputs);
      inputs.set(e.code, { kind: 'stored', indicatorId: e.id, time: e.time_aggregation as TimeAggregation });
      return node;
    }
    case 'neg':
      return { ...node, operand: inline(cat, node.operand, inputs) };
    case 'binary':
      return { ...node, left: inline(cat, node.left, inputs), right: inline(cat, node.right, inputs) };
    case 'call':
      return { ...node, args: node.args.map((a) => inline(cat, a, inputs)) };
  }
}

/** The per-unit source of an indicator: its stored values, or its formula over stored inputs. */
export function unitSource(cat: Catalogue, code: string): UnitSource {
  const e = entry(cat, code);
  if (e.formula === null) return { kind: 'stored', indicatorId: e.id, time: e.time_aggregation as TimeAggregation };
  const inputs = new Map<string, StoredSource>();
  const ast = inline(cat, parseFormula(e.formula, `${e.code}.formula`), inputs);
  return { kind: 'formula', ast, inputs };
}

export type SeriesQuery = AggregateRange;

/** unit id → period start date → value (null where it cannot be computed). */
export type Series = Map<number, Map<string, number | null>>;

/** Aggregates one indicator per group unit and period (see the module comment). */
export async function aggregateSeries(db: Db, cat: Catalogue, code: string, q: SeriesQuery): Promise<Series> {
  const e = entry(cat, code);
  const method = e.aggregation as UnitAggregation | null;
  if (method === null) {
    // A ratio of totals: aggregate each input, then apply the formula to the totals.
    const deps = formulaDependencies(e.formula!);
    const inputs = new Map<string, Series>();
    for (const d of deps) inputs.set(d, await aggregateSeries(db, cat, d, q));
    const keys = new Map<number, Set<string>>();
    for (const s of inputs.values())
      for (const [u, m] of s) for (const p of m.keys()) (keys.get(u) ?? keys.set(u, new Set()).get(u)!).add(p);
    const out: Series = new Map();
    for (const [u, periods] of keys) {
      const row = new Map<string, number | null>();
      for (const p of periods) {
        const values = new Map(deps.map((d) => [d, inputs.get(d)!.get(u)?.get(p) ?? null] as const));
        row.set(p, evaluateFormulaSet([{ code: e.code, formula: e.formula! }], values).get(e.code) ?? null);
      }
      out.set(u, row);
    }
    return out;
  }
  const rows = await dataValuesRepository.summarise(db, {
    source: unitSource(cat, code),
    method,
    weight: method.method === 'weighted_mean' ? unitSource(cat, method.weightIndicator) : undefined,
    rootPath: q.rootPath,
    group: q.group,
    periodType: q.periodType,
    from: q.from,
    to: q.to,
    approvedOnly: q.approvedOnly,
  });
  const out: Series = new Map();
  for (const r of rows) {
    const value = readAccumulator(
      {
        count: r.n,
        sum: r.s,
        min: r.mn,
        max: r.mx,
        weightedSum: r.ws ?? 0,
        weightTotal: r.wt ?? 0,
        meeting: r.meeting,
      },
      method,
    );
    (out.get(r.unit_id) ?? out.set(r.unit_id, new Map()).get(r.unit_id)!).set(r.p, value);
  }
  return out;
}

/** The finest period type and the span of the values an indicator reads; null when there are none. */
export async function dataSpan(
  db: Db,
  cat: Catalogue,
  code: string,
): Promise<{ periodType: PeriodType; from: string; to: string } | null> {
  const b = await dataValuesRepository.bounds(
    db,
    storedInputs(cat, code).map((e) => e.id),
  );
  if (b.finest === null || b.first === null || b.last === null) return null;
  return { periodType: PERIOD_TYPES_BY_RANK[b.finest]!, from: b.first, to: b.last };
}

export async function requireUnit(db: Db, code: string | undefined): Promise<OrgUnitRow> {
  if (code) {
    const u = await orgUnitsRepository.byCode(db, code);
    if (!u) throw new NotFoundError(`no org unit with code ${code}`);
    return u;
  }
  const [root] = await orgUnitsRepository.roots(db, 'id');
  if (!root) throw new NotFoundError('no org units yet');
  return (await orgUnitsRepository.byCode(db, root.code))!;
}

/**
 * The unit of a scoped view: the named unit when it lies in the actor's scope (else
 * answered exactly like an unknown code), or by default the first root for unrestricted
 * actors and the actor's first subtree root otherwise.
 */
export async function requireVisibleUnit(ctx: ServiceContext, code: string | undefined): Promise<OrgUnitRow> {
  if (code) {
    const u = await orgUnitsRepository.byCode(ctx.db, code);
    if (!u || !indicatorPolicy.canReadUnit(ctx.actor, u)) throw new NotFoundError(`no org unit with code ${code}`);
    return u;
  }
  const roots = indicatorPolicy.readScope(ctx.actor);
  if (roots === undefined) return requireUnit(ctx.db, undefined);
  const root = roots.length ? await orgUnitsRepository.byPath(ctx.db, roots[0]!) : undefined;
  if (!root) throw new NotFoundError('no org unit in your scope');
  return root;
}

export interface ValuesQuery {
  unit?: string | undefined;
  from: string;
  to: string;
  /** Levels below `unit` to group by: 0 = the unit's own total (default), 1 = its children … */
  level?: number | undefined;
  periodType?: PeriodType | undefined;
  /** Approved figures only (see SeriesQuery). */
  approvedOnly?: boolean | undefined;
}

export interface AggregatedValues {
  indicator: string;
  unit: string;
  level: number;
  periodType: PeriodType;
  from: string;
  to: string;
  rows: Array<{ unit: string; name: LocalizedText; period: string; value: number | null }>;
}

/** Aligns a period range to a period type: first and last day. */
export function alignRange(
  fromCode: string,
  toCode: string,
  periodType?: PeriodType,
): { periodType: PeriodType; from: string; to: string } {
  const from = parsePeriod(fromCode);
  const to = parsePeriod(toCode);
  const problems = [];
  if (!from)
    problems.push({
      path: 'from',
      message: `'${fromCode}' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)`,
    });
  if (!to)
    problems.push({ path: 'to', message: `'${toCode}' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)` });
  if (problems.length) throw new ValidationError(problems);
  const type = periodType ?? from!.type;
  const start = periodStart(periodOf(periodStart(from!), type));
  const end = periodEnd(periodOf(periodEnd(to!), type));
  if (end < start) throw new ValidationError([{ path: 'to', message: 'the range ends before it starts' }]);
  return { periodType: type, from: start, to: end };
}

export async function aggregatedValues(ctx: ServiceContext, code: string, q: ValuesQuery): Promise<AggregatedValues> {
  const cat = await loadCatalogue(ctx.db);
  entry(cat, code);
  const unit = await requireVisibleUnit(ctx, q.unit);
  const level = q.level ?? 0;
  const range = alignRange(q.from, q.to, q.periodType);
  const series = await aggregateSeries(ctx.db, cat, code, {
    rootPath: unit.path,
    group: { depth: unit.depth + level },
    ...range,
    approvedOnly: q.approvedOnly,
  });
  const names = await orgUnitsRepository.namesByIds(ctx.db, [...series.keys()]);
  const byId = new Map(names.map((n) => [n.id, n]));
  const rows: AggregatedValues['rows'] = [];
  for (const [id, periods] of series) {
    const u = byId.get(id)!;
    for (const [p, value] of periods)
      rows.push({ unit: u.code, name: u.name, period: formatPeriod(periodOf(p, range.periodType)), value });
  }
  rows.sort((a, b) =>
    a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.period < b.period ? -1 : a.period > b.period ? 1 : 0,
  );
  return {
    indicator: code,
    unit: unit.code,
    level,
    periodType: range.periodType,
    from: formatPeriod(periodOf(range.from, range.periodType)),
    to: formatPeriod(periodOf(range.to, range.periodType)),
    rows,
  };
}
