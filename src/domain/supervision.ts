import { z } from 'zod';
import { isoDateSchema } from './dates.js';
import { tagSchema } from './programme.js';

/** The filter every supervision view takes (API query string, CLI options, UI URL). */
export const supervisionQuerySchema = z.object({
  programme: z.string().optional(),
  node: z.string().optional().describe('programme node code: only its subtree (needs programme)'),
  unit: z.string().optional().describe('org unit code: only assignments in its subtree'),
  tag: tagSchema.optional(),
  lead: z.string().optional().describe('org unit code of the lead agency'),
  dueFrom: isoDateSchema.optional(),
  dueTo: isoDateSchema.optional(),
  asOf: isoDateSchema.optional().describe('evaluate as of this day (default today)'),
  dueSoonDays: z.coerce.number().int().min(0).max(365).optional(),
  backlogPeriod: z.enum(['year', 'quarter', 'month']).optional(),
});
export type SupervisionQuery = z.infer<typeof supervisionQuerySchema>;

export const GROUP_DIMENSIONS = ['unit', 'subunit', 'lead', 'area', 'programme'] as const;

export const rollupQuerySchema = supervisionQuerySchema.extend({
  groupBy: z
    .string()
    .optional()
    .describe('one or two of unit, subunit, lead, area, programme, comma-separated')
    .transform((s, ctx) => {
      if (!s) return [] as Array<(typeof GROUP_DIMENSIONS)[number]>;
      const dims = s.split(',').map((d) => d.trim());
      for (const d of dims)
        if (!(GROUP_DIMENSIONS as readonly string[]).includes(d))
          ctx.addIssue({ code: 'custom', message: `unknown dimension ${d}` });
      if (dims.length > 2) ctx.addIssue({ code: 'custom', message: 'at most two dimensions' });
      return dims as Array<(typeof GROUP_DIMENSIONS)[number]>;
    }),
  top: z.coerce.number().int().min(1).max(100).default(10),
});

export const overdueQuerySchema = supervisionQuerySchema.extend({
  backlogOnly: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .optional()
    .transform((v) => v === true || v === 'true' || v === '1'),
  sort: z.enum(['days_late', 'due', 'unit', 'programme']).default('days_late'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
