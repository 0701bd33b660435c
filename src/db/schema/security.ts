/** Tables of users, grants, sessions, API tokens and the audit trail (migration 0003_security). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  name: string;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: NullableTimestamp;
  must_change_password: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  org_unit_id: number | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface TokenGrant {
  role: string;
  unit: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  grants: ColumnType<TokenGrant[], string, string>;
  expires_at: Timestamp;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface SecuritySettingsTable {
  key: string;
  value: string;
}

export interface AuditEventsTable {
  seq: number;
  at: Timestamp;
  actor: string;
  actor_user_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  /** The previous event's hash: only for the chain written before migration 0007. */
  prev_hash: string | null;
  /** The event's content hash (before 0007: its chain hash). */
  hash: string;
  /** Its place in the Merkle tree, set once by the sequencer. */
  leaf_index: ColumnType<number | null, never, number>;
}

export interface SecurityTables {
  users: UsersTable;
  user_grants: UserGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  security_settings: SecuritySettingsTable;
  audit_events: AuditEventsTable;
  sign_in_throttle: SignInThrottleTable;
  security_log: SecurityLogTable;
}

export interface SignInThrottleTable {
  key: string;
  username: string;
  failures: Generated<number>;
  locks: Generated<number>;
  locked_until: NullableTimestamp;
  updated_at: Timestamp;
}

export interface SecurityLogTable {
  id: Generated<number>;
  at: Timestamp;
  event: 'sign_in' | 'sign_in_failed' | 'sign_in_locked' | 'sign_out';
  username: string;
  user_id: number | null;
  address: string | null;
}
