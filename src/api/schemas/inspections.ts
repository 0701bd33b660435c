/** Wire contracts of inspections: the list, one inspection, findings, recommendations and the open counts. */
import { z } from 'zod';
import { FINDING_KINDS, INSPECTION_STATUSES } from '../../domain/inspection.js';
import { REPORT_STATES, timelinessSchema } from '../../domain/timeliness.js';
import type {
  FindingView,
  InspectionDetail as InspectionDetailView,
  InspectionSummary as InspectionSummaryView,
  RecommendationView,
} from '../../services/inspections/inspection-views.js';
import type { OpenRecommendations as OpenRecommendationsView } from '../../services/inspections/open-recommendations.js';
import type { ReportFlagView } from '../../services/inspections/report-flags.js';
import type { InspectionImportSummary as ImportSummaryView } from '../../services/inspections/inspection-importer.js';
import { described, itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';

const linkSchema = z.object({ url: z.string(), title: z.string().optional() });

export const inspectionSummarySchema = z.object({
  code: z.string(),
  title: localizedTextOutSchema,
  issuer: z.string(),
  issuerName: localizedTextOutSchema,
  programme: z.string(),
  status: z.enum(INSPECTION_STATUSES),
  start: z.string(),
  end: z.string(),
  units: z.array(z.object({ unit: z.string(), name: localizedTextOutSchema, visit: z.string().nullable() })),
  concludedOn: z.string().nullable(),
});
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;
export const inspectionListSchema = itemsOf(inspectionSummarySchema);

export const findingSchema = z.object({
  id: z.number().int(),
  unit: z.string(),
  kind: z.enum(FINDING_KINDS),
  task: z.string().nullable(),
  assignment: z.number().int().nullable(),
  report: z.number().int().nullable(),
  reportPeriod: z.string().nullable(),
  value: z.object({ indicator: z.string(), unit: z.string(), period: z.string() }).nullable(),
  narrative: z.string(),
  evidence: z.array(linkSchema),
  flagged: z.boolean(),
  resolved: z.object({ at: z.string(), by: z.string(), note: z.string() }).nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const recommendationSchema = z.object({
  id: z.number().int(),
  unit: z.string(),
  unitName: localizedTextOutSchema,
  finding: z.number().int().nullable(),
  assignment: z.number().int(),
  task: z.string(),
  text: localizedTextOutSchema,
  due: z.string(),
  percent: z.number(),
  state: z.enum(REPORT_STATES),
  timeliness: timelinessSchema,
  daysLate: z.number().int(),
  approval: z.string().nullable(),
  open: z.boolean(),
  issuedBy: z.string(),
  issuedAt: z.string(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const inspectionDetailSchema = inspectionSummarySchema.extend({
  team: z.array(z.object({ username: z.string(), name: z.string() })),
  tasks: z.array(z.string()),
  conclusion: localizedTextOutSchema,
  conclusionLinks: z.array(linkSchema),
  findings: z.array(findingSchema),
  recommendations: z.array(recommendationSchema),
  version: z.number().int(),
  can: z.object({ manage: z.boolean(), record: z.boolean() }),
});
export type InspectionDetail = z.infer<typeof inspectionDetailSchema>;

export const openRecommendationsSchema = z.object({
  asOf: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
  byUnit: z.array(
    z.object({ unit: z.string(), name: localizedTextOutSchema, open: z.number().int(), overdue: z.number().int() }),
  ),
});
export type OpenRecommendations = z.infer<typeof openRecommendationsSchema>;

export const inspectionImportSummarySchema = z.object({
  inspection: z.string(),
  status: z.string(),
  units: z.number().int(),
  findings: z.number().int(),
  flagged: z.number().int(),
  recommendations: z.number().int(),
});

export const inspectionExportSchema = z.union([
  z.string().describe('the inspection file as YAML'),
  described<object>('the inspection file as JSON (docs/inspections.md)'),
]);

/** The unresolved discrepancy flags on an assignment's reports (shown beside each report). */
export const reportFlagSchema = z.object({
  finding: z.number().int(),
  report: z.number().int(),
  inspection: z.string(),
  narrative: z.string(),
  recordedAt: z.string(),
});
export type ReportFlag = z.infer<typeof reportFlagSchema>;

sameShape<Same<InspectionSummary, InspectionSummaryView>>();
sameShape<Same<InspectionDetail, InspectionDetailView>>();
sameShape<Same<Finding, FindingView>>();
sameShape<Same<Recommendation, RecommendationView>>();
sameShape<Same<OpenRecommendations, OpenRecommendationsView>>();
sameShape<Same<z.infer<typeof inspectionImportSummarySchema>, ImportSummaryView>>();
sameShape<Same<ReportFlag, ReportFlagView>>();
