/** Wire contracts of programmes, their nodes and cascades. */
import { z } from 'zod';
import { NODE_KINDS } from '../../domain/programme.js';
import type { Programme as ProgrammeView, ProgrammeNode as NodeView } from '../../services/programmes.js';
import type { CascadeResult as CascadeView } from '../../services/assignments.js';
import { described, itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';

export const programmeSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: localizedTextOutSchema,
  description: localizedTextOutSchema,
  issuers: z.array(z.string()),
  period: z.object({ start: z.string(), end: z.string() }),
  levels: z.array(localizedTextOutSchema),
  source: z.string().nullable(),
  version: z.number().int(),
});
export type Programme = z.infer<typeof programmeSchema>;

export const programmeNodeSchema = z.object({
  id: z.number().int(),
  programme: z.string(),
  code: z.string(),
  parent: z.string().nullable(),
  kind: z.enum(NODE_KINDS),
  title: localizedTextOutSchema,
  description: localizedTextOutSchema,
  position: z.number(),
  lead: z.string().nullable(),
  coordinators: z.array(z.string()),
  start: z.string().nullable(),
  due: z.string().nullable(),
  priority: z.string().nullable(),
  tags: z.array(z.string()),
  depth: z.number().int(),
  version: z.number().int(),
});
export type ProgrammeNode = z.infer<typeof programmeNodeSchema>;

export const programmeListSchema = itemsOf(programmeSchema);
export const programmeTreeSchema = itemsOf(programmeNodeSchema);

export const cascadeResultSchema = z.object({
  created: z.number().int(),
  skipped: z.number().int(),
  assignments: z.array(z.number().int()),
});
export type CascadeResult = z.infer<typeof cascadeResultSchema>;

/** What an import created (counts per kind of object; see docs/programme-file.md). */
export const importSummarySchema = described<object>('counts of what the import created');

/** The programme file as JSON (format=json) or its YAML text (format=yaml). */
export const programmeExportSchema = z.union([
  z.string().describe('the programme file as YAML'),
  described<object>('the programme file as JSON (docs/programme-file.md)'),
]);

sameShape<Same<Programme, ProgrammeView>>();
sameShape<Same<ProgrammeNode, NodeView>>();
sameShape<Same<CascadeResult, CascadeView>>();
