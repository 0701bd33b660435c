/**
 * All SQL of data values: batched upserts, raw listings for export, and the set-based
 * aggregation of one indicator over an org subtree and a period range.
 *
 * Aggregation is two GROUP BYs (see src/domain/indicators/aggregate.ts for the rules):
 *  1. per unit and target period, the unit's values over time (last / sum / mean) — or,
 *     for a formula computed per unit, its inputs so aggregated, pivoted, and the formula
 *     compiled to a SQL expression;
 *  2. per group unit (an ancestor taken from the materialised path) and period, the
 *     mergeable summary count, sum, min, max, Σw·v, Σw and the count meeting a threshold.
 * The service reads the aggregate from the summary with the domain's readAccumulator, so
 * SQL and the pure aggregateTree share the last step.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import { inSubtrees } from './scope.js';
import { copyField } from '../copy.js';
import type { FormulaNode, TimeAggregation, UnitAggregation, Comparison } from '../../domain/indicators/index.js';
import type { PeriodType } from '../../domain/period.js';
import { pathPartAt } from '../../domain/org-unit.js';
import { activeValueFlag } from './inspections.repository.js';

export const PERIOD_TYPE_RANK: Record<PeriodType, number> = { month: 0, quarter: 1, year: 2 };
export const PERIOD_TYPES_BY_RANK: PeriodType[] = ['month', 'quarter', 'year'];

export interface ValueBatch {
  indicatorIds: number[];
  unitIds: number[];
  periods: string[];
  types: number[];
  starts: string[];
  ends: string[];
  values: number[];
  sources: Array<string | null>;
  comments: Array<string | null>;
}

export function emptyBatch(): ValueBatch {
  return {
    indicatorIds: [],
    unitIds: [],
    periods: [],
    types: [],
    starts: [],
    ends: [],
    values: [],
    sources: [],
    comments: [],
  };
}

/** A stored indicator read per unit with its time aggregation. */
export interface StoredSource {
  kind: 'stored';
  indicatorId: number;
  time: TimeAggregation;
}

/** A formula computed per unit over stored inputs (nested formulas already inlined). */
export interface FormulaSource {
  kind: 'formula';
  ast: FormulaNode;
  inputs: ReadonlyMap<string, StoredSource>;
}

export type UnitSource = StoredSource | FormulaSource;

/** Which units, periods and values an aggregate covers. */
export interface AggregateRange {
  /** Materialised path of the subtree root. */
  rootPath: string;
  /** Group by the ancestor at this depth, or by membership of a set of units (each unit's subtree). */
  group: { depth: number } | { ids: number[] };
  periodType: PeriodType;
  /** First and last day of the range (aligned to periodType). */
  from: string;
  to: string;
  /** Approved values only, leaving out those flagged by an open inspection discrepancy. */
  approvedOnly?: boolean | undefined;
}

export interface AggregateSpec extends AggregateRange {
  source: UnitSource;
  method: UnitAggregation;
  /** For weighted_mean: the weight's source. */
  weight?: UnitSource | undefined;
}

export interface SummaryRow {
  unit_id: number;
  p: string;
  n: number;
  s: number;
  mn: number;
  mx: number;
  ws: number | null;
  wt: number | null;
  meeting: number;
}

const COMPARISON_SQL: Record<Comparison, string> = { gte: '>=', gt: '>', lte: '<=', lt: '<', eq: '=' };

function timeAggregate(time: TimeAggregation): RawBuilder<number> {
  switch (time) {
    case 'last':
      return sql<number>`(array_agg(v.value ORDER BY v.period_end DESC, v.period_type ASC))[1]`;
    case 'sum':
      return sql<number>`sum(v.value)`;
    case 'mean':
      return sql<number>`avg(v.value)`;
  }
}

interface Range {
  rootPath: string;
  periodType: PeriodType;
  from: string;
  to: string;
  approvedOnly?: boolean | undefined;
}

/** (org_unit_id, path, p, value): one stored indicator per unit and target period. */
function storedUnitValues(s: StoredSource, r: Range): RawBuilder<unknown> {
  const rank = PERIOD_TYPE_RANK[r.periodType];
  const approved = r.approvedOnly ? sql` AND v.review_state = 'approved' AND NOT ${activeValueFlag('v')}` : sql``;
  const where = sql`v.indicator_id = ${s.indicatorId} AND v.period_start BETWEEN ${r.from}::date AND ${r.to}::date AND u.path LIKE ${`${r.rootPath}%`}${approved}`;
  if (rank === 0)
    return sql`SELECT v.org_unit_id, u.path, v.period_start AS p, v.value FROM data_values v JOIN org_units u ON u.id = v.org_unit_id WHERE ${where} AND v.period_type = 0`;
  return sql`SELECT v.org_unit_id, u.path, date_trunc(${r.periodType}, v.period_start::timestamp)::date AS p, ${timeAggregate(s.time)} AS value
    FROM data_values v JOIN org_units u ON u.id = v.org_unit_id WHERE ${where} AND v.period_type <= ${rank}
    GROUP BY v.org_unit_id, u.path, 3`;
}

/**
 * A formula as a SQL expression over pivoted inputs (`x.k` names the input, `x.value`
 * its value). Same rules as evaluateFormula: a missing input, a division by zero or a
 * bad round() gives NULL; min/max of anything NULL is NULL (unlike LEAST/GREATEST).
 */
export function formulaSql(node: FormulaNode): RawBuilder<number> {
  switch (node.kind) {
    case 'number':
      return sql<number>`${node.value}::float8`;
    case 'ref':
      return sql<number>`max(x.value) FILTER (WHERE x.k = ${node.code})`;
    case 'neg':
      return sql<number>`(- ${formulaSql(node.operand)})`;
    case 'binary': {
      const a = formulaSql(node.left);
      const b = formulaSql(node.right);
      if (node.op === '/') return sql<number>`(${a} / nullif(${b}, 0::float8))`;
      return sql<number>`(${a} ${sql.raw(node.op)} ${b})`;
    }
    case 'call': {
      const args = node.args.map(formulaSql);
      if (node.fn === 'abs') return sql<number>`abs(${args[0]!})`;
      if (node.fn === 'round') {
        if (args.length === 1) return sql<number>`round((${args[0]!})::numeric)::float8`;
        const d = args[1]!;
        return sql<number>`CASE WHEN ${d} = trunc(${d}) AND ${d} BETWEEN 0 AND 12 THEN round((${args[0]!})::numeric, (${d})::int)::float8 END`;
      }
      const anyNull = sql.join(
        args.map((a) => sql`(${a}) IS NULL`),
        sql` OR `,
      );
      return sql<number>`CASE WHEN ${anyNull} THEN NULL ELSE ${sql.raw(node.fn === 'min' ? 'least' : 'greatest')}(${sql.join(args)}) END`;
    }
  }
}

function unitValues(source: UnitSource, r: Range): RawBuilder<unknown> {
  if (source.kind === 'stored') return storedUnitValues(source, r);
  const parts = [...source.inputs].map(
    ([code, s]) => sql`SELECT ${code}::text AS k, i.* FROM (${storedUnitValues(s, r)}) i`,
  );
  if (parts.length === 0)
    return sql`SELECT NULL::int AS org_unit_id, NULL::text AS path, NULL::date AS p, NULL::float8 AS value WHERE false`;
  return sql`SELECT x.org_unit_id, x.path, x.p, ${formulaSql(source.ast)} AS value FROM (${sql.join(parts, sql` UNION ALL `)}) x GROUP BY x.org_unit_id, x.path, x.p`;
}

/** Stored values with their indicator's and unit's codes. */
function selectValues(db: Db) {
  return db
    .selectFrom('data_values as v')
    .innerJoin('indicators as i', 'i.id', 'v.indicator_id')
    .innerJoin('org_units as u', 'u.id', 'v.org_unit_id')
    .select([
      'i.code as indicator',
      'u.code as unit',
      'v.period',
      'v.value',
      'v.source',
      'v.comment',
      'v.entered_by',
      'v.entered_at',
      'v.review_state',
    ]);
}

export const dataValuesRepository = {
  /**
   * Inserts or replaces a batch in one statement (arrays unnested server-side). A row equal
   * to the stored one (value, comment and source) is left alone; returns how many rows were
   * inserted and how many replaced (the rest were ignored). `mode`: create_and_update
   * (default), create (existing rows ignored), update (new rows ignored).
   */
  async upsert(
    db: Db,
    b: ValueBatch,
    enteredBy: string,
    enteredAt: Date,
    mode: 'create_and_update' | 'create' | 'update' = 'create_and_update',
  ): Promise<{ imported: number; updated: number }> {
    if (b.values.length === 0) return { imported: 0, updated: 0 };
    const rows = sql`unnest(${b.indicatorIds}::int[], ${b.unitIds}::int[], ${b.periods}::text[], ${b.types}::int2[], ${b.starts}::date[], ${b.ends}::date[], ${b.values}::float8[], ${b.sources}::text[], ${b.comments}::text[])`;
    if (mode === 'update') {
      const r = await sql<{ n: number }>`WITH w AS (UPDATE data_values d SET
          value = x.value, period = x.period, source = x.source, comment = x.comment,
          entered_by = ${enteredBy}::text, entered_at = ${enteredAt.toISOString()}::timestamptz, review_state = 'submitted'
        FROM ${rows} AS x(indicator_id, org_unit_id, period, period_type, period_start, period_end, value, source, comment)
        WHERE d.indicator_id = x.indicator_id AND d.org_unit_id = x.org_unit_id AND d.period_type = x.period_type AND d.period_start = x.period_start
          AND (d.value IS DISTINCT FROM x.value OR d.comment IS DISTINCT FROM x.comment OR d.source IS DISTINCT FROM x.source)
        RETURNING 1) SELECT count(*)::int AS n FROM w`.execute(db);
      return { imported: 0, updated: r.rows[0]!.n };
    }
    const onConflict =
      mode === 'create'
        ? sql`DO NOTHING`
        : sql`DO UPDATE SET
        value = excluded.value, period = excluded.period, source = excluded.source, comment = excluded.comment,
        entered_by = excluded.entered_by, entered_at = excluded.entered_at, review_state = 'submitted'
        WHERE data_values.value IS DISTINCT FROM excluded.value OR data_values.comment IS DISTINCT FROM excluded.comment
          OR data_values.source IS DISTINCT FROM excluded.source`;
    const r = await sql<{ imported: number; updated: number }>`WITH w AS (
      INSERT INTO data_values (indicator_id, org_unit_id, period, period_type, period_start, period_end, value, source, comment, entered_by, entered_at)
      SELECT x.*, ${enteredBy}::text, ${enteredAt.toISOString()}::timestamptz FROM ${rows} AS x
      ON CONFLICT (indicator_id, period_start, period_type, org_unit_id) ${onConflict}
      RETURNING (xmax = 0) AS inserted)
      SELECT (count(*) FILTER (WHERE inserted))::int AS imported, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM w`.execute(
      db,
    );
    return r.rows[0]!;
  },

  /** Deletes the batch's indicator × unit × period keys; returns how many were stored. */
  async deleteKeys(db: Db, b: ValueBatch): Promise<number> {
    if (b.values.length === 0) return 0;
    const r = await sql<{ n: number }>`WITH w AS (DELETE FROM data_values d
      USING unnest(${b.indicatorIds}::int[], ${b.unitIds}::int[], ${b.types}::int2[], ${b.starts}::date[]) AS x(i, u, t, s)
      WHERE d.indicator_id = x.i AND d.org_unit_id = x.u AND d.period_type = x.t AND d.period_start = x.s RETURNING 1)
      SELECT count(*)::int AS n FROM w`.execute(db);
    return r.rows[0]!.n;
  },

  /**
   * Bulk write through COPY: straight into data_values when none of the batch's
   * indicators has a value in the batch's date span (a first import), else through a
   * temporary table and one INSERT … ON CONFLICT DO UPDATE. Must run in a transaction.
   */
  async copy(
    db: Db,
    b: ValueBatch,
    enteredBy: string,
    enteredAt: Date,
  ): Promise<{ imported: number; updated: number }> {
    if (b.values.length === 0) return { imported: 0, updated: 0 };
    const ids = [...new Set(b.indicatorIds)];
    let first = b.starts[0]!;
    let last = first;
    for (const s of b.starts)
      if (s < first) first = s;
      else if (s > last) last = s;
    const overlap = await sql<{
      x: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM data_values WHERE indicator_id IN (${sql.join(ids)}) AND period_start BETWEEN ${first}::date AND ${last}::date) AS x`.execute(
      db,
    );
    const direct = !overlap.rows[0]!.x;
    const by = copyField(enteredBy);
    const at = enteredAt.toISOString();
    const target = direct ? sql.raw('data_values') : sql.raw('data_values_in');
    if (!direct)
      await sql`CREATE TEMP TABLE data_values_in (indicator_id int, org_unit_id int, period text, period_type int2, period_start date, period_end date, value float8, source text, comment text, entered_by text, entered_at timestamptz) ON COMMIT DROP`.execute(
        db,
      );
    const CHUNK = 100_000;
    for (let k = 0; k < b.values.length; k += CHUNK) {
      const lines: string[] = [];
      const end = Math.min(b.values.length, k + CHUNK);
      for (let i = k; i < end; i++)
        lines.push(
          `${b.indicatorIds[i]}\t${b.unitIds[i]}\t${b.periods[i]}\t${b.types[i]}\t${b.starts[i]}\t${b.ends[i]}\t${b.values[i]}\t${copyField(b.sources[i])}\t${copyField(b.comments[i])}\t${by}\t${at}`,
        );
      await sql`COPY ${target} (indicator_id, org_unit_id, period, period_type, period_start, period_end, value, source, comment, entered_by, entered_at) FROM STDIN ${`${lines.join('\n')}\n`}`.execute(
        db,
      );
    }
    if (!direct) {
      const r = await sql<{ imported: number; updated: number }>`WITH w AS (
        INSERT INTO data_values (indicator_id, org_unit_id, period, period_type, period_start, period_end, value, source, comment, entered_by, entered_at)
        SELECT * FROM data_values_in
        ON CONFLICT (indicator_id, period_start, period_type, org_unit_id) DO UPDATE SET
          value = excluded.value, period = excluded.period, source = excluded.source, comment = excluded.comment,
          entered_by = excluded.entered_by, entered_at = excluded.entered_at, review_state = 'submitted'
          WHERE data_values.value IS DISTINCT FROM excluded.value OR data_values.comment IS DISTINCT FROM excluded.comment
            OR data_values.source IS DISTINCT FROM excluded.source
        RETURNING (xmax = 0) AS inserted)
        SELECT (count(*) FILTER (WHERE inserted))::int AS imported, (count(*) FILTER (WHERE NOT inserted))::int AS updated FROM w`.execute(
        db,
      );
      await sql`DROP TABLE data_values_in`.execute(db);
      return r.rows[0]!;
    }
    return { imported: b.values.length, updated: 0 };
  },

  /** Fresh planner statistics after a bulk write, so the next aggregation gets a hash plan. */
  async analyze(db: Db): Promise<void> {
    await sql`ANALYZE data_values`.execute(db);
  },

  /** One stored value with codes (or undefined). */
  one(db: Db, indicatorId: number, unitId: number, type: number, start: string) {
    return selectValues(db)
      .where('v.indicator_id', '=', indicatorId)
      .where('v.org_unit_id', '=', unitId)
      .where('v.period_type', '=', type)
      .where('v.period_start', '=', start)
      .executeTakeFirst();
  },

  async setReview(
    db: Db,
    indicatorId: number,
    unitId: number,
    type: number,
    start: string,
    state: string,
    comment: string | null,
  ): Promise<boolean> {
    const r = await db
      .updateTable('data_values')
      .set({ review_state: state, ...(comment !== null ? { comment } : {}) })
      .where((eb) => eb.and({ indicator_id: indicatorId, org_unit_id: unitId, period_type: type, period_start: start }))
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  async deleteOne(db: Db, indicatorId: number, unitId: number, type: number, start: string): Promise<boolean> {
    const r = await db
      .deleteFrom('data_values')
      .where((eb) => eb.and({ indicator_id: indicatorId, org_unit_id: unitId, period_type: type, period_start: start }))
      .executeTakeFirst();
    return r.numDeletedRows === 1n;
  },

  /** Stored values (not aggregated) for export: optional indicators, a unit subtree, a date range. */
  list(
    db: Db,
    f: {
      indicatorIds?: number[] | undefined;
      rootPath?: string | undefined;
      from?: string | undefined;
      to?: string | undefined;
      approvedOnly?: boolean | undefined;
      /** The reader's scope (subtree roots); undefined = all. */
      scope?: readonly string[] | undefined;
    },
  ) {
    const scoped = inSubtrees('u.path', f.scope);
    let q = selectValues(db);
    if (f.indicatorIds) q = q.where('v.indicator_id', 'in', f.indicatorIds.length ? f.indicatorIds : [-1]);
    if (f.rootPath) q = q.where('u.path', 'like', `${f.rootPath}%`);
    if (f.from) q = q.where('v.period_start', '>=', f.from);
    if (f.to) q = q.where('v.period_end', '<=', f.to);
    if (f.approvedOnly) q = q.where('v.review_state', '=', 'approved').where(sql<boolean>`NOT ${activeValueFlag('v')}`);
    if (scoped) q = q.where(scoped);
    return q.orderBy('i.code').orderBy('u.code').orderBy('v.period_start').orderBy('v.period_type').execute();
  },

  /** The finest period type and the span of the stored values of some indicators. */
  bounds(db: Db, indicatorIds: number[]) {
    return db
      .selectFrom('data_values')
      .select([
        sql<number | null>`min(period_type)`.as('finest'),
        sql<string | null>`min(period_start)`.as('first'),
        sql<string | null>`max(period_end)`.as('last'),
      ])
      .where('indicator_id', 'in', indicatorIds.length ? indicatorIds : [-1])
      .executeTakeFirstOrThrow();
  },

  /** The mergeable summary per group unit and period (see the module comment). */
  async summarise(db: Db, spec: AggregateSpec): Promise<SummaryRow[]> {
    if ('ids' in spec.group && spec.group.ids.length === 0) return [];
    const range: Range = {
      rootPath: spec.rootPath,
      periodType: spec.periodType,
      from: spec.from,
      to: spec.to,
      approvedOnly: spec.approvedOnly,
    };
    const weighted = spec.method.method === 'weighted_mean' && spec.weight !== undefined;
    const m = spec.method;
    const meeting =
      m.method === 'share_meeting_threshold'
        ? sql`count(*) FILTER (WHERE uv.value ${sql.raw(COMPARISON_SQL[m.comparison])} ${m.threshold}::float8)`
        : sql`0`;
    const wOk = sql`wv.value IS NOT NULL AND wv.value >= 0`;
    const ws = weighted ? sql`sum(wv.value * uv.value) FILTER (WHERE ${wOk})` : sql`NULL::float8`;
    const wt = weighted ? sql`sum(wv.value) FILTER (WHERE ${wOk})` : sql`NULL::float8`;
    const join = weighted
      ? sql`LEFT JOIN (${unitValues(spec.weight!, range)}) wv ON wv.org_unit_id = uv.org_unit_id AND wv.p = uv.p`
      : sql``;
    let key: RawBuilder<unknown>;
    let groupJoin = sql``;
    let groupWhere: RawBuilder<unknown>;
    if ('depth' in spec.group) {
      key = sql`split_part(uv.path, '/', ${pathPartAt(spec.group.depth)}::int)::int`;
      groupWhere = sql`split_part(uv.path, '/', ${pathPartAt(spec.group.depth)}::int) <> ''`;
    } else {
      key = sql`anc.id::int`;
      groupJoin = sql`CROSS JOIN LATERAL unnest(string_to_array(uv.path, '/')) AS anc(id)`;
      groupWhere = sql`anc.id IN (${sql.join(spec.group.ids.map(String))})`;
    }
    // Grouped by the date, cast to text after grouping (measured: about a quarter faster).
    const r =
      await sql<SummaryRow>`SELECT ${key} AS unit_id, uv.p::text AS p, count(*)::int AS n, sum(uv.value) AS s, min(uv.value) AS mn, max(uv.value) AS mx,
        ${ws} AS ws, ${wt} AS wt, ${meeting}::int AS meeting
      FROM (${unitValues(spec.source, range)}) uv ${join} ${groupJoin}
      WHERE uv.value IS NOT NULL AND ${groupWhere}
      GROUP BY 1, uv.p ORDER BY 1, uv.p`.execute(db);
    return r.rows;
  },
};
