/**
 * Indicator definitions, their targets and composite-index definitions: create, read,
 * update, delete. Formulas are checked as a set (every formula parses, reads known
 * indicators and no cycle) before anything is written.
 */
import {
  indicatorsRepository,
  type IndicatorRow,
  type TargetRow,
  type CompositeRowDb,
} from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { nodesRepository } from '../db/repositories/nodes.repository.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { ConflictError, NotFoundError, ValidationError, problemsFromZod, type Problem } from '../domain/errors.js';
import {
  checkFormulaSet,
  compositeConfigSchema,
  indicatorInputSchema,
  targetInputSchema,
  type CompositeConfig,
  type Direction,
  type TimeAggregation,
  type UnitAggregation,
  type ValueType,
} from '../domain/indicators/index.js';
import type { LocalizedText } from '../domain/i18n.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';
import type { Db } from '../db/database.js';

export interface IndicatorView {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  unit: string;
  valueType: ValueType;
  direction: Direction;
  aggregation: UnitAggregation | null;
  timeAggregation: TimeAggregation;
  formula: string | null;
  programmeNodes: Array<{ programme: string; node: string }>;
  synthetic: boolean;
  version: number;
}

export function toIndicator(row: IndicatorRow): IndicatorView {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    unit: row.unit,
    valueType: row.value_type as ValueType,
    direction: row.direction as Direction,
    aggregation: (row.aggregation ?? null) as UnitAggregation | null,
    timeAggregation: row.time_aggregation as TimeAggregation,
    formula: row.formula,
    programmeNodes: row.nodes,
    synthetic: row.synthetic,
    version: row.version,
  };
}

export async function requireIndicator(db: Db, code: string): Promise<IndicatorRow> {
  const row = await indicatorsRepository.byCode(db, code);
  if (!row) throw new NotFoundError(`no indicator with code ${code}`);
  return row;
}

function parseIndicator(input: unknown) {
  // A body already parsed by the route carries the filled-in defaults; a null aggregation
  // (a formula's "aggregate the inputs") is the absence of one.
  if (typeof input === 'object' && input !== null && (input as { aggregation?: unknown }).aggregation === null) {
    input = { ...input };
    delete (input as { aggregation?: unknown }).aggregation;
  }
  const parsed = indicatorInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues), 'invalid indicator');
  return parsed.data;
}

/** Checks references of a definition against the stored indicators (the definition replacing any of the same code). */
async function checkReferences(db: Db, ind: ReturnType<typeof parseIndicator>): Promise<{ nodeIds: number[] }> {
  const problems: Problem[] = [];
  const catalogue = await indicatorsRepository.catalogue(db);
  const known = new Set(catalogue.map((c) => c.code));
  known.add(ind.code);
  if (ind.aggregation?.method === 'weighted_mean' && !known.has(ind.aggregation.weightIndicator))
    problems.push({
      path: 'aggregation.weightIndicator',
      message: `unknown indicator '${ind.aggregation.weightIndicator}'`,
    });
  const formulas = catalogue
    .filter((c) => c.formula !== null && c.code !== ind.code)
    .map((c) => ({ code: c.code, formula: c.formula! }));
  if (ind.formula !== undefined) formulas.push({ code: ind.code, formula: ind.formula });
  for (const p of checkFormulaSet(formulas, known))
    problems.push(p.path.startsWith(`${ind.code}.`) ? { ...p, path: p.path.slice(ind.code.length + 1) } : p);
  const nodeIds: number[] = [];
  for (const [i, link] of ind.programmeNodes.entries()) {
    const programme = await programmesRepository.byCode(db, link.programme);
    const node = programme ? await nodesRepository.byCode(db, programme.id, link.node) : undefined;
    if (!programme)
      problems.push({ path: `programmeNodes[${i}].programme`, message: `no programme with code ${link.programme}` });
    else if (!node)
      problems.push({ path: `programmeNodes[${i}].node`, message: `no node ${link.node} in ${link.programme}` });
    else nodeIds.push(node.id);
  }
  if (problems.length) throw new ValidationError(problems, 'invalid indicator');
  return { nodeIds };
}

function valuesOf(ind: ReturnType<typeof parseIndicator>) {
  return {
    name: ind.name,
    description: ind.description ?? {},
    unit: ind.unit,
    valueType: ind.valueType,
    direction: ind.direction,
    aggregation: ind.aggregation,
    timeAggregation: ind.timeAggregation,
    formula: ind.formula ?? null,
    synthetic: ind.synthetic ?? false,
  };
}

export async function listIndicators(
  ctx: ServiceContext,
  filter: { programme?: string | undefined } = {},
): Promise<IndicatorView[]> {
  let programmeId: number | undefined;
  if (filter.programme) {
    const p = await programmesRepository.byCode(ctx.db, filter.programme);
    if (!p) throw new NotFoundError(`no programme with code ${filter.programme}`);
    programmeId = p.id;
  }
  return (await indicatorsRepository.list(ctx.db, { programmeId })).map(toIndicator);
}

export async function getIndicator(ctx: ServiceContext, code: string): Promise<IndicatorView> {
  return toIndicator(await requireIndicator(ctx.db, code));
}

export async function createIndicator(ctx: ServiceContext, input: unknown): Promise<IndicatorView> {
  const ind = parseIndicator(input);
  return inTransaction(ctx, async (tx) => {
    if (await indicatorsRepository.byCode(tx.db, ind.code))
      throw new ConflictError(`an indicator with code ${ind.code} exists already`);
    const { nodeIds } = await checkReferences(tx.db, ind);
    const id = await indicatorsRepository.insert(tx.db, ind.code, valuesOf(ind));
    await indicatorsRepository.setNodes(tx.db, id, nodeIds);
    const view = toIndicator((await indicatorsRepository.byCode(tx.db, ind.code))!);
    await recordChange(tx, { action: 'create', type: 'indicator', id: ind.code, after: view });
    return view;
  });
}

/** Replaces a definition (the code stays). A value type change is refused while values are stored that do not fit it. */
export async function updateIndicator(
  ctx: ServiceContext,
  code: string,
  input: unknown,
  expectedVersion?: number,
): Promise<IndicatorView> {
  const body = typeof input === 'object' && input !== null ? { ...(input as Record<string, unknown>) } : input;
  let version = expectedVersion;
  if (typeof body === 'object' && body !== null && 'version' in body) {
    version ??= Number(body.version);
    delete (body as { version?: unknown }).version;
  }
  if (typeof body === 'object' && body !== null && !('code' in body)) (body as Record<string, unknown>).code = code;
  const ind = parseIndicator(body);
  if (ind.code !== code)
    throw new ValidationError([{ path: 'code', message: 'the code of an indicator cannot change' }]);
  return inTransaction(ctx, async (tx) => {
    const row = await requireIndicator(tx.db, code);
    const { nodeIds } = await checkReferences(tx.db, ind);
    if (!(await indicatorsRepository.update(tx.db, row.id, version ?? row.version, valuesOf(ind))))
      throw new ConflictError(`indicator ${code} was changed by someone else (version ${row.version})`);
    await indicatorsRepository.setNodes(tx.db, row.id, nodeIds);
    const view = toIndicator((await indicatorsRepository.byCode(tx.db, code))!);
    await recordChange(tx, { action: 'update', type: 'indicator', id: code, before: toIndicator(row), after: view });
    return view;
  });
}

/** Deletes an indicator with its targets and values; refused while a formula or a weighted mean reads it. */
export async function deleteIndicator(ctx: ServiceContext, code: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await requireIndicator(tx.db, code);
    const readers = (await indicatorsRepository.formulaReaders(tx.db))
      .filter((f) => f.code !== code && new RegExp(`(^|[^A-Za-z0-9_])${code}([^A-Za-z0-9_]|$)`).test(f.formula))
      .map((f) => f.code);
    const weights = (await indicatorsRepository.isWeightOf(tx.db, code)).filter((c) => c !== code);
    const users = [...new Set([...readers, ...weights])];
    if (users.length) throw new ConflictError(`indicator ${code} is read by ${users.join(', ')}`);
    await indicatorsRepository.delete(tx.db, row.id);
    await recordChange(tx, { action: 'delete', type: 'indicator', id: code, before: toIndicator(row) });
  });
}

// ---------------------------------------------------------------------------------------
// Targets

export interface TargetView {
  id: number;
  indicator: string;
  orgUnit: string | null;
  baseline: { value: number; period: string };
  target: { value: number; date: string };
  milestones: Array<{ value: number; date: string }>;
  version: number;
}

export function toTarget(row: TargetRow): TargetView {
  return {
    id: row.id,
    indicator: row.indicator,
    orgUnit: row.org_unit,
    baseline: { value: row.baseline_value, period: row.baseline_period },
    target: { value: row.target_value, date: row.target_date },
    milestones: row.milestones,
    version: row.version,
  };
}

function parseTarget(input: unknown) {
  const parsed = targetInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues), 'invalid target');
  return parsed.data;
}

export async function listTargets(ctx: ServiceContext, indicatorCode: string): Promise<TargetView[]> {
  const ind = await requireIndicator(ctx.db, indicatorCode);
  return (
    await indicatorsRepository.targets(ctx.db, { indicatorId: ind.id, scope: indicatorPolicy.readScope(ctx.actor) })
  ).map(toTarget);
}

async function resolveTargetRefs(
  db: Db,
  t: ReturnType<typeof parseTarget>,
): Promise<{ indicatorId: number; unitId: number | null; valueType: ValueType }> {
  const ind = await indicatorsRepository.byCode(db, t.indicator);
  const unit = t.orgUnit ? await orgUnitsRepository.byCode(db, t.orgUnit) : null;
  const problems: Problem[] = [];
  if (!ind) problems.push({ path: 'indicator', message: `unknown indicator '${t.indicator}'` });
  if (t.orgUnit && !unit) problems.push({ path: 'orgUnit', message: `no org unit with code ${t.orgUnit}` });
  if (problems.length) throw new ValidationError(problems, 'invalid target');
  return { indicatorId: ind!.id, unitId: unit?.id ?? null, valueType: ind!.value_type as ValueType };
}

function targetValues(t: ReturnType<typeof parseTarget>) {
  return {
    baselineValue: t.baseline.value,
    baselinePeriod: t.baseline.period,
    targetValue: t.target.value,
    targetDate: t.target.date,
    milestones: t.milestones,
  };
}

export async function createTarget(ctx: ServiceContext, input: unknown): Promise<TargetView> {
  const t = parseTarget(input);
  return inTransaction(ctx, async (tx) => {
    const { indicatorId, unitId } = await resolveTargetRefs(tx.db, t);
    if (await indicatorsRepository.targetFor(tx.db, indicatorId, unitId))
      throw new ConflictError(`indicator ${t.indicator} has a target for ${t.orgUnit ?? 'all units'} already`);
    const id = await indicatorsRepository.insertTarget(tx.db, indicatorId, unitId, targetValues(t));
    const view = toTarget((await indicatorsRepository.targetById(tx.db, id))!);
    await recordChange(tx, { action: 'create', type: 'target', id, after: view });
    return view;
  });
}

export async function updateTarget(
  ctx: ServiceContext,
  id: number,
  input: unknown,
  expectedVersion?: number,
): Promise<TargetView> {
  return inTransaction(ctx, async (tx) => {
    const row = await indicatorsRepository.targetById(tx.db, id);
    if (!row) throw new NotFoundError(`no target ${id}`);
    const body = {
      indicator: row.indicator,
      orgUnit: row.org_unit,
      ...(typeof input === 'object' && input !== null ? input : {}),
    } as Record<string, unknown>;
    const version = expectedVersion ?? (typeof body.version === 'number' ? body.version : row.version);
    delete body.version;
    const t = parseTarget(body);
    if (t.indicator !== row.indicator || (t.orgUnit ?? null) !== row.org_unit)
      throw new ValidationError([
        {
          path: t.indicator !== row.indicator ? 'indicator' : 'orgUnit',
          message: 'the indicator and org unit of a target cannot change',
        },
      ]);
    if (!(await indicatorsRepository.updateTarget(tx.db, id, version, targetValues(t))))
      throw new ConflictError(`target ${id} was changed by someone else (version ${row.version})`);
    const view = toTarget((await indicatorsRepository.targetById(tx.db, id))!);
    await recordChange(tx, { action: 'update', type: 'target', id, before: toTarget(row), after: view });
    return view;
  });
}

export async function deleteTarget(ctx: ServiceContext, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await indicatorsRepository.targetById(tx.db, id);
    if (!row) throw new NotFoundError(`no target ${id}`);
    await indicatorsRepository.deleteTarget(tx.db, id);
    await recordChange(tx, { action: 'delete', type: 'target', id, before: toTarget(row) });
  });
}

// ---------------------------------------------------------------------------------------
// Composite indices

export interface CompositeView {
  code: string;
  name: LocalizedText;
  unitKind: string;
  scope: string;
  config: CompositeConfig;
  synthetic: boolean;
  version: number;
}

export function toComposite(row: CompositeRowDb): CompositeView {
  return {
    code: row.code,
    name: row.name,
    unitKind: row.unit_kind,
    scope: row.scope,
    config: row.config as CompositeConfig,
    synthetic: row.synthetic,
    version: row.version,
  };
}

export interface CompositeInput {
  code: string;
  name: LocalizedText;
  unitKind: string;
  scope: string;
  config: unknown;
  synthetic?: boolean | undefined;
}

/** Creates or replaces a composite index definition; every indicator it names must exist. */
export async function saveComposite(ctx: ServiceContext, input: CompositeInput): Promise<CompositeView> {
  const parsed = compositeConfigSchema.safeParse(input.config);
  const problems: Problem[] = parsed.success ? [] : problemsFromZod(parsed.error.issues, 'config');
  return inTransaction(ctx, async (tx) => {
    const scope = await orgUnitsRepository.byCode(tx.db, input.scope);
    if (!scope) problems.push({ path: 'scope', message: `no org unit with code ${input.scope}` });
    if (parsed.success) {
      const known = new Set((await indicatorsRepository.catalogue(tx.db)).map((c) => c.code));
      parsed.data.pillars.forEach((p, pi) =>
        p.indicators.forEach((i, ii) => {
          if (!known.has(i.indicator))
            problems.push({
              path: `config.pillars[${pi}].indicators[${ii}].indicator`,
              message: `unknown indicator '${i.indicator}'`,
            });
        }),
      );
    }
    if (problems.length) throw new ValidationError(problems, 'invalid composite index');
    await indicatorsRepository.upsertComposite(tx.db, {
      code: input.code,
      name: input.name,
      unitKind: input.unitKind,
      scopeId: scope!.id,
      config: parsed.data,
      synthetic: input.synthetic ?? false,
    });
    const view = toComposite((await indicatorsRepository.compositeByCode(tx.db, input.code))!);
    await recordChange(tx, { action: 'save', type: 'composite_index', id: input.code, after: view });
    return view;
  });
}

export async function listComposites(ctx: ServiceContext): Promise<CompositeView[]> {
  return (await indicatorsRepository.composites(ctx.db)).map(toComposite);
}

export async function requireComposite(db: Db, code: string): Promise<CompositeView> {
  const row = await indicatorsRepository.compositeByCode(db, code);
  if (!row) throw new NotFoundError(`no composite index with code ${code}`);
  return toComposite(row);
}
