/** The web app's two support views (src/api/routes/web-support.ts) agree with the supervision rollup and overdue list, on both stores. */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';

describe.each(STORE_KINDS)('web support API on %s', (kind) => {
  const t = appOnStore(kind);
  const get = (url: string) => t.get(url);

  it('node status counts add up to the rollup, per filter', async () => {
    for (const filter of ['', '&unit=VN-HN', '&tag=digital', '&dueTo=2024-06-30']) {
      const rollup = (await get(`/api/supervision/rollup?programme=VN-NDX-TEST${filter}`)).body.counts;
      const nodes = (await get(`/api/web/node-status?programme=VN-NDX-TEST${filter}`)).body.items as Array<{
        node: string;
        counts: Record<string, number>;
      }>;
      const sum = (k: string) => nodes.reduce((s, n) => s + (n.counts[k] ?? 0), 0);
      for (const k of [
        'total',
        'overdue',
        'dueSoon',
        'onTrack',
        'notStarted',
        'completedOnTime',
        'completedLate',
        'backlog',
      ])
        expect(sum(k), `${k}${filter}`).toBe(rollup[k]);
    }
  });

  it('lists assignments by timeliness state, like the overdue list for overdue', async () => {
    const overdue = (await get('/api/supervision/overdue?programme=VN-NDX-TEST&limit=500')).body;
    const list = (await get('/api/web/assignments?programme=VN-NDX-TEST&timeliness=overdue&limit=500')).body;
    expect(list.total).toBe(overdue.total);
    expect(new Set(list.items.map((i: { assignment: number }) => i.assignment))).toEqual(
      new Set(overdue.items.map((i: { assignment: number }) => i.assignment)),
    );
    const all = (await get('/api/web/assignments?programme=VN-NDX-TEST&limit=500')).body;
    const rollup = (await get('/api/supervision/rollup?programme=VN-NDX-TEST')).body.counts;
    expect(all.total).toBe(rollup.total);
    const done = (await get('/api/web/assignments?programme=VN-NDX-TEST&timeliness=completed_on_time,completed_late'))
      .body;
    expect(done.total).toBe(rollup.completedOnTime + rollup.completedLate);
    for (const item of done.items) expect(['completed_on_time', 'completed_late']).toContain(item.timeliness);
    const page = (await get('/api/web/assignments?programme=VN-NDX-TEST&limit=2&offset=1&sort=unit')).body;
    expect(page.items.length).toBeLessThanOrEqual(2);
  });

  it('needs a signed-in user', async () => {
    expect((await t.app.inject({ url: '/api/web/node-status?programme=VN-NDX-TEST' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/web/assignments' })).statusCode).toBe(401);
  });

  it('names the bad field', async () => {
    const bad = await get('/api/web/assignments?timeliness=late');
    expect(bad.status).toBe(400);
    const unknown = await get('/api/web/node-status?programme=VN-NDX-TEST&unit=NOPE');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.problems[0].path).toBe('unit');
  });
});
