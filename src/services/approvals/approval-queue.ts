/**
 * The review queue: submissions in the actor's scope with the level each waits at,
 * filtered by level, state (waiting, blocked, returned, approved), unit, programme and
 * a search, sorted; and the counts waiting per level.
 */
import { approvalsRepository, type QueueSort } from '../../db/repositories/approvals.repository.js';
import { approvalPolicy } from '../../policies/approvals.js';
import type { ServiceContext } from '../context.js';
import { reportTask, toReport } from '../progress-reports.js';
import { presentApproval } from './approval-state.js';

export const QUEUE_STATES = ['waiting', 'blocked', 'returned', 'approved', 'final'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueQuery {
  unitPath?: string | undefined;
  programmeId?: number | undefined;
  level?: string | undefined;
  state?: QueueState | undefined;
  q?: string | undefined;
  /** Only what the actor may decide now. */
  mine?: boolean | undefined;
  sort?: QueueSort | undefined;
  limit: number;
  offset: number;
}

const STATUSES: Record<QueueState, string[]> = {
  waiting: ['pending'],
  blocked: ['pending'],
  returned: ['returned'],
  approved: ['pending', 'approved', 'accepted'],
  final: ['approved', 'accepted'],
};

export async function approvalQueue(ctx: ServiceContext, query: QueueQuery) {
  const scope = approvalPolicy.readScope(ctx.actor);
  const state = query.state ?? 'waiting';
  const filter = {
    subjectType: 'report',
    scope,
    unitPath: query.unitPath,
    programmeId: query.programmeId,
    statuses: STATUSES[state],
    level: query.level,
    claimedState: state === 'blocked' ? 'blocked' : undefined,
    someApproved: state === 'approved',
    q: query.q?.trim() || undefined,
  };
  const page = { sort: query.sort ?? 'oldest', limit: query.limit, offset: query.offset };
  const [rows, total, byLevel] = await Promise.all([
    approvalsRepository.reportQueue(ctx.db, filter, query.mine ? { ...page, limit: 5000, offset: 0 } : page),
    approvalsRepository.countReportQueue(ctx.db, filter),
    approvalsRepository.waitingByLevel(ctx.db, filter),
  ]);
  let items = rows.map((r) => {
    const approval = presentApproval(
      {
        subject_type: 'report',
        subject_id: r.id,
        programme_id: null,
        org_unit_id: 0,
        period: r.period,
        submitted_by: r.submitted_by,
        submitted_by_user_id: r.submitted_by_user_id,
        submitted_at: r.reported_at,
        chain: r.chain,
        approved: r.approved,
        status: r.status,
        waiting_level: r.waiting_level,
        waiting_unit_path: null,
        approved_levels: r.approved_levels,
        done_by: r.done_by,
        comment: r.approval_comment,
        updated_at: r.reported_at,
        version: 1,
      },
      ctx.actor,
    );
    return {
      ...toReport({ ...r, assignment_id: r.assignment_id, state: r.state }),
      ...reportTask(r),
      approval,
    };
  });
  let count = total;
  if (query.mine) {
    const mine = items.filter((i) => i.approval.canDecide);
    count = mine.length;
    items = mine.slice(query.offset, query.offset + query.limit);
  }
  return { total: count, items, waitingByLevel: byLevel };
}
