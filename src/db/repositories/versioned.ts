import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.js';

export type VersionedTable =
  'org_units' | 'programmes' | 'programme_nodes' | 'assignments' | 'indicators' | 'indicator_targets' | 'inspections';

/** JSON text for a jsonb column, or undefined to leave the column as it is. */
export function jsonOrKeep(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

/**
 * Optimistic concurrency in one statement: applies `set` (undefined fields are left
 * alone) only if the row still has `version`, and bumps the version. False when the
 * version was stale.
 */
export async function updateVersioned(
  db: Db,
  table: VersionedTable,
  id: number,
  version: number,
  set: Record<string, unknown>,
): Promise<boolean> {
  const values = Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined));
  const result = await (db as unknown as Kysely<Record<VersionedTable, { id: number; version: number }>>)
    .updateTable(table)
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` } as never)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
