/**
 * Storage tests run on both stores. Each call makes a fresh database: PGlite in
 * memory, or a new database on the local PostgreSQL server (dropped afterwards), so
 * test files can run side by side. In CI (CI=true) an unreachable PostgreSQL fails
 * the run; locally it fails too unless MANDATE_SKIP_POSTGRES=1 is set by hand.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore, type Store, type StoreKind } from '../../src/db/connect.js';

export const POSTGRES_ADMIN_URL = process.env.MANDATE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const STORE_KINDS: StoreKind[] =
  process.env.MANDATE_SKIP_POSTGRES === '1' && process.env.CI !== 'true' ? ['pglite'] : ['pglite', 'postgres'];

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is unreachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}). ` +
        'The storage tests run on PGlite and PostgreSQL; start PostgreSQL or set MANDATE_TEST_POSTGRES_URL.',
      { cause: error },
    );
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestStore extends Store {
  /** Connection URL of the PostgreSQL test database (undefined for PGlite). */
  url?: string;
}

export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'pglite') return openStore({});
  const name = `mandate_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    ...store,
    url: url.toString(),
    async close() {
      await store.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
