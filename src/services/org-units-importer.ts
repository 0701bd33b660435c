/** Imports an org-unit tree file (format mandate.orgunits/1): all units or none. */
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import { orgUnitsFileSchema, type OrgUnitSpec, type OrgUnitsFile } from '../domain/programme-file.js';
import { inTransaction, type ServiceContext } from './context.js';
import { textImporter } from './file-parsing.js';
import { isAdmin } from '../policies/scope.js';
import { mustBeAllowed } from '../policies/assert.js';
import { recordChange } from './audit.js';
import { childPath, ROOT_PATH, type OrgUnitKind } from '../domain/org-unit.js';
import { kindRuleViolation } from '../domain/org-unit-kinds.js';
import { getUnitKindRules } from './org-unit-kinds.js';
import { insertOrgUnit } from './org-units.js';

export async function importOrgUnits(ctx: ServiceContext, file: OrgUnitsFile): Promise<{ units: number }> {
  mustBeAllowed(isAdmin(ctx.actor), 'importing org-unit files needs the admin role');
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const problems: Problem[] = [];
    const seen = new Map<string, string>();
    const all: Array<{ spec: OrgUnitSpec; path: string }> = [];
    const rules = await getUnitKindRules(db);
    const parent = file.parent ? await orgUnitsRepository.byCode(db, file.parent) : undefined;
    if (file.parent && !parent) problems.push({ path: 'parent', message: `no org unit with code ${file.parent}` });
    const walk = (specs: OrgUnitSpec[], prefix: string, above: { code: string; kind: OrgUnitKind } | undefined) =>
      specs.forEach((spec, i) => {
        const path = `${prefix}[${i}]`;
        all.push({ spec, path });
        const misfit = above && kindRuleViolation(rules, above, spec.kind);
        if (misfit) problems.push({ path: `${path}.kind`, message: misfit });
        const first = seen.get(spec.code);
        if (first)
          problems.push({ path: `${path}.code`, message: `code ${spec.code} is used twice (first at ${first})` });
        else seen.set(spec.code, path);
        if (spec.children) walk(spec.children, `${path}.children`, spec);
      });
    walk(file.units, 'units', parent && { code: parent.code, kind: parent.kind as OrgUnitKind });
    const existing = await orgUnitsRepository.idsByCode(
      db,
      all.map((a) => a.spec.code),
    );
    for (const { spec, path } of all)
      if (existing.has(spec.code))
        problems.push({ path: `${path}.code`, message: `org unit ${spec.code} already exists` });
    if (problems.length)
      throw new ValidationError(
        problems,
        `the org-unit file has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      );

    let count = 0;
    const insert = async (specs: OrgUnitSpec[], under: { id: number; path: string; depth: number } | null) => {
      for (const spec of specs) {
        const id = await insertOrgUnit(db, spec, under);
        count++;
        if (spec.children)
          await insert(spec.children, {
            id,
            path: childPath(under?.path ?? ROOT_PATH, id),
            depth: under ? under.depth + 1 : 0,
          });
      }
    };
    await insert(file.units, parent ? { id: parent.id, path: parent.path, depth: parent.depth } : null);
    await recordChange(tctx, {
      action: 'import',
      type: 'org_unit',
      id: file.parent ?? '/',
      after: { units: count, file },
    });
    return { units: count };
  });
}

/** Parses, checks and imports an org-unit file's text. */
export const importOrgUnitsText = textImporter(orgUnitsFileSchema, 'org-unit file', (ctx, file) =>
  importOrgUnits(ctx, file),
);
