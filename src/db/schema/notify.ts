/** Tables of notifications, jobs, meeting-report snapshots (migration 0004_notify). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UnitContactsTable {
  id: Generated<number>;
  org_unit_id: number;
  email: string;
  name: string | null;
  language: string;
  role: string;
  digest: Generated<boolean>;
  created_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  org_unit_id: number | null;
  programme_id: number | null;
  url: string;
  secret: string;
  language: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface NotificationRulesTable {
  id: Generated<number>;
  programme_id: number | null;
  data_set_id: number | null;
  kind: string;
  params: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  key: string;
  payload: Json<Record<string, unknown>>;
  run_at: Timestamp;
  status: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

export interface NoticesTable {
  id: Generated<number>;
  key: string;
  rule_id: number;
  kind: string;
  programme_id: number | null;
  assignment_id: number | null;
  data_set_id: number | null;
  org_unit_id: number | null;
  period: string | null;
  due_date: string | null;
  channel: string;
  recipient: string;
  endpoint_id: number | null;
  language: string;
  occasion: string;
  planned_on: string;
  job_id: number | null;
  created_at: Timestamp;
}

export interface DeliveryLogTable {
  id: Generated<number>;
  job_id: number;
  channel: string;
  target: string;
  attempt: number;
  ok: boolean;
  status_code: number | null;
  detail: string | null;
  at: Date | string;
}

export interface ReportSnapshotsTable {
  id: Generated<number>;
  programme_id: number;
  unit_key: string;
  period: string;
  as_of: string;
  data: Json<unknown>;
  created_at: Timestamp;
}

export interface NotifyTables {
  unit_contacts: UnitContactsTable;
  webhook_endpoints: WebhookEndpointsTable;
  notification_rules: NotificationRulesTable;
  jobs: JobsTable;
  notices: NoticesTable;
  delivery_log: DeliveryLogTable;
  report_snapshots: ReportSnapshotsTable;
}
