import { z } from 'zod';
import { localizedTextSchema } from './i18n.js';

export const ORG_UNIT_KINDS = [
  'committee',
  'ministry',
  'agency',
  'province',
  'district',
  'commune',
  'enterprise',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const orgUnitKindSchema = z.enum(ORG_UNIT_KINDS);

export const orgUnitCodeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a code is 1–64 letters, digits, dot, dash or underscore');

export const orgUnitInputSchema = z
  .object({
    code: orgUnitCodeSchema,
    kind: orgUnitKindSchema,
    parent: orgUnitCodeSchema.nullable().optional(),
    name: localizedTextSchema,
    aliases: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type OrgUnitInput = z.infer<typeof orgUnitInputSchema>;

export const orgUnitPatchSchema = z
  .object({
    kind: orgUnitKindSchema.optional(),
    parent: orgUnitCodeSchema.nullable().optional(),
    name: localizedTextSchema.optional(),
    aliases: z.array(z.string().min(1)).optional(),
    version: z.number().int().positive().optional(),
  })
  .strict();
export type OrgUnitPatch = z.infer<typeof orgUnitPatchSchema>;

export const orgUnitSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: orgUnitKindSchema,
  parent: z.string().nullable(),
  path: z.string(),
  depth: z.number().int(),
  name: localizedTextSchema,
  aliases: z.array(z.string()),
  version: z.number().int(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

/**
 * Materialised paths (org units and programme nodes alike): the ids from the root down,
 * each followed by a slash, e.g. `/1/5/42/` for a unit at depth 2. "This unit and
 * everything under it" is `path LIKE '/1/5/%'`.
 */
export const ROOT_PATH = '/';

/** The path of a child with this id under the given parent path (ROOT_PATH for a root). */
export function childPath(parentPath: string, id: number): string {
  return `${parentPath}${id}/`;
}

/** Depth of a path: 0 for a root (`/1/`). */
export function depthOfPath(path: string): number {
  return path.split('/').length - 3;
}

/** 1-based position, in `split_part(path, '/', n)`, of the id of the ancestor at this depth. */
export function pathPartAt(depth: number): number {
  return depth + 2;
}
