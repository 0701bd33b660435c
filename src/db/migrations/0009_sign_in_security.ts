import { sql, type Kysely } from 'kysely';

/**
 * Sign-in throttling per (account, client address) with back-off, and the security log
 * of sign-ins, failed sign-ins and lock-outs (docs/security.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
CREATE TABLE sign_in_throttle (
  key           text PRIMARY KEY,            -- sha256 of the lower-cased username and the client address
  username      text NOT NULL,
  failures      integer NOT NULL DEFAULT 0,  -- failures since the last lock (or success)
  locks         integer NOT NULL DEFAULT 0,  -- locks so far: each one lasts twice as long as the one before
  locked_until  timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_throttle_username ON sign_in_throttle (username);

CREATE TABLE security_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL,
  event     text NOT NULL CHECK (event IN ('sign_in','sign_in_failed','sign_in_locked','sign_out')),
  username  text NOT NULL,
  user_id   integer REFERENCES users(id) ON DELETE SET NULL,
  address   text
);
CREATE INDEX security_log_at ON security_log (at);
CREATE INDEX security_log_username ON security_log (username, at);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE security_log; DROP TABLE sign_in_throttle;`.execute(db);
}
