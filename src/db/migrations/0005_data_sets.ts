import { sql, type Kysely } from 'kysely';
import { CODED_ENTRY, orderedLinkTable, VERSIONED_ROW } from './ddl.js';

/**
 * Data sets, their indicators and the submissions of a unit's form for a period (issue 12).
 *
 * data_sets: a group of indicators reported together for a period type by every unit of
 * `unit_kind` under the `scope_id` unit. Entry opens `open_offset_days` after the period's
 * start, is due `due_days` after its end, and closes `expiry_days` after its end (NULL:
 * never).
 *
 * data_set_submissions: one row per data set × unit × period once a form was saved; its
 * `state` (draft, submitted, returned, approved) is changed by one service only
 * (src/services/data-set-submissions.ts), so approval levels can hook in there.
 * `submitted_at` is the first submission that was not returned afterwards: completeness
 * counts a form received when its state is submitted or approved, on time when
 * submitted_at falls on or before the due day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE data_sets (
  ${CODED_ENTRY},
  period_type      text NOT NULL CHECK (period_type IN ('month','quarter','year')),
  unit_kind        text NOT NULL,
  scope_id         integer NOT NULL REFERENCES org_units(id),
  open_offset_days integer NOT NULL DEFAULT 0,
  due_days         integer NOT NULL DEFAULT 15 CHECK (due_days >= 0),
  expiry_days      integer CHECK (expiry_days IS NULL OR expiry_days >= due_days),
  first_period     text,
  first_period_start date,
  synthetic        boolean NOT NULL DEFAULT false,
  ${VERSIONED_ROW}
);

${orderedLinkTable('data_set_indicators', ['data_set_id', 'data_sets'], ['indicator_id', 'indicators'])}

CREATE TABLE data_set_submissions (
  data_set_id   integer NOT NULL REFERENCES data_sets(id) ON DELETE CASCADE,
  org_unit_id   integer NOT NULL REFERENCES org_units(id),
  period        text NOT NULL,
  period_start  date NOT NULL,
  state         text NOT NULL CHECK (state IN ('draft','submitted','returned','approved')),
  submitted_at  timestamptz,
  submitted_by  text,
  comment       text,
  updated_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1,
  PRIMARY KEY (data_set_id, period_start, org_unit_id)
);
CREATE INDEX data_set_submissions_unit ON data_set_submissions (org_unit_id, data_set_id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE data_set_submissions; DROP TABLE data_set_indicators; DROP TABLE data_sets;`.execute(db);
}
