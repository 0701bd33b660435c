import { sql, type Kysely } from 'kysely';
import { CODED_ENTRY, orderedLinkTable, VERSIONED_ROW } from './ddl.js';

/**
 * Indicators, targets, data values and composite indices (issue 3).
 *
 * data_values: one row per indicator × org unit × period. The period is stored as its
 * code ('2024M03') and as (period_type, period_start, period_end) so that ranges and
 * roll-ups are plain date arithmetic. The primary key (indicator_id, period_start,
 * period_type, org_unit_id) is the uniqueness of (indicator, unit, period) — a period
 * code and its (type, start) determine each other — in the column order of the one query
 * that matters: "one indicator over a period range" (then joined to the unit subtree).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE indicators (
  ${CODED_ENTRY},
  unit             text NOT NULL,
  value_type       text NOT NULL CHECK (value_type IN ('number','percent','count','rank','milestone')),
  direction        text NOT NULL CHECK (direction IN ('higher_is_better','lower_is_better')),
  aggregation      jsonb,
  time_aggregation text NOT NULL CHECK (time_aggregation IN ('last','sum','mean')),
  formula          text,
  synthetic        boolean NOT NULL DEFAULT false,
  ${VERSIONED_ROW},
  CHECK (aggregation IS NOT NULL OR formula IS NOT NULL)
);

${orderedLinkTable('indicator_nodes', ['indicator_id', 'indicators'], ['node_id', 'programme_nodes'])}

CREATE TABLE indicator_targets (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_id    integer NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  org_unit_id     integer REFERENCES org_units(id),
  baseline_value  double precision NOT NULL,
  baseline_period text NOT NULL,
  target_value    double precision NOT NULL,
  target_date     date NOT NULL,
  milestones      jsonb NOT NULL DEFAULT '[]',
  ${VERSIONED_ROW}
);
-- One target per indicator and unit, and one all-units target (org_unit_id NULL).
CREATE UNIQUE INDEX indicator_targets_unique ON indicator_targets (indicator_id, coalesce(org_unit_id, 0));

-- No foreign keys here, on purpose: PostgreSQL checks them row by row, which tripled
-- the time of a bulk import (measured: 198,000 rows 0.9 s → 3.3 s). Every writer goes
-- through services/data-values.ts, which resolves the indicator and unit of each row
-- first; deleting an indicator deletes its values in the same transaction.
CREATE TABLE data_values (
  indicator_id integer NOT NULL,
  org_unit_id  integer NOT NULL,
  period       text NOT NULL,
  period_type  smallint NOT NULL CHECK (period_type IN (0, 1, 2)), -- 0 month, 1 quarter, 2 year
  period_start date NOT NULL,
  period_end   date NOT NULL,
  value        double precision NOT NULL,
  source       text,
  comment      text,
  entered_by   text NOT NULL,
  entered_at   timestamptz NOT NULL DEFAULT now(),
  review_state text NOT NULL DEFAULT 'submitted' CHECK (review_state IN ('submitted','returned','approved')),
  PRIMARY KEY (indicator_id, period_start, period_type, org_unit_id)
);

CREATE TABLE composite_indices (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        jsonb NOT NULL,
  -- the units ranked: every unit of this kind under the scope unit
  unit_kind   text NOT NULL,
  scope_id    integer NOT NULL REFERENCES org_units(id),
  config      jsonb NOT NULL,
  synthetic   boolean NOT NULL DEFAULT false,
  ${VERSIONED_ROW}
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE composite_indices; DROP TABLE data_values; DROP TABLE indicator_targets; DROP TABLE indicator_nodes; DROP TABLE indicators;`.execute(
    db,
  );
}
