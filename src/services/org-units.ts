/** Org units: the administrative tree (committee → ministries, provinces → communes). */
import { orgUnitsRepository, type OrgUnitFilter, type OrgUnitRow } from '../db/repositories/org-units.repository.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import type { OrgUnit, OrgUnitInput, OrgUnitPatch, OrgUnitKind } from '../domain/org-unit.js';
import { inTransaction, type ServiceContext } from './context.js';
import { orgUnitPolicy } from '../policies/org-units.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { recordChange } from './audit.js';
import { ROOT_PATH } from '../domain/org-unit.js';
import { mustFitUnder } from './org-unit-kinds.js';
import type { Db } from '../db/database.js';
import type { LocalizedText } from '../domain/i18n.js';

export function toOrgUnit(row: OrgUnitRow): OrgUnit {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind as OrgUnitKind,
    parent: row.parent_code,
    path: row.path,
    depth: row.depth,
    name: row.name,
    aliases: row.aliases,
    version: row.version,
  };
}

/** A unit the actor may see; one outside the scope is "not found", exactly like an unknown code. */
export async function requireVisibleOrgUnit(ctx: ServiceContext, code: string, field = 'unit'): Promise<OrgUnitRow> {
  const row = await orgUnitsRepository.byCode(ctx.db, code);
  mustSee(row !== undefined && orgUnitPolicy.canRead(ctx.actor, row), `${field}: no org unit with code ${code}`);
  return row!;
}

export async function getOrgUnit(ctx: ServiceContext, code: string): Promise<OrgUnit> {
  return toOrgUnit(await requireVisibleOrgUnit(ctx, code));
}

/** Inserts a unit under its parent (null: a root); its id. */
export function insertOrgUnit(
  db: Db,
  unit: { code: string; kind: string; name: LocalizedText; aliases?: string[] | undefined },
  parent: { id: number; path: string; depth: number } | null,
): Promise<number> {
  return orgUnitsRepository.insert(db, {
    code: unit.code,
    kind: unit.kind,
    parentId: parent?.id ?? null,
    parentPath: parent?.path ?? ROOT_PATH,
    depth: parent ? parent.depth + 1 : 0,
    name: unit.name,
    aliases: unit.aliases ?? [],
  });
}

export async function listOrgUnits(ctx: ServiceContext, filter: OrgUnitFilter): Promise<OrgUnit[]> {
  const under = filter.under ? (await requireVisibleOrgUnit(ctx, filter.under, 'under')).path : undefined;
  const rows = await orgUnitsRepository.list(ctx.db, { ...filter, under, scope: orgUnitPolicy.readScope(ctx.actor) });
  return rows.map(toOrgUnit);
}

export async function createOrgUnit(ctx: ServiceContext, input: OrgUnitInput): Promise<OrgUnit> {
  return inTransaction(ctx, async (tctx) => {
    const { db, actor } = tctx;
    const found = input.parent ? await orgUnitsRepository.byCode(db, input.parent) : undefined;
    const parent = found && orgUnitPolicy.canRead(actor, found) ? found : undefined;
    if (input.parent && !parent)
      throw new ValidationError([{ path: 'parent', message: `no org unit with code ${input.parent}` }]);
    mustBeAllowed(
      orgUnitPolicy.canCreate(actor, parent ?? null),
      parent
        ? `creating units under ${input.parent} needs the secretariat role there`
        : 'creating a root unit needs the admin role',
    );
    if (parent) await mustFitUnder(db, parent, input.kind);
    if (await orgUnitsRepository.byCode(db, input.code))
      throw new ConflictError(`code: an org unit with code ${input.code} already exists`);
    const id = await insertOrgUnit(db, input, parent ?? null);
    const created = toOrgUnit((await orgUnitsRepository.byId(db, id))!);
    await recordChange(tctx, { action: 'create', type: 'org_unit', id: created.code, after: created });
    return created;
  });
}

export async function updateOrgUnit(
  ctx: ServiceContext,
  code: string,
  patch: OrgUnitPatch,
  expectedVersion: number | undefined,
): Promise<OrgUnit> {
  return inTransaction(ctx, async (tctx) => {
    const { db, actor } = tctx;
    const unit = await requireVisibleOrgUnit(tctx, code);
    mustBeAllowed(
      orgUnitPolicy.canUpdate(actor, unit),
      `changing ${code} needs the secretariat role above it (the root of a grant is changed from above)`,
    );
    const version = expectedVersion ?? patch.version ?? unit.version;
    if (version !== unit.version)
      throw new ConflictError(
        `org unit ${code} was changed by someone else (version ${unit.version}, you sent ${version})`,
      );
    await mustFitWhereItStands(tctx, unit, patch);
    if (patch.parent !== undefined && patch.parent !== unit.parent_code) {
      const found = patch.parent === null ? null : await orgUnitsRepository.byCode(db, patch.parent);
      const parent = found && orgUnitPolicy.canRead(actor, found) ? found : found === null ? null : undefined;
      if (patch.parent !== null && !parent)
        throw new ValidationError([{ path: 'parent', message: `no org unit with code ${patch.parent}` }]);
      mustBeAllowed(
        orgUnitPolicy.canMove(actor, unit, parent ?? null),
        parent
          ? `moving ${code} under ${patch.parent} needs the secretariat role over both`
          : 'making a root unit needs the admin role',
      );
      if (parent && parent.path.startsWith(unit.path))
        throw new ValidationError([
          { path: 'parent', message: `${patch.parent} lies under ${code}: a unit cannot move under itself` },
        ]);
      const newPath = `${parent?.path ?? '/'}${unit.id}/`;
      await orgUnitsRepository.moveSubtree(
        db,
        unit.id,
        parent?.id ?? null,
        unit.path,
        newPath,
        (parent ? parent.depth + 1 : 0) - unit.depth,
      );
    }
    const ok = await orgUnitsRepository.update(db, unit.id, version, {
      kind: patch.kind,
      name: patch.name,
      aliases: patch.aliases,
    });
    if (!ok) throw new ConflictError(`org unit ${code} was changed by someone else`);
    const after = toOrgUnit((await orgUnitsRepository.byId(db, unit.id))!);
    await recordChange(tctx, { action: 'update', type: 'org_unit', id: code, before: toOrgUnit(unit), after });
    return after;
  });
}

/** A changed kind or parent must still follow the configured unit-kind rules, above and below the unit. */
async function mustFitWhereItStands(ctx: ServiceContext, unit: OrgUnitRow, patch: OrgUnitPatch): Promise<void> {
  const kind = (patch.kind ?? unit.kind) as OrgUnitKind;
  const parentCode = patch.parent !== undefined ? patch.parent : unit.parent_code;
  if (kind === unit.kind && parentCode === unit.parent_code) return;
  const parent = parentCode ? await orgUnitsRepository.byCode(ctx.db, parentCode) : undefined;
  if (parent) await mustFitUnder(ctx.db, parent, kind, patch.kind ? 'kind' : 'parent');
  if (kind !== unit.kind)
    for (const child of await orgUnitsRepository.childKinds(ctx.db, unit.id))
      await mustFitUnder(ctx.db, { code: unit.code, kind }, child as OrgUnitKind, 'kind');
}
