/**
 * The programme file: a whole programme — its tree, tasks, leads and co-ordinators by
 * org-unit code, deadlines, tags and cascades — as YAML or JSON. `mandate import
 * programme` reads it, `mandate export programme` writes it; docs/programme-file.md
 * documents it. Exports list assignments explicitly, so export → import → export is
 * the identity.
 */
import { z } from 'zod';
import { localizedTextSchema } from './i18n.js';
import { isoDateSchema } from './dates.js';
import { orgUnitCodeSchema, orgUnitKindSchema, type OrgUnitKind } from './org-unit.js';
import { NODE_KINDS, PRIORITIES, nodeCodeSchema, programmeFields, tagSchema, type NodeKind } from './programme.js';
import type { LocalizedText } from './i18n.js';

export const PROGRAMME_FORMAT = 'mandate.programme/1';
export const ORG_UNITS_FORMAT = 'mandate.orgunits/1';

export interface AssignmentSpec {
  unit: string;
  start?: string | undefined;
  due?: string | undefined;
  children?: AssignmentSpec[] | undefined;
}

export const assignmentSpecSchema: z.ZodType<AssignmentSpec> = z.lazy(() =>
  z
    .object({
      unit: orgUnitCodeSchema,
      start: isoDateSchema.optional(),
      due: isoDateSchema.optional(),
      children: z.array(assignmentSpecSchema).optional(),
    })
    .strict(),
);

/** "Assign to every unit of this kind under that unit" (e.g. every province of VN). */
export const cascadeSpecSchema = z
  .object({
    kind: orgUnitKindSchema,
    under: orgUnitCodeSchema,
    due: isoDateSchema.optional(),
    start: isoDateSchema.optional(),
  })
  .strict();
export type CascadeSpec = { kind: OrgUnitKind; under: string; due?: string | undefined; start?: string | undefined };

export interface NodeSpec {
  code: string;
  kind: NodeKind;
  title: LocalizedText;
  description?: LocalizedText | undefined;
  lead?: string | undefined;
  coordinators?: string[] | undefined;
  start?: string | undefined;
  due?: string | undefined;
  priority?: (typeof PRIORITIES)[number] | undefined;
  tags?: string[] | undefined;
  cascade?: CascadeSpec[] | undefined;
  assignments?: AssignmentSpec[] | undefined;
  children?: NodeSpec[] | undefined;
}

export const nodeSpecSchema: z.ZodType<NodeSpec> = z.lazy(() =>
  z
    .object({
      code: nodeCodeSchema,
      kind: z.enum(NODE_KINDS),
      title: localizedTextSchema,
      description: localizedTextSchema.optional(),
      lead: orgUnitCodeSchema.optional(),
      coordinators: z.array(orgUnitCodeSchema).optional(),
      start: isoDateSchema.optional(),
      due: isoDateSchema.optional(),
      priority: z.enum(PRIORITIES).optional(),
      tags: z.array(tagSchema).optional(),
      cascade: z.array(cascadeSpecSchema).optional(),
      assignments: z.array(assignmentSpecSchema).optional(),
      children: z.array(nodeSpecSchema).optional(),
    })
    .strict(),
);

export const programmeFileSchema = z
  .object({
    format: z.literal(PROGRAMME_FORMAT),
    ...programmeFields,
    nodes: z.array(nodeSpecSchema),
  })
  .strict();
export type ProgrammeFile = z.infer<typeof programmeFileSchema>;

export interface OrgUnitSpec {
  code: string;
  kind: OrgUnitKind;
  name: LocalizedText;
  aliases?: string[] | undefined;
  children?: OrgUnitSpec[] | undefined;
}

export const orgUnitSpecSchema: z.ZodType<OrgUnitSpec> = z.lazy(() =>
  z
    .object({
      code: orgUnitCodeSchema,
      kind: orgUnitKindSchema,
      name: localizedTextSchema,
      aliases: z.array(z.string().min(1)).optional(),
      children: z.array(orgUnitSpecSchema).optional(),
    })
    .strict(),
);

export const orgUnitsFileSchema = z
  .object({
    format: z.literal(ORG_UNITS_FORMAT),
    /** Code of an existing unit the top-level units hang under (omit for roots). */
    parent: orgUnitCodeSchema.optional(),
    units: z.array(orgUnitSpecSchema),
  })
  .strict();
export type OrgUnitsFile = z.infer<typeof orgUnitsFileSchema>;
