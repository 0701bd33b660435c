/**
 * Progress reports: append-only. A report is submitted, then approved or returned
 * with a comment. A new report advances the assignment's current status from the
 * previous one (advanceStatus, constant cost); a review recomputes it from the history
 * (statusAsOf). Both happen in the report's transaction, so supervision queries read
 * the current status without scanning reports.
 */
import { assignmentsRepository, type CurrentStatus } from '../db/repositories/assignments.repository.js';
import { reportsRepository, type ReportRow } from '../db/repositories/reports.repository.js';
import { ConflictError, NotFoundError, ValidationError, problemsFromZod } from '../domain/errors.js';
import { reportInputSchema, reviewInputSchema, type ReportInput, type ReviewInput } from '../domain/report.js';
import { advanceStatus, statusAsOf, type ReportFact, type ReportState } from '../domain/timeliness.js';
import type { EvidenceLink } from '../db/schema.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import { reportPolicy } from '../policies/reports.js';
import { assignmentPolicy } from '../policies/assignments.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { recordChange } from './audit.js';

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
 * The assignment's current status after a new report, from its previous status alone
 * (advanceStatus: constant cost); a back-dated report falls back to the full history.
 */
export async function advanceAssignmentStatus(
  db: Db,
  assignmentId: number,
  current: CurrentStatus,
  report: ReportRow,
): Promise<void> {
  const next = advanceStatus(
    {
      percent: current.percent,
      state: current.state as ReportState,
      completedOn: current.completedOn,
      lastReportedAt: current.lastReportedAt ? current.lastReportedAt.getTime() : null,
    },
    reportFacts([report])[0]!,
  );
  if (!next) return refreshAssignmentStatus(db, assignmentId);
  await assignmentsRepository.setCurrent(db, assignmentId, {
    percent: next.percent,
    state: next.state,
    completedOn: next.completedOn,
    lastReportedAt: next.lastReportedAt === null ? null : report.reported_at,
  });
}

export async function submitReport(
  ctx: ServiceContext,
  assignmentId: number,
  input: ReportInput,
  options: { reportedAt?: Date; synthetic?: boolean } = {},
): Promise<Report> {
  const parsed = reportInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  return inTransaction(ctx, async (tctx) => {
    const { db, actor, now } = tctx;
    const assignment = await assignmentsRepository.byId(db, assignmentId);
    mustSee(
      assignment !== undefined && assignmentPolicy.canRead(actor, assignment),
      `no assignment with id ${assignmentId}`,
    );
    mustBeAllowed(
      reportPolicy.canSubmit(actor, assignment!),
      `reporting on assignment ${assignmentId} needs the reporter role over ${assignment!.org_unit_code}`,
    );
    const current = await assignmentsRepository.lockCurrent(db, assignmentId);
    if (!current) throw new NotFoundError(`no assignment with id ${assignmentId}`);
    const row = await reportsRepository.insert(db, {
      assignmentId,
      ...parsed.data,
      reporter: actor.name,
      reportedAt: options.reportedAt ?? now(),
      synthetic: options.synthetic ?? false,
    });
    await advanceAssignmentStatus(db, assignmentId, current, row);
    const report = toReport(row);
    await recordChange(tctx, { action: 'submit', type: 'report', id: report.id, after: report });
    return report;
  });
}

export async function reviewReport(ctx: ServiceContext, reportId: number, input: ReviewInput): Promise<Report> {
  const parsed = reviewInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  return inTransaction(ctx, async (tctx) => {
    const { db, actor, now } = tctx;
    const report = await reportsRepository.byId(db, reportId);
    const assignment = report ? await assignmentsRepository.byId(db, report.assignment_id) : undefined;
    mustSee(
      report !== undefined && assignment !== undefined && assignmentPolicy.canRead(actor, assignment),
      `no report with id ${reportId}`,
    );
    mustBeAllowed(
      reportPolicy.canReview(actor, assignment!),
      `reviewing reports of ${assignment!.org_unit_code} needs the secretariat role over it`,
    );
    mustBeAllowed(!reportPolicy.isOwnReport(actor, report!), 'nobody reviews their own report');
    if (!report) throw new NotFoundError(`no report with id ${reportId}`);
    await assignmentsRepository.lock(db, report.assignment_id);
    const state = parsed.data.decision === 'approve' ? 'approved' : 'returned';
    const ok = await reportsRepository.review(db, reportId, {
      state,
      comment: parsed.data.comment?.trim() || null,
      by: actor.name,
      at: now(),
    });
    if (!ok) throw new ConflictError(`report ${reportId} was already ${report.review_state}`);
    await refreshAssignmentStatus(db, report.assignment_id);
    const after = toReport((await reportsRepository.byId(db, reportId))!);
    await recordChange(tctx, {
      action: parsed.data.decision === 'approve' ? 'approve' : 'return',
      type: 'report',
      id: reportId,
      before: toReport(report),
      after,
    });
    return after;
  });
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
      programme: r.programme_code,
      node: r.node_code,
      title: r.node_title,
      unit: r.org_unit_code,
      unitName: r.org_unit_name,
      due: r.due_date,
    })),
  };
}
