/**
 * Approval state of submissions (any subject type), their steps, the programmes'
 * approval levels, and the review queue and rollups by level. All SQL of review up
 * the tree lives here.
 */
import { sql, type Selectable } from 'kysely';
import type { ApprovalsTable } from '../schema/approval.js';
import type { Db } from '../database.js';
import type { LocalizedText } from '../../domain/i18n.js';
import type { ChainStep, ChainUnit, Identity } from '../../domain/approval.js';
import { inSubtrees } from './scope.js';
import { BACKFILL_REPORT_APPROVALS } from '../migrations/0006_approval.js';
import { REPORT_COLUMNS, REPORT_NAME_COLUMNS, reportsOnTasks } from './reports.repository.js';
import { compiledQuery } from '../prepared.js';

/** An approval as stored, its chain and deciders read as the domain's types. */
export interface ApprovalRow extends Omit<Selectable<ApprovalsTable>, 'chain' | 'done_by'> {
  chain: ChainStep[];
  done_by: Identity[];
}

export interface ApprovalValues {
  subjectType: string;
  subjectId: number;
  programmeId: number | null;
  orgUnitId: number;
  period: string | null;
  submittedBy: Identity;
  submittedAt: Date;
  chain: ChainStep[];
  approved: number;
  status: string;
  waitingLevel: string | null;
  waitingUnitPath: string | null;
  approvedLevels: string[];
  doneBy: Identity[];
  comment: string | null;
}

export interface StepValues {
  subjectType: string;
  subjectId: number;
  action: 'submit' | 'approve' | 'accept' | 'return' | 'unapprove';
  step: number | null;
  level: string | null;
  orgUnitId: number | null;
  actor: Identity;
  comment: string | null;
  at: Date;
}

export interface QueueFilter {
  subjectType: string;
  scope?: readonly string[] | undefined;
  unitPath?: string | undefined;
  programmeId?: number | undefined;
  statuses: readonly string[];
  level?: string | undefined;
  claimedState?: string | undefined;
  /** Only submissions approved at one step at least. */
  someApproved?: boolean | undefined;
  q?: string | undefined;
}

import type { QueueSort } from '../../domain/approval.js';
export type { QueueSort };

const SORT: Record<QueueSort, string> = {
  oldest: 'ap.submitted_at ASC, ap.subject_id ASC',
  newest: 'ap.submitted_at DESC, ap.subject_id DESC',
  // Most late first: the report sent the most days after its assignment's due date.
  late: "(ap.submitted_at AT TIME ZONE 'UTC')::date - a.due_date DESC, ap.submitted_at ASC, ap.subject_id ASC",
  unit: 'u.code ASC, ap.submitted_at ASC, ap.subject_id ASC',
  due: 'a.due_date ASC, ap.submitted_at ASC, ap.subject_id ASC',
  level: 'ap.approved DESC, ap.waiting_level ASC, ap.submitted_at ASC, ap.subject_id ASC',
};

/** An approval's column values. */
export function approvalColumns(v: ApprovalValues) {
  return {
    subject_type: v.subjectType,
    subject_id: v.subjectId,
    programme_id: v.programmeId,
    org_unit_id: v.orgUnitId,
    period: v.period,
    submitted_by: v.submittedBy.name,
    submitted_by_user_id: v.submittedBy.userId ?? null,
    submitted_at: v.submittedAt,
    chain: JSON.stringify(v.chain),
    approved: v.approved,
    status: v.status,
    waiting_level: v.waitingLevel,
    waiting_unit_path: v.waitingUnitPath,
    approved_levels: v.approvedLevels,
    done_by: JSON.stringify(v.doneBy),
    comment: v.comment,
  };
}

/** An approved report that locks (assignment, period): see locksFor. */
export interface ApprovalLock {
  assignment_id: number;
  report_id: number;
  chain: ChainStep[];
  approved: number;
  done_by: Identity[];
  unit: string;
}

/**
 * The approved reports that lock (assignment, period), as a statement of its own or a
 * subquery (lockForReport reads them with the assignment's lock). Each step is a lookup by
 * key (LATERAL): a prepared statement's generic plan, made while approvals was small, must
 * never hash-join the whole approvals table (it did: 1,500 buffers a submission).
 */
export function approvalLocksSql(assignmentId: unknown, period: unknown) {
  return sql<ApprovalLock>`
      WITH RECURSIVE up AS (
        SELECT id, parent_assignment_id, org_unit_id FROM assignments WHERE id = ${assignmentId}
        UNION ALL
        SELECT a.id, a.parent_assignment_id, a.org_unit_id FROM assignments a JOIN up ON a.id = up.parent_assignment_id
      )
      SELECT up.id AS assignment_id, r.id AS report_id, ap.chain, ap.approved, ap.done_by,
        (SELECT u.code FROM org_units u WHERE u.id = up.org_unit_id) AS unit
      FROM up
      JOIN LATERAL (
        SELECT x.id FROM progress_reports x WHERE x.assignment_id = up.id AND x.period = ${period}
        ORDER BY x.reported_at DESC, x.id DESC LIMIT 1
      ) r ON true
      JOIN LATERAL (
        SELECT y.chain, y.approved, y.done_by FROM approvals y
        WHERE y.subject_type = 'report' AND y.subject_id = r.id AND y.approved > 0 AND y.status <> 'returned'
        LIMIT 1
      ) ap ON true`;
}

/** locksFor's statement, compiled and prepared once. */
const locksForQuery = compiledQuery((_db: Db, v: { assignmentId: number; period: string }) =>
  approvalLocksSql(v.assignmentId, v.period),
);

/** The report-queue rows: the report, its assignment and the approval state. */
function reportQueueBase(db: Db, f: QueueFilter) {
  let q = reportsOnTasks(db)
    .innerJoin('approvals as ap', 'ap.subject_id', 'r.id')
    .where('ap.subject_type', '=', f.subjectType)
    .where('ap.status', 'in', [...f.statuses]);
  const scoped = inSubtrees('u.path', f.scope);
  if (scoped) q = q.where(scoped);
  if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
  if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
  if (f.level) q = q.where('ap.waiting_level', '=', f.level);
  if (f.claimedState) q = q.where('r.state', '=', f.claimedState);
  if (f.someApproved) q = q.where('ap.approved', '>', 0);
  if (f.q) {
    const like = `%${f.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['n.code']), 'like', like),
        eb(sql<string>`lower(n.title::text)`, 'like', like),
        eb(eb.fn('lower', ['u.code']), 'like', like),
        eb(sql<string>`lower(u.name::text)`, 'like', like),
        eb(eb.fn('lower', ['r.narrative']), 'like', like),
        eb(eb.fn('lower', ['r.reporter']), 'like', like),
      ]),
    );
  }
  return q;
}

export const approvalsRepository = {
  get(db: Db, subjectType: string, subjectId: number, forUpdate = false): Promise<ApprovalRow | undefined> {
    let q = db
      .selectFrom('approvals')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId);
    if (forUpdate) q = q.forUpdate();
    return q.$castTo<ApprovalRow>().executeTakeFirst();
  },

  async insert(db: Db, v: ApprovalValues): Promise<void> {
    await db.insertInto('approvals').values(approvalColumns(v)).execute();
  },

  async update(db: Db, v: ApprovalValues, at: Date): Promise<void> {
    const values = approvalColumns(v);
    await db
      .updateTable('approvals')
      .set({
        approved: values.approved,
        status: values.status,
        waiting_level: values.waiting_level,
        waiting_unit_path: values.waiting_unit_path,
        approved_levels: values.approved_levels,
        done_by: values.done_by,
        comment: values.comment,
        updated_at: at,
        version: sql`version + 1`,
      })
      .where('subject_type', '=', v.subjectType)
      .where('subject_id', '=', v.subjectId)
      .execute();
  },

  async addStep(db: Db, s: StepValues): Promise<void> {
    await db
      .insertInto('approval_steps')
      .values({
        subject_type: s.subjectType,
        subject_id: s.subjectId,
        action: s.action,
        step: s.step,
        level: s.level,
        org_unit_id: s.orgUnitId,
        actor: s.actor.name,
        actor_user_id: s.actor.userId ?? null,
        comment: s.comment,
        at: s.at,
      })
      .execute();
  },

  steps(db: Db, subjectType: string, subjectIds: readonly number[]) {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('approval_steps as s')
      .leftJoin('org_units as u', 'u.id', 's.org_unit_id')
      .select(['s.subject_id', 's.action', 's.step', 's.level', 'u.code as unit', 's.actor', 's.comment', 's.at'])
      .where('s.subject_type', '=', subjectType)
      .where('s.subject_id', 'in', [...subjectIds])
      .orderBy('s.id')
      .execute();
  },

  forSubjects(db: Db, subjectType: string, subjectIds: readonly number[]): Promise<ApprovalRow[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('approvals')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', 'in', [...subjectIds])
      .$castTo<ApprovalRow>()
      .execute();
  },

  /** The unit and its ancestors, root first (for resolving a chain). */
  async lineage(db: Db, unitId: number): Promise<ChainUnit[]> {
    const unit = await db.selectFrom('org_units').select('path').where('id', '=', unitId).executeTakeFirstOrThrow();
    const ids = unit.path.split('/').filter(Boolean).map(Number);
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'code', 'kind', 'path'])
      .where('id', 'in', ids)
      .execute();
    return rows.sort((a, b) => a.path.length - b.path.length);
  },

  async programmeConfig(db: Db, programmeId: number): Promise<unknown> {
    const row = await db.selectFrom('programmes').select('approval').where('id', '=', programmeId).executeTakeFirst();
    return row?.approval ?? null;
  },

  async setProgrammeConfig(db: Db, programmeId: number, config: unknown): Promise<void> {
    await db
      .updateTable('programmes')
      .set({
        approval: config === null ? null : JSON.stringify(config),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', programmeId)
      .execute();
  },

  /** Stores the approval summary of an assignment's current report (null: no report). */
  async setAssignmentSummary(
    db: Db,
    assignmentId: number,
    summary: { status: string | null; levels: string[] },
  ): Promise<void> {
    await db
      .updateTable('assignments')
      .set({ approval_status: summary.status, approved_levels: summary.levels })
      .where('id', '=', assignmentId)
      .execute();
  },

  /**
   * Approved reports that lock (assignment, period): the newest report of the period on
   * the assignment or on any assignment above it, when some level has approved it.
   */
  async locksFor(db: Db, assignmentId: number, period: string) {
    return (await locksForQuery(db, { assignmentId, period })).rows;
  },

  /** The newest non-returned report of an assignment with its approval, if any. */
  currentReportApproval(db: Db, assignmentId: number) {
    return db
      .selectFrom('progress_reports as r')
      .leftJoin('approvals as ap', (j) => j.on('ap.subject_type', '=', 'report').onRef('ap.subject_id', '=', 'r.id'))
      .select(['r.id', 'r.review_state', 'ap.status', 'ap.approved_levels'])
      .where('r.assignment_id', '=', assignmentId)
      .where('r.review_state', '<>', 'returned')
      .orderBy('r.reported_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  /**
   * Gives every report without an approval state the single review it had (a
   * "review" step at its own unit), and refreshes the assignments' summaries: for
   * reports loaded in bulk (the demo loader): what migration 0006 did for the reports before it.
   */
  async backfillReports(db: Db): Promise<void> {
    await sql.raw(BACKFILL_REPORT_APPROVALS).execute(db);
  },

  reportQueue(db: Db, f: QueueFilter, page: { sort: QueueSort; limit: number; offset: number }) {
    return reportQueueBase(db, f)
      .select(REPORT_COLUMNS) // r.id is the approval's subject_id
      .select(REPORT_NAME_COLUMNS)
      .select([
        'ap.status',
        'ap.approved',
        'ap.chain',
        'ap.waiting_level',
        'ap.approved_levels',
        'ap.done_by',
        'ap.comment as approval_comment',
        'ap.submitted_by',
        'ap.submitted_by_user_id',
        'u.path as org_unit_path',
      ])
      .$narrowType<{
        node_title: LocalizedText;
        org_unit_name: LocalizedText;
        chain: ChainStep[];
        done_by: Identity[];
        id: number;
      }>()
      .orderBy(sql.raw(SORT[page.sort]))
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },

  async countReportQueue(db: Db, f: QueueFilter): Promise<number> {
    const row = await reportQueueBase(db, f)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Per waiting level, how many pending submissions in the filter. */
  async waitingByLevel(db: Db, f: QueueFilter) {
    const rows = await reportQueueBase(db, { ...f, statuses: ['pending'], level: undefined })
      .select(['ap.waiting_level as level', sql<number>`count(*)`.as('n')])
      .groupBy('ap.waiting_level')
      .execute();
    return rows.map((r) => ({ level: r.level ?? '', n: Number(r.n) }));
  },

  /**
   * Returned reports that still need their reporter: the newest report of the
   * assignment was returned. Scope: the reporter's subtrees, or reports the actor made.
   */
  returnedForReporter(db: Db, who: { scope: readonly string[] | undefined; name: string }, limit: number) {
    let q = reportsOnTasks(db)
      .leftJoin('approvals as ap', (j) => j.on('ap.subject_type', '=', 'report').onRef('ap.subject_id', '=', 'r.id'))
      .select(REPORT_COLUMNS)
      .select(REPORT_NAME_COLUMNS)
      .select('ap.chain')
      .$narrowType<{ node_title: LocalizedText; org_unit_name: LocalizedText; chain: ChainStep[] | null }>()
      .where('r.review_state', '=', 'returned')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('progress_reports as x')
              .select('x.id')
              .whereRef('x.assignment_id', '=', 'r.assignment_id')
              .where(sql<boolean>`(x.reported_at, x.id) > (r.reported_at, r.id)`),
          ),
        ),
      );
    const scoped = inSubtrees('u.path', who.scope);
    q = q.where((eb) => (scoped ? eb.or([scoped, eb('r.reporter', '=', who.name)]) : eb('r.reporter', '=', who.name)));
    return q.orderBy('r.reviewed_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  },

  /**
   * Leaf assignments by the approval of their current report, in a programme / unit
   * subtree / scope: how many wait, were returned, were approved at each level, and
   * were finally approved or accepted by the top.
   */
  async levelTally(
    db: Db,
    f: {
      programmeId?: number | undefined;
      unitPath?: string | undefined;
      nodePath?: string | undefined;
      scope?: readonly string[] | undefined;
    },
  ) {
    let q = db
      .selectFrom('assignments as a')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
      .where('a.child_count', '=', 0);
    if (f.nodePath)
      q = q.innerJoin('programme_nodes as n', 'n.id', 'a.node_id').where('n.path', 'like', `${f.nodePath}%`);
    if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
    if (f.unitPath) q = q.where('u.path', 'like', `${f.unitPath}%`);
    const scoped = inSubtrees('u.path', f.scope);
    if (scoped) q = q.where(scoped);
    const [statuses, levels] = await Promise.all([
      q
        .select(['a.approval_status as status', sql<number>`count(*)`.as('n')])
        .groupBy('a.approval_status')
        .execute(),
      db
        .selectFrom(q.select(sql<string>`unnest(a.approved_levels)`.as('level')).as('t'))
        .select(['t.level', sql<number>`count(*)`.as('n')])
        .groupBy('t.level')
        .execute(),
    ]);
    return {
      statuses: statuses.map((r) => ({ status: r.status, n: Number(r.n) })),
      levels: levels.map((r) => ({ level: r.level, n: Number(r.n) })),
    };
  },
};
