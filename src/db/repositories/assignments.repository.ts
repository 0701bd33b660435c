import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../database.js';
import { updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';
import { compiledQuery } from '../prepared.js';
import { approvalLocksSql, type ApprovalLock } from './approvals.repository.js';
import type { ChainUnit } from '../../domain/approval.js';

export interface AssignmentRow {
  id: number;
  node_id: number;
  node_code: string;
  node_title: LocalizedText;
  programme_id: number;
  programme_code: string;
  org_unit_id: number;
  org_unit_code: string;
  org_unit_name: LocalizedText;
  org_unit_path: string;
  parent_assignment_id: number | null;
  start_date: string | null;
  due_date: string;
  child_count: number;
  current_percent: number;
  current_state: string;
  completed_on: string | null;
  last_reported_at: Date | null;
  version: number;
}

export interface CurrentStatus {
  percent: number;
  state: string;
  completedOn: string | null;
  lastReportedAt: Date | null;
}

function selectAssignments(db: Db) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('programmes as p', 'p.id', 'a.programme_id')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .select([
      'a.id',
      'a.node_id',
      'n.code as node_code',
      'n.title as node_title',
      'a.programme_id',
      'p.code as programme_code',
      'a.org_unit_id',
      'u.code as org_unit_code',
      'u.name as org_unit_name',
      'u.path as org_unit_path',
      'a.parent_assignment_id',
      'a.start_date',
      'a.due_date',
      'a.child_count',
      'a.current_percent',
      'a.current_state',
      'a.completed_on',
      'a.last_reported_at',
      'a.version',
    ]);
}

/**
 * An assignment as a new report needs it: the row, its programme's approval levels, its
 * unit's lineage (root first) for the report's approval chain, the period's approval locks
 * (approvalLocksSql) and the seq of the report's audit event (a sequence value: no lock, a
 * gap if the report is refused) — all read with one snapshot.
 */
function reportTarget(db: Db, v: { id: number; period: string }) {
  return selectAssignments(db)
    .select((eb) => [
      'p.approval as approval_config',
      sql<string>`nextval('audit_events_seq_seq')`.as('audit_seq'),
      sql<ApprovalLock[]>`(SELECT coalesce(json_agg(l), '[]') FROM (${approvalLocksSql(v.id, v.period)}) l)`.as(
        'locks',
      ),
      // Without approval levels (the default single review) the chain needs the unit alone.
      sql<ChainUnit[]>`CASE WHEN p.approval IS NULL
        THEN json_build_array(json_build_object('id', u.id, 'code', u.code, 'kind', u.kind, 'path', u.path))
        ELSE ${jsonArrayFrom(
          eb
            .selectFrom('org_units as l')
            .select(['l.id', 'l.code', 'l.kind', 'l.path'])
            .where(sql<boolean>`l.id = ANY (string_to_array(trim(BOTH '/' FROM u.path), '/')::int[])`)
            .orderBy(sql`length(l.path)`),
        )} END`.as('lineage'),
    ])
    .where('a.id', '=', v.id);
}

/** lockForReport's statement, compiled once. */
const lockForReportQuery = compiledQuery((db: Db, v: { id: number; period: string }) =>
  reportTarget(db, v)
    .select(
      // The locks are read with the statement's snapshot, taken before the row lock: valid only
      // if nobody changed the row in between (its version as locked is the one the snapshot
      // sees) — every approval decision rewrites its assignment's row.
      sql<boolean>`a.xmin::text = (SELECT s.xmin::text FROM assignments s WHERE s.id = a.id)`.as('locks_current'),
    )
    .forUpdate('a'),
);

/** readForReport's statement (the hottest request's first statement), compiled once. */
const readForReportQuery = compiledQuery((db: Db, v: { id: number; period: string }) =>
  reportTarget(db, v).select([
    sql<string>`a.xmin::text`.as('row_version'),
    sql<string>`nextval(pg_get_serial_sequence('progress_reports', 'id'))`.as('report_id'),
  ]),
);

export const assignmentsRepository = {
  byId(db: Db, id: number): Promise<AssignmentRow | undefined> {
    return selectAssignments(db).where('a.id', '=', id).executeTakeFirst();
  },

  /**
   * Locks the assignment for a new report (reports serialise per assignment) and reads it as
   * reportTarget does, as it is once locked; the period's approval locks are current unless
   * `locks_current` is false (the row changed while this waited for its lock: read them again
   * with approvalsRepository.locksFor).
   */
  async lockForReport(db: Db, id: number, period: string) {
    return (await lockForReportQuery(db, { id, period })).rows[0];
  },

  /**
   * Reads the assignment for a new report without a lock (reportTarget), with the row's
   * version (`row_version`: the write succeeds only if it is unchanged) and the new report's
   * id taken from its sequence.
   */
  async readForReport(db: Db, id: number, period: string) {
    return (await readForReportQuery(db, { id, period })).rows[0];
  },

  /** Locks the assignment row for the rest of the transaction (reports serialise per assignment). */
  async lock(db: Db, id: number): Promise<boolean> {
    const row = await db.selectFrom('assignments').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return row !== undefined;
  },

  /** A task's assignments; with a scope, only those whose unit lies in it. */
  forNode(db: Db, nodeId: number, scope?: readonly string[]): Promise<AssignmentRow[]> {
    let q = selectAssignments(db).where('a.node_id', '=', nodeId);
    const scoped = inSubtrees('u.path', scope);
    if (scoped) q = q.where(scoped);
    return q.orderBy('u.path').execute();
  },

  forProgramme(db: Db, programmeId: number): Promise<AssignmentRow[]> {
    return selectAssignments(db)
      .where('a.programme_id', '=', programmeId)
      .orderBy('a.node_id')
      .orderBy('u.path')
      .execute();
  },

  async insert(
    db: Db,
    row: {
      nodeId: number;
      programmeId: number;
      orgUnitId: number;
      parentId: number | null;
      start: string | null;
      due: string;
    },
  ): Promise<number> {
    const { id } = await db
      .insertInto('assignments')
      .values({
        node_id: row.nodeId,
        programme_id: row.programmeId,
        org_unit_id: row.orgUnitId,
        parent_assignment_id: row.parentId,
        start_date: row.start,
        due_date: row.due,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row.parentId !== null) {
      await db
        .updateTable('assignments')
        .set({ child_count: sql`child_count + 1` })
        .where('id', '=', row.parentId)
        .execute();
    }
    return id;
  },

  /** Locks the assignment until the transaction ends and returns its stored current status (undefined: no such assignment). */
  async setCurrent(db: Db, id: number, status: CurrentStatus): Promise<void> {
    await db
      .updateTable('assignments')
      .set({
        current_percent: status.percent,
        current_state: status.state,
        completed_on: status.completedOn,
        last_reported_at: status.lastReportedAt,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Every leaf assignment (not cascaded further), by id. */
  leaves(db: Db) {
    return db
      .selectFrom('assignments')
      .select(['id', 'start_date', 'due_date'])
      .where('child_count', '=', 0)
      .orderBy('id')
      .execute();
  },

  /** Sets a deadline without a version check (the demo's synthetic interim deadlines). */
  async setDueDate(db: Db, id: number, due: string): Promise<void> {
    await db.updateTable('assignments').set({ due_date: due }).where('id', '=', id).execute();
  },

  update(
    db: Db,
    id: number,
    version: number,
    set: { due?: string | undefined; start?: string | null | undefined },
  ): Promise<boolean> {
    return updateVersioned(db, 'assignments', id, version, { due_date: set.due, start_date: set.start });
  },

  /** Moves inherited deadlines along when a task's own dates change. */
  async shiftInherited(
    db: Db,
    nodeId: number,
    field: 'due_date' | 'start_date',
    from: string | null,
    to: string | null,
  ): Promise<void> {
    if (from === null || to === null) return;
    await db
      .updateTable('assignments')
      .set({ [field]: to, version: sql`version + 1`, updated_at: sql`now()` })
      .where('node_id', '=', nodeId)
      .where(field, '=', from)
      .execute();
  },
};
