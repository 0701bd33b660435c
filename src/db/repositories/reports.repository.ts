import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { EvidenceLink, ProgressReportsTable } from '../schema.js';
import { approvalColumns, type ApprovalValues } from './approvals.repository.js';
import type { CurrentStatus } from './assignments.repository.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';
import { compiledQuery } from '../prepared.js';
import { auditValues, type AuditRow } from './audit.repository.js';

/** A report as stored (every column of progress_reports). */
export type ReportRow = Selectable<ProgressReportsTable>;

export interface ReportValues {
  assignmentId: number;
  period: string;
  percent: number;
  state: string;
  narrative: string;
  evidence: EvidenceLink[];
  reporter: string;
  reportedAt: Date;
  synthetic?: boolean;
}

/** A report's own columns (`progress_reports as r`). */
export const REPORT_COLUMNS = [
  'r.id',
  'r.assignment_id',
  'r.period',
  'r.percent',
  'r.state',
  'r.narrative',
  'r.evidence',
  'r.reporter',
  'r.reported_at',
  'r.review_state',
  'r.review_comment',
  'r.reviewed_by',
  'r.reviewed_at',
  'r.synthetic',
] as const;

/** The columns a report is returned with after an insert (REPORT_COLUMNS without the table alias). */
const RETURNED_COLUMNS = REPORT_COLUMNS.map((c) => c.slice(2) as RemovePrefix<typeof c>);
type RemovePrefix<C> = C extends `r.${infer Name}` ? Name : never;

function reportColumns(v: ReportValues) {
  return {
    assignment_id: v.assignmentId,
    period: v.period,
    percent: v.percent,
    state: v.state,
    narrative: v.narrative,
    evidence: JSON.stringify(v.evidence),
    reporter: v.reporter,
    reported_at: v.reportedAt,
    synthetic: v.synthetic ?? false,
  };
}

/** The names a list of reports shows, joined as `assignments as a`, `programme_nodes as n`, `programmes as p`, `org_units as u`. */
export const REPORT_NAME_COLUMNS = [
  'p.code as programme_code',
  'n.code as node_code',
  'n.title as node_title',
  'u.code as org_unit_code',
  'u.name as org_unit_name',
  'a.due_date',
] as const;

/** Reports with the task they are on: its assignment, node, programme and unit (REPORT_NAME_COLUMNS name them). */
export function reportsOnTasks(db: Db) {
  return db
    .selectFrom('progress_reports as r')
    .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('programmes as p', 'p.id', 'a.programme_id')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id');
}

interface SubmittedValues extends Record<string, unknown> {
  report: ReturnType<typeof reportColumns>;
  approval: ReturnType<typeof approvalColumns>;
  step: {
    subject_type: string;
    action: 'submit';
    org_unit_id: number;
    actor: string;
    actor_user_id: number | null;
    at: Date;
  };
  /** The assignment's new current status; null: back-dated (the caller recomputes it). */
  current: {
    current_percent: number;
    current_state: string;
    completed_on: string | null;
    last_reported_at: Date | null;
    approval_status: string | null;
    approved_levels: string[];
  } | null;
  assignmentId: number;
}

/** insertSubmitted's statement, compiled once per shape (the hottest write). */
const insertSubmittedQuery = compiledQuery((db: Db, v: SubmittedValues, shape) => {
  const written = db
    .with('r', (w) => w.insertInto('progress_reports').values(v.report).returning(RETURNED_COLUMNS))
    .with('ap', (w) =>
      w.insertInto('approvals').values((eb) => ({ ...v.approval, subject_id: eb.selectFrom('r').select('r.id') })),
    )
    .with('step', (w) =>
      w.insertInto('approval_steps').values((eb) => ({ ...v.step, subject_id: eb.selectFrom('r').select('r.id') })),
    );
  const current = v.current;
  if (shape === 'back-dated' || !current) return written.selectFrom('r').selectAll().$castTo<ReportRow>();
  return written
    .with('a', (w) =>
      w
        .updateTable('assignments')
        .set({ ...current, updated_at: sql`now()` })
        .where('id', '=', v.assignmentId),
    )
    .selectFrom('r')
    .selectAll()
    .$castTo<ReportRow>();
});

/** What submitOnce writes, every value ready (ids taken, JSON as strings). */
interface OnceValues extends Record<string, unknown> {
  assignmentId: number;
  rowVersion: string;
  current: NonNullable<SubmittedValues['current']>;
  report: ReturnType<typeof reportColumns> & { id: number };
  approval: ReturnType<typeof approvalColumns>;
  step: SubmittedValues['step'] & { subject_id: number };
  audit: ReturnType<typeof auditValues>;
  key: { owner: string; key: string; fingerprint: string; status_code: number; response: string };
}

/** INSERT INTO table (the values' columns) SELECT the values FROM gate: a row only if the gate has one. */
function insertGated(
  w: Pick<Db, 'insertInto'>,
  table: 'progress_reports' | 'approvals' | 'approval_steps' | 'audit_events' | 'idempotency_keys',
  gate: 'a' | 'r',
  values: Record<string, unknown>,
) {
  return w
    .insertInto(table)
    .columns(Object.keys(values) as never)
    .expression(
      (eb) =>
        (eb as unknown as Db)
          .selectFrom(gate as never)
          .select((s) => Object.entries(values).map(([k, v]) => s.val(v).as(k))) as never,
    );
}

/** submitOnce's statement, compiled once per shape ('keyed': with the idempotency key). */
const submitOnceQuery = compiledQuery((db: Db, v: OnceValues, shape) => {
  const written = db
    .with('a', (w) =>
      w
        .updateTable('assignments')
        .set({ ...v.current, updated_at: sql`now()` })
        .where('id', '=', v.assignmentId)
        .where(sql<string>`xmin::text`, '=', v.rowVersion)
        .returning('id'),
    )
    .with('r', (w) => insertGated(w, 'progress_reports', 'a', v.report).returning('id'))
    .with('ap', (w) => insertGated(w, 'approvals', 'r', v.approval))
    .with('step', (w) => insertGated(w, 'approval_steps', 'r', v.step))
    .with('e', (w) => insertGated(w, 'audit_events', 'r', v.audit));
  if (shape !== 'keyed') return written.selectFrom('r').select('r.id');
  return written
    .with('k', (w) => insertGated(w, 'idempotency_keys', 'r', v.key))
    .selectFrom('r')
    .select('r.id');
});

export const reportsRepository = {
  async insert(db: Db, v: ReportValues): Promise<ReportRow> {
    return db
      .insertInto('progress_reports')
      .values(reportColumns(v))
      .returning(RETURNED_COLUMNS)
      .executeTakeFirstOrThrow();
  },

  /**
   * A new report with everything that comes with it, in one statement (the hottest write on
   * deadline day): the report, its pending approval and submit step, and — unless the report
   * is back-dated (`current` null: the caller recomputes) — its assignment's new current status
   * and approval summary. The caller holds the assignment's lock.
   */
  async insertSubmitted(
    db: Db,
    v: ReportValues,
    approval: Omit<ApprovalValues, 'subjectId'>,
    current: (CurrentStatus & { approvalStatus: string | null; approvedLevels: string[] }) | null,
  ): Promise<ReportRow> {
    const values: SubmittedValues = {
      report: reportColumns(v),
      approval: approvalColumns({ ...approval, subjectId: 0 }),
      step: {
        subject_type: approval.subjectType,
        action: 'submit',
        org_unit_id: approval.orgUnitId,
        actor: approval.submittedBy.name,
        actor_user_id: approval.submittedBy.userId ?? null,
        at: approval.submittedAt,
      },
      current: current && {
        current_percent: current.percent,
        current_state: current.state,
        completed_on: current.completedOn,
        last_reported_at: current.lastReportedAt,
        approval_status: current.approvalStatus,
        approved_levels: current.approvedLevels,
      },
      assignmentId: v.assignmentId,
    };
    const { rows } = await insertSubmittedQuery(db, values, current ? 'current' : 'back-dated');
    if (!rows[0]) throw new Error('the report was not stored');
    return rows[0];
  },

  /**
   * A new report with everything that comes with it, in one autocommit statement: the
   * assignment's new current status and approval summary, only if the row is still the
   * version read (`rowVersion`: its xmin) — then the report (its id already taken), its pending
   * approval and submit step, its audit event and, given a key, the idempotency key with the
   * answer. False: the row changed since it was read (nothing written: read again). A key
   * already stored fails the whole statement with a unique violation on idempotency_keys.
   */
  async submitOnce(
    db: Db,
    v: {
      report: ReportValues & { id: number };
      rowVersion: string;
      approval: Omit<ApprovalValues, 'subjectId'>;
      current: CurrentStatus & { approvalStatus: string | null; approvedLevels: string[] };
      audit: AuditRow;
      key?: { owner: string; key: string; fingerprint: string; statusCode: number; response: unknown };
    },
  ): Promise<boolean> {
    const values: OnceValues = {
      assignmentId: v.report.assignmentId,
      rowVersion: v.rowVersion,
      current: {
        current_percent: v.current.percent,
        current_state: v.current.state,
        completed_on: v.current.completedOn,
        last_reported_at: v.current.lastReportedAt,
        approval_status: v.current.approvalStatus,
        approved_levels: v.current.approvedLevels,
      },
      report: { id: v.report.id, ...reportColumns(v.report) },
      approval: approvalColumns({ ...v.approval, subjectId: v.report.id }),
      step: {
        subject_type: v.approval.subjectType,
        subject_id: v.report.id,
        action: 'submit',
        org_unit_id: v.approval.orgUnitId,
        actor: v.approval.submittedBy.name,
        actor_user_id: v.approval.submittedBy.userId ?? null,
        at: v.approval.submittedAt,
      },
      audit: auditValues(v.audit),
      key: {
        owner: v.key?.owner ?? '',
        key: v.key?.key ?? '',
        fingerprint: v.key?.fingerprint ?? '',
        status_code: v.key?.statusCode ?? 0,
        response: JSON.stringify(v.key?.response ?? null),
      },
    };
    const { rows } = await submitOnceQuery(db, values, v.key ? 'keyed' : 'plain');
    return rows.length > 0;
  },

  byId(db: Db, id: number): Promise<ReportRow | undefined> {
    return db.selectFrom('progress_reports as r').select(REPORT_COLUMNS).where('r.id', '=', id).executeTakeFirst();
  },

  /** The report history of an assignment, newest first. */
  forAssignment(db: Db, assignmentId: number): Promise<ReportRow[]> {
    return db
      .selectFrom('progress_reports as r')
      .select(REPORT_COLUMNS)
      .where('r.assignment_id', '=', assignmentId)
      .orderBy('r.reported_at', 'desc')
      .orderBy('r.id', 'desc')
      .execute();
  },

  /** Sets the review outcome, only while the report is still submitted. */
  async review(
    db: Db,
    id: number,
    decision: { state: 'approved' | 'returned'; comment: string | null; by: string; at: Date },
  ): Promise<boolean> {
    const result = await db
      .updateTable('progress_reports')
      .set({
        review_state: decision.state,
        review_comment: decision.comment,
        reviewed_by: decision.by,
        reviewed_at: decision.at,
      })
      .where('id', '=', id)
      .where('review_state', '=', 'submitted')
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  },

  /** Sets the review columns from the approval state (review up the tree: src/services/approvals). */
  async setReview(
    db: Db,
    id: number,
    review: { state: 'submitted' | 'approved' | 'returned'; comment: string | null; by: string; at: Date },
  ): Promise<void> {
    await db
      .updateTable('progress_reports')
      .set({
        review_state: review.state,
        review_comment: review.comment,
        reviewed_by: review.by,
        reviewed_at: review.at,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Submitted reports awaiting review, oldest first, within an org-unit subtree. */
  queue(
    db: Db,
    filter: {
      unitPath?: string | undefined;
      programmeId?: number | undefined;
      limit: number;
      offset: number;
      scope?: readonly string[] | undefined;
    },
  ) {
    let q = reportsOnTasks(db)
      .select(REPORT_COLUMNS)
      .select(REPORT_NAME_COLUMNS)
      .$narrowType<{ node_title: LocalizedText; org_unit_name: LocalizedText }>()
      .where('r.review_state', '=', 'submitted');
    if (filter.unitPath) q = q.where('u.path', 'like', `${filter.unitPath}%`);
    if (filter.programmeId) q = q.where('a.programme_id', '=', filter.programmeId);
    const scoped = inSubtrees('u.path', filter.scope);
    if (scoped) q = q.where(scoped);
    return q.orderBy('r.reported_at').orderBy('r.id').limit(filter.limit).offset(filter.offset).execute();
  },

  countQueue(
    db: Db,
    filter: { unitPath?: string | undefined; programmeId?: number | undefined; scope?: readonly string[] | undefined },
  ) {
    let q = db
      .selectFrom('progress_reports as r')
      .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
      .select(sql<number>`count(*)`.as('n'))
      .where('r.review_state', '=', 'submitted');
    if (filter.unitPath) q = q.where('u.path', 'like', `${filter.unitPath}%`);
    if (filter.programmeId) q = q.where('a.programme_id', '=', filter.programmeId);
    const scoped = inSubtrees('u.path', filter.scope);
    if (scoped) q = q.where(scoped);
    return q.executeTakeFirstOrThrow();
  },
};
