/** Notification settings over HTTP, the dry-run preview, and the in-process scheduler's daily plan job. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { systemContext } from '../../src/services/context.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import type { Mailer, OutgoingMail } from '../../src/services/notifications/delivery.js';

// The webhook receivers of these tests listen on loopback, which webhooks may call only when allowed.
process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';
describe.each(STORE_KINDS)('notification API and scheduler on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let now = new Date('2024-12-26T06:00:00Z');
  let headers: Record<string, string> = {};

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store, () => now);
    await createUser(store, 'test-admin', [{ role: 'admin' }]);
    headers = { authorization: `Bearer ${await tokenFor(store, 'test-admin', undefined, () => now)}` };
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('sets rules, contacts and webhooks, validating each', async () => {
    const rules = await app.inject({
      headers,
      method: 'PUT',
      url: '/api/notifications/rules/VN-NDX-TEST',
      payload: {
        rules: [
          { kind: 'due_soon', params: { days: 7 } },
          { kind: 'escalation', params: { days: 10 } },
        ],
      },
    });
    expect(rules.statusCode).toBe(200);
    expect(rules.json().items.map((r: { kind: string; params: unknown }) => [r.kind, r.params])).toEqual([
      ['due_soon', { days: 7 }],
      ['escalation', { days: 10 }],
    ]);
    // Setting the same rules again keeps their ids (notice keys contain them).
    const again = await app.inject({
      headers,
      method: 'PUT',
      url: '/api/notifications/rules/VN-NDX-TEST',
      payload: {
        rules: [
          { kind: 'escalation', params: { days: 10 } },
          { kind: 'due_soon', params: { days: 7 } },
        ],
      },
    });
    expect(again.json().items.map((r: { id: number }) => r.id)).toEqual(
      rules.json().items.map((r: { id: number }) => r.id),
    );
    const bad = await app.inject({
      headers,
      method: 'PUT',
      url: '/api/notifications/rules/VN-NDX-TEST',
      payload: { rules: [{ kind: 'due_soon', params: { days: -1 } }, { kind: 'indicator_off_track' }] },
    });
    expect(bad.statusCode).toBe(400);

    expect(
      (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/notifications/contacts',
          payload: { unit: 'VN-HN', email: 'HN@Example.vn', language: 'vi' },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/notifications/contacts',
          payload: { unit: 'VN-NOPE', email: 'x@example.vn' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/notifications/contacts',
          payload: { unit: 'VN-HN', email: 'not-an-address' },
        })
      ).statusCode,
    ).toBe(400);
    const contacts = await app.inject({ headers, url: '/api/notifications/contacts?unit=VN-HN' });
    expect(contacts.json().items).toMatchObject([
      { unit: 'VN-HN', email: 'hn@example.vn', language: 'vi', role: 'reporter', digest: false },
    ]);

    const hook = await app.inject({
      headers,
      method: 'POST',
      url: '/api/notifications/webhooks',
      payload: { programme: 'VN-NDX-TEST', url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-secret!' },
    });
    expect(hook.statusCode).toBe(201);
    expect(
      (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/notifications/webhooks',
          payload: { url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-secret!' },
        })
      ).statusCode,
    ).toBe(400);
    const hooks = await app.inject({ headers, url: '/api/notifications/webhooks' });
    expect(hooks.body).not.toContain('sixteen-chars-secret');
    expect(
      (
        await app.inject({
          headers,
          method: 'PATCH',
          url: `/api/notifications/webhooks/${hook.json().id}`,
          payload: { active: false },
        })
      ).statusCode,
    ).toBe(204);
  });

  it('previews without storing anything', async () => {
    const preview = await app.inject({ headers, url: '/api/notifications/preview?day=2024-12-26' });
    expect(
      preview
        .json()
        .items.map(
          (n: { kind: string; recipient: string; occasion: string }) => `${n.kind} ${n.recipient} ${n.occasion}`,
        ),
    ).toEqual(['due_soon hn@example.vn 2024-12-24']);
    expect((await app.inject({ headers, url: '/api/notifications/notices' })).json().items).toEqual([]);
  });

  it('runs the daily plan from the configured hour, once per day, and sends', async () => {
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (m) => (sent.push(m), 'id'), close: () => undefined };
    const scheduler = startScheduler(
      systemContext(store.db, () => now),
      { mailer },
      { intervalMs: 3_600_000, hourUtc: 7 },
    );
    try {
      await scheduler.tick(); // 06:00: before the hour, nothing planned
      expect(sent).toHaveLength(0);
      now = new Date('2024-12-26T07:30:00Z');
      await scheduler.tick();
      expect(sent.map((m) => [m.to, m.language, m.subject])).toEqual([
        ['hn@example.vn', 'vi', 'Còn 5 ngày đến hạn: Xóa bỏ vùng lõm sóng di động'],
      ]); // caught up two days after the occasion: the text says the true remaining days
      await scheduler.tick();
      expect(sent).toHaveLength(1);
      const notices = (await app.inject({ headers, url: '/api/notifications/notices?status=done' })).json().items;
      expect(notices).toMatchObject([{ kind: 'due_soon', recipient: 'hn@example.vn', status: 'done', attempts: 1 }]);
      const deliveries = (
        await app.inject({ headers, url: `/api/notifications/deliveries?job=${notices[0].job}` })
      ).json().items;
      expect(deliveries).toMatchObject([{ ok: true, attempt: 1, channel: 'email', target: 'hn@example.vn' }]);
      const plans = await store.db
        .selectFrom('jobs')
        .select(['key', 'status'])
        .where('kind', '=', 'notify.plan')
        .execute();
      expect(plans).toEqual([{ key: 'notify.plan:2024-12-26', status: 'done' }]);
    } finally {
      await scheduler.stop();
    }
  });
});
