/** Tables of inspections, their findings and recommendations (migration 0010_inspections). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type LocalizedJson = ColumnType<Record<string, string | undefined>, string | undefined, string>;

export interface InspectionsTable {
  id: Generated<number>;
  code: string;
  title: Json<Record<string, string | undefined>>;
  issuer_id: number;
  programme_id: number;
  status: Generated<string>;
  start_date: string;
  end_date: string;
  conclusion: LocalizedJson;
  conclusion_links: ColumnType<Array<{ url: string; title?: string | undefined }>, string | undefined, string>;
  concluded_on: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InspectionUnitsTable {
  inspection_id: number;
  org_unit_id: number;
  visit_date: string | null;
  position: number;
}

export interface InspectionMembersTable {
  inspection_id: number;
  user_id: number;
}

export interface InspectionTasksTable {
  inspection_id: number;
  node_id: number;
}

export interface InspectionFindingsTable {
  id: Generated<number>;
  inspection_id: number;
  org_unit_id: number;
  kind: string;
  node_id: number | null;
  assignment_id: number | null;
  report_id: number | null;
  value_indicator_id: number | null;
  value_org_unit_id: number | null;
  value_period_type: number | null;
  value_period_start: string | null;
  value_period: string | null;
  narrative: string;
  evidence: ColumnType<Array<{ url: string; title?: string | undefined }>, string | undefined, string>;
  flagged: Generated<boolean>;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface InspectionRecommendationsTable {
  id: Generated<number>;
  inspection_id: number;
  org_unit_id: number;
  finding_id: number | null;
  assignment_id: number;
  issued_by: string;
  issued_at: Timestamp;
}

export interface InspectionTables {
  inspections: InspectionsTable;
  inspection_units: InspectionUnitsTable;
  inspection_members: InspectionMembersTable;
  inspection_tasks: InspectionTasksTable;
  inspection_findings: InspectionFindingsTable;
  inspection_recommendations: InspectionRecommendationsTable;
}
