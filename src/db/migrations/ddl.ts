import { sql } from 'kysely';

/**
 * DDL fragments that several migrations write alike. FROZEN: migrations that have run use
 * them, so a fragment here never changes (a changed one would give old and new databases
 * different schemas); a new shape gets a new fragment with a new name.
 */

/** The head of a row others refer to by its code: its id, its code and its name and description in each language. */
export const CODED_ENTRY = sql`id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name jsonb NOT NULL,
  description jsonb NOT NULL DEFAULT '{}'`;

/** The bookkeeping columns of a row edited under optimistic concurrency: its version, when made, when last changed. */
export const VERSIONED_ROW = sql`version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

/**
 * A table linking an owner row to its members, each member once and in `position` order,
 * with an index to find a member's owners (named after the table and the member column,
 * less its _id); a link goes when either end's row is deleted.
 */
export function orderedLinkTable(
  table: string,
  [ownerColumn, ownerTable]: [column: string, references: string],
  [memberColumn, memberTable]: [column: string, references: string],
) {
  return sql.raw(`CREATE TABLE ${table} (
  ${ownerColumn} integer NOT NULL REFERENCES ${ownerTable}(id) ON DELETE CASCADE,
  ${memberColumn} integer NOT NULL REFERENCES ${memberTable}(id) ON DELETE CASCADE,
  position integer NOT NULL,
  PRIMARY KEY (${ownerColumn}, ${memberColumn})
);
CREATE INDEX ${table}_${memberColumn.replace(/_id$/, '')} ON ${table} (${memberColumn});`);
}
