/** Tables of data sets and their submissions (migration 0005_data_sets). */
import type { ColumnType, Generated } from 'kysely';
import type { LocalizedText } from '../../domain/i18n.js';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DataSetsTable {
  id: Generated<number>;
  code: string;
  name: Json<LocalizedText>;
  description: ColumnType<LocalizedText, string | undefined, string>;
  period_type: string;
  unit_kind: string;
  scope_id: number;
  open_offset_days: Generated<number>;
  due_days: Generated<number>;
  expiry_days: number | null;
  first_period: string | null;
  first_period_start: string | null;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DataSetIndicatorsTable {
  data_set_id: number;
  indicator_id: number;
  position: number;
}

export interface DataSetSubmissionsTable {
  data_set_id: number;
  org_unit_id: number;
  period: string;
  period_start: string;
  state: string;
  submitted_at: Date | null;
  submitted_by: string | null;
  comment: string | null;
  updated_by: string;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface DataSetTables {
  data_sets: DataSetsTable;
  data_set_indicators: DataSetIndicatorsTable;
  data_set_submissions: DataSetSubmissionsTable;
}
