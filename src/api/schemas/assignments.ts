/** Wire contracts of assignments, progress reports and the review queue. */
import { z } from 'zod';
import { REPORT_STATES, timelinessSchema } from '../../domain/timeliness.js';
import type { Assignment as AssignmentView } from '../../services/assignments.js';
import type { Report as ReportView } from '../../services/progress-reports.js';
import { reportApprovalSchema, reportWire } from './approvals.js';
import { itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';

export const assignmentSchema = z.object({
  id: z.number().int(),
  programme: z.string(),
  node: z.string(),
  title: localizedTextOutSchema,
  unit: z.string(),
  unitName: localizedTextOutSchema,
  parentAssignment: z.number().int().nullable(),
  start: z.string().nullable(),
  due: z.string(),
  children: z.number().int(),
  percent: z.number(),
  state: z.enum(REPORT_STATES),
  completedOn: z.string().nullable(),
  lastReportedAt: z.string().nullable(),
  timeliness: timelinessSchema,
  backlog: z.boolean(),
  daysLate: z.number().int(),
  version: z.number().int(),
});
export type Assignment = z.infer<typeof assignmentSchema>;
export const assignmentListSchema = itemsOf(assignmentSchema);

/** A report as an assignment shows it: the decision's report wire with a known state. */
export const reportSchema = reportWire.extend({ state: z.enum(REPORT_STATES) });
export type Report = z.infer<typeof reportSchema>;

export const assignmentDetailSchema = assignmentSchema.extend({
  /** The unit's materialised path: the web app offers the report form with src/domain/capabilities.ts (mayOn). */
  unitPath: z.string(),
  reports: z.array(reportSchema),
  /** Each report's approval chain and steps (review up the tree, docs/approval.md). */
  approvals: z.array(reportApprovalSchema),
});
export type AssignmentDetail = z.infer<typeof assignmentDetailSchema>;

sameShape<Same<Assignment, AssignmentView>>();
sameShape<Same<Report, ReportView>>();
