/** The one join every assignment list makes for the names it shows (the overdue list, heading for late, the meeting report). */
import type { Expression, Nullable, QueryCreator, RawBuilder, SelectQueryBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import type { LocalizedText } from '../../domain/i18n.js';

/** What a chosen list row must carry for its names to be joined. */
export interface ListKeys {
  id: number;
  programme_id: number;
  node_id: number;
  org_unit_id: number;
}

/** The names of a list row: its programme, task, unit and lead agency. */
export interface ListNames {
  id: number;
  programme: string;
  node: string;
  title: LocalizedText;
  unit: string;
  unit_name: LocalizedText;
  lead: string | null;
  lead_name: LocalizedText | null;
}

/** The tables a named list selects from: the chosen rows as `t` and their names. */
type Named<R> = Database & {
  page: R;
  t: R;
  n: Database['programme_nodes'];
  p: Database['programmes'];
  u: Database['org_units'];
  lead: Nullable<Database['org_units']>;
};

/** The join of the rows in `page` (as `t`) to their names: one text, printed once in the SQL snapshots. */
export function namesOfPage(db: QueryCreator<Database & { page: ListKeys }>) {
  return db
    .selectFrom('page as t')
    .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
    .innerJoin('programmes as p', 'p.id', 't.programme_id')
    .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
    .leftJoin('org_units as lead', 'lead.id', 'n.lead_org_unit_id')
    .select([
      't.id',
      'p.code as programme',
      'n.code as node',
      'n.title',
      'u.code as unit',
      'u.name as unit_name',
      'lead.code as lead',
      'lead.name as lead_name',
    ]);
}

/**
 * The chosen rows (already filtered, ordered and cut to a page, so that only they are
 * joined) as `t`, joined to their names; the caller selects its own `t` columns and orders.
 */
export function listNames<R extends ListKeys>(
  db: Db,
  chosen: Expression<R>,
): SelectQueryBuilder<Named<R>, 't' | 'n' | 'p' | 'u' | 'lead', ListNames> {
  const named = namesOfPage(db.with('page', () => chosen as unknown as SelectQueryBuilder<Database, never, ListKeys>));
  return named;
}

/**
 * One page of a list: the rows in `order`, cut to the page before they are joined to
 * their names, and in the same order after (a join does not keep the order of the page).
 */
export function listNamesPage<R extends ListKeys>(
  db: Db,
  rows: Expression<R>,
  order: RawBuilder<unknown>,
  page: { limit: number; offset: number },
) {
  const chosen = (rows as unknown as SelectQueryBuilder<Database, never, R>)
    .orderBy(order)
    .limit(page.limit)
    .offset(page.offset);
  return listNames(db, chosen).orderBy(order);
}
