/** SQL of the meeting report: completions in a window (from the supervision timeliness SQL) and report snapshots. */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { listNamesPage, type ListNames } from './list-names.js';
import { timelinessRows, type AsOf, type SupervisionFilter } from './supervision.repository.js';

export interface CompletedRow extends ListNames {
  due: string;
  completed_on: string;
  days_late: number;
}

export const meetingReportRepository = {
  /** Leaf assignments completed after `since` and on or before the as-of date, the latest first. */
  completedBetween(db: Db, at: AsOf, f: SupervisionFilter, since: string, limit: number): Promise<CompletedRow[]> {
    const completed = db
      .selectFrom(timelinessRows(db, at, f).as('t'))
      .selectAll('t')
      .where('t.timeliness', 'in', ['completed_on_time', 'completed_late'])
      .where(sql<boolean>`t.con > ${since}::date`);
    return listNamesPage(db, completed, sql`t.con DESC, t.id ASC`, { limit, offset: 0 })
      .select(['t.due_date as due', sql<string>`t.con`.as('completed_on'), 't.days_late'])
      .$castTo<CompletedRow>()
      .execute();
  },

  async countCompletedBetween(db: Db, at: AsOf, f: SupervisionFilter, since: string): Promise<number> {
    const row = await db
      .selectFrom(timelinessRows(db, at, f).as('t'))
      .select(sql<number>`count(*)`.as('n'))
      .where('t.timeliness', 'in', ['completed_on_time', 'completed_late'])
      .where(sql<boolean>`t.con > ${since}::date`)
      .executeTakeFirstOrThrow();
    return row.n;
  },

  previousSnapshot(db: Db, programmeId: number, unitKey: string, asOf: string, period: string) {
    return db
      .selectFrom('report_snapshots')
      .select(['period', 'as_of', 'data'])
      .where('programme_id', '=', programmeId)
      .where('unit_key', '=', unitKey)
      .where('as_of', '<', asOf)
      .where('period', '<>', period)
      .orderBy('as_of', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async saveSnapshot(
    db: Db,
    s: { programmeId: number; unitKey: string; period: string; asOf: string; data: unknown },
  ): Promise<void> {
    const data = JSON.stringify(s.data);
    await db
      .insertInto('report_snapshots')
      .values({ programme_id: s.programmeId, unit_key: s.unitKey, period: s.period, as_of: s.asOf, data })
      .onConflict((oc) =>
        oc.columns(['programme_id', 'unit_key', 'period']).doUpdateSet({ as_of: s.asOf, data, created_at: sql`now()` }),
      )
      .execute();
  },
};
