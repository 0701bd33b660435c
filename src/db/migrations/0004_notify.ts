import { sql, type Kysely } from 'kysely';

/**
 * Notifications (contacts, webhook endpoints, rules, notices), the one jobs table,
 * the delivery log, meeting-report snapshots and the programmes' `published` flag.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE programmes ADD COLUMN published boolean NOT NULL DEFAULT false;
ALTER TABLE programmes ADD COLUMN published_at timestamptz;

-- Who hears about an org unit's work: reporters and heads get reminders, the heads of
-- the parent unit get escalations, 'secretariat' contacts of a programme's issuing
-- units get every escalation of that programme.
CREATE TABLE unit_contacts (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_units(id) ON DELETE CASCADE,
  email       text NOT NULL,
  name        text,
  language    text NOT NULL DEFAULT 'en' CHECK (language IN ('vi','en','zh','ar')),
  role        text NOT NULL DEFAULT 'reporter' CHECK (role IN ('reporter','head','secretariat')),
  digest      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_unit_id, email)
);

CREATE TABLE webhook_endpoints (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_unit_id  integer REFERENCES org_units(id) ON DELETE CASCADE,
  programme_id integer REFERENCES programmes(id) ON DELETE CASCADE,
  url          text NOT NULL,
  secret       text NOT NULL,
  language     text NOT NULL DEFAULT 'en' CHECK (language IN ('vi','en','zh','ar')),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((org_unit_id IS NULL) <> (programme_id IS NULL))
);

-- Kinds are validated by the rule registry (src/services/notifications/rules.ts), not
-- by a CHECK, so new kinds (indicator value missing, off track) need no migration.
CREATE TABLE notification_rules (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  kind         text NOT NULL,
  params       jsonb NOT NULL DEFAULT '{}',
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_rules_programme ON notification_rules (programme_id);

-- One scheduled piece of work. Claimed with FOR UPDATE SKIP LOCKED; a claim is a
-- lease (locked_until) so a crashed worker's job is taken over after it expires.
CREATE TABLE jobs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL,
  key          text NOT NULL UNIQUE,
  payload      jsonb NOT NULL DEFAULT '{}',
  run_at       timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  attempts     integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 6,
  locked_by    text,
  locked_until timestamptz,
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status IN ('queued','running');

-- What to tell whom: unique per (rule, assignment, recipient, occasion date), so a
-- re-run, a restart or a second worker never creates the same notice twice.
CREATE TABLE notices (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key           text NOT NULL UNIQUE,
  rule_id       integer NOT NULL REFERENCES notification_rules(id) ON DELETE CASCADE,
  kind          text NOT NULL,
  programme_id  integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  assignment_id integer NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  channel       text NOT NULL CHECK (channel IN ('email','webhook')),
  recipient     text NOT NULL,
  endpoint_id   integer REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  language      text NOT NULL,
  occasion      date NOT NULL,
  planned_on    date NOT NULL,
  job_id        bigint REFERENCES jobs(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_job ON notices (job_id);

-- Every delivery attempt, successful or not.
CREATE TABLE delivery_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id      bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  channel     text NOT NULL,
  target      text NOT NULL,
  attempt     integer NOT NULL,
  ok          boolean NOT NULL,
  status_code integer,
  detail      text,
  at          timestamptz NOT NULL
);
CREATE INDEX delivery_log_job ON delivery_log (job_id, id);

-- The figures of each meeting report, so the next report can say what changed.
CREATE TABLE report_snapshots (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  programme_id integer NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
  unit_key     text NOT NULL,
  period       text NOT NULL,
  as_of        date NOT NULL,
  data         jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (programme_id, unit_key, period)
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE report_snapshots; DROP TABLE delivery_log; DROP TABLE notices; DROP TABLE jobs; DROP TABLE notification_rules; DROP TABLE webhook_endpoints; DROP TABLE unit_contacts;
ALTER TABLE programmes DROP COLUMN published_at; ALTER TABLE programmes DROP COLUMN published;`.execute(db);
}
