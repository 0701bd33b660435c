import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { openPglite, pgliteDialect } from './pglite-dialect.js';
import { typeParsers } from './types.js';
import { migrateToLatest } from './migrate.js';
import { copyAwarePool } from './copy.js';

export type StoreKind = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  /** A hot-standby replica for reads that may lag (DATABASE_READ_URL); see src/api/context.ts. */
  readDb?: Kysely<Database> | undefined;
  kind: StoreKind;
  /** Where the data lives: a folder for PGlite, a redacted URL for PostgreSQL, or 'memory'. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** postgres://… — when set, PostgreSQL is used instead of the embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined keeps the database in memory. */
  dataDir?: string | undefined;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** postgres://… of a hot-standby replica for lag-tolerant reads (PostgreSQL only). */
  readUrl?: string | undefined;
}

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) => {
      const parse = typeParsers[oid];
      if (parse && format !== 'binary') return parse;
      return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/**
 * A pool that survives the database going away (restart, failover, network cut):
 * - idle clients that lose their connection are dropped (the pool's 'error' event);
 * - a checked-out client whose connection breaks mid-query emits 'error' too: every
 *   client gets its own listener when it is created, so the event never goes unhandled
 *   (an unhandled 'error' ends the process); its query rejects, the request gets 503
 *   (isDatabaseUnavailable) and the pool discards the broken client on release;
 * - new connections give up after a few seconds instead of queueing forever, and the
 *   next request after the database's return simply opens a fresh one.
 */
export function resilientPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: pgTypes(),
    options: '-c jit=off',
    connectionTimeoutMillis: Number(process.env.MANDATE_DB_CONNECT_TIMEOUT_MS ?? 5000),
    keepAlive: true,
  });
  let lastReport = 0;
  const report = (what: string, error: Error) => {
    // One line per second at most: a restart breaks every connection at once.
    if (Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    console.error(`mandate: ${what} PostgreSQL connection lost (${describeDbError(error)}); reconnecting on demand`);
  };
  pool.on('error', (error) => report('idle', error));
  pool.on('connect', (client) => client.on('error', (error) => report('busy', error)));
  return pool;
}

/** SQLSTATE classes and codes that mean "the database is not there right now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (fast shutdown or restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08P01',
  '25006', // read_only_sql_transaction: a write reached a standby during failover
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|terminating connection|the database system is (starting up|shutting down|in recovery)/i;

/** Whether an error means the database is unreachable or restarting (answer 503, retry), not a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const err = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
    if (typeof err.message === 'string' && UNAVAILABLE_MESSAGES.test(err.message)) return true;
    e = err.cause;
  }
  return false;
}

function describeDbError(error: Error): string {
  const code = (error as { code?: string }).code;
  return code ? `${code}: ${error.message}` : error.message;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    // JIT off: the timeliness queries carry subplans whose (unexecuted) cost estimates
    // make PostgreSQL spend ~1.5 s compiling a query that runs in milliseconds.
    const pool = resilientPool(options.databaseUrl, options.poolSize ?? 10);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyAwarePool(pool) }) });
    const readDb = options.readUrl
      ? new Kysely<Database>({
          dialect: new PostgresDialect({ pool: resilientPool(options.readUrl, options.poolSize ?? 10) }),
        })
      : undefined;
    store = {
      db,
      readDb,
      kind: 'postgres',
      location: redactUrl(options.databaseUrl) + (options.readUrl ? ` (reads: ${redactUrl(options.readUrl)})` : ''),
      close: async () => {
        await readDb?.destroy();
        await db.destroy();
      },
    };
  } else {
    const pglite = await openPglite(options.dataDir);
    const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
    store = { db, kind: 'pglite', location: options.dataDir ?? 'memory', close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrateToLatest(store.db);
  return store;
}
