/**
 * Evaluations of indicators against their targets (achievement, forecast, status), the
 * indicators at risk, scorecards per org unit and period, and composite-index rankings
 * with their explanation. Values come aggregated along the tree from SQL
 * (indicator-aggregation.ts); the judging is the pure domain (src/domain/indicators).
 */
import { indicatorsRepository, type TargetRow } from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository, type OrgUnitRow } from '../db/repositories/org-units.repository.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import {
  computeComposite,
  evaluateIndicator,
  explainUnit,
  scorecard as scorecardOf,
  targetFor,
  type CompositeResult,
  type Direction,
  type Evaluation,
  type ForecastStatus,
  type ValueType,
} from '../domain/indicators/index.js';
import { dateOf } from '../domain/dates.js';
import { formatPeriod, parsePeriod, periodEnd, periodOf, periodStart } from '../domain/period.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import {
  aggregateSeries,
  dataSpan,
  loadCatalogue,
  requireVisibleUnit,
  type Catalogue,
} from './indicator-aggregation.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { requireComposite, toTarget, type TargetView } from './indicators.js';
import { rollup, type Counts } from './supervision.js';

export interface UnitEvaluation {
  indicator: string;
  name: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  target: TargetView | null;
  /** Null when no target applies. */
  status: ForecastStatus | null;
  achievement: number | null;
  evaluation: Evaluation | null;
  values: Array<{ period: string; value: number | null }>;
}

interface Unit {
  id: number;
  code: string;
  name: LocalizedText;
  path: string;
  depth: number;
}

/** Each unit's series of one indicator, at the finest period type of its data, over all its data. */
async function unitSeries(
  db: Db,
  cat: Catalogue,
  code: string,
  root: Unit,
  ids: number[],
): Promise<Map<number, Array<{ period: string; value: number | null }>>> {
  const out = new Map<number, Array<{ period: string; value: number | null }>>();
  const span = await dataSpan(db, cat, code);
  if (!span) return out;
  const from = periodStart(periodOf(span.from, span.periodType));
  const series = await aggregateSeries(db, cat, code, {
    rootPath: root.path,
    group: { ids },
    periodType: span.periodType,
    from,
    to: span.to,
  });
  for (const [id, periods] of series)
    out.set(
      id,
      [...periods]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([p, value]) => ({ period: formatPeriod(periodOf(p, span.periodType)), value })),
    );
  return out;
}

function evaluationOf(
  ind: { value_type: string; direction: string },
  target: TargetRow | null,
  values: Array<{ period: string; value: number | null }>,
  asOf: string | undefined,
) {
  if (!target) return { status: null, achievement: null, evaluation: null };
  const evaluation = evaluateIndicator({
    indicator: { valueType: ind.value_type as ValueType, direction: ind.direction as Direction },
    target: {
      baseline: { value: target.baseline_value, period: target.baseline_period },
      target: { value: target.target_value, date: target.target_date },
      milestones: target.milestones,
    },
    values,
    asOf,
  });
  return { status: evaluation.forecast.status, achievement: evaluation.achievement.achievement, evaluation };
}

function toUnit(u: OrgUnitRow): Unit {
  return { id: u.id, code: u.code, name: u.name, path: u.path, depth: u.depth };
}

/** Evaluates indicators for units; `units` are evaluated with their subtree's aggregate. */
async function evaluateMany(
  ctx: ServiceContext,
  cat: Catalogue,
  codes: string[],
  root: Unit,
  units: Unit[],
  asOf: string | undefined,
  onlyWithTarget: boolean,
): Promise<UnitEvaluation[]> {
  const rows = await indicatorsRepository.list(ctx.db);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const targets = await indicatorsRepository.targets(ctx.db, { indicatorIds: codes.map((c) => cat.get(c)!.id) });
  const out: UnitEvaluation[] = [];
  for (const code of codes) {
    const ind = byCode.get(code)!;
    const own = targets.filter((t) => t.indicator === code);
    const candidates = units.filter(
      (u) =>
        !onlyWithTarget ||
        targetFor(
          own.map((t) => ({ ...t, orgUnit: t.org_unit })),
          code,
          u.code,
        ),
    );
    if (candidates.length === 0) continue;
    const series = await unitSeries(
      ctx.db,
      cat,
      code,
      root,
      candidates.map((u) => u.id),
    );
    for (const u of candidates) {
      const target = targetFor(
        own.map((t) => ({ ...t, orgUnit: t.org_unit })),
        code,
        u.code,
      );
      const values = series.get(u.id) ?? [];
      // An all-units target does not make every unit of the country report "no data".
      if (onlyWithTarget && target && target.org_unit === null && values.length === 0) continue;
      const e = evaluationOf(ind, target, values, asOf);
      out.push({
        indicator: code,
        name: ind.name,
        unit: u.code,
        unitName: u.name,
        target: target ? toTarget(target) : null,
        ...e,
        values,
      });
    }
  }
  return out;
}

export async function evaluateOne(
  ctx: ServiceContext,
  code: string,
  q: { unit?: string | undefined; asOf?: string | undefined },
): Promise<UnitEvaluation> {
  const cat = await loadCatalogue(ctx.db);
  if (!cat.has(code)) throw new NotFoundError(`no indicator with code ${code}`);
  const unit = toUnit(await requireVisibleUnit(ctx, q.unit));
  const [e] = await evaluateMany(ctx, cat, [code], unit, [unit], q.asOf, false);
  return e!;
}

export interface AtRiskQuery {
  programme?: string | undefined;
  unit?: string | undefined;
  asOf?: string | undefined;
  /** Statuses to list (default at_risk and off_track). */
  statuses?: ForecastStatus[] | undefined;
}

/**
 * Indicators at risk: every indicator with a target (of the programme, when given) is
 * evaluated for the unit (default: the first root), its children, and every unit below
 * it with a target of its own; those whose status is at risk or off track are listed,
 * off track first.
 */
export async function atRisk(
  ctx: ServiceContext,
  q: AtRiskQuery,
): Promise<{ asOf: string | null; counts: Record<ForecastStatus, number>; items: UnitEvaluation[] }> {
  const cat = await loadCatalogue(ctx.db);
  let programmeId: number | undefined;
  if (q.programme) {
    const p = await programmesRepository.byCode(ctx.db, q.programme);
    if (!p) throw new NotFoundError(`no programme with code ${q.programme}`);
    programmeId = p.id;
  }
  const root = toUnit(await requireVisibleUnit(ctx, q.unit));
  const indicators = await indicatorsRepository.list(ctx.db, { programmeId });
  const targets = await indicatorsRepository.targets(ctx.db, { indicatorIds: indicators.map((i) => i.id) });
  const codes = [...new Set(targets.map((t) => t.indicator))].sort();
  const children = await orgUnitsRepository.children(ctx.db, root.id);
  const ownIds = [...new Set(targets.map((t) => t.org_unit_id).filter((id): id is number => id !== null))];
  const own = await orgUnitsRepository.byIdsUnder(ctx.db, ownIds, root.path);
  const units = new Map<number, Unit>([
    [root.id, root],
    ...children.map((c) => [c.id, c] as const),
    ...own.map((c) => [c.id, c] as const),
  ]);
  const evaluations = await evaluateMany(ctx, cat, codes, root, [...units.values()], q.asOf, true);
  const counts: Record<ForecastStatus, number> = { achieved: 0, on_track: 0, at_risk: 0, off_track: 0, no_data: 0 };
  for (const e of evaluations) if (e.status) counts[e.status]++;
  const wanted = new Set(q.statuses ?? ['at_risk', 'off_track']);
  const order: Record<string, number> = { off_track: 0, at_risk: 1, no_data: 2, on_track: 3, achieved: 4 };
  const items = evaluations
    .filter((e) => e.status && wanted.has(e.status))
    .sort(
      (a, b) =>
        order[a.status!]! - order[b.status!]! ||
        Number(b.unit === root.code) - Number(a.unit === root.code) ||
        a.indicator.localeCompare(b.indicator) ||
        a.unit.localeCompare(b.unit),
    );
  return { asOf: q.asOf ?? null, counts, items };
}

export interface ScorecardView {
  unit: string;
  name: LocalizedText;
  period: string | null;
  asOf: string;
  assignments: Counts;
  indicators: {
    total: number;
    byStatus: Record<ForecastStatus, number>;
    meanAchievement: number | null;
    items: Array<Omit<UnitEvaluation, 'values'>>;
  };
}

/**
 * The scorecard of an org unit for a period (as of its last day, or today): on-time rate,
 * overdue and backlog counts from the supervision rollup, and the achievement and status
 * of every indicator with a target that applies to the unit.
 */
export async function unitScorecard(
  ctx: ServiceContext,
  unitCode: string,
  q: { period?: string | undefined; programme?: string | undefined },
): Promise<ScorecardView> {
  let asOf = dateOf(ctx.now());
  if (q.period) {
    const p = parsePeriod(q.period);
    if (!p)
      throw new ValidationError([
        { path: 'period', message: `'${q.period}' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)` },
      ]);
    asOf = periodEnd(p);
  }
  const unit = toUnit(await requireVisibleUnit(ctx, unitCode));
  const r = await rollup(ctx, { unit: unit.code, programme: q.programme, asOf });
  const cat = await loadCatalogue(ctx.db);
  let programmeId: number | undefined;
  if (q.programme) programmeId = (await programmesRepository.byCode(ctx.db, q.programme))?.id;
  const indicators = await indicatorsRepository.list(ctx.db, { programmeId });
  const targets = await indicatorsRepository.targets(ctx.db, { indicatorIds: indicators.map((i) => i.id) });
  const codes = [...new Set(targets.map((t) => t.indicator))].sort();
  const evaluations = await evaluateMany(ctx, cat, codes, unit, [unit], asOf, true);
  const card = scorecardOf(
    [],
    evaluations.map((e) => ({ achievement: e.achievement, status: e.status ?? 'no_data' })),
  );
  return {
    unit: unit.code,
    name: unit.name,
    period: q.period ? formatPeriod(parsePeriod(q.period)!) : null,
    asOf,
    assignments: r.counts,
    indicators: {
      total: card.indicators.total,
      byStatus: card.indicators.byStatus,
      meanAchievement: card.indicators.meanAchievement,
      items: evaluations.map(({ values: _v, ...rest }) => rest),
    },
  };
}

// ---------------------------------------------------------------------------------------
// Composite index rankings

async function compositeResult(
  ctx: ServiceContext,
  indexCode: string,
  periodCode: string,
): Promise<{
  result: CompositeResult;
  units: Map<string, Unit>;
  index: Awaited<ReturnType<typeof requireComposite>>;
  period: string;
}> {
  const index = await requireComposite(ctx.db, indexCode);
  const period = parsePeriod(periodCode);
  if (!period)
    throw new ValidationError([
      { path: 'period', message: `'${periodCode}' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)` },
    ]);
  const scope = (await orgUnitsRepository.byCode(ctx.db, index.scope))!;
  const unitRows = await orgUnitsRepository.ofKindUnderByCode(ctx.db, index.unitKind, scope.path);
  const cat = await loadCatalogue(ctx.db);
  const ids = unitRows.map((u) => u.id);
  const values = new Map<number, Record<string, number | null>>(unitRows.map((u) => [u.id, {}]));
  const directions = new Map<string, Direction>();
  for (const pillar of index.config.pillars)
    for (const entry of pillar.indicators) {
      const e = cat.get(entry.indicator);
      if (!e) throw new ValidationError([{ path: 'config', message: `unknown indicator '${entry.indicator}'` }]);
      directions.set(entry.indicator, e.direction as Direction);
      const series = await aggregateSeries(ctx.db, cat, entry.indicator, {
        rootPath: scope.path,
        group: { ids },
        periodType: period.type,
        from: periodStart(period),
        to: periodEnd(period),
      });
      for (const [id, periods] of series) {
        const v = [...periods.values()][0];
        if (v !== undefined) values.get(id)![entry.indicator] = v;
      }
    }
  const result = computeComposite(
    index.config,
    unitRows.map((u) => ({ unit: u.code, values: values.get(u.id)! })),
    { directions },
  );
  return { result, units: new Map(unitRows.map((u) => [u.code, u])), index, period: formatPeriod(period) };
}

export async function ranking(ctx: ServiceContext, indexCode: string, periodCode: string) {
  const { result, units, index, period } = await compositeResult(ctx, indexCode, periodCode);
  return {
    index: index.code,
    name: index.name,
    period,
    normalisation: result.normalisation,
    missingRule: result.missingRule,
    synthetic: index.synthetic,
    units: result.units.map((u) => ({
      rank: u.rank,
      unit: u.unit,
      name: units.get(u.unit)?.name ?? {},
      score: u.score,
      coverage: u.coverage,
      complete: u.complete,
      pillars: u.pillars.map((p) => ({ pillar: p.pillar, score: p.score })),
    })),
  };
}

export async function explainRanking(ctx: ServiceContext, indexCode: string, unitCode: string, periodCode: string) {
  const { result, units, index, period } = await compositeResult(ctx, indexCode, periodCode);
  const unit = units.get(unitCode);
  const explained = unit && indicatorPolicy.canExplainRanking(ctx.actor, unit) ? explainUnit(result, unitCode) : null;
  if (!explained)
    throw new NotFoundError(
      `${unitCode} is not ranked in ${indexCode} (units of kind ${index.unitKind} under ${index.scope})`,
    );
  return {
    index: index.code,
    period,
    name: units.get(unitCode)?.name ?? {},
    normalisation: result.normalisation,
    missingRule: result.missingRule,
    minCoverage: result.minCoverage,
    rankedUnits: result.units.filter((u) => u.rank !== null).length,
    indicators: result.indicators,
    ...explained,
  };
}
