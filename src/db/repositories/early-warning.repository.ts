/**
 * Early warning in SQL, set-based: the projected finish and "heading for late" of every
 * (leaf) assignment in one statement — the same rules as src/domain/early-warning.ts
 * (test/storage/early-warning-agreement.test.ts proves they agree). The as-of day is
 * either one date for all, or per assignment "N days before its due date" (the backtest).
 *
 * The trend is Theil–Sen in SQL: the pairs of the recent report days are joined, their
 * slopes ranked, and the median taken as the mean of the middle one or two — the same
 * IEEE double arithmetic, in the same order, as the TypeScript.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import { MAX_PROJECTION_DAYS, type EarlyWarningOptions } from '../../domain/early-warning.js';
import { inSubtrees } from './scope.js';
import { listNamesPage } from './list-names.js';
import type { SupervisionFilter } from './supervision.repository.js';

/** One as-of day for every assignment, or each assignment's due date minus N days. */
export type ProjectionDay = { date: string } | { daysBeforeDue: number };

export interface EarlyWarningRow {
  id: number;
  programme_id: number;
  node_id: number;
  org_unit_id: number;
  lead_org_unit_id: number | null;
  unit_path: string;
  due: string;
  start: string | null;
  /** The as-of day. */
  d: string;
  kind: string;
  finish: string | null;
  heading: boolean;
  last_day: string | null;
  last_pct: number | null;
  last_state: string | null;
  slope: number | null;
}

function asOfDay(at: ProjectionDay): RawBuilder<string> {
  return 'date' in at ? sql<string>`${at.date}::date` : sql<string>`(a.due_date - ${at.daysBeforeDue}::int)`;
}

/** The filtered leaf assignments with their as-of day. */
function base(db: Db, at: ProjectionDay, f: SupervisionFilter) {
  const scoped = inSubtrees('u.path', f.scope);
  let q = db
    .selectFrom('assignments as a')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .select([
      'a.id',
      'a.programme_id',
      'a.node_id',
      'a.org_unit_id',
      'n.lead_org_unit_id',
      'u.path as unit_path',
      'a.due_date as due',
      'a.start_date as start',
    ])
    .select(asOfDay(at).as('d'))
    .where('a.child_count', '=', 0);
  if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
  if (f.nodePath) q = q.where(sql<boolean>`n.path LIKE ${`${f.nodePath}%`}`);
  if (f.unitPath) q = q.where(sql<boolean>`u.path LIKE ${`${f.unitPath}%`}`);
  if (scoped) q = q.where(scoped);
  if (f.tag) q = q.where(sql<boolean>`n.tags @> ARRAY[${f.tag}]::text[]`);
  if (f.leadId !== undefined) q = q.where('n.lead_org_unit_id', '=', f.leadId);
  if (f.dueFrom) q = q.where('a.due_date', '>=', f.dueFrom);
  if (f.dueTo) q = q.where('a.due_date', '<=', f.dueTo);
  return q;
}

/**
 * Every filtered leaf assignment with its projection as of the day: kind, finish and
 * the "heading for late" flag (see the domain module for the rules).
 */
export function projectionRows(db: Db, at: ProjectionDay, f: SupervisionFilter, o: EarlyWarningOptions) {
  return (
    db
      .with('base', () => base(db, at, f))
      // Effective reports made on or before the as-of day, newest first (ord 1).
      .with('eff', (w) =>
        w
          .selectFrom('base as b')
          .innerJoin('progress_reports as r', 'r.assignment_id', 'b.id')
          .select([
            'b.id',
            'r.state',
            sql<string>`(r.reported_at AT TIME ZONE 'UTC')::date`.as('day'),
            sql<number>`r.percent::float8`.as('pct'),
            sql<number>`row_number() OVER (PARTITION BY b.id ORDER BY r.reported_at DESC, r.id DESC)`.as('ord'),
          ])
          .where('r.review_state', '<>', 'returned')
          .where(sql<boolean>`r.reported_at < ((b.d + 1)::timestamp AT TIME ZONE 'UTC')`),
      )
      // The newest report, and the first day of the newest unbroken run of "completed" reports.
      .with('st', (w) =>
        w
          .selectFrom(
            w
              .selectFrom('eff')
              .selectAll()
              .select(sql<number | null>`min(ord) FILTER (WHERE state <> 'completed') OVER (PARTITION BY id)`.as('nc'))
              .as('e'),
          )
          .select([
            'e.id',
            sql<string>`max(e.day) FILTER (WHERE e.ord = 1)`.as('last_day'),
            sql<number>`max(e.pct) FILTER (WHERE e.ord = 1)`.as('last_pct'),
            sql<string>`max(e.state) FILTER (WHERE e.ord = 1)`.as('last_state'),
            sql<string>`min(e.day) FILTER (WHERE e.ord < coalesce(e.nc, 2147483647))`.as('run_start'),
          ])
          .groupBy('e.id'),
      )
      // One point per report day (its newest report), the most recent `windowReports` days.
      .with('win', (w) =>
        w
          .selectFrom(
            w
              .selectFrom(
                w
                  .selectFrom('eff')
                  .distinctOn(['id', 'day'])
                  .select(['id', 'day', 'pct'])
                  .orderBy('id')
                  .orderBy('day')
                  .orderBy('ord')
                  .as('dd'),
              )
              .selectAll()
              .select(sql<number>`row_number() OVER (PARTITION BY id ORDER BY day DESC)`.as('k'))
              .as('x'),
          )
          .select(['x.id', 'x.day', 'x.pct'])
          .where('x.k', '<=', o.windowReports),
      )
      // With fewer than two days, the start date at 0 % is a point too (when it comes before them).
      .with('pts', (w) =>
        w
          .selectFrom('win')
          .select(['id', 'day', 'pct'])
          .unionAll(
            w
              .selectFrom('base as b')
              .innerJoin(
                w
                  .selectFrom('win')
                  .select(['id', sql<number>`count(*)`.as('n'), sql<string>`min(day)`.as('first_day')])
                  .groupBy('id')
                  .as('c'),
                'c.id',
                'b.id',
              )
              .select(['b.id', sql<string>`b.start`.as('day'), sql<number>`0::float8`.as('pct')])
              .where('c.n', '<', 2)
              .where('b.start', 'is not', null)
              .where(sql<boolean>`b.start < c.first_day`),
          ),
      )
      // Theil–Sen: the median of the pairwise slopes.
      .with('med', (w) =>
        w
          .selectFrom(
            w
              .selectFrom(
                w
                  .selectFrom('pts as p')
                  .innerJoin('pts as q', (j) => j.onRef('q.id', '=', 'p.id').on(sql<boolean>`q.day > p.day`))
                  .select(['p.id', sql<number>`(q.pct - p.pct) / (q.day - p.day)::float8`.as('s')])
                  .as('pairs'),
              )
              .selectAll()
              .select([
                sql<number>`row_number() OVER (PARTITION BY id ORDER BY s)`.as('i'),
                sql<number>`count(*) OVER (PARTITION BY id)`.as('m'),
              ])
              .as('r'),
          )
          .select(['r.id', sql<number>`avg(r.s)`.as('slope')])
          .where(sql<boolean>`r.i IN ((r.m + 1) / 2, (r.m + 2) / 2)`)
          .groupBy('r.id'),
      )
      .with('k', (w) =>
        w
          .selectFrom('base as b')
          .leftJoin('st', 'st.id', 'b.id')
          .leftJoin('med', 'med.id', 'b.id')
          .selectAll('b')
          .select(['st.last_day', 'st.last_pct', 'st.last_state', 'st.run_start', 'med.slope'])
          .select(
            sql<number | null>`CASE WHEN med.slope > 0 THEN ceil((100 - st.last_pct) / med.slope) END`.as('need'),
          ),
      )
      .with('p', (w) =>
        w
          .selectFrom('k')
          .selectAll()
          .select(
            sql<string>`CASE
              WHEN last_state = 'completed' THEN 'completed'
              WHEN last_state IS NULL AND start IS NOT NULL AND d < start THEN 'before_start'
              WHEN last_state = 'blocked' THEN 'blocked'
              WHEN d - coalesce(last_day, start) > ${o.silenceDays}::int THEN 'silent'
              WHEN last_state IS NULL OR (last_state = 'not_started' AND last_pct = 0) THEN 'not_started'
              WHEN slope IS NULL THEN 'too_few_reports'
              WHEN need IS NULL OR need > ${MAX_PROJECTION_DAYS}::int THEN 'stalled'
              ELSE 'projected' END`.as('kind'),
          ),
      )
      .selectFrom('p')
      .select([
        'p.id',
        'p.programme_id',
        'p.node_id',
        'p.org_unit_id',
        'p.lead_org_unit_id',
        'p.unit_path',
        'p.due',
        'p.start',
        'p.d',
        'p.kind',
        'p.last_day',
        'p.last_pct',
        'p.last_state',
        'p.slope',
      ])
      .select([
        sql<string | null>`CASE p.kind WHEN 'completed' THEN p.run_start
          WHEN 'projected' THEN greatest(p.d, p.last_day + p.need::int) END`.as('finish'),
        sql<boolean>`(p.d <= p.due AND (p.kind IN ('blocked', 'silent', 'stalled')
          OR (p.kind = 'projected' AND greatest(p.d, p.last_day + p.need::int) - p.due > ${o.toleranceDays}::int)))`.as(
          'heading',
        ),
      ])
  );
}

export interface HeadingTallyRow {
  subunit: number | null;
  lead: number | null;
  n: number;
}

export const earlyWarningRepository = {
  /** Projections for a set of assignments as of a day (the agreement test, the assignment page). */
  byIds(db: Db, at: ProjectionDay, ids: number[], o: EarlyWarningOptions) {
    if (ids.length === 0) return Promise.resolve([] as EarlyWarningRow[]);
    return db
      .selectFrom(projectionRows(db, at, {}, o).as('t'))
      .selectAll()
      .where('t.id', 'in', ids)
      .execute() as Promise<EarlyWarningRow[]>;
  },

  /**
   * Heading-for-late assignments counted by sub-unit (the child of the subtree root at
   * `rootDepth`) and lead agency, in one scan.
   */
  tally(db: Db, date: string, f: SupervisionFilter, o: EarlyWarningOptions, rootDepth: number) {
    return db
      .selectFrom(projectionRows(db, { date }, f, o).as('t'))
      .select([
        sql<number | null>`nullif(split_part(t.unit_path, '/', ${rootDepth + 3}), '')::int`.as('subunit'),
        't.lead_org_unit_id as lead',
        sql<number>`count(*)`.as('n'),
      ])
      .where('t.heading', '=', true)
      .groupBy([sql`1`, sql`2`])
      .execute() as Promise<HeadingTallyRow[]>;
  },

  /** One page of heading-for-late assignments, the biggest projected slip first, with the names a list needs. */
  page(db: Db, date: string, f: SupervisionFilter, o: EarlyWarningOptions, page: { limit: number; offset: number }) {
    const heading = db
      .selectFrom(projectionRows(db, { date }, f, o).as('t'))
      .selectAll()
      .where('t.heading', '=', true);
    return listNamesPage(db, heading, sql`t.finish - t.due DESC NULLS FIRST, t.due ASC, t.id ASC`, page)
      .select([
        't.due',
        't.kind',
        't.finish',
        't.last_day',
        't.last_pct as percent',
        't.last_state as state',
        't.slope',
      ])
      .execute();
  },

  /**
   * The backtest of one horizon: every leaf assignment due before `end`, still open N days
   * before its due date, with the warning as of that day (only data up to it) and what
   * happened: late = not completed by its due date.
   */
  backtest(db: Db, daysBeforeDue: number, f: SupervisionFilter, o: EarlyWarningOptions, end: string) {
    const cases = db
      .selectFrom(projectionRows(db, { daysBeforeDue }, f, o).as('x'))
      .select(['x.id', 'x.d', 'x.heading'])
      .select(
        sql<boolean>`coalesce((SELECT r.state FROM progress_reports r
          WHERE r.assignment_id = x.id AND r.review_state <> 'returned'
            AND r.reported_at < ((x.due + 1)::timestamp AT TIME ZONE 'UTC')
          ORDER BY r.reported_at DESC, r.id DESC LIMIT 1), '') <> 'completed'`.as('late'),
      )
      .where('x.kind', '<>', 'completed')
      .where('x.due', '<', end);
    return db
      .selectFrom(cases.as('w'))
      .select([
        sql<number>`count(*)`.as('population'),
        sql<number>`count(DISTINCT w.d)`.as('days'),
        sql<number>`count(*) FILTER (WHERE w.heading)`.as('flagged'),
        sql<number>`count(*) FILTER (WHERE w.late)`.as('late'),
        sql<number>`count(*) FILTER (WHERE w.heading AND w.late)`.as('hits'),
      ])
      .executeTakeFirstOrThrow();
  },

  count(db: Db, date: string, f: SupervisionFilter, o: EarlyWarningOptions) {
    return db
      .selectFrom(projectionRows(db, { date }, f, o).as('t'))
      .select(sql<number>`count(*)`.as('n'))
      .where('t.heading', '=', true)
      .executeTakeFirstOrThrow();
  },
};
