/**
 * Timeliness counts of each programme node's own leaf assignments: the status chips and
 * state filters of the web app's programme tree (which adds them up the tree).
 */
import { supervisionRepository } from '../db/repositories/supervision.repository.js';
import type { SupervisionQuery } from '../domain/supervision.js';
import type { ServiceContext } from './context.js';
import { addTally, emptyCounts, resolveQuery, type Counts } from './supervision.js';

export async function nodeStatus(
  ctx: ServiceContext,
  q: SupervisionQuery & { programme: string },
): Promise<{ asOf: string; items: Array<{ node: string; counts: Counts }> }> {
  const { at, filter } = await resolveQuery(ctx, q);
  const byNode = new Map<string, Counts>();
  for (const row of await supervisionRepository.tallyByNode(ctx.db, at, filter)) {
    let counts = byNode.get(row.node_code);
    if (!counts) byNode.set(row.node_code, (counts = emptyCounts()));
    addTally(counts, { timeliness: row.timeliness, backlog: row.backlog, n: Number(row.n) });
  }
  return { asOf: at.asOf, items: [...byNode].map(([node, counts]) => ({ node, counts })) };
}
