/** A scratch store for benchmarks: PGlite in memory, or a throw-away PostgreSQL database. */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openStore, type Store } from '../src/db/connect.js';

export async function withBenchStore(
  kind: string,
  adminUrl: string,
  work: (store: Store) => Promise<void>,
): Promise<void> {
  if (kind === 'pglite') {
    const store = await openStore({});
    try {
      await work(store);
    } finally {
      await store.close();
    }
    return;
  }
  const name = `mandate_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  try {
    await work(store);
  } finally {
    await store.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
