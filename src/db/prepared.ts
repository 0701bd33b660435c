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
const ANALYTIC = /\bgroup\s+by\b|\bgenerate_series\b|\blike\b|\bunion\b/i;
const REPEAT = 3;
const MAX_NAMES = 200;

const seen = new Map<string, number>();
const names = new Map<string, string>();
const enabled = process.env.MANDATE_DB_PREPARE !== 'off';

/** The prepared statement's name for this SQL text, once it is worth one; undefined otherwise. */
export function statementName(sqlText: string): string | undefined {
  if (!enabled || ANALYTIC.test(sqlText)) return undefined;
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
