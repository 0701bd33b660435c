/**
 * The configured rules of which unit kinds may stand under which (src/domain/org-unit-kinds.ts):
 * read by everyone who creates units, changed only by an administrator, audited. Stored with the
 * other deployment settings; a deployment that never changed them uses the defaults.
 */
import type { Db } from '../db/database.js';
import { settingsRepository } from '../db/repositories/users.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import {
  DEFAULT_UNIT_KIND_RULES,
  kindRuleViolation,
  unitKindRulesSchema,
  type UnitKindRules,
} from '../domain/org-unit-kinds.js';
import type { OrgUnitKind } from '../domain/org-unit.js';
import { isAdmin } from '../policies/scope.js';
import { mustBeAllowed } from '../policies/assert.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';

const SETTING = 'org_unit_kind_rules';

export async function getUnitKindRules(db: Db): Promise<UnitKindRules> {
  const stored = await settingsRepository.get(db, SETTING);
  return stored === undefined ? DEFAULT_UNIT_KIND_RULES : unitKindRulesSchema.parse(JSON.parse(stored));
}

/** Throws a ValidationError at `path` when a unit of `kind` may not stand under `parent`. */
export async function mustFitUnder(
  db: Db,
  parent: { code: string; kind: string },
  kind: OrgUnitKind,
  path = 'kind',
): Promise<void> {
  const message = kindRuleViolation(await getUnitKindRules(db), asKind(parent), kind);
  if (message) throw new ValidationError([{ path, message }]);
}

function asKind(unit: { code: string; kind: string }): { code: string; kind: OrgUnitKind } {
  return { code: unit.code, kind: unit.kind as OrgUnitKind };
}

/**
 * Replaces the rules. Refused, changing nothing, when the units that exist today break them:
 * every offending pair is named with an example, so the tree is fixed first or the rule kept.
 */
export async function setUnitKindRules(ctx: ServiceContext, rules: UnitKindRules): Promise<UnitKindRules> {
  mustBeAllowed(isAdmin(ctx.actor), 'changing which unit kinds may stand under which needs the admin role');
  return inTransaction(ctx, async (tctx) => {
    const problems: Problem[] = [];
    for (const pair of await orgUnitsRepository.kindPairs(tctx.db)) {
      const message = kindRuleViolation(
        rules,
        { code: pair.parent_code, kind: pair.parent_kind as OrgUnitKind },
        pair.child_kind as OrgUnitKind,
      );
      if (message)
        problems.push({ path: `rules.${pair.parent_kind}`, message: `${pair.child_code} exists: ${message}` });
    }
    if (problems.length) throw new ValidationError(problems, 'the rules do not fit the units that exist');
    const before = await getUnitKindRules(tctx.db);
    await settingsRepository.put(tctx.db, SETTING, JSON.stringify(rules));
    await recordChange(tctx, { action: 'update', type: 'setting', id: SETTING, before, after: rules });
    return rules;
  });
}
