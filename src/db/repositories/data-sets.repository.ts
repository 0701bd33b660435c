/**
 * All SQL of data sets: definitions with their indicators, submissions (the state of a
 * unit's form for a period) and completeness — expected, received and on-time forms per
 * group unit × data set × period, set-wise (the pure twin is completeness() in
 * src/domain/data-sets.ts; a property test checks they agree).
 */
import { sql, type Selectable } from 'kysely';
import type { DataSetSubmissionsTable } from '../schema/data-sets.js';
import type { Db } from '../database.js';
import { addDays } from '../../domain/dates.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';

export interface DataSetRow {
  id: number;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  period_type: string;
  unit_kind: string;
  scope_id: number;
  scope: string;
  scope_path: string;
  open_offset_days: number;
  due_days: number;
  expiry_days: number | null;
  first_period: string | null;
  first_period_start: string | null;
  synthetic: boolean;
  version: number;
}

export interface DataSetValues {
  name: LocalizedText;
  description: LocalizedText;
  periodType: string;
  unitKind: string;
  scopeId: number;
  openOffsetDays: number;
  dueDays: number;
  expiryDays: number | null;
  firstPeriod: string | null;
  firstPeriodStart: string | null;
  synthetic: boolean;
}

export type SubmissionRow = Selectable<DataSetSubmissionsTable>;

function selectDataSets(db: Db) {
  return db
    .selectFrom('data_sets as d')
    .innerJoin('org_units as s', 's.id', 'd.scope_id')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.description',
      'd.period_type',
      'd.unit_kind',
      'd.scope_id',
      's.code as scope',
      's.path as scope_path',
      'd.open_offset_days',
      'd.due_days',
      'd.expiry_days',
      'd.first_period',
      sql<string | null>`to_char(d.first_period_start, 'YYYY-MM-DD')`.as('first_period_start'),
      'd.synthetic',
      'd.version',
    ]);
}

function columns(v: DataSetValues) {
  return {
    name: JSON.stringify(v.name),
    description: JSON.stringify(v.description),
    period_type: v.periodType,
    unit_kind: v.unitKind,
    scope_id: v.scopeId,
    open_offset_days: v.openOffsetDays,
    due_days: v.dueDays,
    expiry_days: v.expiryDays,
    first_period: v.firstPeriod,
    first_period_start: v.firstPeriodStart,
    synthetic: v.synthetic,
  };
}

export interface CompletenessSpec {
  dataSetIds: number[];
  from: string;
  to: string;
  asOf: string;
  /** Materialised path of the root of the view: only reporting units under it count. */
  rootPath: string;
  /** Group by the ancestor at this depth, or by each of these units' subtrees. */
  group: { depth: number } | { ids: number[] };
}

export interface CompletenessDbRow {
  unit_id: number;
  data_set_id: number;
  period_start: string;
  expected: number;
  received: number;
  on_time: number;
}

export const dataSetsRepository = {
  list(db: Db) {
    return selectDataSets(db).orderBy('d.code').execute() as Promise<DataSetRow[]>;
  },

  byCode(db: Db, code: string) {
    return selectDataSets(db).where('d.code', '=', code).executeTakeFirst() as Promise<DataSetRow | undefined>;
  },

  /** Data sets some of whose reporting units lie in the given subtrees (undefined = all). */
  reportedIn(db: Db, scope: readonly string[] | undefined) {
    let q = selectDataSets(db);
    const scoped = inSubtrees('u.path', scope);
    if (scoped)
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('org_units as u')
            .select(sql`1`.as('x'))
            .whereRef('u.kind', '=', 'd.unit_kind')
            .where(sql<boolean>`u.path LIKE s.path || '%'`)
            .where(scoped),
        ),
      );
    return q.orderBy('d.code').execute() as Promise<DataSetRow[]>;
  },

  async insert(db: Db, code: string, v: DataSetValues): Promise<number> {
    const r = await db
      .insertInto('data_sets')
      .values({ code, ...columns(v) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  },

  async update(db: Db, id: number, version: number, v: DataSetValues): Promise<boolean> {
    const r = await db
      .updateTable('data_sets')
      .set({ ...columns(v), version: sql`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('data_sets').where('id', '=', id).execute();
  },

  async setIndicators(db: Db, dataSetId: number, indicatorIds: number[]): Promise<void> {
    await db.deleteFrom('data_set_indicators').where('data_set_id', '=', dataSetId).execute();
    if (indicatorIds.length)
      await db
        .insertInto('data_set_indicators')
        .values(indicatorIds.map((indicator_id, position) => ({ data_set_id: dataSetId, indicator_id, position })))
        .execute();
  },

  /** The indicators of data sets, in their order. */
  indicators(db: Db, dataSetIds: number[]) {
    if (dataSetIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('data_set_indicators as di')
      .innerJoin('indicators as i', 'i.id', 'di.indicator_id')
      .select([
        'di.data_set_id',
        'i.id',
        'i.code',
        'i.name',
        'i.unit',
        'i.value_type',
        'i.direction',
        'i.formula',
        'di.position',
      ])
      .where('di.data_set_id', 'in', dataSetIds)
      .orderBy('di.data_set_id')
      .orderBy('di.position')
      .execute();
  },

  /** Reporting units of a data set (kind under its scope), within a subtree and the actor's scope. */
  reportingUnits(
    db: Db,
    ds: { unit_kind: string; scope_path: string },
    f: { rootPath?: string | undefined; scope?: readonly string[] | undefined; limit?: number | undefined },
  ) {
    let q = db
      .selectFrom('org_units as u')
      .select(['u.id', 'u.code', 'u.name', 'u.path', 'u.parent_id'])
      .where('u.kind', '=', ds.unit_kind)
      .where('u.path', 'like', `${ds.scope_path}%`);
    if (f.rootPath) q = q.where('u.path', 'like', `${f.rootPath}%`);
    const scoped = inSubtrees('u.path', f.scope);
    if (scoped) q = q.where(scoped);
    return q
      .orderBy('u.path')
      .limit(f.limit ?? 10_000)
      .execute();
  },

  // ---- submissions

  submission(db: Db, dataSetId: number, unitId: number, periodStart: string) {
    return db
      .selectFrom('data_set_submissions')
      .selectAll()
      .where('data_set_id', '=', dataSetId)
      .where('org_unit_id', '=', unitId)
      .where('period_start', '=', periodStart)
      .executeTakeFirst() as Promise<SubmissionRow | undefined>;
  },

  submissionsOf(db: Db, dataSetIds: number[], unitIds: number[], from: string, to: string) {
    if (dataSetIds.length === 0 || unitIds.length === 0) return Promise.resolve([] as SubmissionRow[]);
    return db
      .selectFrom('data_set_submissions')
      .selectAll()
      .where('data_set_id', 'in', dataSetIds)
      .where('org_unit_id', 'in', unitIds)
      .where('period_start', '>=', from)
      .where('period_start', '<=', to)
      .execute() as Promise<SubmissionRow[]>;
  },

  /** Writes a submission's new state (insert or update; `expectedVersion` guards a concurrent change). */
  async putSubmission(
    db: Db,
    row: {
      dataSetId: number;
      unitId: number;
      period: string;
      periodStart: string;
      state: string;
      submittedAt: Date | null;
      submittedBy: string | null;
      comment: string | null;
      by: string;
      at: Date;
    },
    expectedVersion: number | null,
  ): Promise<boolean> {
    // What a save writes, on a new submission and on an existing one alike.
    const changes = {
      state: row.state,
      submitted_at: row.submittedAt,
      submitted_by: row.submittedBy,
      comment: row.comment,
      updated_by: row.by,
      updated_at: row.at,
    };
    if (expectedVersion === null) {
      const r = await db
        .insertInto('data_set_submissions')
        .values({
          data_set_id: row.dataSetId,
          org_unit_id: row.unitId,
          period: row.period,
          period_start: row.periodStart,
          ...changes,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('version')
        .executeTakeFirst();
      return r !== undefined;
    }
    const r = await db
      .updateTable('data_set_submissions')
      .set({ ...changes, version: sql`version + 1` })
      .where('data_set_id', '=', row.dataSetId)
      .where('org_unit_id', '=', row.unitId)
      .where('period_start', '=', row.periodStart)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  /** Stored values of some indicators for a unit, over a date span (for forms and the outlier check). */
  unitValues(db: Db, unitIds: number[], indicatorIds: number[], periodType: number, from: string, to: string) {
    if (unitIds.length === 0 || indicatorIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('data_values')
      .select(['indicator_id', 'org_unit_id', 'period', 'period_start', 'value', 'comment', 'review_state'])
      .where('indicator_id', 'in', indicatorIds)
      .where('org_unit_id', 'in', unitIds)
      .where('period_type', '=', periodType)
      .where('period_start', '>=', from)
      .where('period_start', '<=', to)
      .orderBy('period_start')
      .execute();
  },

  /**
   * Completeness, set-wise. The expected forms of a group are its reporting units (each data
   * set's unit kind, under the data set's scope and the view's root) × the data set's periods
   * whose first day lies in [from, to] and whose entry opened by asOf; they are counted, never
   * listed, so the cost follows the units and the submissions, not units × periods. Received
   * and on-time forms are the submissions of those units for those periods.
   */
  async completeness(db: Db, spec: CompletenessSpec): Promise<CompletenessDbRow[]> {
    if (spec.dataSetIds.length === 0) return [];
    if ('ids' in spec.group && spec.group.ids.length === 0) return [];
    const sets = await db
      .selectFrom('data_sets as d')
      .innerJoin('org_units as sc', 'sc.id', 'd.scope_id')
      .select(['d.id', 'd.period_type', 'd.unit_kind', 'd.due_days', 'd.open_offset_days', 'd.first_period_start'])
      .select('sc.path as scope_path')
      .where('d.id', 'in', spec.dataSetIds)
      .orderBy('d.id')
      .execute();
    if (sets.length === 0) return [];
    // Each data set's reporting units (its unit kind under its scope and the view's root) with their
    // group, written with the set's own values so that PostgreSQL estimates each branch well.
    const part = 'depth' in spec.group ? spec.group.depth + 2 : 0;
    const groupOf = 'depth' in spec.group ? sql`split_part(u.path, '/', ${part}::int)::int` : sql.ref('g.id');
    const unitsOf = (d: (typeof sets)[number]) =>
      'depth' in spec.group
        ? sql`u.kind = ${d.unit_kind} AND u.path LIKE ${`${d.scope_path}%`} AND u.path LIKE ${`${spec.rootPath}%`}
            AND split_part(u.path, '/', ${part}::int) <> ''`
        : sql`u.kind = ${d.unit_kind} AND u.path LIKE ${`${d.scope_path}%`} AND u.path LIKE ${`${spec.rootPath}%`}`;
    const groupJoin =
      'depth' in spec.group
        ? sql``
        : sql`JOIN org_units g ON g.id IN (${sql.join(spec.group.ids)}) AND u.path LIKE g.path || '%'`;
    const step = (type: string) =>
      type === 'month'
        ? sql`interval '1 month'`
        : type === 'quarter'
          ? sql`interval '3 months'`
          : sql`interval '1 year'`;
    const branches = sets.flatMap((d) => {
      // The periods of the range that had opened by asOf (and start no earlier than the set's first period).
      const first = d.first_period_start && d.first_period_start > spec.from ? d.first_period_start : spec.from;
      const opened = addDays(spec.asOf, -d.open_offset_days);
      const last = opened < spec.to ? opened : spec.to;
      return [
        sql`SELECT e.group_id, ${d.id}::int AS data_set_id, gs::date AS p_start, e.n AS expected, 0 AS received, 0 AS on_time
          FROM (SELECT ${groupOf} AS group_id, count(*)::int AS n FROM org_units u ${groupJoin} WHERE ${unitsOf(d)} GROUP BY 1) e
          CROSS JOIN generate_series(date_trunc(${d.period_type}, ${spec.from}::date)::timestamp, ${spec.to}::date::timestamp,
            ${step(d.period_type)}) AS gs
          WHERE gs::date >= ${first}::date AND gs::date <= ${last}::date`,
        sql`SELECT ${groupOf}, ${d.id}::int, s.period_start, 0, count(*)::int,
            (count(*) FILTER (WHERE (s.submitted_at AT TIME ZONE 'UTC')::date
              <= (s.period_start + ${step(d.period_type)} - interval '1 day')::date + ${d.due_days}::int))::int
          FROM data_set_submissions s JOIN org_units u ON u.id = s.org_unit_id ${groupJoin}
          WHERE s.data_set_id = ${d.id} AND s.state IN ('submitted', 'approved') AND ${unitsOf(d)}
            AND s.period_start >= ${first}::date AND s.period_start <= ${last}::date
            AND s.period_start = date_trunc(${d.period_type}, s.period_start)::date
          GROUP BY 1, 3`,
      ];
    });
    const r = await sql<CompletenessDbRow>`
      SELECT group_id AS unit_id, data_set_id, to_char(p_start, 'YYYY-MM-DD') AS period_start,
        sum(expected)::int AS expected, sum(received)::int AS received, sum(on_time)::int AS on_time
      FROM (${sql.join(branches, sql` UNION ALL `)}) x
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`.execute(db);
    return r.rows;
  },
};
