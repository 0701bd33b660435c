/**
 * The tables as Kysely sees them. One interface per table; the Database map at the
 * bottom. Add a feature's tables in a file of its own under src/db/schema/ and merge
 * its interface here.
 */
import type { ColumnType, Generated } from 'kysely';
import type { LocalizedText } from '../domain/i18n.js';
import type { SecurityTables } from './schema/security.js';
import type { NotifyTables } from './schema/notify.js';
import type { DataSetTables } from './schema/data-sets.js';
import type { WritePathTables } from './schema/write-path.js';
import type { ApprovalTables } from './schema/approval.js';
import type { InspectionTables } from './schema/inspections.js';

/** A jsonb column: read as T, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateText = string; // 'YYYY-MM-DD'

export interface OrgUnitsTable {
  id: Generated<number>;
  code: string;
  kind: string;
  parent_id: number | null;
  path: string;
  depth: number;
  name: Json<LocalizedText>;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammesTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedText>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  period_start: DateText;
  period_end: DateText;
  levels: ColumnType<LocalizedText[], string | undefined, string>;
  source: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Open data: shown on the public pages (migration 0004_notify). */
  published: Generated<boolean>;
  published_at: Date | null;
  /** Approval levels (migration 0006_approval); null = the default single review. */
  approval: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface ProgrammeIssuersTable {
  programme_id: number;
  org_unit_id: number;
  position: number;
}

export interface ProgrammeNodesTable {
  id: Generated<number>;
  programme_id: number;
  parent_id: number | null;
  path: string;
  code: string;
  kind: string;
  title: Json<LocalizedText>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  position: Generated<number>;
  lead_org_unit_id: number | null;
  start_date: DateText | null;
  due_date: DateText | null;
  priority: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NodeCoordinatorsTable {
  node_id: number;
  org_unit_id: number;
  position: number;
}

export interface AssignmentsTable {
  id: Generated<number>;
  node_id: number;
  programme_id: number;
  org_unit_id: number;
  parent_assignment_id: number | null;
  start_date: DateText | null;
  due_date: DateText;
  child_count: Generated<number>;
  current_percent: Generated<number>;
  current_state: Generated<string>;
  completed_on: DateText | null;
  last_reported_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The approval of the current report (migration 0006_approval). */
  approval_status: string | null;
  approved_levels: ColumnType<string[], string[] | undefined, string[]>;
}

export interface EvidenceLink {
  url: string;
  title?: string | undefined;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  assignment_id: number;
  period: string;
  percent: number;
  state: string;
  narrative: Generated<string>;
  evidence: ColumnType<EvidenceLink[], string | undefined, string>;
  reporter: string;
  reported_at: Timestamp;
  review_state: Generated<string>;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  synthetic: Generated<boolean>;
}

export interface IndicatorsTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedText>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  unit: string;
  value_type: string;
  direction: string;
  aggregation: ColumnType<unknown, string | null, string | null>;
  time_aggregation: string;
  formula: string | null;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IndicatorNodesTable {
  indicator_id: number;
  node_id: number;
  position: number;
}

export interface IndicatorTargetsTable {
  id: Generated<number>;
  indicator_id: number;
  org_unit_id: number | null;
  baseline_value: number;
  baseline_period: string;
  target_value: number;
  target_date: DateText;
  milestones: ColumnType<Array<{ value: number; date: string }>, string | undefined, string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DataValuesTable {
  indicator_id: number;
  org_unit_id: number;
  period: string;
  /** 0 month, 1 quarter, 2 year */
  period_type: number;
  period_start: DateText;
  period_end: DateText;
  value: number;
  source: string | null;
  comment: string | null;
  entered_by: string;
  entered_at: Timestamp;
  review_state: Generated<string>;
}

export interface CompositeIndicesTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedText>;
  unit_kind: string;
  scope_id: number;
  config: Json<unknown>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface Database
  extends SecurityTables, NotifyTables, DataSetTables, WritePathTables, ApprovalTables, InspectionTables {
  org_units: OrgUnitsTable;
  programmes: ProgrammesTable;
  programme_issuers: ProgrammeIssuersTable;
  programme_nodes: ProgrammeNodesTable;
  node_coordinators: NodeCoordinatorsTable;
  assignments: AssignmentsTable;
  progress_reports: ProgressReportsTable;
  indicators: IndicatorsTable;
  indicator_nodes: IndicatorNodesTable;
  indicator_targets: IndicatorTargetsTable;
  data_values: DataValuesTable;
  composite_indices: CompositeIndicesTable;
}
