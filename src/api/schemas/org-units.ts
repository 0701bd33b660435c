/** Wire contracts of org units. */
import { z } from 'zod';
import { orgUnitSchema as domainOrgUnitSchema, type OrgUnit as OrgUnitView } from '../../domain/org-unit.js';
import { unitKindRulesSchema } from '../../domain/org-unit-kinds.js';
import { itemsOf, localizedTextOutSchema, sameShape, type Same } from './common.js';

/** The domain's org unit, its name as the wire carries localized text out. */
export const orgUnitSchema = domainOrgUnitSchema.extend({ name: localizedTextOutSchema });
export type OrgUnit = z.infer<typeof orgUnitSchema>;
export const orgUnitListSchema = itemsOf(orgUnitSchema);

sameShape<Same<OrgUnit, OrgUnitView>>();

/** Which unit kinds may stand directly under which (GET/PUT /api/org-unit-kinds). */
export const unitKindRulesBodySchema = z.object({ rules: unitKindRulesSchema }).strict();
