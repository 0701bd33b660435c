/**
 * Timeliness in SQL, set-based: the same rules as src/domain/timeliness.ts, computed
 * for every (leaf) assignment in one statement. Assignments that received no report
 * after the as-of date use their current_* columns; older as-of dates read the
 * newest effective report on or before that day.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../services/context.js';
import { addDays } from '../../domain/dates.js';
import type { LocalizedText } from '../../domain/i18n.js';

export interface AsOf {
  asOf: string;
  dueSoonDays: number;
  /** First day of the backlog period containing asOf: overdue work due before it is backlog. */
  backlogStart: string;
}

export interface SupervisionFilter {
  programmeId?: number | undefined;
  /** Materialised path of a programme node: only its subtree. */
  nodePath?: string | undefined;
  /** Materialised path of an org unit: only assignments in its subtree. */
  unitPath?: string | undefined;
  tag?: string | undefined;
  leadId?: number | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** Only assignments whose due date lies before asOf (the overdue list). */
  pastDueOnly?: boolean | undefined;
}

export type GroupDimension = 'unit' | 'subunit' | 'lead' | 'area' | 'programme';

function lastEffective(column: 'state' | 'percent', asOfEnd: string): RawBuilder<unknown> {
  return sql`(SELECT r.${sql.ref(column)} FROM progress_reports r
    WHERE r.assignment_id = a.id AND r.review_state <> 'returned' AND r.reported_at < ${asOfEnd}::timestamptz
    ORDER BY r.reported_at DESC, r.id DESC LIMIT 1)`;
}

function completionDay(asOfEnd: string): RawBuilder<string | null> {
  return sql`(SELECT (min(r.reported_at) AT TIME ZONE 'UTC')::date FROM progress_reports r
    WHERE r.assignment_id = a.id AND r.review_state <> 'returned' AND r.reported_at < ${asOfEnd}::timestamptz AND r.state = 'completed'
      AND NOT EXISTS (SELECT 1 FROM progress_reports x
        WHERE x.assignment_id = a.id AND x.review_state <> 'returned' AND x.reported_at < ${asOfEnd}::timestamptz
          AND x.state <> 'completed' AND (x.reported_at, x.id) > (r.reported_at, r.id)))`;
}

/** Leaf assignments with their status as of the date (st, pct, con) and the filter applied. */
function statusRows(db: Db, at: AsOf, f: SupervisionFilter) {
  const asOfEnd = `${addDays(at.asOf, 1)}T00:00:00Z`;
  const fresh = sql`(a.last_reported_at IS NULL OR a.last_reported_at < ${asOfEnd}::timestamptz)`;
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .select(['a.id', 'a.programme_id', 'a.node_id', 'a.org_unit_id', 'a.due_date', 'a.current_percent', 'a.last_reported_at', 'n.lead_org_unit_id', 'n.path as node_path', 'u.path as unit_path'])
    .select([
      sql<string | null>`CASE WHEN ${fresh} THEN a.current_state ELSE ${lastEffective('state', asOfEnd)} END`.as('st'),
      sql<number | null>`CASE WHEN ${fresh} THEN a.current_percent ELSE ${lastEffective('percent', asOfEnd)} END`.as('pct'),
      sql<string | null>`CASE WHEN ${fresh} THEN a.completed_on ELSE ${completionDay(asOfEnd)} END`.as('con'),
    ])
    .where('a.child_count', '=', 0);
  if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
  if (f.nodePath) q = q.where('n.path', 'like', `${f.nodePath}%`);
  if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
  if (f.tag) q = q.where(sql<boolean>`n.tags @> ARRAY[${f.tag}]::text[]`);
  if (f.leadId !== undefined) q = q.where('n.lead_org_unit_id', '=', f.leadId);
  if (f.dueFrom) q = q.where('a.due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('a.due_date', '<=', f.dueTo);
  if (f.pastDueOnly) q = q.where('a.due_date', '<', at.asOf);
  return q;
}

/** Adds the timeliness state, backlog flag and days late to the status rows. */
export function timelinessRows(db: Db, at: AsOf, f: SupervisionFilter) {
  const asOf = sql`${at.asOf}::date`;
  return db
    .selectFrom(statusRows(db, at, f).as('s'))
    .selectAll('s')
    .select([
      sql<string>`CASE
        WHEN s.st = 'completed' AND s.con IS NOT NULL THEN (CASE WHEN s.con > s.due_date THEN 'completed_late' ELSE 'completed_on_time' END)
        WHEN s.due_date < ${asOf} THEN 'overdue'
        WHEN s.due_date - ${asOf} <= ${at.dueSoonDays} THEN 'due_soon'
        WHEN s.st IS NULL OR (s.st = 'not_started' AND s.pct = 0) THEN 'not_started'
        ELSE 'on_track' END`.as('timeliness'),
      sql<boolean>`(s.due_date < ${at.backlogStart}::date AND NOT (s.st = 'completed' AND s.con IS NOT NULL) AND s.due_date < ${asOf})`.as('backlog'),
      sql<number>`CASE
        WHEN s.st = 'completed' AND s.con IS NOT NULL THEN greatest(s.con - s.due_date, 0)
        WHEN s.due_date < ${asOf} THEN ${asOf} - s.due_date
        ELSE 0 END`.as('days_late'),
    ]);
}

export interface CountsRow {
  total: number;
  not_started: number;
  on_track: number;
  due_soon: number;
  overdue: number;
  completed_on_time: number;
  completed_late: number;
  backlog: number;
}

const COUNT_COLUMNS = [
  sql<number>`count(*)`.as('total'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'not_started')`.as('not_started'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'on_track')`.as('on_track'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'due_soon')`.as('due_soon'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'overdue')`.as('overdue'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'completed_on_time')`.as('completed_on_time'),
  sql<number>`count(*) FILTER (WHERE t.timeliness = 'completed_late')`.as('completed_late'),
  sql<number>`count(*) FILTER (WHERE t.backlog)`.as('backlog'),
];

function groupKey(dim: GroupDimension, subunitIndex: number): RawBuilder<number> {
  switch (dim) {
    case 'unit':
      return sql<number>`t.org_unit_id`;
    case 'subunit':
      return sql<number>`nullif(split_part(t.unit_path, '/', ${subunitIndex}), '')::int`;
    case 'lead':
      return sql<number>`t.lead_org_unit_id`;
    case 'area':
      return sql<number>`split_part(t.node_path, '/', 2)::int`;
    case 'programme':
      return sql<number>`t.programme_id`;
  }
}

export const supervisionRepository = {
  async counts(db: Db, at: AsOf, f: SupervisionFilter): Promise<CountsRow> {
    return db.selectFrom(timelinessRows(db, at, f).as('t')).select(COUNT_COLUMNS).executeTakeFirstOrThrow();
  },

  /**
   * Counts grouped by one or two dimensions. `subunit` groups by the child of the
   * filter's unit subtree root (e.g. provinces under VN) — pass that root's depth.
   */
  async groupedCounts(db: Db, at: AsOf, f: SupervisionFilter, dims: GroupDimension[], rootDepth: number): Promise<Array<CountsRow & { k1: number | null; k2: number | null }>> {
    const keys = dims.map((d) => groupKey(d, rootDepth + 3));
    const k1 = keys[0] ?? sql<number>`NULL::int`;
    const k2 = keys[1] ?? sql<number>`NULL::int`;
    return db
      .selectFrom(timelinessRows(db, at, f).as('t'))
      .select([k1.as('k1'), k2.as('k2'), ...COUNT_COLUMNS])
      .groupBy([sql`1`, sql`2`])
      .execute() as Promise<Array<CountsRow & { k1: number | null; k2: number | null }>>;
  },

  /** One page of overdue (or only backlog) assignments with the names a list needs. */
  async overduePage(
    db: Db,
    at: AsOf,
    f: SupervisionFilter,
    page: { backlogOnly: boolean; sort: 'days_late' | 'due' | 'unit' | 'programme'; limit: number; offset: number },
  ) {
    const t = timelinessRows(db, at, { ...f, pastDueOnly: true }).as('t');
    let q = db
      .selectFrom(t)
      .innerJoin('assignments as a', 'a.id', 't.id')
      .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
      .innerJoin('programmes as p', 'p.id', 't.programme_id')
      .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
      .leftJoin('org_units as lead', 'lead.id', 't.lead_org_unit_id')
      .select([
        't.id',
        'p.code as programme',
        'n.code as node',
        'n.title',
        'u.code as unit',
        'u.name as unit_name',
        'lead.code as lead',
        'lead.name as lead_name',
        't.due_date as due',
        't.days_late',
        't.backlog',
        't.pct as percent',
        't.st as state',
        'a.last_reported_at',
        'n.tags',
      ])
      .$narrowType<{ title: LocalizedText; unit_name: LocalizedText; lead_name: LocalizedText | null }>()
      .where('t.timeliness', '=', 'overdue');
    if (page.backlogOnly) q = q.where('t.backlog', '=', true);
    switch (page.sort) {
      case 'days_late':
        q = q.orderBy('t.due_date', 'asc').orderBy('t.id');
        break;
      case 'due':
        q = q.orderBy('t.due_date', 'desc').orderBy('t.id');
        break;
      case 'unit':
        q = q.orderBy('u.code').orderBy('t.due_date').orderBy('t.id');
        break;
      case 'programme':
        q = q.orderBy('p.code').orderBy('n.code').orderBy('u.code');
        break;
    }
    const rows = await q.limit(page.limit).offset(page.offset).execute();
    const total = await db
      .selectFrom(timelinessRows(db, at, { ...f, pastDueOnly: true }).as('t'))
      .select([sql<number>`count(*) FILTER (WHERE t.timeliness = 'overdue')`.as('overdue'), sql<number>`count(*) FILTER (WHERE t.backlog)`.as('backlog')])
      .executeTakeFirstOrThrow();
    return { rows, total: page.backlogOnly ? total.backlog : total.overdue };
  },

  /** Per-assignment timeliness for a set of ids (used by the agreement test and detail views). */
  byIds(db: Db, at: AsOf, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom(timelinessRows(db, at, {}).as('t')).select(['t.id', 't.timeliness', 't.backlog', 't.days_late']).where('t.id', 'in', ids).execute();
  },

  /** Names for group keys. */
  unitNames(db: Db, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('org_units').select(['id', 'code', 'name', 'kind']).where('id', 'in', ids).execute();
  },

  nodeNames(db: Db, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('programme_nodes').select(['id', 'code', 'title']).where('id', 'in', ids).execute();
  },
};
