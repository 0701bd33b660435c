/** SQL of the meeting report: completions in a window (from the supervision timeliness SQL) and report snapshots. */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { timelinessRows, type AsOf, type SupervisionFilter } from './supervision.repository.js';

export interface CompletedRow {
  id: number;
  node: string;
  title: LocalizedText;
  unit: string;
  unit_name: LocalizedText;
  lead: string | null;
  lead_name: LocalizedText | null;
  due: string;
  completed_on: string;
  days_late: number;
}

export const meetingReportRepository = {
  /** Leaf assignments completed after `since` and on or before the as-of date. */
  completedBetween(db: Db, at: AsOf, f: SupervisionFilter, since: string, limit: number): Promise<CompletedRow[]> {
    return db
      .selectFrom(timelinessRows(db, at, f, { node: true }).as('t'))
      .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
      .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
      .leftJoin('org_units as lead', 'lead.id', 'n.lead_org_unit_id')
      .select([
        't.id',
        'n.code as node',
        'n.title',
        'u.code as unit',
        'u.name as unit_name',
        'lead.code as lead',
        'lead.name as lead_name',
        't.due_date as due',
        sql<string>`t.con`.as('completed_on'),
        't.days_late',
      ])
      .where('t.timeliness', 'in', ['completed_on_time', 'completed_late'])
      .where(sql<boolean>`t.con > ${since}::date`)
      .orderBy(sql`t.con`, 'desc')
      .orderBy('t.id')
      .limit(limit)
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
