import { sql, type Kysely } from 'kysely';

/**
 * Users, scoped role grants, server-side sessions, API tokens, settings (the cookie
 * signing secret) and the hash-chained, append-only audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE users (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
  name           text NOT NULL,
  password_hash  text,
  oidc_subject   text UNIQUE,
  disabled       boolean NOT NULL DEFAULT false,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

-- role × org-unit subtree; admin grants have no unit (they cover everything).
CREATE TABLE user_grants (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('admin','secretariat','reporter','viewer')),
  org_unit_id integer REFERENCES org_units(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'admin') = (org_unit_id IS NULL))
);
CREATE UNIQUE INDEX user_grants_unique ON user_grants (user_id, role, coalesce(org_unit_id, 0));

-- Only the SHA-256 of the session secret is stored: a database leak yields no usable cookie.
CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         text NOT NULL,
  token_hash   text NOT NULL UNIQUE,
  prefix       text NOT NULL,
  grants       jsonb NOT NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE security_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE audit_events (
  seq           bigint PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  actor_user_id integer,
  action        text NOT NULL,
  object_type   text NOT NULL,
  object_id     text NOT NULL,
  before        jsonb,
  after         jsonb,
  prev_hash     text NOT NULL,
  hash          text NOT NULL UNIQUE
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id, seq);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_events; DROP FUNCTION audit_events_append_only(); DROP TABLE security_settings; DROP TABLE api_tokens; DROP TABLE sessions; DROP TABLE user_grants; DROP TABLE users;`.execute(
    db,
  );
}
