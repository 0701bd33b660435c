/**
 * Reads from a hot-standby replica (DATABASE_READ_URL) with read-your-writes: a scratch
 * primary and a streaming replica made by the test itself (initdb, pg_basebackup,
 * pg_ctl in a temporary folder on loopback). With replay paused on the replica, a
 * writer still sees their own report at once (their reads stay on the primary), while
 * another reader's dashboard reads come from the replica; after replay resumes, they
 * see it too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openStore } from '../../src/db/connect.js';
import { buildScenario, type Scenario } from '../helpers/scenario.js';
import { createDatabase, startScratchCluster, type ScratchCluster } from '../helpers/pg-cluster.js';
import type { TestStore } from '../helpers/stores.js';

async function query(url: string, text: string): Promise<any[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

describe('a hot-standby replica for reads', () => {
  let primary: ScratchCluster;
  let replica: ScratchCluster;
  let store: TestStore;
  let s: Scenario;

  const caughtUp = async () => {
    const [{ lsn }] = await query(primary.url('mandate_replica'), 'SELECT pg_current_wal_lsn()::text AS lsn');
    for (let i = 0; i < 300; i++) {
      const [{ ok }] = await query(
        replica.url('mandate_replica'),
        `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS ok`,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the replica did not catch up');
  };

  beforeAll(async () => {
    primary = await startScratchCluster();
    const url = await createDatabase(primary, 'mandate_replica');
    replica = await primary.replica();
    store = { ...(await openStore({ databaseUrl: url, readUrl: replica.url('mandate_replica'), poolSize: 4 })), url };
    s = await buildScenario(store);
    await caughtUp();
  }, 300_000);

  afterAll(async () => {
    await s?.app.close();
    await store?.close().catch(() => undefined);
    await replica?.destroy();
    await primary?.destroy();
  });

  it(
    "serves dashboards from the replica and the writer's own reads from the primary",
    { timeout: 120_000 },
    async () => {
      const reportsSeen = async (user: string) => {
        const r = await s.app.inject({ url: `/api/assignments/${s.hn}`, headers: s.headers[user] });
        expect(r.statusCode).toBe(200);
        return (r.json().reports as Array<{ narrative: string }>).map((x) => x.narrative);
      };
      expect(await reportsSeen('view-hn')).not.toContain('seen by the writer at once');
      await query(replica.url('mandate_replica'), 'SELECT pg_wal_replay_pause()');
      const posted = await s.app.inject({
        method: 'POST',
        url: `/api/assignments/${s.hn}/reports`,
        headers: s.headers['rep-hn'],
        payload: { period: '2024M09', percent: 30, state: 'in_progress', narrative: 'seen by the writer at once' },
      });
      expect(posted.statusCode).toBe(201);
      expect(String(posted.headers['set-cookie'])).toMatch(/mandate_wrote=\d+/);
      // The writer: at once, from the primary.
      expect(await reportsSeen('rep-hn')).toContain('seen by the writer at once');
      // Another reader: from the replica, which has not replayed the write yet.
      expect(await reportsSeen('view-hn')).not.toContain('seen by the writer at once');
      // Writes never go to the replica.
      const rollup = await s.app.inject({ url: '/api/supervision/rollup?unit=VN-HN', headers: s.headers['view-hn'] });
      expect(rollup.statusCode).toBe(200);
      await query(replica.url('mandate_replica'), 'SELECT pg_wal_replay_resume()');
      await caughtUp();
      expect(await reportsSeen('view-hn')).toContain('seen by the writer at once');
    },
  );
});
