/** Org units: the administrative tree (committee → ministries, provinces → communes). */
import { orgUnitsRepository, type OrgUnitRow } from '../db/repositories/org-units.repository.js';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { OrgUnit, OrgUnitInput, OrgUnitPatch, OrgUnitKind } from '../domain/org-unit.js';
import { inTransaction, type Db, type ServiceContext } from './context.js';

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

export async function requireOrgUnit(db: Db, code: string, field = 'unit'): Promise<OrgUnitRow> {
  const row = await orgUnitsRepository.byCode(db, code);
  if (!row) throw new NotFoundError(`${field}: no org unit with code ${code}`);
  return row;
}

export async function getOrgUnit(ctx: ServiceContext, code: string): Promise<OrgUnit> {
  return toOrgUnit(await requireOrgUnit(ctx.db, code));
}

export async function listOrgUnits(
  ctx: ServiceContext,
  filter: { under?: string | undefined; kind?: string | undefined; q?: string | undefined; limit: number; offset: number },
): Promise<OrgUnit[]> {
  const under = filter.under ? (await requireOrgUnit(ctx.db, filter.under, 'under')).path : undefined;
  const rows = await orgUnitsRepository.list(ctx.db, { ...filter, under });
  return rows.map(toOrgUnit);
}

export async function createOrgUnit(ctx: ServiceContext, input: OrgUnitInput): Promise<OrgUnit> {
  return inTransaction(ctx, async ({ db }) => {
    if (await orgUnitsRepository.byCode(db, input.code)) throw new ConflictError(`code: an org unit with code ${input.code} already exists`);
    const parent = input.parent ? await orgUnitsRepository.byCode(db, input.parent) : undefined;
    if (input.parent && !parent) throw new ValidationError([{ path: 'parent', message: `no org unit with code ${input.parent}` }]);
    const id = await orgUnitsRepository.insert(db, {
      code: input.code,
      kind: input.kind,
      parentId: parent?.id ?? null,
      parentPath: parent?.path ?? '/',
      depth: parent ? parent.depth + 1 : 0,
      name: input.name,
      aliases: input.aliases ?? [],
    });
    return toOrgUnit((await orgUnitsRepository.byId(db, id))!);
  });
}

export async function updateOrgUnit(ctx: ServiceContext, code: string, patch: OrgUnitPatch, expectedVersion: number | undefined): Promise<OrgUnit> {
  return inTransaction(ctx, async ({ db }) => {
    const unit = await requireOrgUnit(db, code);
    const version = expectedVersion ?? patch.version ?? unit.version;
    if (version !== unit.version) throw new ConflictError(`org unit ${code} was changed by someone else (version ${unit.version}, you sent ${version})`);
    if (patch.parent !== undefined && patch.parent !== unit.parent_code) {
      const parent = patch.parent === null ? null : await orgUnitsRepository.byCode(db, patch.parent);
      if (patch.parent !== null && !parent) throw new ValidationError([{ path: 'parent', message: `no org unit with code ${patch.parent}` }]);
      if (parent && parent.path.startsWith(unit.path)) throw new ValidationError([{ path: 'parent', message: `${patch.parent} lies under ${code}: a unit cannot move under itself` }]);
      const newPath = `${parent?.path ?? '/'}${unit.id}/`;
      await orgUnitsRepository.moveSubtree(db, unit.id, parent?.id ?? null, unit.path, newPath, (parent ? parent.depth + 1 : 0) - unit.depth);
    }
    const ok = await orgUnitsRepository.update(db, unit.id, version, { kind: patch.kind, name: patch.name, aliases: patch.aliases });
    if (!ok) throw new ConflictError(`org unit ${code} was changed by someone else`);
    return toOrgUnit((await orgUnitsRepository.byId(db, unit.id))!);
  });
}
