/** Wire contracts of the early warning: the "heading for late" view and one assignment's projection. */
import { z } from 'zod';
import { PROJECTION_KINDS } from '../../domain/early-warning.js';
import { localizedTextOutSchema as localizedText } from './common.js';

export const earlyWarningSettingsOutSchema = z.object({
  windowReports: z.number().int(),
  silenceDays: z.number().int(),
  toleranceDays: z.number().int(),
});

export const headingCountSchema = z.object({ code: z.string(), name: localizedText, count: z.number().int() });
export type HeadingCount = z.infer<typeof headingCountSchema>;

export const projectionKindSchema = z.enum(PROJECTION_KINDS);

export const headingItemSchema = z.object({
  assignment: z.number().int(),
  programme: z.string(),
  node: z.string(),
  title: localizedText,
  unit: z.string(),
  unitName: localizedText,
  lead: z.string().nullable(),
  leadName: localizedText.nullable(),
  due: z.string(),
  percent: z.number(),
  state: z.string(),
  basis: projectionKindSchema,
  projectedFinish: z.string().nullable(),
  slipDays: z.number().int().nullable(),
  lastReport: z.string().nullable(),
});
export type HeadingItem = z.infer<typeof headingItemSchema>;

export const headingForLateSchema = z.object({
  asOf: z.string(),
  settings: earlyWarningSettingsOutSchema,
  total: z.number().int(),
  units: z.array(headingCountSchema),
  leads: z.array(headingCountSchema),
  items: z.array(headingItemSchema),
});
export type HeadingForLateView = z.infer<typeof headingForLateSchema>;

const dayPercent = z.object({ date: z.string(), percent: z.number() });

export const projectionSchema = z.object({
  asOf: z.string(),
  kind: projectionKindSchema,
  finish: z.string().nullable(),
  low: z.string().nullable(),
  high: z.string().nullable(),
  ratePerDay: z.number().nullable(),
  last: dayPercent.nullable(),
  points: z.array(dayPercent),
  slipDays: z.number().int().nullable(),
  headingForLate: z.boolean(),
  due: z.string(),
  start: z.string().nullable(),
  settings: earlyWarningSettingsOutSchema,
});
export type ProjectionView = z.infer<typeof projectionSchema>;
