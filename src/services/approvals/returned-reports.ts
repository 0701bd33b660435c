/**
 * Returned — needs your changes: the reports returned to the actor (in the subtrees
 * where they report, or made by them) that nobody has resubmitted yet, with the
 * comment, who returned them and at which level.
 */
import { approvalsRepository } from '../../db/repositories/approvals.repository.js';
import { approvalPolicy } from '../../policies/approvals.js';
import type { ServiceContext } from '../context.js';
import { reportTask } from '../progress-reports.js';

export async function returnedToMe(ctx: ServiceContext, limit = 50) {
  const rows = await approvalsRepository.returnedForReporter(
    ctx.db,
    { scope: approvalPolicy.reporterScope(ctx.actor), name: ctx.actor.name },
    limit,
  );
  const steps = await approvalsRepository.steps(
    ctx.db,
    'report',
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => {
      const ret = steps.filter((s) => s.subject_id === r.id && s.action === 'return').pop();
      return {
        report: r.id,
        assignment: r.assignment_id,
        ...reportTask(r),
        period: r.period,
        percent: r.percent,
        state: r.state,
        narrative: r.narrative,
        reporter: r.reporter,
        comment: r.review_comment,
        returnedBy: r.reviewed_by,
        returnedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
        level: ret?.level ?? null,
        levelUnit: ret?.unit ?? null,
      };
    }),
  };
}
