import { sql } from 'kysely';

/**
 * DDL fragments that several migrations write alike. FROZEN: migrations that have run use
 * them, so a fragment here never changes (a changed one would give old and new databases
 * different schemas); a new shape gets a new fragment with a new name.
 */

/** The bookkeeping columns of a row edited under optimistic concurrency: its version, when made, when last changed. */
export const VERSIONED_ROW = sql`version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;
