import { sql } from 'kysely';
import type { Db } from '../database.js';
import { jsonOrKeep, updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';

/** A programme is visible when one of its issuers or one of its assignments' units lies in the scope. */
function visibleIn(paths: readonly string[] | undefined) {
  const inScope = inSubtrees('u.path', paths);
  if (!inScope) return undefined;
  return sql<boolean>`(EXISTS (SELECT 1 FROM programme_issuers i JOIN org_units u ON u.id = i.org_unit_id WHERE i.programme_id = p.id AND ${inScope})
    OR EXISTS (SELECT 1 FROM assignments a JOIN org_units u ON u.id = a.org_unit_id WHERE a.programme_id = p.id AND ${inScope}))`;
}

export interface ProgrammeRow {
  id: number;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  period_start: string;
  period_end: string;
  levels: LocalizedText[];
  source: string | null;
  version: number;
  issuers: string[];
}

export interface ProgrammeValues {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  periodStart: string;
  periodEnd: string;
  levels: LocalizedText[];
  source: string | null;
}

/** Every programme column, with its issuers' codes in order. */
export function selectProgrammes(db: Db) {
  return db
    .selectFrom('programmes as p')
    .select([
      'p.id',
      'p.code',
      'p.name',
      'p.description',
      'p.period_start',
      'p.period_end',
      'p.levels',
      'p.source',
      'p.version',
    ])
    .select((eb) =>
      eb
        .selectFrom('programme_issuers as i')
        .innerJoin('org_units as u', 'u.id', 'i.org_unit_id')
        .select(sql<string[]>`coalesce(array_agg(u.code ORDER BY i.position), '{}')`.as('codes'))
        .whereRef('i.programme_id', '=', 'p.id')
        .as('issuers'),
    )
    .$castTo<ProgrammeRow>();
}

export const programmesRepository = {
  byCode(db: Db, code: string): Promise<ProgrammeRow | undefined> {
    return selectProgrammes(db).where('p.code', '=', code).executeTakeFirst();
  },

  /** The programme if it is visible in the scope (undefined scope: unrestricted). */
  byCodeIn(db: Db, code: string, scope: readonly string[] | undefined): Promise<ProgrammeRow | undefined> {
    let q = selectProgrammes(db).where('p.code', '=', code);
    const visible = visibleIn(scope);
    if (visible) q = q.where(visible);
    return q.executeTakeFirst();
  },

  list(db: Db, scope?: readonly string[]): Promise<ProgrammeRow[]> {
    let q = selectProgrammes(db);
    const visible = visibleIn(scope);
    if (visible) q = q.where(visible);
    return q.orderBy('p.code').execute();
  },

  async issuerPaths(db: Db, programmeId: number): Promise<string[]> {
    const rows = await db
      .selectFrom('programme_issuers as i')
      .innerJoin('org_units as u', 'u.id', 'i.org_unit_id')
      .select('u.path')
      .where('i.programme_id', '=', programmeId)
      .execute();
    return rows.map((r) => r.path);
  },

  async insert(db: Db, values: ProgrammeValues): Promise<number> {
    const row = await db
      .insertInto('programmes')
      .values({
        code: values.code,
        name: JSON.stringify(values.name),
        description: JSON.stringify(values.description),
        period_start: values.periodStart,
        period_end: values.periodEnd,
        levels: JSON.stringify(values.levels),
        source: values.source,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  update(db: Db, id: number, version: number, values: Partial<ProgrammeValues>): Promise<boolean> {
    return updateVersioned(db, 'programmes', id, version, {
      name: jsonOrKeep(values.name),
      description: jsonOrKeep(values.description),
      period_start: values.periodStart,
      period_end: values.periodEnd,
      levels: jsonOrKeep(values.levels),
      source: values.source,
    });
  },

  async setIssuers(db: Db, programmeId: number, unitIds: number[]): Promise<void> {
    await db.deleteFrom('programme_issuers').where('programme_id', '=', programmeId).execute();
    if (unitIds.length === 0) return;
    await db
      .insertInto('programme_issuers')
      .values(unitIds.map((org_unit_id, position) => ({ programme_id: programmeId, org_unit_id, position })))
      .execute();
  },

  async count(db: Db): Promise<number> {
    const row = await db
      .selectFrom('programmes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('programmes').where('id', '=', id).execute();
  },
};
