/**
 * Which kinds of unit may stand directly under which (issue 15 item 12). Without a rule a
 * provincial secretariat could create a "ministry" under its province, named like a national
 * ministry, and have it win agency matching in drafts for its scope. The rules are configured
 * per deployment (GET/PUT /api/org-unit-kinds, `mandate org-unit-kinds`); a root unit is made
 * only by an administrator and may be of any kind.
 */
import { z } from 'zod';
import { ORG_UNIT_KINDS, orgUnitKindSchema, type OrgUnitKind } from './org-unit.js';

export const unitKindRulesSchema = z
  .object(
    Object.fromEntries(ORG_UNIT_KINDS.map((kind) => [kind, z.array(orgUnitKindSchema).optional()])) as Record<
      OrgUnitKind,
      z.ZodOptional<z.ZodArray<typeof orgUnitKindSchema>>
    >,
  )
  .strict()
  .describe('for each kind of unit, the kinds allowed directly under it (a kind left out allows nothing)');
export type UnitKindRules = Partial<Record<OrgUnitKind, OrgUnitKind[]>>;

/** The rules a new deployment starts with: the shape of a national programme's administrative tree. */
export const DEFAULT_UNIT_KIND_RULES: UnitKindRules = {
  committee: ['committee', 'ministry', 'agency', 'province', 'enterprise'],
  ministry: ['ministry', 'agency', 'enterprise'],
  agency: ['agency', 'enterprise'],
  province: ['district', 'commune', 'agency', 'enterprise'],
  district: ['commune', 'agency'],
  commune: [],
  enterprise: [],
};

export function kindAllowedUnder(rules: UnitKindRules, parent: OrgUnitKind, child: OrgUnitKind): boolean {
  return (rules[parent] ?? []).includes(child);
}

/** The message for a unit of kind `child` under a unit of kind `parent`, or undefined when allowed. */
export function kindRuleViolation(
  rules: UnitKindRules,
  parent: { code: string; kind: OrgUnitKind },
  child: OrgUnitKind,
): string | undefined {
  if (kindAllowedUnder(rules, parent.kind, child)) return undefined;
  const allowed = rules[parent.kind] ?? [];
  return `a ${child} cannot stand under ${parent.code} (a ${parent.kind}): ${
    allowed.length ? `allowed there: ${allowed.join(', ')}` : `nothing may stand under a ${parent.kind}`
  }`;
}
