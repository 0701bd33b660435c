/**
 * Timeliness in SQL, set-based: the same rules as src/domain/timeliness.ts, computed
 * for every (leaf) assignment in one statement. Assignments that received no report
 * after the as-of date use their current_* columns; older as-of dates read the
 * newest effective report on or before that day.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import { addDays } from '../../domain/dates.js';
import { pathPartAt } from '../../domain/org-unit.js';
import { inSubtrees } from './scope.js';
import { listNamesPage } from './list-names.js';

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
  /** Only assignments overdue as of asOf (the overdue list). */
  overdueOnly?: boolean | undefined;
  /** The actor's scope (subtree roots): only assignments whose unit lies in it; undefined = all. */
  scope?: readonly string[] | undefined;
}

export interface ListPage {
  /** Only these timeliness states (all when empty or absent). */
  timeliness?: readonly string[] | undefined;
  backlogOnly: boolean;
  sort: 'days_late' | 'due' | 'unit' | 'programme';
  limit: number;
  offset: number;
}

export type GroupDimension = 'unit' | 'subunit' | 'lead' | 'area' | 'programme';

/** The state or percent of the newest effective (not returned) report before the end of the as-of day. */
export function lastEffective(column: 'state' | 'percent', asOfEnd: string): RawBuilder<unknown> {
  return sql`(SELECT r.${sql.ref(column)} FROM progress_reports r
    WHERE r.assignment_id = a.id AND r.review_state <> 'returned' AND r.reported_at < ${asOfEnd}::timestamptz
    ORDER BY r.reported_at DESC, r.id DESC LIMIT 1)`;
}

/** The day the assignment was completed (its first completed report with no later non-completed one), as of the day. */
export function completionDay(asOfEnd: string): RawBuilder<string | null> {
  return sql`(SELECT (min(r.reported_at) AT TIME ZONE 'UTC')::date FROM progress_reports r
    WHERE r.assignment_id = a.id AND r.review_state <> 'returned' AND r.reported_at < ${asOfEnd}::timestamptz AND r.state = 'completed'
      AND NOT EXISTS (SELECT 1 FROM progress_reports x
        WHERE x.assignment_id = a.id AND x.review_state <> 'returned' AND x.reported_at < ${asOfEnd}::timestamptz
          AND x.state <> 'completed' AND (x.reported_at, x.id) > (r.reported_at, r.id)))`;
}

/** Which joined columns a query needs: joins are made only when a filter or a column needs them. */
export interface Needs {
  node?: boolean;
  unit?: boolean;
}

/**
 * One branch of the status rows before its filter: the assignment columns, the node and unit
 * columns (NULL when not joined) and the status as of the day, from the current_* columns
 * (`fresh`) or from the report history.
 */
export function statusBranch(db: Db, fresh: boolean, asOfEnd: string, joins: Needs) {
  const joinNode = joins.node === true;
  const joinUnit = joins.unit === true;
  return db
    .selectFrom('assignments as a')
    .$if(joinNode, (q) => q.innerJoin('programme_nodes as n', 'n.id', 'a.node_id'))
    .$if(joinUnit, (q) => q.innerJoin('org_units as u', 'u.id', 'a.org_unit_id'))
    .select(['a.id', 'a.programme_id', 'a.node_id', 'a.org_unit_id', 'a.due_date', 'a.last_reported_at'])
    .select([
      (joinNode ? sql<number | null>`n.lead_org_unit_id` : sql<number | null>`NULL::int`).as('lead_org_unit_id'),
      (joinNode ? sql<string>`n.path` : sql<string>`NULL::text`).as('node_path'),
      (joinNode ? sql<string>`n.code` : sql<string>`NULL::text`).as('node_code'),
      (joinUnit ? sql<string>`u.path` : sql<string>`NULL::text`).as('unit_path'),
      (joinUnit ? sql<string>`u.code` : sql<string>`NULL::text`).as('unit_code'),
    ])
    .select(
      fresh
        ? [
            sql<string | null>`a.current_state`.as('st'),
            sql<number | null>`a.current_percent`.as('pct'),
            sql<string | null>`a.completed_on`.as('con'),
          ]
        : [
            sql<string | null>`${lastEffective('state', asOfEnd)}`.as('st'),
            sql<number | null>`${lastEffective('percent', asOfEnd)}`.as('pct'),
            sql<string | null>`${completionDay(asOfEnd)}`.as('con'),
          ],
    );
}

/**
 * Leaf assignments with their status as of the date (st, pct, con), filtered. Two
 * branches: "fresh" assignments (no effective report after the as-of day — all of
 * them when the as-of day is today) read their current_* columns with plain
 * predicates the planner estimates well; the others read their history.
 */
function statusRows(db: Db, at: AsOf, f: SupervisionFilter, needs: Needs) {
  const asOfEnd = `${addDays(at.asOf, 1)}T00:00:00Z`;
  const joinNode = needs.node || f.nodePath !== undefined || f.tag !== undefined || f.leadId !== undefined;
  const joinUnit = needs.unit || f.unitPath !== undefined || f.scope !== undefined;
  const scoped = inSubtrees('u.path', f.scope);
  const branch = (fresh: boolean) => {
    let q = statusBranch(db, fresh, asOfEnd, { node: joinNode, unit: joinUnit })
      .where('a.child_count', '=', 0)
      .where(
        fresh
          ? sql<boolean>`(a.last_reported_at IS NULL OR a.last_reported_at < ${asOfEnd}::timestamptz)`
          : sql<boolean>`a.last_reported_at >= ${asOfEnd}::timestamptz`,
      );
    if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
    if (f.nodePath) q = q.where(sql<boolean>`n.path LIKE ${`${f.nodePath}%`}`);
    if (f.unitPath) q = q.where(sql<boolean>`u.path LIKE ${`${f.unitPath}%`}`);
    if (scoped) q = q.where(scoped);
    if (f.tag) q = q.where(sql<boolean>`n.tags @> ARRAY[${f.tag}]::text[]`);
    if (f.leadId !== undefined) q = q.where(sql<boolean>`n.lead_org_unit_id = ${f.leadId}`);
    if (f.dueFrom) q = q.where('a.due_date', '>=', f.dueFrom);
    if (f.dueTo) q = q.where('a.due_date', '<=', f.dueTo);
    if (f.overdueOnly) {
      q = q.where('a.due_date', '<', at.asOf);
      q = q.where(
        fresh
          ? sql<boolean>`a.current_state <> 'completed'`
          : sql<boolean>`coalesce(${lastEffective('state', asOfEnd)}, '') <> 'completed'`,
      );
    }
    return q;
  };
  return branch(true).unionAll(branch(false));
}

/** The timeliness state of a status row `s` as of the day (src/domain/timeliness.ts). */
export function timelinessState(at: AsOf): RawBuilder<string> {
  const asOf = sql`${at.asOf}::date`;
  return sql<string>`CASE
        WHEN s.st = 'completed' AND s.con IS NOT NULL THEN (CASE WHEN s.con > s.due_date THEN 'completed_late' ELSE 'completed_on_time' END)
        WHEN s.due_date < ${asOf} THEN 'overdue'
        WHEN s.due_date - ${asOf} <= ${at.dueSoonDays} THEN 'due_soon'
        WHEN s.st IS NULL OR (s.st = 'not_started' AND s.pct = 0) THEN 'not_started'
        ELSE 'on_track' END`;
}

/** Whether a status row `s` is backlog: overdue work due before the backlog period. */
export function backlogFlag(at: AsOf): RawBuilder<boolean> {
  return sql<boolean>`(s.due_date < ${at.backlogStart}::date AND NOT (s.st = 'completed' AND s.con IS NOT NULL) AND s.due_date < ${at.asOf}::date)`;
}

/** How many days late a status row `s` is (or was, when completed late). */
export function daysLate(at: AsOf): RawBuilder<number> {
  const asOf = sql`${at.asOf}::date`;
  return sql<number>`CASE
        WHEN s.st = 'completed' AND s.con IS NOT NULL THEN greatest(s.con - s.due_date, 0)
        WHEN s.due_date < ${asOf} THEN ${asOf} - s.due_date
        ELSE 0 END`;
}

/** Adds the timeliness state, backlog flag and days late to the status rows. */
export function timelinessRows(db: Db, at: AsOf, f: SupervisionFilter, needs: Needs = {}) {
  return db
    .selectFrom(statusRows(db, at, f, needs).as('s'))
    .selectAll('s')
    .select([timelinessState(at).as('timeliness'), backlogFlag(at).as('backlog'), daysLate(at).as('days_late')]);
}

/** One cell of a tally: how many assignments of a group are in a state (and backlog). */
export interface TallyRow {
  k1: number | null;
  k2: number | null;
  timeliness: string;
  backlog: boolean;
  n: number;
}

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

/** One meaning of each sort, for every assignment list (the overdue list and the web's lists). */
const PAGE_ORDER: Record<ListPage['sort'], string> = {
  days_late: 't.days_late DESC, t.due_date ASC, t.id ASC',
  due: 't.due_date ASC, t.id ASC',
  unit: 't.unit_code ASC, t.due_date ASC, t.id ASC',
  programme: 't.programme_id ASC, t.node_code ASC, t.unit_code ASC, t.id ASC',
};

/** The timeliness rows a list chooses from: the filter, then the asked-for states and backlog flag. */
function chosenRows(
  db: Db,
  at: AsOf,
  f: SupervisionFilter,
  page: Pick<ListPage, 'timeliness' | 'backlogOnly'>,
  needs: Needs,
) {
  return db
    .selectFrom(timelinessRows(db, at, f, needs).as('t'))
    .selectAll('t')
    .$if(page.timeliness !== undefined && page.timeliness.length > 0, (q) =>
      q.where('t.timeliness', 'in', page.timeliness!),
    )
    .$if(page.backlogOnly, (q) => q.where('t.backlog', '=', true));
}

export const supervisionRepository = {
  /**
   * Counts by timeliness state and backlog, grouped by up to two dimensions, in one
   * scan. `subunit` groups by the child of the filter's unit subtree root (e.g.
   * provinces under VN) — pass that root's depth.
   */
  tally(db: Db, at: AsOf, f: SupervisionFilter, dims: GroupDimension[], rootDepth: number): Promise<TallyRow[]> {
    const keys = dims.map((d) => groupKey(d, pathPartAt(rootDepth + 1)));
    const k1 = keys[0] ?? sql<number>`NULL::int`;
    const k2 = keys[1] ?? sql<number>`NULL::int`;
    const needs: Needs = {
      unit: dims.some((d) => d === 'subunit'),
      node: dims.some((d) => d === 'area' || d === 'lead'),
    };
    return db
      .selectFrom(timelinessRows(db, at, f, needs).as('t'))
      .select([k1.as('k1'), k2.as('k2'), 't.timeliness', 't.backlog', sql<number>`count(*)`.as('n')])
      .groupBy([sql`1`, sql`2`, sql`3`, sql`4`])
      .execute();
  },

  /**
   * One page of an assignment list (overdue, backlog or any timeliness states): the page
   * is chosen on the timeliness rows alone, then only its rows are joined to the names a
   * list needs — one join for every list.
   */
  pageQuery(db: Db, at: AsOf, f: SupervisionFilter, page: ListPage) {
    const needs: Needs = { unit: page.sort === 'unit' || page.sort === 'programme', node: page.sort === 'programme' };
    return listNamesPage(db, chosenRows(db, at, f, page, needs), sql.raw(PAGE_ORDER[page.sort]), page).select([
      't.due_date as due',
      't.days_late',
      't.backlog',
      't.pct as percent',
      't.st as state',
      't.timeliness',
      't.last_reported_at',
      'n.tags',
      'n.lead_org_unit_id',
    ]);
  },

  /** How many rows the list of `page` has in all. */
  pageTotalQuery(db: Db, at: AsOf, f: SupervisionFilter, page: Pick<ListPage, 'timeliness' | 'backlogOnly'>) {
    return db.selectFrom(chosenRows(db, at, f, page, {}).as('c')).select(sql<number>`count(*)::int`.as('n'));
  },

  async page(db: Db, at: AsOf, f: SupervisionFilter, page: ListPage) {
    const [rows, total] = await Promise.all([
      supervisionRepository.pageQuery(db, at, f, page).execute(),
      supervisionRepository.pageTotalQuery(db, at, f, page).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },

  /** One page of overdue (or only backlog) assignments. */
  overduePage(db: Db, at: AsOf, f: SupervisionFilter, page: ListPage) {
    return supervisionRepository.page(db, at, { ...f, overdueOnly: true }, page);
  },

  /** Counts by programme node (its own leaf assignments), timeliness state and backlog. */
  tallyByNode(db: Db, at: AsOf, f: SupervisionFilter) {
    return db
      .selectFrom(timelinessRows(db, at, f, { node: true }).as('t'))
      .select(['t.node_code', 't.timeliness', 't.backlog', sql<number>`count(*)::int`.as('n')])
      .groupBy(['t.node_code', 't.timeliness', 't.backlog'])
      .execute();
  },

  /** Per-assignment timeliness for a set of ids (used by the agreement test and detail views). */
  byIds(db: Db, at: AsOf, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom(timelinessRows(db, at, {}).as('t'))
      .select(['t.id', 't.timeliness', 't.backlog', 't.days_late'])
      .where('t.id', 'in', ids)
      .execute();
  },

  /** Names for group keys. */
  unitNames(db: Db, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('org_units').select(['id', 'code', 'name', 'kind', 'path']).where('id', 'in', ids).execute();
  },

  nodeNames(db: Db, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('programme_nodes').select(['id', 'code', 'title']).where('id', 'in', ids).execute();
  },

  programmeNames(db: Db, ids: number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('programmes').select(['id', 'code', 'name']).where('id', 'in', ids).execute();
  },
};
