import { sql } from 'kysely';
import type { Db } from '../../services/context.js';
import { jsonOrKeep, updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';

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

function selectProgrammes(db: Db) {
  return db
    .selectFrom('programmes as p')
    .select(['p.id', 'p.code', 'p.name', 'p.description', 'p.period_start', 'p.period_end', 'p.levels', 'p.source', 'p.version'])
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

  list(db: Db): Promise<ProgrammeRow[]> {
    return selectProgrammes(db).orderBy('p.code').execute();
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

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('programmes').where('id', '=', id).execute();
  },
};
