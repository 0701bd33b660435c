/** Wire contracts of supervision: timeliness counts, rollups and assignment lists. */
import { z } from 'zod';
import { GROUP_DIMENSIONS } from '../../domain/supervision.js';
import { timelinessSchema, type Timeliness } from '../../domain/timeliness.js';
import type { Counts as CountsView, Rollup as RollupView, OverdueItem } from '../../services/supervision.js';
import { localizedTextOutSchema, sameShape, type Same } from './common.js';

export const countsSchema = z.object({
  total: z.number().int(),
  notStarted: z.number().int(),
  onTrack: z.number().int(),
  dueSoon: z.number().int(),
  overdue: z.number().int(),
  completedOnTime: z.number().int(),
  completedLate: z.number().int(),
  backlog: z.number().int(),
  onTimeRate: z.number().nullable(),
});
export type Counts = z.infer<typeof countsSchema>;

export const groupKeySchema = z.object({
  dimension: z.enum(GROUP_DIMENSIONS),
  id: z.number().int().nullable(),
  code: z.string().nullable(),
  name: localizedTextOutSchema.nullable(),
});
export type GroupKey = z.infer<typeof groupKeySchema>;
export const groupRowSchema = z.object({ keys: z.array(groupKeySchema), counts: countsSchema });
export type GroupRow = z.infer<typeof groupRowSchema>;

export const rollupSchema = z.object({
  asOf: z.string(),
  counts: countsSchema,
  groups: z.array(groupRowSchema),
  worstOffenders: z.array(groupRowSchema),
});
export type Rollup = z.infer<typeof rollupSchema>;

/** One row of an assignment list (overdue list, the web's lists). */
const listItemBase = z.object({
  assignment: z.number().int(),
  programme: z.string(),
  node: z.string(),
  title: localizedTextOutSchema,
  unit: z.string(),
  unitName: localizedTextOutSchema,
  lead: z.string().nullable(),
  leadName: localizedTextOutSchema.nullable(),
  due: z.string(),
  daysLate: z.number().int(),
  backlog: z.boolean(),
  percent: z.number(),
  state: z.string(),
  lastReportedAt: z.string().nullable(),
});
export const overdueItemSchema = listItemBase.extend({ tags: z.array(z.string()) });
export const overduePageSchema = z.object({
  asOf: z.string(),
  total: z.number().int(),
  items: z.array(overdueItemSchema),
});
export const timelinessItemSchema = listItemBase.extend({ timeliness: timelinessSchema });
export const timelinessPageSchema = z.object({
  asOf: z.string(),
  total: z.number().int(),
  items: z.array(timelinessItemSchema),
});
export const nodeStatusSchema = z.object({
  asOf: z.string(),
  items: z.array(z.object({ node: z.string(), counts: countsSchema })),
});
export type NodeStatus = z.infer<typeof nodeStatusSchema>;

/** A row as the web app's lists read it: either list's rows (timeliness only from /web/assignments). */
export type ListItem = z.infer<typeof listItemBase> & { timeliness?: Timeliness; tags?: string[] };
export interface ListPage {
  asOf: string;
  total: number;
  items: ListItem[];
}

sameShape<Same<Counts, CountsView>>();
sameShape<Same<Rollup, RollupView>>();
sameShape<Same<z.infer<typeof overdueItemSchema>, OverdueItem>>();
