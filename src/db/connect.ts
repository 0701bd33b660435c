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

export async function openStore(options: StoreOptions): Promise<Store> {
  let store: Store;
  if (options.databaseUrl) {
    // JIT off: the timeliness queries carry subplans whose (unexecuted) cost estimates
    // make PostgreSQL spend ~1.5 s compiling a query that runs in milliseconds.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: pgTypes(),
      options: '-c jit=off',
    });
    // An idle connection dropped by the server (restart, failover) must not crash the process.
    pool.on('error', (error) => console.error(`mandate: idle PostgreSQL connection lost: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: copyAwarePool(pool) }) });
    store = { db, kind: 'postgres', location: redactUrl(options.databaseUrl), close: () => db.destroy() };
  } else {
    const pglite = await openPglite(options.dataDir);
    const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
    store = { db, kind: 'pglite', location: options.dataDir ?? 'memory', close: () => db.destroy() };
  }
  if (options.migrate !== false) await migrateToLatest(store.db);
  return store;
}
