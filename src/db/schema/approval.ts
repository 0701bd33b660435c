/** Tables of review up the tree (migration 0006_approval). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ApprovalsTable {
  subject_type: string;
  subject_id: number;
  programme_id: number | null;
  org_unit_id: number;
  period: string | null;
  submitted_by: string;
  submitted_by_user_id: number | null;
  submitted_at: Timestamp;
  chain: Json<unknown>;
  approved: Generated<number>;
  status: string;
  waiting_level: string | null;
  waiting_unit_path: string | null;
  approved_levels: ColumnType<string[], string[] | undefined, string[]>;
  done_by: ColumnType<unknown, string | undefined, string>;
  comment: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ApprovalStepsTable {
  id: Generated<number>;
  subject_type: string;
  subject_id: number;
  action: string;
  step: number | null;
  level: string | null;
  org_unit_id: number | null;
  actor: string;
  actor_user_id: number | null;
  comment: string | null;
  at: Timestamp;
}

export interface ApprovalTables {
  approvals: ApprovalsTable;
  approval_steps: ApprovalStepsTable;
}
