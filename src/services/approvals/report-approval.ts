/**
 * Review up the tree for progress reports: open the approval when a report is
 * submitted, refuse a report below a locked level, and approve, accept, return or
 * unapprove — one step at a time, each audited with its actor and level.
 */
import {
  approvalsRepository,
  type ApprovalLock,
  type ApprovalRow,
  type ApprovalValues,
} from '../../db/repositories/approvals.repository.js';
import { assignmentsRepository, type AssignmentRow } from '../../db/repositories/assignments.repository.js';
import { reportsRepository, type ReportRow } from '../../db/repositories/reports.repository.js';
import type { Db } from '../../db/database.js';
import {
  isFinal,
  levelLabel,
  REVIEW_LEVEL,
  resolveChain,
  reviewStateOf,
  transition,
  type ChainUnit,
  type ApprovalAction,
  type ApprovalState,
} from '../../domain/approval.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import { approvalPolicy, approverView, identityOf } from '../../policies/approvals.js';
import { assignmentPolicy } from '../../policies/assignments.js';
import { mustSee } from '../../policies/assert.js';
import type { Actor } from '../../domain/actor.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { refreshAssignmentStatus, toReport } from '../progress-reports.js';
import {
  adoptApproval,
  approvalConfigOf,
  pendingApproval,
  presentApproval,
  saveTransition,
  stateOf,
  type Subject,
} from './approval-state.js';

function reportSubject(report: Pick<ReportRow, 'id' | 'period'>, assignment: AssignmentRow): Subject {
  return {
    type: 'report',
    id: report.id,
    programmeId: assignment.programme_id,
    orgUnitId: assignment.org_unit_id,
    period: report.period,
  };
}

/** Keeps the assignment's approval summary (status and levels of its current report) for rollups. */
export async function refreshAssignmentApproval(db: Db, assignmentId: number): Promise<void> {
  const current = await approvalsRepository.currentReportApproval(db, assignmentId);
  await approvalsRepository.setAssignmentSummary(db, assignmentId, {
    status: current ? (current.status ?? (current.review_state === 'approved' ? 'approved' : 'pending')) : null,
    levels: current?.approved_levels ?? [],
  });
}

/**
 * Refuses a new report for (assignment, period) when a level has approved that
 * period's report here or on an assignment above it: names who must unapprove.
 * `locks`: as read with the assignment's lock (lockForReport); read here when not given.
 */
export async function assertReportEditable(
  db: Db,
  assignment: AssignmentRow,
  period: string,
  locks?: ApprovalLock[],
): Promise<void> {
  // The default single review ("review" at the unit itself) locks nothing, as before levels existed.
  const lock = (locks ?? (await approvalsRepository.locksFor(db, assignment.id, period))).find(
    (l) => l.chain[l.approved - 1]?.level !== REVIEW_LEVEL,
  );
  if (!lock) return;
  const top = lock.approved - 1;
  const step = lock.chain[top]!;
  const by = lock.done_by[top]?.name ?? 'someone';
  const where =
    lock.assignment_id === assignment.id
      ? `the ${period} report of ${lock.unit}`
      : `the ${period} report of ${lock.unit}, which covers ${assignment.org_unit_code},`;
  throw new ConflictError(
    `locked: ${where} was ${step.action === 'accept' ? 'accepted' : 'approved'} at ${levelLabel(step)} by ${by}; ` +
      `a secretariat of ${step.unitCode} (or a level above) must unapprove it before it can change`,
  );
}

/**
 * The pending approval of a new report (submitReport stores it with the report): its chain
 * from the programme's levels (`approvalConfig`, as stored) and the unit's lineage, root first.
 */
export function newReportApproval(
  assignment: AssignmentRow,
  approval: { config: unknown; lineage: ChainUnit[] },
  period: string,
  actor: Actor,
  at: Date,
): Omit<ApprovalValues, 'subjectId'> {
  const subject = {
    type: 'report' as const,
    programmeId: assignment.programme_id,
    orgUnitId: assignment.org_unit_id,
    period,
  };
  return pendingApproval(
    subject,
    resolveChain(approvalConfigOf(approval.config), approval.lineage),
    identityOf(actor),
    at,
  );
}

/** The stored approval of a report, adopting a legacy one (single review) on first use. */
export async function reportApprovalRow(
  db: Db,
  report: ReportRow,
  assignment: AssignmentRow,
  lock = false,
): Promise<ApprovalRow> {
  const existing = await approvalsRepository.get(db, 'report', report.id, lock);
  if (existing) return existing;
  await adoptApproval(db, reportSubject(report, assignment), {
    reviewState: report.review_state,
    submitter: { name: report.reporter, userId: null },
    submittedAt: report.reported_at,
    reviewedBy: report.reviewed_by,
    comment: report.review_comment,
  });
  return (await approvalsRepository.get(db, 'report', report.id, lock))!;
}

export type ReportDecision =
  | { action: 'approve'; comment?: string | undefined }
  | { action: 'accept'; comment?: string | undefined }
  | { action: 'return'; comment: string }
  | { action: 'unapprove'; reason: string; step?: number | undefined };

const AUDIT_ACTION = { approve: 'approve', accept: 'accept', return: 'return', unapprove: 'unapprove' } as const;

/** One decision on one report, in the caller's transaction (the report is located and scoped here). */
async function decide(ctx: ServiceContext, reportId: number, decision: ReportDecision) {
  const { db, actor, now } = ctx;
  const report = await reportsRepository.byId(db, reportId);
  const assignment = report ? await assignmentsRepository.byId(db, report.assignment_id) : undefined;
  mustSee(
    report !== undefined && assignment !== undefined && assignmentPolicy.canRead(actor, assignment),
    `no report with id ${reportId}`,
  );
  if (!report || !assignment) throw new NotFoundError(`no report with id ${reportId}`);
  await assignmentsRepository.lock(db, assignment.id);
  const row = await reportApprovalRow(db, report, assignment, true);
  const before: ApprovalState = stateOf(row);
  const action: ApprovalAction =
    decision.action === 'return'
      ? { kind: 'return', comment: decision.comment }
      : decision.action === 'unapprove'
        ? {
            kind: 'unapprove',
            reason: decision.reason,
            ...(decision.step !== undefined ? { step: decision.step } : {}),
          }
        : { kind: decision.action };
  const result = transition(before, action, identityOf(actor), approverView(actor));
  if (!result.ok) {
    const message = `report ${reportId}: ${result.message}`;
    if (result.code === 'invalid')
      throw new ValidationError(
        [
          {
            path:
              decision.action === 'return'
                ? 'body.comment'
                : decision.action === 'unapprove'
                  ? 'body.reason'
                  : 'body.action',
            message: result.message,
          },
        ],
        message,
      );
    if (result.code === 'state') throw new ConflictError(message);
    throw new ForbiddenError(message);
  }
  const at = now();
  const comment =
    decision.action === 'return'
      ? decision.comment.trim()
      : decision.action === 'unapprove'
        ? decision.reason.trim()
        : decision.comment?.trim() || null;
  const subject = reportSubject(report, assignment);
  await saveTransition(db, subject, row, result.state, {
    action: decision.action,
    index: result.step,
    level: result.level,
    actor: identityOf(actor),
    comment,
    at,
  });
  await reportsRepository.setReview(db, reportId, {
    state: reviewStateOf(result.state),
    comment: comment ?? (decision.action === 'approve' || decision.action === 'accept' ? null : report.review_comment),
    by: actor.name,
    at,
  });
  await refreshAssignmentStatus(db, assignment.id);
  await refreshAssignmentApproval(db, assignment.id);
  const after = (await approvalsRepository.get(db, 'report', reportId))!;
  const view = presentApproval(after, actor);
  await recordChange(ctx, {
    action: AUDIT_ACTION[decision.action],
    type: 'report',
    id: reportId,
    before: { ...toReport(report), approval: { status: before.status, approved: before.approved } },
    after: {
      ...toReport((await reportsRepository.byId(db, reportId))!),
      approval: {
        level: result.level,
        step: result.step,
        unit: result.state.chain[result.step]?.unitCode ?? null,
        status: result.state.status,
        approvedLevels: view.approvedLevels,
        final: isFinal(result.state),
        ...(comment ? { comment } : {}),
      },
    },
  });
  return { report: toReport((await reportsRepository.byId(db, reportId))!), approval: view };
}

export async function decideOnReport(ctx: ServiceContext, reportId: number, decision: ReportDecision) {
  return inTransaction(ctx, (tctx) => decide(tctx, reportId, decision));
}

/** Approve, or accept where that is the step the report waits at. */
async function approveOne(ctx: ServiceContext, id: number, comment: string | undefined) {
  const row = await approvalsRepository.get(ctx.db, 'report', id);
  const accept = row && row.status === 'pending' && row.chain[row.approved]?.action === 'accept';
  return decide(ctx, id, { action: accept ? 'accept' : 'approve', comment });
}

/** A refusal of one report in a bulk approval, or undefined for an error that is not the user's. */
function refusal(
  error: unknown,
): { code: 'conflict' | 'forbidden' | 'not_found' | 'invalid'; message: string } | undefined {
  if (error instanceof ConflictError) return { code: 'conflict', message: error.message };
  if (error instanceof ForbiddenError) return { code: 'forbidden', message: error.message };
  if (error instanceof NotFoundError) return { code: 'not_found', message: error.message };
  if (error instanceof ValidationError)
    return { code: 'invalid', message: error.problems[0]?.message ?? error.message };
  return undefined;
}

/**
 * Approves (or, where the step is acceptance, accepts) several reports with one comment, each
 * checked and audited as a single decision: all of them or none with every problem named, or
 * with `each` one by one (its own transaction each), the refused ones listed.
 */
export async function approveReports(
  ctx: ServiceContext,
  reportIds: number[],
  options: { comment?: string | undefined; each?: boolean | undefined } = {},
) {
  if (options.each) {
    const items = [];
    const failed = [];
    for (const id of reportIds) {
      try {
        items.push(await inTransaction(ctx, (tctx) => approveOne(tctx, id, options.comment)));
      } catch (error) {
        const why = refusal(error);
        if (!why) throw error;
        failed.push({ report: id, ...why });
      }
    }
    return { approved: items.length, items, failed };
  }
  return inTransaction(ctx, async (tctx) => {
    const problems: Array<{ path: string; message: string }> = [];
    const done = [];
    for (const [i, id] of reportIds.entries()) {
      try {
        done.push(await approveOne(tctx, id, options.comment));
      } catch (error) {
        const why = refusal(error);
        if (why && why.code !== 'invalid') problems.push({ path: `body.reports[${i}]`, message: why.message });
        else throw error;
      }
    }
    if (problems.length) throw new ValidationError(problems, 'nothing was approved');
    return { approved: done.length, items: done, failed: [] };
  });
}

/** The single review of old: approve (or accept) at the step it waits at, or return. */
export async function reviewReportDecision(
  ctx: ServiceContext,
  reportId: number,
  input: { decision: 'approve' | 'return'; comment?: string | undefined },
) {
  return inTransaction(ctx, async (tctx) => {
    if (input.decision === 'return') return decide(tctx, reportId, { action: 'return', comment: input.comment ?? '' });
    return approveOne(tctx, reportId, undefined);
  });
}

/** Approvals and their steps for an assignment's reports (the assignment page). */
export async function reportApprovals(ctx: ServiceContext, _assignment: AssignmentRow, reports: ReportRow[]) {
  const ids = reports.map((r) => r.id);
  const [rows, steps] = await Promise.all([
    approvalsRepository.forSubjects(ctx.db, 'report', ids),
    approvalsRepository.steps(ctx.db, 'report', ids),
  ]);
  return rows.map((row) => ({
    report: row.subject_id,
    ...presentApproval(row, ctx.actor),
    steps: steps
      .filter((s) => s.subject_id === row.subject_id)
      .map((s) => ({
        action: s.action,
        step: s.step,
        level: s.level,
        unit: s.unit,
        actor: s.actor,
        comment: s.comment,
        at: s.at.toISOString(),
      })),
  }));
}

export { approvalPolicy };
