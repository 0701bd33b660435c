/**
 * A page of leaf assignments in any timeliness states (all when none), filtered like
 * the supervision views: the list behind every figure of the overview. The overdue
 * list (supervision.ts) is the same query restricted to overdue work.
 */
import { supervisionRepository } from '../db/repositories/supervision.repository.js';
import type { Timeliness } from '../domain/timeliness.js';
import type { ServiceContext } from './context.js';
import { resolveQuery, toListItem, type ListQuery, type OverdueItem } from './supervision.js';

export type AssignmentListItem = Omit<OverdueItem, 'tags'> & { timeliness: Timeliness };

export async function listAssignments(
  ctx: ServiceContext,
  q: ListQuery & { timeliness?: readonly Timeliness[] },
): Promise<{ asOf: string; total: number; items: AssignmentListItem[] }> {
  const { at, filter } = await resolveQuery(ctx, q);
  const { rows, total } = await supervisionRepository.page(ctx.db, at, filter, {
    timeliness: q.timeliness,
    backlogOnly: q.backlogOnly ?? false,
    sort: q.sort ?? 'due',
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  });
  return {
    asOf: at.asOf,
    total,
    items: rows.map((r) => ({ ...toListItem(r), timeliness: r.timeliness as Timeliness })),
  };
}
