/**
 * Named prepared statements for the statements a server runs over and over (the report
 * submission, the token lookup, the audit sequencer): PostgreSQL then parses each once per
 * connection and, after a few executions, reuses a generic plan instead of planning it on
 * every call — planning the submission's joins and CTEs cost more than running them.
 * A statement gets a name once it has run REPEAT times; at most MAX_NAMES names per process,
 * so statements that vary (IN lists of any length) never fill the connections' caches.
 * MANDATE_DB_PREPARE=off turns it off (e.g. behind a transaction-mode PgBouncer older than 1.21).
 *
 * Only short transactional statements are prepared. After five runs PostgreSQL may switch a
 * prepared statement to a generic plan, chosen without the parameters' values: for a subtree
 * (`path LIKE $1`), an aggregate or a generated period series that plan can be many times
 * slower (the national completeness rollup went from 0.7 s to 10 s), so those statements are
 * planned with their values every time.
 */
import { CompiledQuery, type Compilable, type QueryResult, type RawBuilder } from 'kysely';
import type { Db } from './database.js';

const ANALYTIC = /\bgroup\s+by\b|\bgenerate_series\b|\blike\b|\bunion\b/i;
const REPEAT = 3;
const MAX_NAMES = 200;

/** Marks the statements of compiledQuery: short and transactional by design, prepared even with a UNION. */
const HOT = '/* hot */ ';

const seen = new Map<string, number>();
const names = new Map<string, string>();
const enabled = process.env.MANDATE_DB_PREPARE !== 'off';

/** The prepared statement's name for this SQL text, once it is worth one; undefined otherwise. */
export function statementName(sqlText: string): string | undefined {
  if (!enabled || (ANALYTIC.test(sqlText) && !sqlText.startsWith(HOT))) return undefined;
  const name = names.get(sqlText);
  if (name !== undefined || names.size >= MAX_NAMES) return name;
  const count = (seen.get(sqlText) ?? 0) + 1;
  if (count < REPEAT) {
    if (seen.size < 10 * MAX_NAMES) seen.set(sqlText, count);
    return undefined;
  }
  seen.delete(sqlText);
  const given = `mandate_${names.size + 1}`;
  names.set(sqlText, given);
  return given;
}

/** Stands in for a value while a query is built once (compiledQuery): its path in the values. */
class Slot {
  constructor(readonly path: readonly string[]) {}
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** The values with each leaf (anything but a plain object) replaced by its stand-in. */
function standIns(values: Record<string, unknown>, path: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = isRecord(v) ? standIns(v, [...path, k]) : new Slot([...path, k]);
  return out;
}

function valueAt(values: unknown, path: readonly string[]): unknown {
  let v = values;
  for (const k of path) v = (v as Record<string, unknown>)[k];
  return v;
}

/**
 * A query built and compiled by Kysely once, then run with new values: for the few statements
 * of the hottest request (a report submission), where building and compiling a query cost the
 * server more than the database spends running it. `build` receives stand-ins for the values —
 * plain objects nest, anything else is one parameter: pass values ready (JSON already a string)
 * and use them as they are inside `build` (a stand-in is never null: decide nothing on them). The
 * query's shape must not depend on the values; where it does, each shape has its name (`shape`,
 * passed to `build`), and the values of one shape have the same keys.
 */
export function compiledQuery<P extends Record<string, unknown>, R>(
  build: (db: Db, values: P, shape: string) => Compilable<R> | RawBuilder<R>,
): (db: Db, values: P, shape?: string) => Promise<QueryResult<R>> {
  const compiled = new Map<string, { sql: string; slots: Array<Slot | { fixed: unknown }> }>();
  return (db, values, shape = '') => {
    let query = compiled.get(shape);
    if (!query) {
      const built = build(db, standIns(values) as P, shape);
      const c = 'isRawBuilder' in built ? built.compile(db) : built.compile();
      query = { sql: HOT + c.sql, slots: c.parameters.map((v) => (v instanceof Slot ? v : { fixed: v })) };
      compiled.set(shape, query);
    }
    const parameters = query.slots.map((s) => (s instanceof Slot ? valueAt(values, s.path) : s.fixed));
    return db.executeQuery(CompiledQuery.raw(query.sql, parameters));
  };
}
