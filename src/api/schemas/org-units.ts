/** Wire contracts of org units. */
import { z } from 'zod';
import { orgUnitKindSchema, type OrgUnit as OrgUnitView } from '../../domain/org-unit.js';
import { unitKindRulesSchema } from '../../domain/org-unit-kinds.js';
import { itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';

export const orgUnitSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  kind: orgUnitKindSchema,
  parent: z.string().nullable(),
  path: z.string(),
  depth: z.number().int(),
  name: localizedTextOutSchema,
  aliases: z.array(z.string()),
  version: z.number().int(),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;
export const orgUnitListSchema = itemsOf(orgUnitSchema);

sameShape<Same<OrgUnit, OrgUnitView>>();

/** Which unit kinds may stand directly under which (GET/PUT /api/org-unit-kinds). */
export const unitKindRulesBodySchema = z.object({ rules: unitKindRulesSchema }).strict();
