/** Notification settings over HTTP, the dry-run preview, and the in-process scheduler's daily plan job. */
import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';
import { systemContext } from '../../src/services/context.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import type { Mailer, OutgoingMail } from '../../src/services/notifications/delivery.js';

// The webhook receivers of these tests listen on loopback, which webhooks may call only when allowed.
process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';
describe.each(STORE_KINDS)('notification API and scheduler on %s', (kind) => {
  let now = new Date('2024-12-26T06:00:00Z');
  const t = appOnStore(kind, { now: () => now });
  const ids = (r: { body: { items: Array<{ id: number }> } }) => r.body.items.map((i) => i.id);

  it('sets rules, contacts and webhooks, validating each', async () => {
    const rules = await t.send('PUT', '/api/notifications/rules/VN-NDX-TEST', {
      rules: [
        { kind: 'due_soon', params: { days: 7 } },
        { kind: 'escalation', params: { days: 10 } },
      ],
    });
    expect(rules.status).toBe(200);
    expect(rules.body.items.map((r: { kind: string; params: unknown }) => [r.kind, r.params])).toEqual([
      ['due_soon', { days: 7 }],
      ['escalation', { days: 10 }],
    ]);
    // Setting the same rules again keeps their ids (notice keys contain them).
    const again = await t.send('PUT', '/api/notifications/rules/VN-NDX-TEST', {
      rules: [
        { kind: 'escalation', params: { days: 10 } },
        { kind: 'due_soon', params: { days: 7 } },
      ],
    });
    expect(ids(again)).toEqual(ids(rules));
    const bad = await t.send('PUT', '/api/notifications/rules/VN-NDX-TEST', {
      rules: [{ kind: 'due_soon', params: { days: -1 } }, { kind: 'indicator_off_track' }],
    });
    expect(bad.status).toBe(400);

    const contact = (payload: object) => t.send('POST', '/api/notifications/contacts', payload);
    expect((await contact({ unit: 'VN-HN', email: 'HN@Example.vn', language: 'vi' })).status).toBe(201);
    expect((await contact({ unit: 'VN-NOPE', email: 'x@example.vn' })).status).toBe(400);
    expect((await contact({ unit: 'VN-HN', email: 'not-an-address' })).status).toBe(400);
    const contacts = await t.get('/api/notifications/contacts?unit=VN-HN');
    expect(contacts.body.items).toMatchObject([
      { unit: 'VN-HN', email: 'hn@example.vn', language: 'vi', role: 'reporter', digest: false },
    ]);

    const webhook = (payload: object) => t.send('POST', '/api/notifications/webhooks', payload);
    const hook = await webhook({
      programme: 'VN-NDX-TEST',
      url: 'http://127.0.0.1:9/hook',
      secret: 'sixteen-chars-secret!',
    });
    expect(hook.status).toBe(201);
    expect((await webhook({ url: 'http://127.0.0.1:9/hook', secret: 'sixteen-chars-secret!' })).status).toBe(400);
    const hooks = await t.app.inject({ headers: t.auth, url: '/api/notifications/webhooks' });
    expect(hooks.body).not.toContain('sixteen-chars-secret');
    expect((await t.send('PATCH', `/api/notifications/webhooks/${hook.body.id}`, { active: false })).status).toBe(204);
  });

  it('previews without storing anything', async () => {
    const preview = await t.app.inject({ headers: t.auth, url: '/api/notifications/preview?day=2024-12-26' });
    expect(
      preview
        .json()
        .items.map(
          (n: { kind: string; recipient: string; occasion: string }) => `${n.kind} ${n.recipient} ${n.occasion}`,
        ),
    ).toEqual(['due_soon hn@example.vn 2024-12-24']);
    expect((await t.get('/api/notifications/notices')).body.items).toEqual([]);
  });

  it('runs the daily plan from the configured hour, once per day, and sends', async () => {
    const sent: OutgoingMail[] = [];
    const mailer: Mailer = { send: async (m) => (sent.push(m), 'id'), close: () => undefined };
    const scheduler = startScheduler(
      systemContext(t.store.db, () => now),
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
      const notices = (await t.get('/api/notifications/notices?status=done')).body.items;
      expect(notices).toMatchObject([{ kind: 'due_soon', recipient: 'hn@example.vn', status: 'done', attempts: 1 }]);
      const deliveries = (await t.get(`/api/notifications/deliveries?job=${notices[0].job}`)).body.items;
      expect(deliveries).toMatchObject([{ ok: true, attempt: 1, channel: 'email', target: 'hn@example.vn' }]);
      const plans = await t.store.db
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
