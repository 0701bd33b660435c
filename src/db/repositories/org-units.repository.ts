import { sql } from 'kysely';
import type { Db } from '../database.js';
import { jsonOrKeep, updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';
import { childPath } from '../../domain/org-unit.js';

export interface OrgUnitRow {
  id: number;
  code: string;
  kind: string;
  parent_id: number | null;
  parent_code: string | null;
  path: string;
  depth: number;
  name: LocalizedText;
  aliases: string[];
  version: number;
}

function selectUnits(db: Db) {
  return db
    .selectFrom('org_units as u')
    .leftJoin('org_units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.kind',
      'u.parent_id',
      'p.code as parent_code',
      'u.path',
      'u.depth',
      'u.name',
      'u.aliases',
      'u.version',
    ]);
}

/** A page of the unit list: under a subtree (its path here, its code in the service), of a kind, matching a search. */
export interface OrgUnitFilter {
  under?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export const orgUnitsRepository = {
  byCode(db: Db, code: string): Promise<OrgUnitRow | undefined> {
    return selectUnits(db).where('u.code', '=', code).executeTakeFirst();
  },

  byPath(db: Db, path: string): Promise<OrgUnitRow | undefined> {
    return selectUnits(db).where('u.path', '=', path).executeTakeFirst();
  },

  byId(db: Db, id: number): Promise<OrgUnitRow | undefined> {
    return selectUnits(db).where('u.id', '=', id).executeTakeFirst();
  },

  /** Map of id → code for the given ids. */
  async codesById(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'code'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.code]));
  },

  /** Map of code → id for the given codes (unknown codes are absent). */
  async idsByCode(db: Db, codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'code'])
      .where('code', 'in', [...new Set(codes)])
      .execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  },

  list(db: Db, filter: OrgUnitFilter & { scope?: readonly string[] | undefined }) {
    let query = selectUnits(db);
    const scoped = inSubtrees('u.path', filter.scope);
    if (scoped) query = query.where(scoped);
    if (filter.under) query = query.where('u.path', 'like', `${filter.under}%`);
    if (filter.kind) query = query.where('u.kind', '=', filter.kind);
    if (filter.q) {
      const like = `%${filter.q.toLowerCase()}%`;
      query = query.where((eb) =>
        eb.or([eb(eb.fn('lower', ['u.code']), 'like', like), eb(sql<string>`lower(u.name::text)`, 'like', like)]),
      );
    }
    return query.orderBy('u.path').limit(filter.limit).offset(filter.offset).execute();
  },

  /** Units of a kind in the subtree whose root has the given path (root included). */
  ofKindUnder(db: Db, kind: string, path: string) {
    return db
      .selectFrom('org_units')
      .select(['id', 'code', 'path'])
      .where('kind', '=', kind)
      .where('path', 'like', `${path}%`)
      .orderBy('path')
      .execute();
  },

  /** Id, code and path of the units with these codes, looked up in chunks (unknown codes are absent). */
  async pathsByCode(db: Db, codes: readonly string[]) {
    const unique = [...new Set(codes)];
    const rows: Array<{ id: number; code: string; path: string }> = [];
    for (let k = 0; k < unique.length; k += 5000)
      rows.push(
        ...(await db
          .selectFrom('org_units')
          .select(['id', 'code', 'path'])
          .where('code', 'in', unique.slice(k, k + 5000))
          .execute()),
      );
    return rows;
  },

  /** The direct children of a unit. */
  children(db: Db, parentId: number) {
    return db
      .selectFrom('org_units')
      .select(['id', 'code', 'name', 'path', 'depth'])
      .where('parent_id', '=', parentId)
      .execute();
  },

  /** The units with these ids that lie in the subtree at `path`. */
  byIdsUnder(db: Db, ids: readonly number[], path: string) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('org_units')
      .select(['id', 'code', 'name', 'path', 'depth'])
      .where('id', 'in', [...ids])
      .where('path', 'like', `${path}%`)
      .execute();
  },

  /** Codes and names of the units with these ids. */
  namesByIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('org_units')
      .select(['id', 'code', 'name'])
      .where('id', 'in', [...ids])
      .execute();
  },

  /** Units of a kind in the subtree at `path` (root included), by code. */
  ofKindUnderByCode(db: Db, kind: string, path: string) {
    return db
      .selectFrom('org_units')
      .select(['id', 'code', 'name', 'path', 'depth'])
      .where('kind', '=', kind)
      .where('path', 'like', `${path}%`)
      .orderBy('code')
      .execute();
  },

  /** Roots of the tree (units without a parent), by code (or by id: the first one created first). */
  roots(db: Db, order: 'code' | 'id' = 'code') {
    return db.selectFrom('org_units').select('code').where('parent_id', 'is', null).orderBy(order).execute();
  },

  /** Each (parent kind, child kind) pair the tree holds, with one example of it. */
  kindPairs(db: Db) {
    return db
      .selectFrom('org_units as u')
      .innerJoin('org_units as p', 'p.id', 'u.parent_id')
      .distinctOn(['p.kind', 'u.kind'])
      .select(['p.kind as parent_kind', 'u.kind as child_kind', 'p.code as parent_code', 'u.code as child_code'])
      .orderBy('p.kind')
      .orderBy('u.kind')
      .orderBy('u.code')
      .execute();
  },

  /** The kinds of the units directly under this one. */
  async childKinds(db: Db, parentId: number): Promise<string[]> {
    const rows = await db
      .selectFrom('org_units')
      .select('kind')
      .distinct()
      .where('parent_id', '=', parentId)
      .orderBy('kind')
      .execute();
    return rows.map((r) => r.kind);
  },

  /** Whether any unit exists. */
  async any(db: Db): Promise<boolean> {
    return (await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst()) !== undefined;
  },

  /** Codes, names and aliases of the units in scope (all when scope is undefined), by path. */
  refs(db: Db, scope: readonly string[] | undefined) {
    const scoped = inSubtrees('path', scope);
    return db
      .selectFrom('org_units')
      .select(['code', 'name', 'aliases'])
      .$if(scoped !== undefined, (q) => q.where(scoped!))
      .orderBy('path')
      .execute();
  },

  async insert(
    db: Db,
    row: {
      code: string;
      kind: string;
      parentId: number | null;
      parentPath: string;
      depth: number;
      name: LocalizedText;
      aliases: string[];
    },
  ): Promise<number> {
    const { id } = await db
      .insertInto('org_units')
      .values({
        code: row.code,
        kind: row.kind,
        parent_id: row.parentId,
        path: '',
        depth: row.depth,
        name: JSON.stringify(row.name),
        aliases: row.aliases,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('org_units')
      .set({ path: childPath(row.parentPath, id) })
      .where('id', '=', id)
      .execute();
    return id;
  },

  /** Updates fields if the version matches; returns false on a stale version. */
  update(
    db: Db,
    id: number,
    version: number,
    set: { kind?: string | undefined; name?: LocalizedText | undefined; aliases?: string[] | undefined },
  ): Promise<boolean> {
    return updateVersioned(db, 'org_units', id, version, {
      kind: set.kind,
      name: jsonOrKeep(set.name),
      aliases: set.aliases,
    });
  },

  /** Re-roots a subtree: every path under oldPath now starts with newPath. */
  async moveSubtree(
    db: Db,
    id: number,
    parentId: number | null,
    oldPath: string,
    newPath: string,
    depthDelta: number,
  ): Promise<void> {
    await db.updateTable('org_units').set({ parent_id: parentId }).where('id', '=', id).execute();
    await db
      .updateTable('org_units')
      .set({ path: sql`${newPath} || substr(path, ${oldPath.length + 1})`, depth: sql`depth + ${depthDelta}` })
      .where('path', 'like', `${oldPath}%`)
      .execute();
  },

  count(db: Db) {
    return db
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
  },
};
