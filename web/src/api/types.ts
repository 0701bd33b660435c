/**
 * Shapes of the API's answers, as the web app reads them: the wire contracts of
 * src/api/schemas (the routes' response schemas), re-exported under the web's names.
 * Nothing here is declared by hand.
 */
export type { LocalizedText } from '../../../src/domain/i18n';
export type { Timeliness, ReportState } from '../../../src/domain/timeliness';
export type { Programme, ProgrammeNode } from '../../../src/api/schemas/programmes';
export type { OrgUnit } from '../../../src/api/schemas/org-units';
export type { Counts, GroupKey, GroupRow, Rollup, ListItem, ListPage } from '../../../src/api/schemas/supervision';
export type { Assignment, AssignmentDetail, Report } from '../../../src/api/schemas/assignments';
export type { QueueItem as ReviewItem, ReviewQueue } from '../../../src/api/schemas/approvals';
export type { SessionUser } from '../../../src/api/schemas/auth';
export type {
  ApprovalFiguresWire,
  ApprovalViewWire,
  ReportApprovalWire,
  ReturnedItem,
} from '../../../src/api/schemas/approvals';
export type {
  Completeness,
  CompletenessCounts,
  DataSet,
  Form,
  FormRow,
  FormSaveResult,
  MyForm,
  MyForms,
} from '../../../src/api/schemas/data-sets';
