/**
 * Figures by level: of the leaf assignments in a programme / subtree / scope, how many
 * have their current report waiting, returned, approved at each level, and finally
 * approved or accepted by the top level (what open data publishes).
 */
import { approvalsRepository } from '../../db/repositories/approvals.repository.js';
import type { ServiceContext } from '../context.js';

export interface ApprovalFigures {
  /** Leaf assignments with a current report. */
  reported: number;
  waiting: number;
  returned: number;
  /** Finally approved by the top level, with or without an acceptance step. */
  final: number;
  /** Accepted by the unit above the top approving level. */
  accepted: number;
  /** Approved at each level (kind, 'review', or 'accepted'), counting those approved higher up too. */
  byLevel: Record<string, number>;
}

export async function approvalFigures(
  ctx: ServiceContext,
  filter: {
    programmeId?: number | undefined;
    unitPath?: string | undefined;
    nodePath?: string | undefined;
    scope?: readonly string[] | undefined;
  },
): Promise<ApprovalFigures> {
  const tally = await approvalsRepository.levelTally(ctx.db, filter);
  const n = (s: string) => tally.statuses.find((t) => t.status === s)?.n ?? 0;
  return {
    reported: tally.statuses.filter((t) => t.status !== null).reduce((a, t) => a + t.n, 0),
    waiting: n('pending'),
    returned: n('returned'),
    final: n('approved') + n('accepted'),
    accepted: n('accepted'),
    byLevel: Object.fromEntries(tally.levels.map((l) => [l.level, l.n])),
  };
}
