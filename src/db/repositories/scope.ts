/** The SQL form of a scope: "this column's materialised path lies in one of these subtrees". */
import { sql, type RawBuilder } from 'kysely';

/** `undefined` paths = unrestricted (returns undefined: add no condition); [] = nothing. */
export function inSubtrees(column: string, paths: readonly string[] | undefined): RawBuilder<boolean> | undefined {
  if (paths === undefined) return undefined;
  if (paths.length === 0) return sql<boolean>`false`;
  for (const p of paths) if (!/^\/(\d+\/)*$/.test(p)) throw new Error(`not a materialised path: ${p}`);
  return sql<boolean>`(${sql.join(
    paths.map((p) => sql`${sql.ref(column)} LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}
