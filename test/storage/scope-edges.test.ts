/**
 * Scope edges (issue 15 item 12): a provincial secretariat cannot cascade an area (only work
 * items are cascaded, so nothing it creates counts as a phantom task in national rollups),
 * and cannot rename, re-kind or move the root unit of its own grant — that is changed from above.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';

describe.each(STORE_KINDS)('scope edges on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let province: Record<string, string>;
  let national: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store);
    await createUser(store, 'hn-secretariat', [{ role: 'secretariat', unit: 'VN-HN' }]);
    await createUser(store, 'vn-secretariat', [{ role: 'secretariat', unit: 'VN' }]);
    province = { authorization: `Bearer ${await tokenFor(store, 'hn-secretariat')}` };
    national = { authorization: `Bearer ${await tokenFor(store, 'vn-secretariat')}` };
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('cascades tasks only: an area is refused with the node named, and nothing is created', async () => {
    const count = async () =>
      Number(
        (await store.db
          .selectFrom('assignments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst())!.n,
      );
    const before = await count();
    const area = await app.inject({
      method: 'POST',
      url: '/api/programmes/VN-NDX-TEST/nodes/INFRA/cascade',
      headers: province,
      payload: { kind: 'commune', under: 'VN-HN', due: '2024-12-31' },
    });
    expect(area.statusCode).toBe(400);
    expect(area.json().error.problems).toEqual([
      { path: 'node', message: 'INFRA is an area: only tasks, sub-tasks and milestones are cascaded' },
    ]);
    expect(await count()).toBe(before);
    const task = await app.inject({
      method: 'POST',
      url: '/api/programmes/VN-NDX-TEST/nodes/DEAD-ZONES/cascade',
      headers: province,
      payload: { kind: 'commune', under: 'VN-HN' },
    });
    expect(task.statusCode).toBe(201);
  });

  it('changes the root of a grant only from above', async () => {
    const rename = (headers: Record<string, string>, code: string, en: string) =>
      app.inject({ method: 'PATCH', url: `/api/org-units/${code}`, headers, payload: { name: { vi: en, en } } });
    const own = await rename(province, 'VN-HN', 'Greater Hanoi Ministry');
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/above it/);
    const rekind = await app.inject({
      method: 'PATCH',
      url: '/api/org-units/VN-HN',
      headers: province,
      payload: { kind: 'ministry' },
    });
    expect(rekind.statusCode).toBe(403);
    // Inside its subtree the province may still change its units; the nation may change the province.
    expect((await rename(province, 'VN-HN-C1', 'Ba Dinh')).statusCode).toBe(200);
    expect((await rename(national, 'VN-HN', 'Ha Noi')).statusCode).toBe(200);
  });
});
