import { z } from 'zod';
import { periodCodeSchema } from './period.js';
import { REPORT_STATES } from './timeliness.js';

export const evidenceLinkSchema = z
  .object({
    url: z
      .string()
      .url('not a URL')
      .refine((u) => /^https?:\/\//i.test(u), 'evidence links are http or https URLs'),
    title: z.string().max(300).optional(),
  })
  .strict();

export const reportInputSchema = z
  .object({
    period: periodCodeSchema,
    percent: z.number().min(0, 'percent is between 0 and 100').max(100, 'percent is between 0 and 100'),
    state: z.enum(REPORT_STATES),
    narrative: z.string().max(20_000).default(''),
    evidence: z.array(evidenceLinkSchema).max(50).default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.state === 'completed' && r.percent !== 100)
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'a completed assignment is at 100 %' });
    if (r.state === 'not_started' && r.percent !== 0)
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'a not-started assignment is at 0 %' });
    if (r.state === 'blocked' && r.narrative.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['narrative'], message: 'say what blocks the work' });
  });
export type ReportInput = z.input<typeof reportInputSchema>;
export type ReportData = z.output<typeof reportInputSchema>;

export const reviewInputSchema = z
  .object({
    decision: z.enum(['approve', 'return']),
    comment: z.string().max(5_000).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.decision === 'return' && !r.comment?.trim())
      ctx.addIssue({
        code: 'custom',
        path: ['comment'],
        message: 'a returned report needs a comment saying what to fix',
      });
  });
export type ReviewInput = z.infer<typeof reviewInputSchema>;
