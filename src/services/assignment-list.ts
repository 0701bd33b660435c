/**
 * A page of leaf assignments in any timeliness states (all when none), filtered like
 * the supervision views: the list behind every figure of the overview. The overdue
 * list (supervision.ts) is the same query restricted to overdue work.
 */
import { supervisionRepository } from '../db/repositories/supervision.repository.js';
import type { Timeliness } from '../domain/timeliness.js';
import type { ServiceContext } from './context.js';
import { listPage, resolveQuery, toListItem, type ListQuery, type OverdueItem } from './supervision.js';

export type AssignmentListItem = Omit<OverdueItem, 'tags'> & { timeliness: Timeliness };

export async function listAssignments(
  ctx: ServiceContext,
  q: ListQuery & { timeliness?: readonly Timeliness[] },
): Promise<{ asOf: string; total: number; items: AssignmentListItem[] }> {
  const { at, filter } = await resolveQuery(ctx, q);
  const { rows, total } = await supervisionRepository.page(ctx.db, at, filter, {
    ...listPage(q, 'due'),
    timeliness: q.timeliness,
  });
  return {
    asOf: at.asOf,
    total,
    items: rows.map((r) => ({ ...toListItem(r), timeliness: r.timeliness as Timeliness })),
  };
}
