import { sql, type Kysely } from 'kysely';
import { CODED_ENTRY, VERSIONED_ROW } from './ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE org_units (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  kind        text NOT NULL CHECK (kind IN ('committee','ministry','agency','province','district','commune','enterprise')),
  parent_id   integer REFERENCES org_units(id),
  path        text NOT NULL,
  depth       integer NOT NULL,
  name        jsonb NOT NULL,
  aliases     text[] NOT NULL DEFAULT '{}',
  ${VERSIONED_ROW}
);
CREATE INDEX org_units_path ON org_units (path text_pattern_ops);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_kind ON org_units (kind);

CREATE TABLE programmes (
  ${CODED_ENTRY},
  period_start date NOT NULL,
  period_end   date NOT NULL,
  levels       jsonb NOT NULL DEFAULT '[]',
  source       text,
  ${VERSIONED_ROW},
  CHECK (period_end >= period_start)
);

CREATE TABLE programme_issuers (
  programme_id integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  org_unit_id  integer NOT NULL REFERENCES org_units(id),
  position     integer NOT NULL,
  PRIMARY KEY (programme_id, org_unit_id)
);

CREATE TABLE programme_nodes (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id    integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  parent_id       integer REFERENCES programme_nodes(id) ON DELETE CASCADE,
  path            text NOT NULL,
  code            text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('goal','area','task','subtask','milestone')),
  title           jsonb NOT NULL,
  description     jsonb NOT NULL DEFAULT '{}',
  position        integer NOT NULL DEFAULT 0,
  lead_org_unit_id integer REFERENCES org_units(id),
  start_date      date,
  due_date        date,
  priority        text CHECK (priority IN ('low','normal','high','critical')),
  tags            text[] NOT NULL DEFAULT '{}',
  ${VERSIONED_ROW},
  UNIQUE (programme_id, code),
  CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date)
);
CREATE INDEX programme_nodes_path ON programme_nodes (programme_id, path text_pattern_ops);
CREATE INDEX programme_nodes_parent ON programme_nodes (parent_id);
CREATE INDEX programme_nodes_lead ON programme_nodes (lead_org_unit_id);
CREATE INDEX programme_nodes_tags ON programme_nodes USING gin (tags);

CREATE TABLE node_coordinators (
  node_id     integer NOT NULL REFERENCES programme_nodes(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  position    integer NOT NULL,
  PRIMARY KEY (node_id, org_unit_id)
);
CREATE INDEX node_coordinators_unit ON node_coordinators (org_unit_id);

-- A task cascaded to an org unit. The current_* columns are the effective state of
-- the newest non-returned report, kept in the same transaction as every report and
-- review, so supervision queries never scan the report history.
CREATE TABLE assignments (
  id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  node_id              integer NOT NULL REFERENCES programme_nodes(id) ON DELETE CASCADE,
  programme_id         integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  org_unit_id          integer NOT NULL REFERENCES org_units(id),
  parent_assignment_id integer REFERENCES assignments(id) ON DELETE CASCADE,
  start_date           date,
  due_date             date NOT NULL,
  child_count          integer NOT NULL DEFAULT 0,
  current_percent      numeric(5,2) NOT NULL DEFAULT 0,
  current_state        text NOT NULL DEFAULT 'not_started' CHECK (current_state IN ('not_started','in_progress','completed','blocked')),
  completed_on         date,
  last_reported_at     timestamptz,
  ${VERSIONED_ROW},
  UNIQUE (node_id, org_unit_id)
);
CREATE INDEX assignments_programme_due ON assignments (programme_id, due_date);
CREATE INDEX assignments_unit ON assignments (org_unit_id);
CREATE INDEX assignments_parent ON assignments (parent_assignment_id);
-- The overdue list walks this in (due_date, id) order and stops after a page.
CREATE INDEX assignments_open_due ON assignments (due_date, id) WHERE child_count = 0 AND current_state <> 'completed';
-- Assignments reported after an as-of date take the history path; this finds them.
CREATE INDEX assignments_last_reported ON assignments (last_reported_at);

CREATE TABLE progress_reports (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  assignment_id  integer NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  period         text NOT NULL,
  percent        numeric(5,2) NOT NULL CHECK (percent >= 0 AND percent <= 100),
  state          text NOT NULL CHECK (state IN ('not_started','in_progress','completed','blocked')),
  narrative      text NOT NULL DEFAULT '',
  evidence       jsonb NOT NULL DEFAULT '[]',
  reporter       text NOT NULL,
  reported_at    timestamptz NOT NULL DEFAULT now(),
  review_state   text NOT NULL DEFAULT 'submitted' CHECK (review_state IN ('submitted','returned','approved')),
  review_comment text,
  reviewed_by    text,
  reviewed_at    timestamptz,
  synthetic      boolean NOT NULL DEFAULT false
);
CREATE INDEX progress_reports_assignment ON progress_reports (assignment_id, reported_at DESC, id DESC);
CREATE INDEX progress_reports_review ON progress_reports (review_state, reported_at) WHERE review_state = 'submitted';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE progress_reports; DROP TABLE assignments; DROP TABLE node_coordinators; DROP TABLE programme_nodes; DROP TABLE programme_issuers; DROP TABLE programmes; DROP TABLE org_units;`.execute(
    db,
  );
}
