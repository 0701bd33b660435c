import { sql } from 'kysely';
import type { Db } from '../database.js';
import { jsonOrKeep, updateVersioned } from './versioned.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { childPath, ROOT_PATH } from '../../domain/org-unit.js';

export interface NodeRow {
  id: number;
  programme_id: number;
  programme_code: string;
  parent_id: number | null;
  parent_code: string | null;
  path: string;
  code: string;
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  position: number;
  lead_org_unit_id: number | null;
  lead_code: string | null;
  start_date: string | null;
  due_date: string | null;
  priority: string | null;
  tags: string[];
  coordinators: string[];
  version: number;
}

export interface NodeValues {
  kind: string;
  title: LocalizedText;
  description: LocalizedText;
  position: number;
  leadId: number | null;
  start: string | null;
  due: string | null;
  priority: string | null;
  tags: string[];
}

/** A node's values as its columns. */
interface NodeColumns {
  kind: string;
  title: string;
  description: string;
  position: number;
  lead_org_unit_id: number | null;
  start_date: string | null;
  due_date: string | null;
  priority: string | null;
  tags: string[];
}

/** A node's values as its columns (a field left undefined stays undefined: an update leaves it alone). */
function nodeColumns(values: NodeValues): NodeColumns;
function nodeColumns(values: Partial<NodeValues>): { [K in keyof NodeColumns]: NodeColumns[K] | undefined };
function nodeColumns(values: Partial<NodeValues>) {
  return {
    kind: values.kind,
    title: jsonOrKeep(values.title),
    description: jsonOrKeep(values.description),
    position: values.position,
    lead_org_unit_id: values.leadId,
    start_date: values.start,
    due_date: values.due,
    priority: values.priority,
    tags: values.tags,
  };
}

function selectNodes(db: Db) {
  return db
    .selectFrom('programme_nodes as n')
    .innerJoin('programmes as p', 'p.id', 'n.programme_id')
    .leftJoin('programme_nodes as parent', 'parent.id', 'n.parent_id')
    .leftJoin('org_units as lead', 'lead.id', 'n.lead_org_unit_id')
    .select([
      'n.id',
      'n.programme_id',
      'p.code as programme_code',
      'n.parent_id',
      'parent.code as parent_code',
      'n.path',
      'n.code',
      'n.kind',
      'n.title',
      'n.description',
      'n.position',
      'n.lead_org_unit_id',
      'lead.code as lead_code',
      'n.start_date',
      'n.due_date',
      'n.priority',
      'n.tags',
      'n.version',
    ])
    .select((eb) =>
      eb
        .selectFrom('node_coordinators as c')
        .innerJoin('org_units as cu', 'cu.id', 'c.org_unit_id')
        .select(sql<string[]>`coalesce(array_agg(cu.code ORDER BY c.position), '{}')`.as('codes'))
        .whereRef('c.node_id', '=', 'n.id')
        .as('coordinators'),
    )
    .$castTo<NodeRow>();
}

export const nodesRepository = {
  byCode(db: Db, programmeId: number, code: string): Promise<NodeRow | undefined> {
    return selectNodes(db).where('n.programme_id', '=', programmeId).where('n.code', '=', code).executeTakeFirst();
  },

  byId(db: Db, id: number): Promise<NodeRow | undefined> {
    return selectNodes(db).where('n.id', '=', id).executeTakeFirst();
  },

  /** The whole tree of a programme, parents before children, siblings by position. */
  tree(db: Db, programmeId: number): Promise<NodeRow[]> {
    return selectNodes(db).where('n.programme_id', '=', programmeId).orderBy('n.path').execute();
  },

  async insert(
    db: Db,
    programmeId: number,
    parent: { id: number; path: string } | null,
    code: string,
    values: NodeValues,
  ): Promise<number> {
    const { id } = await db
      .insertInto('programme_nodes')
      .values({
        programme_id: programmeId,
        parent_id: parent?.id ?? null,
        path: '',
        code,
        ...nodeColumns(values),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('programme_nodes')
      .set({ path: childPath(parent?.path ?? ROOT_PATH, id) })
      .where('id', '=', id)
      .execute();
    return id;
  },

  update(db: Db, id: number, version: number, values: Partial<NodeValues>): Promise<boolean> {
    return updateVersioned(db, 'programme_nodes', id, version, nodeColumns(values));
  },

  async setCoordinators(db: Db, nodeId: number, unitIds: number[]): Promise<void> {
    await db.deleteFrom('node_coordinators').where('node_id', '=', nodeId).execute();
    if (unitIds.length === 0) return;
    await db
      .insertInto('node_coordinators')
      .values(unitIds.map((org_unit_id, position) => ({ node_id: nodeId, org_unit_id, position })))
      .execute();
  },

  async nextPosition(db: Db, programmeId: number, parentId: number | null): Promise<number> {
    const row = await db
      .selectFrom('programme_nodes')
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), sql<number>`-1`).as('max'))
      .where('programme_id', '=', programmeId)
      .where((eb) => (parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parentId)))
      .executeTakeFirstOrThrow();
    return Number(row.max) + 1;
  },
};
