/** All SQL of the indicator definitions, their programme-node links, targets and composite indices. */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { inSubtrees } from './scope.js';
import { updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';

export interface IndicatorRow {
  id: number;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  unit: string;
  value_type: string;
  direction: string;
  aggregation: unknown;
  time_aggregation: string;
  formula: string | null;
  synthetic: boolean;
  version: number;
  nodes: Array<{ programme: string; node: string }>;
}

export interface IndicatorValues {
  name: LocalizedText;
  description: LocalizedText;
  unit: string;
  valueType: string;
  direction: string;
  aggregation: unknown;
  timeAggregation: string;
  formula: string | null;
  synthetic: boolean;
}

function selectIndicators(db: Db) {
  return db
    .selectFrom('indicators as i')
    .select([
      'i.id',
      'i.code',
      'i.name',
      'i.description',
      'i.unit',
      'i.value_type',
      'i.direction',
      'i.aggregation',
      'i.time_aggregation',
      'i.formula',
      'i.synthetic',
      'i.version',
    ])
    .select(
      sql<
        Array<{ programme: string; node: string }>
      >`coalesce((SELECT json_agg(json_build_object('programme', p.code, 'node', n.code) ORDER BY l.position)
        FROM indicator_nodes l JOIN programme_nodes n ON n.id = l.node_id JOIN programmes p ON p.id = n.programme_id WHERE l.indicator_id = i.id), '[]'::json)`.as(
        'nodes',
      ),
    )
    .$castTo<IndicatorRow>();
}

function columns(v: IndicatorValues) {
  return {
    name: JSON.stringify(v.name),
    description: JSON.stringify(v.description),
    unit: v.unit,
    value_type: v.valueType,
    direction: v.direction,
    aggregation: v.aggregation === null ? null : JSON.stringify(v.aggregation),
    time_aggregation: v.timeAggregation,
    formula: v.formula,
    synthetic: v.synthetic,
  };
}

export interface TargetRow {
  id: number;
  indicator_id: number;
  indicator: string;
  org_unit_id: number | null;
  org_unit: string | null;
  baseline_value: number;
  baseline_period: string;
  target_value: number;
  target_date: string;
  milestones: Array<{ value: number; date: string }>;
  version: number;
}

export interface TargetValues {
  baselineValue: number;
  baselinePeriod: string;
  targetValue: number;
  targetDate: string;
  milestones: Array<{ value: number; date: string }>;
}

function targetColumns(v: TargetValues) {
  return {
    baseline_value: v.baselineValue,
    baseline_period: v.baselinePeriod,
    target_value: v.targetValue,
    target_date: v.targetDate,
    milestones: JSON.stringify(v.milestones),
  };
}

function selectTargets(db: Db) {
  return db
    .selectFrom('indicator_targets as t')
    .innerJoin('indicators as i', 'i.id', 't.indicator_id')
    .leftJoin('org_units as u', 'u.id', 't.org_unit_id')
    .select([
      't.id',
      't.indicator_id',
      'i.code as indicator',
      't.org_unit_id',
      'u.code as org_unit',
      't.baseline_value',
      't.baseline_period',
      't.target_value',
      't.target_date',
      't.milestones',
      't.version',
    ]);
}

export interface CompositeRowDb {
  id: number;
  code: string;
  name: LocalizedText;
  unit_kind: string;
  scope_id: number;
  scope: string;
  config: unknown;
  synthetic: boolean;
  version: number;
}

/** Composite indices with their scope's code. */
function selectComposites(db: Db) {
  return db
    .selectFrom('composite_indices as c')
    .innerJoin('org_units as s', 's.id', 'c.scope_id')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.unit_kind',
      'c.scope_id',
      's.code as scope',
      'c.config',
      'c.synthetic',
      'c.version',
    ]);
}

export const indicatorsRepository = {
  byCode(db: Db, code: string): Promise<IndicatorRow | undefined> {
    return selectIndicators(db).where('i.code', '=', code).executeTakeFirst();
  },

  list(db: Db, filter: { programmeId?: number | undefined } = {}): Promise<IndicatorRow[]> {
    let q = selectIndicators(db);
    if (filter.programmeId !== undefined)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('indicator_nodes as l')
            .innerJoin('programme_nodes as n', 'n.id', 'l.node_id')
            .select(sql`1`.as('x'))
            .whereRef('l.indicator_id', '=', 'i.id')
            .where('n.programme_id', '=', filter.programmeId!),
        ),
      );
    return q.orderBy('i.code').execute();
  },

  /** Every indicator's code, id, value type and formula: what validation of values and formulas needs. */
  catalogue(db: Db) {
    return db
      .selectFrom('indicators')
      .select(['id', 'code', 'value_type', 'formula', 'aggregation', 'time_aggregation', 'direction'])
      .orderBy('code')
      .execute();
  },

  async insert(db: Db, code: string, v: IndicatorValues): Promise<number> {
    const { id } = await db
      .insertInto('indicators')
      .values({ code, ...columns(v) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  update(db: Db, id: number, version: number, v: IndicatorValues): Promise<boolean> {
    return updateVersioned(db, 'indicators', id, version, columns(v));
  },

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('data_values').where('indicator_id', '=', id).execute();
    await db.deleteFrom('indicators').where('id', '=', id).execute();
  },

  async setNodes(db: Db, indicatorId: number, nodeIds: number[]): Promise<void> {
    await db.deleteFrom('indicator_nodes').where('indicator_id', '=', indicatorId).execute();
    if (nodeIds.length)
      await db
        .insertInto('indicator_nodes')
        .values(nodeIds.map((node_id, position) => ({ indicator_id: indicatorId, node_id, position })))
        .execute();
  },

  /** Codes of formula indicators that read the given code. */
  async formulaReaders(db: Db): Promise<Array<{ code: string; formula: string }>> {
    return (await db
      .selectFrom('indicators')
      .select(['code', 'formula'])
      .where('formula', 'is not', null)
      .execute()) as Array<{ code: string; formula: string }>;
  },

  async isWeightOf(db: Db, code: string): Promise<string[]> {
    const rows = await db
      .selectFrom('indicators')
      .select('code')
      .where(sql<boolean>`aggregation->>'weightIndicator' = ${code}`)
      .execute();
    return rows.map((r) => r.code);
  },

  // ---- targets

  targets(
    db: Db,
    filter: {
      indicatorId?: number | undefined;
      indicatorIds?: number[] | undefined;
      /** The reader's scope (subtree roots): all-units targets and targets of units inside it; undefined = all. */
      scope?: readonly string[] | undefined;
    } = {},
  ): Promise<TargetRow[]> {
    let q = selectTargets(db);
    const scoped = inSubtrees('u.path', filter.scope);
    if (scoped) q = q.where(sql<boolean>`(t.org_unit_id IS NULL OR ${scoped})`);
    if (filter.indicatorId !== undefined) q = q.where('t.indicator_id', '=', filter.indicatorId);
    if (filter.indicatorIds) {
      if (filter.indicatorIds.length === 0) return Promise.resolve([]);
      q = q.where('t.indicator_id', 'in', filter.indicatorIds);
    }
    return q
      .orderBy('i.code')
      .orderBy(sql`u.code NULLS FIRST`)
      .execute();
  },

  /** Whether any target exists. */
  async anyTarget(db: Db): Promise<boolean> {
    return (await db.selectFrom('indicator_targets').select('id').limit(1).executeTakeFirst()) !== undefined;
  },

  targetById(db: Db, id: number): Promise<TargetRow | undefined> {
    return selectTargets(db).where('t.id', '=', id).executeTakeFirst();
  },

  targetFor(db: Db, indicatorId: number, orgUnitId: number | null): Promise<TargetRow | undefined> {
    return selectTargets(db)
      .where('t.indicator_id', '=', indicatorId)
      .where(orgUnitId === null ? sql<boolean>`t.org_unit_id IS NULL` : sql<boolean>`t.org_unit_id = ${orgUnitId}`)
      .executeTakeFirst();
  },

  async insertTarget(db: Db, indicatorId: number, orgUnitId: number | null, v: TargetValues): Promise<number> {
    const { id } = await db
      .insertInto('indicator_targets')
      .values({ indicator_id: indicatorId, org_unit_id: orgUnitId, ...targetColumns(v) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  updateTarget(db: Db, id: number, version: number, v: TargetValues): Promise<boolean> {
    return updateVersioned(db, 'indicator_targets', id, version, targetColumns(v));
  },

  async deleteTarget(db: Db, id: number): Promise<void> {
    await db.deleteFrom('indicator_targets').where('id', '=', id).execute();
  },

  // ---- composite indices

  compositeByCode(db: Db, code: string): Promise<CompositeRowDb | undefined> {
    return selectComposites(db).where('c.code', '=', code).executeTakeFirst();
  },

  composites(db: Db): Promise<CompositeRowDb[]> {
    return selectComposites(db).orderBy('c.code').execute();
  },

  async upsertComposite(
    db: Db,
    v: { code: string; name: LocalizedText; unitKind: string; scopeId: number; config: unknown; synthetic: boolean },
  ): Promise<void> {
    await db
      .insertInto('composite_indices')
      .values({
        code: v.code,
        name: JSON.stringify(v.name),
        unit_kind: v.unitKind,
        scope_id: v.scopeId,
        config: JSON.stringify(v.config),
        synthetic: v.synthetic,
      })
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({
          name: JSON.stringify(v.name),
          unit_kind: v.unitKind,
          scope_id: v.scopeId,
          config: JSON.stringify(v.config),
          synthetic: v.synthetic,
          version: sql`composite_indices.version + 1`,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  },

  async deleteComposite(db: Db, id: number): Promise<void> {
    await db.deleteFrom('composite_indices').where('id', '=', id).execute();
  },
};
