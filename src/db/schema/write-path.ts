/** Tables of migration 0007_write_path: the audit Merkle tree and idempotency keys. */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AuditTreeNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface AuditTreeHeadsTable {
  tree_size: number;
  root_hash: Uint8Array;
  signed_at: Timestamp;
  key_id: string;
  signature: Uint8Array;
}

export interface IdempotencyKeysTable {
  owner: string;
  key: string;
  fingerprint: string;
  status_code: number;
  response: ColumnType<unknown, string | null, string | null>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface WritePathTables {
  audit_tree_nodes: AuditTreeNodesTable;
  audit_tree_heads: AuditTreeHeadsTable;
  idempotency_keys: IdempotencyKeysTable;
}
