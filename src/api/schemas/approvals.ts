/** Wire contracts of review up the tree (the web app imports these types). */
import { z } from 'zod';
import { localizedTextSchema } from '../../domain/i18n.js';

export const approvalChainStepSchema = z.object({
  level: z.string(),
  action: z.enum(['approve', 'accept']),
  unit: z.string(),
  done: z.boolean(),
  by: z.string().nullable(),
});

export const approvalViewSchema = z.object({
  status: z.enum(['pending', 'returned', 'approved', 'accepted']),
  final: z.boolean(),
  locked: z.boolean(),
  approved: z.number().int(),
  approvedLevels: z.array(z.string()),
  chain: z.array(approvalChainStepSchema),
  waiting: z
    .object({
      step: z.number().int(),
      level: z.string(),
      action: z.enum(['approve', 'accept']),
      unit: z.string(),
      label: z.string(),
    })
    .nullable(),
  submittedBy: z.string(),
  comment: z.string().nullable(),
  canDecide: z.boolean(),
  canUnapprove: z.boolean(),
  own: z.boolean(),
});
export type ApprovalViewWire = z.infer<typeof approvalViewSchema>;

export const approvalStepSchema = z.object({
  action: z.string(),
  step: z.number().int().nullable(),
  level: z.string().nullable(),
  unit: z.string().nullable(),
  actor: z.string(),
  comment: z.string().nullable(),
  at: z.string(),
});

/** A report on the wire (its state as stored; src/api/schemas/assignments.ts narrows it). */
export const reportWire = z.object({
  id: z.number().int(),
  assignment: z.number().int(),
  period: z.string(),
  percent: z.number(),
  state: z.string(),
  narrative: z.string(),
  evidence: z.array(z.object({ url: z.string(), title: z.string().optional() })),
  reporter: z.string(),
  reportedAt: z.string(),
  review: z.object({
    state: z.enum(['submitted', 'returned', 'approved']),
    comment: z.string().nullable(),
    by: z.string().nullable(),
    at: z.string().nullable(),
  }),
  synthetic: z.boolean(),
});

export const decisionResultSchema = z.object({ report: reportWire, approval: approvalViewSchema });
export type DecisionResult = z.infer<typeof decisionResultSchema>;

export const bulkApproveResultSchema = z.object({ approved: z.number().int(), items: z.array(decisionResultSchema) });

export const reportApprovalSchema = approvalViewSchema.extend({
  report: z.number().int(),
  steps: z.array(approvalStepSchema),
});
export type ReportApprovalWire = z.infer<typeof reportApprovalSchema>;

/** The task a report is on, as every review list names it. */
const reportTaskShape = {
  programme: z.string(),
  node: z.string(),
  title: localizedTextSchema,
  unit: z.string(),
  unitName: localizedTextSchema,
  due: z.string(),
};

export const queueItemSchema = reportWire.extend({ ...reportTaskShape, approval: approvalViewSchema });
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueSchema = z.object({
  total: z.number().int(),
  items: z.array(queueItemSchema),
  waitingByLevel: z.array(z.object({ level: z.string(), n: z.number().int() })),
});
export type ReviewQueue = z.infer<typeof queueSchema>;

export const returnedItemSchema = z.object({
  report: z.number().int(),
  assignment: z.number().int(),
  ...reportTaskShape,
  period: z.string(),
  percent: z.number(),
  state: z.string(),
  narrative: z.string(),
  reporter: z.string(),
  comment: z.string().nullable(),
  returnedBy: z.string().nullable(),
  returnedAt: z.string().nullable(),
  level: z.string().nullable(),
  levelUnit: z.string().nullable(),
});
export const returnedSchema = z.object({ items: z.array(returnedItemSchema) });
export type ReturnedItem = z.infer<typeof returnedItemSchema>;

export const approvalFiguresSchema = z.object({
  reported: z.number().int(),
  waiting: z.number().int(),
  returned: z.number().int(),
  final: z.number().int(),
  accepted: z.number().int(),
  byLevel: z.record(z.string(), z.number().int()),
});
export type ApprovalFiguresWire = z.infer<typeof approvalFiguresSchema>;

export const approvalLevelsSchema = z.object({
  levels: z.array(z.string()),
  accept: z.boolean(),
});
