/**
 * Open data: figures of published programmes computed from approved reports only (a report flagged by an
 * open inspection discrepancy counts as not approved).
 * The core's current_* columns and timeliness SQL count submitted reports too, so
 * they are not used here; an assignment's public status is its newest approved report.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { activeReportFlag } from './inspections.repository.js';
import type { ProgrammeRow } from './programmes.repository.js';

export interface PublicProgrammeRow extends Pick<
  ProgrammeRow,
  'id' | 'code' | 'name' | 'description' | 'period_start' | 'period_end'
> {
  published_at: Date | null;
  updated_at: Date;
}

export interface PublicAssignmentRow {
  id: number;
  node: string;
  title: LocalizedText;
  area: string | null;
  area_title: LocalizedText | null;
  unit: string;
  unit_name: LocalizedText;
  due: string;
  percent: number;
  state: string;
  completed_on: string | null;
  approved_at: Date | null;
  status: 'completed_on_time' | 'completed_late' | 'overdue' | 'in_progress' | 'not_started';
}

export const publicRepository = {
  programmes(db: Db): Promise<PublicProgrammeRow[]> {
    return db
      .selectFrom('programmes')
      .select(['id', 'code', 'name', 'description', 'period_start', 'period_end', 'published_at', 'updated_at'])
      .where('published', '=', true)
      .orderBy('code')
      .$castTo<PublicProgrammeRow>()
      .execute();
  },

  programme(db: Db, code: string): Promise<PublicProgrammeRow | undefined> {
    return db
      .selectFrom('programmes')
      .select(['id', 'code', 'name', 'description', 'period_start', 'period_end', 'published_at', 'updated_at'])
      .where('published', '=', true)
      .where('code', '=', code)
      .$castTo<PublicProgrammeRow>()
      .executeTakeFirst();
  },

  async setPublished(db: Db, code: string, published: boolean, at: Date): Promise<boolean> {
    const r = await db
      .updateTable('programmes')
      .set({ published, published_at: published ? at : null })
      .where('code', '=', code)
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  },

  /** Every leaf assignment of a published programme with its approved-only status as of a day. */
  async assignments(db: Db, programmeId: number, asOf: string): Promise<PublicAssignmentRow[]> {
    const result = await sql<PublicAssignmentRow>`
      WITH leaf AS (
        SELECT a.id, a.node_id, a.org_unit_id, a.due_date
        FROM assignments a JOIN programmes p ON p.id = a.programme_id
        WHERE a.programme_id = ${programmeId} AND a.child_count = 0 AND p.published
      ), status AS (
        SELECT l.*, r.state, r.percent, r.reported_at AS approved_at,
          (SELECT (min(c.reported_at) AT TIME ZONE 'UTC')::date FROM progress_reports c
            WHERE c.assignment_id = l.id AND c.review_state = 'approved' AND c.state = 'completed' AND NOT ${activeReportFlag('c')}
              AND NOT EXISTS (SELECT 1 FROM progress_reports x WHERE x.assignment_id = l.id AND x.review_state = 'approved'
                AND NOT ${activeReportFlag('x')} AND x.state <> 'completed' AND (x.reported_at, x.id) > (c.reported_at, c.id))) AS completed_on
        FROM leaf l
        LEFT JOIN LATERAL (
          SELECT r.state, r.percent, r.reported_at FROM progress_reports r
          WHERE r.assignment_id = l.id AND r.review_state = 'approved' AND NOT ${activeReportFlag('r')}
            AND (r.reported_at AT TIME ZONE 'UTC')::date <= ${asOf}::date
          ORDER BY r.reported_at DESC, r.id DESC LIMIT 1) r ON true
      )
      SELECT s.id, n.code AS node, n.title, area.code AS area, area.title AS area_title, u.code AS unit, u.name AS unit_name,
        s.due_date AS due, coalesce(s.percent, 0) AS percent, coalesce(s.state, 'not_started') AS state,
        CASE WHEN s.state = 'completed' THEN s.completed_on END AS completed_on, s.approved_at,
        CASE
          WHEN s.state = 'completed' AND s.completed_on IS NOT NULL THEN (CASE WHEN s.completed_on > s.due_date THEN 'completed_late' ELSE 'completed_on_time' END)
          WHEN s.due_date < ${asOf}::date THEN 'overdue'
          WHEN s.state IS NULL OR (s.state = 'not_started' AND s.percent = 0) THEN 'not_started'
          ELSE 'in_progress' END AS status
      FROM status s
      JOIN programme_nodes n ON n.id = s.node_id
      LEFT JOIN programme_nodes area ON area.id = nullif(split_part(n.path, '/', 2), '')::int
      JOIN org_units u ON u.id = s.org_unit_id
      ORDER BY n.path, u.path`.execute(db);
    return result.rows;
  },
};
