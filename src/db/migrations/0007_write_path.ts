import { sql, type Kysely } from 'kysely';

/**
 * The write path of deadline day (issue 14):
 * - audit events are appended without a global lock: `seq` comes from a sequence, the
 *   event carries only its content hash (prev_hash stays for the chain written before
 *   this migration, which remains verifiable); a single sequencer later places committed
 *   events into an append-only Merkle tree (`leaf_index`, `audit_tree_nodes`) and signs
 *   tree heads (`audit_tree_heads`). The table still refuses UPDATE, DELETE and
 *   TRUNCATE, except the sequencer's one-time setting of `leaf_index`;
 * - idempotency keys: a retried write returns the first answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE audit_events ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_events ADD COLUMN leaf_index bigint UNIQUE;
CREATE SEQUENCE audit_events_seq_seq OWNED BY audit_events.seq;
SELECT setval('audit_events_seq_seq', coalesce((SELECT max(seq) FROM audit_events), 0) + 1, false);
ALTER TABLE audit_events ALTER COLUMN seq SET DEFAULT nextval('audit_events_seq_seq');
CREATE INDEX audit_events_unsequenced ON audit_events (seq) WHERE leaf_index IS NULL;

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.leaf_index IS NULL AND NEW.leaf_index IS NOT NULL
     AND (to_jsonb(NEW) - 'leaf_index') = (to_jsonb(OLD) - 'leaf_index') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Every complete, aligned subtree of the Merkle tree: (level, idx) covers leaves
-- [idx·2^level, (idx+1)·2^level); level 0 holds the leaf hashes.
CREATE TABLE audit_tree_nodes (
  level smallint NOT NULL,
  idx   bigint NOT NULL,
  hash  bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed tree heads (Ed25519 over src/domain/merkle.ts treeHeadMessage).
CREATE TABLE audit_tree_heads (
  tree_size  bigint PRIMARY KEY,
  root_hash  bytea NOT NULL,
  signed_at  timestamptz NOT NULL,
  key_id     text NOT NULL,
  signature  bytea NOT NULL
);

CREATE FUNCTION audit_tree_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_tree_nodes_append_only BEFORE UPDATE OR DELETE ON audit_tree_nodes FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
CREATE TRIGGER audit_tree_nodes_no_truncate BEFORE TRUNCATE ON audit_tree_nodes FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_append_only();
CREATE TRIGGER audit_tree_heads_append_only BEFORE UPDATE OR DELETE ON audit_tree_heads FOR EACH ROW EXECUTE FUNCTION audit_tree_append_only();
CREATE TRIGGER audit_tree_heads_no_truncate BEFORE TRUNCATE ON audit_tree_heads FOR EACH STATEMENT EXECUTE FUNCTION audit_tree_append_only();

-- Idempotency-Key: the first answer to a write, per caller and key.
CREATE TABLE idempotency_keys (
  owner        text NOT NULL,
  key          text NOT NULL,
  fingerprint  text NOT NULL,
  status_code  integer NOT NULL,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
DROP TABLE idempotency_keys;
DROP TABLE audit_tree_heads;
DROP TABLE audit_tree_nodes;
DROP FUNCTION audit_tree_append_only();
DROP INDEX audit_events_unsequenced;
ALTER TABLE audit_events ALTER COLUMN seq DROP DEFAULT;
DROP SEQUENCE audit_events_seq_seq;
ALTER TABLE audit_events DROP COLUMN leaf_index;
`.execute(db);
}
