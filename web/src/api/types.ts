import type {
  ApprovalFiguresWire,
  ApprovalViewWire,
  ReportApprovalWire,
  ReturnedItem,
} from '../../../src/api/schemas/approvals';
/** Shapes of the API's answers, as the web app reads them (the services define them). */
import type { LocalizedText } from '../../../src/domain/i18n';
import type { Timeliness, ReportState } from '../../../src/domain/timeliness';
export type { LocalizedText, Timeliness, ReportState };
import type { Counts } from '../../../src/services/supervision';
import type { Assignment } from '../../../src/services/assignments';
export type { Counts, Assignment };

export interface Programme {
  id: number;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  issuers: string[];
  period: { start: string; end: string };
  levels: LocalizedText[];
  source: string | null;
}

export interface ProgrammeNode {
  id: number;
  programme: string;
  code: string;
  parent: string | null;
  kind: 'goal' | 'area' | 'task' | 'subtask' | 'milestone';
  title: LocalizedText;
  description: LocalizedText;
  position: number;
  lead: string | null;
  coordinators: string[];
  start: string | null;
  due: string | null;
  priority: string | null;
  tags: string[];
  depth: number;
}

export interface OrgUnit {
  id: number;
  code: string;
  kind: string;
  parent: string | null;
  path: string;
  depth: number;
  name: LocalizedText;
  aliases: string[];
}

export interface GroupKey {
  dimension: string;
  id: number | null;
  code: string | null;
  name: LocalizedText | null;
}

export interface GroupRow {
  keys: GroupKey[];
  counts: Counts;
}

export interface Rollup {
  asOf: string;
  counts: Counts;
  groups: GroupRow[];
  worstOffenders: GroupRow[];
}

export interface ListItem {
  assignment: number;
  programme: string;
  node: string;
  title: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  lead: string | null;
  leadName: LocalizedText | null;
  due: string;
  daysLate: number;
  backlog: boolean;
  percent: number;
  state: string;
  timeliness?: Timeliness;
  lastReportedAt: string | null;
}

export interface ListPage {
  asOf: string;
  total: number;
  items: ListItem[];
}

export interface Report {
  id: number;
  assignment: number;
  period: string;
  percent: number;
  state: ReportState;
  narrative: string;
  evidence: Array<{ url: string; title?: string }>;
  reporter: string;
  reportedAt: string;
  review: {
    state: 'submitted' | 'returned' | 'approved';
    comment: string | null;
    by: string | null;
    at: string | null;
  };
  synthetic: boolean;
}

export interface AssignmentDetail extends Assignment {
  reports: Report[];
  /** Review up the tree: each report's chain, state and steps. */
  approvals: ReportApprovalWire[];
}

export interface ReviewItem extends Report {
  programme: string;
  node: string;
  title: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  due: string;
  approval: ApprovalViewWire;
}

export type { ApprovalViewWire, ReportApprovalWire, ReturnedItem, ApprovalFiguresWire };

export interface SessionUser {
  username: string;
  name: string;
  grants: Array<{ role: string; unit: string }>;
}
