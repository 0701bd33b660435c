import { sql, type Kysely } from 'kysely';
import { VERSIONED_ROW } from './ddl.js';

/**
 * Inspections (docs/inspections.md): a plan of visits to units by a team, findings per
 * inspected unit (a discrepancy may flag the report or data value it contradicts, which
 * then leaves the approved figures until resolved) and recommendations, each tracked
 * as an assignment under an "Inspection follow-up" node of a programme.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE inspections (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code              text NOT NULL UNIQUE,
  title             jsonb NOT NULL,
  issuer_id         integer NOT NULL REFERENCES org_units(id),
  programme_id      integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  status            text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','concluded')),
  start_date        date NOT NULL,
  end_date          date NOT NULL,
  conclusion        jsonb NOT NULL DEFAULT '{}',
  conclusion_links  jsonb NOT NULL DEFAULT '[]',
  concluded_on      date,
  ${VERSIONED_ROW},
  CHECK (end_date >= start_date)
);
CREATE INDEX inspections_dates ON inspections (start_date);

-- The units visited, each on its day.
CREATE TABLE inspection_units (
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  org_unit_id    integer NOT NULL REFERENCES org_units(id),
  visit_date     date,
  position       integer NOT NULL,
  PRIMARY KEY (inspection_id, org_unit_id)
);
CREATE INDEX inspection_units_unit ON inspection_units (org_unit_id);

CREATE TABLE inspection_members (
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  user_id        integer NOT NULL REFERENCES users(id),
  PRIMARY KEY (inspection_id, user_id)
);

-- The tasks in scope (of the inspection's programme).
CREATE TABLE inspection_tasks (
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  node_id        integer NOT NULL REFERENCES programme_nodes(id) ON DELETE CASCADE,
  PRIMARY KEY (inspection_id, node_id)
);

CREATE TABLE inspection_findings (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id       integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  org_unit_id         integer NOT NULL REFERENCES org_units(id),
  kind                text NOT NULL CHECK (kind IN ('confirmed','discrepancy','risk','good_practice')),
  node_id             integer REFERENCES programme_nodes(id) ON DELETE SET NULL,
  assignment_id       integer REFERENCES assignments(id) ON DELETE SET NULL,
  report_id           bigint REFERENCES progress_reports(id) ON DELETE SET NULL,
  value_indicator_id  integer REFERENCES indicators(id) ON DELETE SET NULL,
  value_org_unit_id   integer REFERENCES org_units(id),
  value_period_type   smallint,
  value_period_start  date,
  value_period        text,
  narrative           text NOT NULL,
  evidence            jsonb NOT NULL DEFAULT '[]',
  flagged             boolean NOT NULL DEFAULT false,
  resolved_at         timestamptz,
  resolved_by         text,
  resolution          text,
  recorded_by         text NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT flagged OR kind = 'discrepancy'),
  CHECK (NOT flagged OR report_id IS NOT NULL OR value_indicator_id IS NOT NULL)
);
CREATE INDEX inspection_findings_inspection ON inspection_findings (inspection_id, org_unit_id, id);
-- The open flags, read by every approved aggregate.
CREATE INDEX inspection_findings_report_flag ON inspection_findings (report_id) WHERE flagged AND resolved_at IS NULL;
CREATE INDEX inspection_findings_value_flag ON inspection_findings (value_indicator_id, value_org_unit_id, value_period_type, value_period_start)
  WHERE flagged AND resolved_at IS NULL;

CREATE TABLE inspection_recommendations (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  org_unit_id    integer NOT NULL REFERENCES org_units(id),
  finding_id     integer REFERENCES inspection_findings(id) ON DELETE SET NULL,
  assignment_id  integer NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  issued_by      text NOT NULL,
  issued_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_recommendations_inspection ON inspection_recommendations (inspection_id, id);
CREATE UNIQUE INDEX inspection_recommendations_assignment ON inspection_recommendations (assignment_id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE inspection_recommendations;
DROP TABLE inspection_findings;
DROP TABLE inspection_tasks;
DROP TABLE inspection_members;
DROP TABLE inspection_units;
DROP TABLE inspections;
`.execute(db);
}
