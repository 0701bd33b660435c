/** Finding assignments by code in storage tests. */
import type { Db } from '../../src/db/database.js';

/** The id of the (only) assignment of the programme node with this code. */
export async function assignmentIdOf(db: Db, nodeCode: string): Promise<number> {
  const { id } = await db
    .selectFrom('assignments as a')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .select('a.id')
    .where('n.code', '=', nodeCode)
    .executeTakeFirstOrThrow();
  return id;
}

/** The leaf assignments as they are now: `id(node, unit)` answers the id of the node's assignment to the unit. */
export async function leafAssignments(db: Db): Promise<(node: string, unit: string) => number> {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .select(['a.id', 'u.code', 'n.code as node'])
    .where('a.child_count', '=', 0)
    .execute();
  return (node, unit) => rows.find((a) => a.node === node && a.code === unit)!.id;
}
