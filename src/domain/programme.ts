import { z } from 'zod';
import { localizedTextSchema } from './i18n.js';
import { isoDateSchema } from './dates.js';
import { orgUnitCodeSchema } from './org-unit.js';

export const NODE_KINDS = ['goal', 'area', 'task', 'subtask', 'milestone'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
/** Kinds of node that carry work: a lead, dates and assignments. */
export const WORK_KINDS: ReadonlySet<NodeKind> = new Set(['task', 'subtask', 'milestone']);
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;

export const programmeCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a code is 1–64 letters, digits, dot, dash or underscore');
export const nodeCodeSchema = programmeCodeSchema;
export const tagSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a tag is lower-case letters, digits and dashes');

/** A programme's own fields, as created through the API and in a programme file. */
export const programmeFields = {
  code: programmeCodeSchema,
  name: localizedTextSchema,
  description: localizedTextSchema.optional(),
  issuers: z.array(orgUnitCodeSchema).min(1, 'a programme has at least one issuer'),
  period: z.object({ start: isoDateSchema, end: isoDateSchema }).strict(),
  levels: z.array(localizedTextSchema).optional(),
  source: z.string().optional(),
};

export const programmeInputSchema = z
  .object(programmeFields)
  .strict()
  .refine((p) => p.period.end >= p.period.start, { message: 'ends before it starts', path: ['period', 'end'] });
export type ProgrammeInput = z.infer<typeof programmeInputSchema>;

export const programmePatchSchema = z
  .object({
    name: localizedTextSchema.optional(),
    description: localizedTextSchema.optional(),
    issuers: z.array(orgUnitCodeSchema).min(1).optional(),
    period: z.object({ start: isoDateSchema, end: isoDateSchema }).strict().optional(),
    levels: z.array(localizedTextSchema).optional(),
    source: z.string().nullable().optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type ProgrammePatch = z.infer<typeof programmePatchSchema>;

/** Fields of a node that a create or update may set. */
const nodeFields = {
  kind: z.enum(NODE_KINDS),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  lead: orgUnitCodeSchema.nullable().optional(),
  coordinators: z.array(orgUnitCodeSchema).optional(),
  start: isoDateSchema.nullable().optional(),
  due: isoDateSchema.nullable().optional(),
  priority: z.enum(PRIORITIES).nullable().optional(),
  tags: z.array(tagSchema).optional(),
};

export const nodeInputSchema = z
  .object({
    code: nodeCodeSchema,
    parent: nodeCodeSchema.nullable().optional(),
    position: z.number().int().min(0).optional(),
    ...nodeFields,
  })
  .strict();
export type NodeInput = z.infer<typeof nodeInputSchema>;

export const nodePatchSchema = z
  .object({
    kind: nodeFields.kind.optional(),
    title: nodeFields.title.optional(),
    description: nodeFields.description,
    lead: nodeFields.lead,
    coordinators: nodeFields.coordinators,
    start: nodeFields.start,
    due: nodeFields.due,
    priority: nodeFields.priority,
    tags: nodeFields.tags,
    position: z.number().int().min(0).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type NodePatch = z.infer<typeof nodePatchSchema>;
