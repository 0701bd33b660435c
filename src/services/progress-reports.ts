/**
 * Progress reports: append-only. A report is submitted, then approved or returned
 * with a comment. A new report advances the assignment's current status from the
 * previous one (advanceStatus, constant cost); a review recomputes it from the history
 * (statusAsOf). Both are written with the report — in one statement for a report sent to the
 * API (submitReportOnce), in a transaction otherwise — so supervision queries read the
 * current status without scanning reports.
 */
import { assignmentsRepository, type AssignmentRow } from '../db/repositories/assignments.repository.js';
import type { ApprovalLock } from '../db/repositories/approvals.repository.js';
import type { ChainUnit } from '../domain/approval.js';
import { reportsRepository, type ReportRow } from '../db/repositories/reports.repository.js';
import { ConflictError, NotFoundError, ValidationError, problemsFromZod } from '../domain/errors.js';
import { idempotencyRepository } from '../db/repositories/idempotency.repository.js';
import type { z } from 'zod';
import {
  reportInputSchema,
  reviewInputSchema,
  type ReportData,
  type ReportInput,
  type ReviewInput,
} from '../domain/report.js';
import { advanceStatus, statusAsOf, type ReportFact, type ReportState } from '../domain/timeliness.js';
import type { EvidenceLink } from '../db/schema.js';
import type { LocalizedText } from '../domain/i18n.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import { reportPolicy } from '../policies/reports.js';
import { assignmentPolicy } from '../policies/assignments.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { auditRow, recordChange } from './audit.js';
import { idempotent, keyTaken, ownerOf, replay, type IdempotentAnswer, type IdempotentRequest } from './idempotency.js';
import {
  assertReportEditable,
  newReportApproval,
  refreshAssignmentApproval,
  reviewReportDecision,
} from './approvals/report-approval.js';

export interface Report {
  id: number;
  assignment: number;
  period: string;
  percent: number;
  state: ReportState;
  narrative: string;
  evidence: EvidenceLink[];
  reporter: string;
  reportedAt: string;
  review: {
    state: 'submitted' | 'returned' | 'approved';
    comment: string | null;
    by: string | null;
    at: string | null;
  };
  synthetic: boolean;
}

export function toReport(row: ReportRow): Report {
  return {
    id: row.id,
    assignment: row.assignment_id,
    period: row.period,
    percent: row.percent,
    state: row.state as ReportState,
    narrative: row.narrative,
    evidence: row.evidence,
    reporter: row.reporter,
    reportedAt: row.reported_at.toISOString(),
    review: {
      state: row.review_state as Report['review']['state'],
      comment: row.review_comment,
      by: row.reviewed_by,
      at: row.reviewed_at ? row.reviewed_at.toISOString() : null,
    },
    synthetic: row.synthetic,
  };
}

/** The columns that name a report's task, as the review queries select them. */
export interface ReportTaskRow {
  programme_code: string;
  node_code: string;
  node_title: LocalizedText;
  org_unit_code: string;
  org_unit_name: LocalizedText;
  due_date: string;
}

/** The task a report is on, as every review list names it. */
export function reportTask(r: ReportTaskRow) {
  return {
    programme: r.programme_code,
    node: r.node_code,
    title: r.node_title,
    unit: r.org_unit_code,
    unitName: r.org_unit_name,
    due: r.due_date,
  };
}

export function reportFacts(rows: ReportRow[]): ReportFact[] {
  return rows.map((r) => ({
    at: r.reported_at.getTime(),
    id: r.id,
    percent: r.percent,
    state: r.state as ReportState,
    returned: r.review_state === 'returned',
  }));
}

/** Recomputes and stores an assignment's current status from its whole history. */
export async function refreshAssignmentStatus(db: Db, assignmentId: number): Promise<void> {
  const rows = await reportsRepository.forAssignment(db, assignmentId);
  const effective = rows.filter((r) => r.review_state !== 'returned');
  const status = statusAsOf(reportFacts(rows), '9999-12-31');
  await assignmentsRepository.setCurrent(db, assignmentId, {
    percent: status?.percent ?? 0,
    state: status?.state ?? 'not_started',
    completedOn: status?.completedOn ?? null,
    lastReportedAt: effective[0]?.reported_at ?? null,
  });
}

/**
 * A new report, in as few round trips as the rules allow (it is the hottest write on
 * deadline day): lock the assignment and read it with what its approval chain needs;
 * check visibility, the reporter's role and the period's approval locks; then store the
 * report, its pending approval and the assignment's new current status — advanced from
 * the previous status alone (advanceStatus, constant cost) — in one statement. A
 * back-dated report recomputes the status and approval summary from the history.
 */
export async function submitReport(
  ctx: ServiceContext,
  assignmentId: number,
  input: ReportInput,
  options: { reportedAt?: Date; synthetic?: boolean } = {},
): Promise<Report> {
  const parsed = reportInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  return submitValidReport(ctx, assignmentId, parsed.data, options);
}

/** An assignment as read for a new report (assignmentsRepository.readForReport, lockForReport). */
type ReportTarget = AssignmentRow & { approval_config: unknown; lineage: ChainUnit[] };

/**
 * The rules of a new report on an assignment as read: it must be visible, the actor a
 * reporter over its unit, the period not locked by an approval above (`locks`; read again
 * when undefined); then its new current status (advanceStatus: null when back-dated) and
 * its pending approval.
 */
async function newReportOn<T extends ReportTarget>(
  ctx: ServiceContext,
  assignmentId: number,
  target: T | undefined,
  input: Pick<ReportData, 'period' | 'percent' | 'state'>,
  locks: ApprovalLock[] | undefined,
  reportedAt: Date,
) {
  const { db, actor } = ctx;
  mustSee(target !== undefined && assignmentPolicy.canRead(actor, target), `no assignment with id ${assignmentId}`);
  if (!target) throw new NotFoundError(`no assignment with id ${assignmentId}`);
  mustBeAllowed(
    reportPolicy.canSubmit(actor, target),
    `reporting on assignment ${assignmentId} needs the reporter role over ${target.org_unit_code}`,
  );
  await assertReportEditable(db, target, input.period, locks);
  const next = advanceStatus(
    {
      percent: target.current_percent,
      state: target.current_state as ReportState,
      completedOn: target.completed_on,
      lastReportedAt: target.last_reported_at ? target.last_reported_at.getTime() : null,
    },
    { at: reportedAt.getTime(), percent: input.percent, state: input.state, returned: false },
  );
  const approval = newReportApproval(
    target,
    { config: target.approval_config, lineage: target.lineage },
    input.period,
    actor,
    reportedAt,
  );
  return { target, next, approval };
}

/**
 * submitReport for an input reportInputSchema has already parsed (the API route's body
 * schema is that schema): the hottest request does not parse its body twice.
 */
export async function submitValidReport(
  ctx: ServiceContext,
  assignmentId: number,
  input: z.output<typeof reportInputSchema>,
  options: { reportedAt?: Date; synthetic?: boolean } = {},
): Promise<Report> {
  return inTransaction(ctx, async (tctx) => {
    const { db, actor, now } = tctx;
    const locked = await assignmentsRepository.lockForReport(db, assignmentId, input.period);
    const reportedAt = options.reportedAt ?? now();
    const { target, next, approval } = await newReportOn(
      tctx,
      assignmentId,
      locked,
      input,
      locked?.locks_current ? locked.locks : undefined,
      reportedAt,
    );
    const row = await reportsRepository.insertSubmitted(
      db,
      { assignmentId, ...input, reporter: actor.name, reportedAt, synthetic: options.synthetic ?? false },
      approval,
      next && {
        percent: next.percent,
        state: next.state,
        completedOn: next.completedOn,
        lastReportedAt: reportedAt,
        // The new report is the current one: its pending approval is the assignment's summary.
        approvalStatus: approval.status,
        approvedLevels: approval.approvedLevels,
      },
    );
    if (!next) {
      await refreshAssignmentStatus(db, assignmentId);
      await refreshAssignmentApproval(db, assignmentId);
    }
    const report = toReport(row);
    await recordChange(tctx, {
      action: 'submit',
      type: 'report',
      id: report.id,
      after: report,
      seq: Number(target.audit_seq),
    });
    return report;
  });
}

/** A percent that numeric(5,2) stores as it is: the one-statement path builds the stored report itself. */
const TWO_DECIMALS = /^\d{1,3}(\.\d{1,2})?$/;

/**
 * A new report from the API (the hottest write on deadline day), in two round trips and no
 * transaction: read the assignment with everything the rules need and the new report's id
 * (readForReport, no lock); check visibility, role and approval locks; advance the status
 * (constant cost); build the report, its pending approval, its audit event and the answer;
 * then write it all in one statement that applies only if the assignment is still the
 * version read (reportsRepository.submitOnce). A concurrent change to the assignment makes
 * it read again; with an Idempotency-Key already stored, the write fails on the key's
 * uniqueness and the stored answer is returned instead (a retry costs a round trip more; the
 * first attempt looks nothing up). A back-dated report, a percent with more than two decimals,
 * or an assignment that keeps changing takes the locking path (submitValidReport in idempotent()).
 */
export async function submitReportOnce(
  ctx: ServiceContext,
  assignmentId: number,
  input: z.output<typeof reportInputSchema>,
  request: IdempotentRequest,
): Promise<IdempotentAnswer<Report>> {
  if (!ctx.db.isTransaction && TWO_DECIMALS.test(String(input.percent))) {
    const key = request.key === undefined ? undefined : { owner: ownerOf(ctx), key: request.key };
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await trySubmitOnce(ctx, assignmentId, input, request, key);
      if (answer === 'locking') break;
      if (answer) return answer;
    }
  }
  return idempotent(ctx, request, (tctx) => submitValidReport(tctx, assignmentId, input));
}

/** One attempt of submitReportOnce: the answer; undefined: read again; 'locking': take the locking path. */
async function trySubmitOnce(
  ctx: ServiceContext,
  assignmentId: number,
  input: z.output<typeof reportInputSchema>,
  request: IdempotentRequest,
  key: { owner: string; key: string } | undefined,
): Promise<IdempotentAnswer<Report> | 'locking' | undefined> {
  const { db, actor } = ctx;
  const { period } = input;
  const read = await assignmentsRepository.readForReport(db, assignmentId, period);
  const reportedAt = ctx.now();
  const { target, next, approval } = await newReportOn(ctx, assignmentId, read, input, read?.locks, reportedAt);
  if (!next) return 'locking'; // back-dated: the status is recomputed from the history
  const report: Report = {
    id: Number(target.report_id),
    assignment: assignmentId,
    period,
    percent: input.percent,
    state: input.state,
    narrative: input.narrative,
    evidence: input.evidence,
    reporter: actor.name,
    reportedAt: reportedAt.toISOString(),
    review: { state: 'submitted', comment: null, by: null, at: null },
    synthetic: false,
  };
  try {
    const written = await reportsRepository.submitOnce(db, {
      report: { id: report.id, assignmentId, ...input, reporter: actor.name, reportedAt },
      rowVersion: target.row_version,
      approval,
      // The new report is the current one: its pending approval is the assignment's summary.
      current: {
        ...next,
        lastReportedAt: reportedAt,
        approvalStatus: approval.status,
        approvedLevels: approval.approvedLevels,
      },
      audit: auditRow(
        ctx,
        { action: 'submit', type: 'report', id: report.id, after: report },
        Number(target.audit_seq),
      ),
      ...(key
        ? { key: { ...key, fingerprint: request.fingerprint, statusCode: request.status, response: report } }
        : {}),
    });
    return written ? { status: request.status, body: report, replayed: false } : undefined;
  } catch (error) {
    if (!key || !keyTaken(error)) throw error;
    // A retry of a request already answered (or a key reused): its stored answer.
    const first = await idempotencyRepository.find(db, key.owner, key.key);
    if (!first) throw new ConflictError('this idempotency key was just forgotten: retry');
    return replay({ fingerprint: first.fingerprint, status: first.status_code, response: first.response }, request);
  }
}

/** Approve (at the step the report waits at) or return it with a comment: see src/services/approvals. */
export async function reviewReport(ctx: ServiceContext, reportId: number, input: ReviewInput): Promise<Report> {
  const parsed = reviewInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  return (await reviewReportDecision(ctx, reportId, parsed.data)).report;
}

export async function reviewQueue(
  ctx: ServiceContext,
  filter: { unitPath?: string | undefined; programmeId?: number | undefined; limit: number; offset: number },
) {
  const scoped = { ...filter, scope: reportPolicy.readScope(ctx.actor) };
  const [rows, total] = await Promise.all([
    reportsRepository.queue(ctx.db, scoped),
    reportsRepository.countQueue(ctx.db, scoped),
  ]);
  return {
    total: total.n,
    items: rows.map((r) => ({
      ...toReport(r),
      ...reportTask(r),
    })),
  };
}
