/**
 * Inspections (docs/inspections.md): the words, the input shapes of the API and the
 * inspection file (`mandate inspection import/export`, YAML or JSON). An inspection is
 * planned, started and concluded; its team records findings per inspected unit and
 * issues recommendations, each of which becomes an assignment with a due date.
 */
import { z } from 'zod';
import { localizedTextSchema } from './i18n.js';
import { isoDateSchema } from './dates.js';
import { orgUnitCodeSchema } from './org-unit.js';
import { nodeCodeSchema, programmeCodeSchema } from './programme.js';
import { evidenceLinkSchema } from './report.js';
import { periodCodeSchema } from './period.js';

export const INSPECTION_FORMAT = 'mandate.inspection/1';

export const INSPECTION_STATUSES = ['planned', 'in_progress', 'concluded'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** Confirmed as reported, a discrepancy between report and reality, a risk, a good practice. */
export const FINDING_KINDS = ['confirmed', 'discrepancy', 'risk', 'good_practice'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The code of the programme node under which recommendations become tasks. */
export const FOLLOW_UP_NODE = 'INSPECTION-FOLLOW-UP';
export const FOLLOW_UP_TITLE = {
  vi: 'Thực hiện kiến nghị sau kiểm tra',
  en: 'Inspection follow-up',
  zh: '检查整改落实',
  ar: 'متابعة توصيات التفتيش',
};

export const inspectionCodeSchema = programmeCodeSchema;
const usernameRef = z.string().min(1).max(64);

export const inspectedUnitSchema = z.object({ unit: orgUnitCodeSchema, visit: isoDateSchema.optional() }).strict();

export const inspectionPlanSchema = z
  .object({
    code: inspectionCodeSchema,
    title: localizedTextSchema,
    issuer: orgUnitCodeSchema,
    /** The programme inspected; recommendations become tasks under its follow-up node. */
    programme: programmeCodeSchema,
    tasks: z.array(nodeCodeSchema).max(500).default([]),
    start: isoDateSchema,
    end: isoDateSchema,
    team: z.array(usernameRef).max(50).default([]),
    units: z.array(inspectedUnitSchema).min(1, 'inspect one unit at least').max(500),
  })
  .strict();
export type InspectionPlanInput = z.input<typeof inspectionPlanSchema>;
export type InspectionPlan = z.output<typeof inspectionPlanSchema>;

/** What a finding is about: a task of the programme, one of its reports (by period) or a data value. */
export const findingInputSchema = z
  .object({
    unit: orgUnitCodeSchema,
    kind: z.enum(FINDING_KINDS),
    task: nodeCodeSchema.optional(),
    /** The unit's report on the task for this period (its newest, not returned). */
    reportPeriod: periodCodeSchema.optional(),
    value: z
      .object({ indicator: z.string().min(1).max(64), unit: orgUnitCodeSchema.optional(), period: periodCodeSchema })
      .strict()
      .optional(),
    narrative: z.string().trim().min(1, 'say what was found').max(20_000),
    evidence: z.array(evidenceLinkSchema).max(50).default([]),
    /** A discrepancy flags the report or value it contradicts. */
    flag: z.boolean().default(false),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.reportPeriod && !f.task)
      ctx.addIssue({ code: 'custom', path: ['task'], message: 'a report is named by its task and period' });
    if (f.flag && f.kind !== 'discrepancy')
      ctx.addIssue({ code: 'custom', path: ['flag'], message: 'only a discrepancy flags a report or value' });
    if (f.flag && !f.reportPeriod && !f.value)
      ctx.addIssue({
        code: 'custom',
        path: ['flag'],
        message: 'name the report (task, reportPeriod) or the value to flag',
      });
  });
export type FindingInput = z.input<typeof findingInputSchema>;
export type FindingData = z.output<typeof findingInputSchema>;

export const recommendationInputSchema = z
  .object({
    unit: orgUnitCodeSchema,
    text: localizedTextSchema,
    due: isoDateSchema,
    /** The finding it answers (its id; in a file, its index in `findings`). */
    finding: z.number().int().min(0).optional(),
  })
  .strict();
export type RecommendationInput = z.input<typeof recommendationInputSchema>;

export const conclusionInputSchema = z
  .object({
    text: localizedTextSchema,
    links: z.array(evidenceLinkSchema).max(50).default([]),
    date: isoDateSchema.optional(),
  })
  .strict();
export type ConclusionInput = z.input<typeof conclusionInputSchema>;

export const flagInputSchema = z
  .object({
    flagged: z.boolean(),
    note: z.string().trim().max(5_000).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!f.flagged && !f.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'say how the discrepancy was resolved' });
  });
export type FlagInput = z.input<typeof flagInputSchema>;

/** The inspection file: the plan, its status, findings, recommendations and conclusion. */
export const inspectionFileSchema = inspectionPlanSchema
  .extend({
    format: z.literal(INSPECTION_FORMAT).optional(),
    status: z.enum(INSPECTION_STATUSES).default('planned'),
    findings: z
      .array(
        findingInputSchema.safeExtend({
          resolved: z
            .object({ note: z.string().trim().min(1).max(5_000) })
            .strict()
            .optional(),
        }),
      )
      .max(5_000)
      .default([]),
    recommendations: z.array(recommendationInputSchema).max(5_000).default([]),
    conclusion: conclusionInputSchema.optional(),
  })
  .strict();
export type InspectionFileInput = z.input<typeof inspectionFileSchema>;
export type InspectionFile = z.output<typeof inspectionFileSchema>;

/** A recommendation is open until its assignment is completed with an approved report. */
export function recommendationOpen(a: { state: string; approvalStatus: string | null }): boolean {
  return !(a.state === 'completed' && (a.approvalStatus === 'approved' || a.approvalStatus === 'accepted'));
}
