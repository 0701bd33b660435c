/**
 * Survival of the database: a scratch PostgreSQL cluster (never the shared one) is
 * restarted under a running server. The process stays up; requests in flight get 503
 * with a clear message; the server serves again within 5 s of the database's return;
 * the scheduler resumes; a bulk import that loses its connection stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openStore } from '../../src/db/connect.js';
import { buildScenario, type Scenario } from '../helpers/scenario.js';
import { createDatabase, startScratchCluster, type ScratchCluster } from '../helpers/pg-cluster.js';
import type { TestStore } from '../helpers/stores.js';
import { systemContext } from '../../src/services/context.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import { importOrgUnitsText } from '../../src/services/org-units-importer.js';
import { isDatabaseUnavailable } from '../../src/db/connect.js';

describe('a PostgreSQL restart under a running server', () => {
  let cluster: ScratchCluster;
  let store: TestStore;
  let s: Scenario;
  let base: string;

  beforeAll(async () => {
    cluster = await startScratchCluster();
    const url = await createDatabase(cluster, 'mandate_restart');
    store = { ...(await openStore({ databaseUrl: url, poolSize: 6 })), url };
    s = await buildScenario(store);
    base = await s.app.listen({ port: 0, host: '127.0.0.1' });
  }, 180_000);

  afterAll(async () => {
    await s?.app.close();
    await store?.close().catch(() => undefined);
    await cluster?.destroy();
  });

  const submit = (percent: number) =>
    fetch(`${base}/api/assignments/${s.hn}/reports`, {
      method: 'POST',
      headers: { ...s.headers['rep-hn'], 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2024M09', percent, state: 'in_progress', narrative: 'load' }),
    });

  it(
    'answers 503 while the database is away and serves again within 5 s of its return',
    { timeout: 180_000 },
    async () => {
      expect((await submit(1)).status).toBe(201);
      // Busy clients: a query in flight when the server goes down.
      const inFlight = sql`SELECT pg_sleep(30)`.execute(store.db).then(
        () => 'finished',
        (error: unknown) => error,
      );
      // Load during the restart: every answer is 201 or 503, never a crash or a hang.
      let stop = false;
      const statuses: number[] = [];
      const bodies: string[] = [];
      const load = (async () => {
        let p = 2;
        while (!stop) {
          const r = await submit(p++ % 100).catch(() => null);
          if (r) {
            statuses.push(r.status);
            if (r.status !== 201) bodies.push(await r.text());
            else await r.arrayBuffer();
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cluster.stop('fast');
      const lost = await inFlight;
      expect(lost).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(lost)).toBe(true);
      // Down: a request fails fast and clearly.
      const down = await submit(50);
      expect(down.status).toBe(503);
      const body = await down.json();
      expect(body.error.code).toBe('database_unavailable');
      expect(body.error.message).toMatch(/database is unavailable/);
      expect(down.headers.get('retry-after')).toBe('2');
      await cluster.start();
      const back = Date.now();
      let served = 0;
      while (Date.now() - back < 10_000) {
        const r = await submit(60);
        if (r.status === 201) {
          served = Date.now() - back;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      stop = true;
      await load;
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThan(5000);
      expect(new Set(statuses.filter((c) => c !== 201 && c !== 503))).toEqual(new Set());
      for (const b of bodies) expect(JSON.parse(b).error.code).toBe('database_unavailable');
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    },
  );

  it('the scheduler resumes on its own after a restart', { timeout: 120_000 }, async () => {
    const errors: unknown[] = [];
    const scheduler = startScheduler(
      systemContext(store.db),
      { mailer: undefined },
      { intervalMs: 200, hourUtc: 0 },
      { onError: (e) => errors.push(e) },
    );
    try {
      await scheduler.tick();
      await cluster.stop('immediate');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every(isDatabaseUnavailable)).toBe(true);
      await cluster.start();
      const before = errors.length;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      // Rounds run again without errors.
      await expect(scheduler.tick()).resolves.toBeDefined();
      expect(errors.length - before).toBeLessThanOrEqual(1);
    } finally {
      await scheduler.stop();
    }
  });

  it('a bulk import that loses its connection is rolled back: nothing half-stored', { timeout: 120_000 }, async () => {
    const count = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM org_units`.execute(store.db)).rows[0]!.n);
    const unitsBefore = await count();
    const lines = [
      'format: mandate.orgunits/1',
      'units:',
      '  - code: BULK',
      '    kind: province',
      '    name: { en: Bulk }',
      '    children:',
    ];
    for (let i = 1; i <= 300; i++) lines.push(`      - { code: BULK-${i}, kind: commune, name: { en: Bulk ${i} } }`);
    // Another session holds the audit table, so the import waits after writing its units …
    const { default: pg } = await import('pg');
    const blocker = new pg.Client({ connectionString: store.url });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
    const importing = importOrgUnitsText(systemContext(store.db), lines.join('\n') + '\n', 'bulk.yaml').then(
      () => 'stored',
      (error: unknown) => error,
    );
    // … until its connection is cut.
    let victims = 0;
    for (let i = 0; i < 100 && victims === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r = await blocker.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      victims = r.rowCount ?? 0;
    }
    await blocker.query('ROLLBACK');
    await blocker.end();
    expect(victims).toBe(1);
    const outcome = await importing;
    expect(outcome).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(outcome)).toBe(true);
    expect(await count()).toBe(unitsBefore);
    // And the store works on.
    expect((await submit(70)).status).toBe(201);
  });
});
