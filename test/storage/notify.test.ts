/**
 * Reminders and escalations end to end, on both stores: a real SMTP server on
 * loopback, the clock moved day by day across due dates, a restart in the middle, two
 * workers racing, a worker that dies holding its jobs, a refused delivery that is
 * retried and one that fails for good; and a webhook receiver that fails first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { openStore, type Store, type StoreKind } from '../../src/db/connect.js';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { systemContext, type ServiceContext } from '../../src/services/context.js';
import {
  addContact,
  addWebhook,
  deliveryLog,
  listRules,
  noticeLog,
  setRules,
} from '../../src/services/notifications/settings.js';
import { runNotifications, notificationWorker } from '../../src/jobs/scheduler.js';
import { smtpMailer, type DeliveryDeps } from '../../src/services/notifications/delivery.js';
import { planNotices } from '../../src/services/notifications/planner.js';
import { jobsRepository } from '../../src/db/repositories/jobs.repository.js';
import { submitReport } from '../../src/services/progress-reports.js';
import { addDays } from '../../src/domain/dates.js';

interface Handle {
  store: Store;
  reopen(): Promise<Store>;
  cleanup(): Promise<void>;
}

/** A store that can be closed and opened again, like a server restart. */
async function restartableStore(kind: StoreKind): Promise<Handle & { test: TestStore | null }> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'mandate-notify-'));
    const store = await openStore({ dataDir: dir });
    return {
      store,
      test: null,
      reopen: () => openStore({ dataDir: dir }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const test = await createTestStore('postgres');
  return {
    store: test,
    test,
    reopen: () => openStore({ databaseUrl: test.url, poolSize: 4 }),
    cleanup: async () => undefined,
  };
}

// The webhook receivers of these tests listen on loopback, which webhooks may call only when allowed.
process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';
describe.each(STORE_KINDS)('e-mail reminders on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof restartableStore>>;
  let store: Store;
  let sink: MailSink;
  let now = new Date('2024-12-20T08:00:00Z');
  const clock = () => now;
  let ruleKinds: Map<number, string>;

  beforeAll(async () => {
    sink = await startMailSink();
    handle = await restartableStore(kind);
    store = handle.store;
    await loadFixtures(store);
    const ctx = systemContext(store.db, clock);
    const rules = await setRules(ctx, 'VN-NDX-TEST', [
      { kind: 'due_soon', params: { days: 7 } },
      { kind: 'overdue', params: {} },
      { kind: 'escalation', params: { days: 10 } },
      { kind: 'report_missing', params: { period: 'month', graceDays: 5 } },
    ]);
    ruleKinds = new Map(rules.map((r) => [r.id, r.kind]));
    await addContact(ctx, { unit: 'VN-HN', email: 'hn@example.vn', language: 'vi' });
    await addContact(ctx, { unit: 'VN-HP', email: 'hp@example.vn', language: 'en', role: 'head' });
    await addContact(ctx, { unit: 'VN-HP', email: 'bad@example.vn', language: 'en' });
    await addContact(ctx, { unit: 'VN-DN', email: 'dn@example.vn', language: 'zh' });
    await addContact(ctx, { unit: 'VN-MIC', email: 'MIC@example.vn', language: 'en', digest: true });
    await addContact(ctx, { unit: 'VN', email: 'sec@example.vn', language: 'ar', role: 'secretariat' });
    sink.refuse.set('bad@example.vn', 1000);
  });
  afterAll(async () => {
    await store?.close();
    if (handle?.test) await handle.test.close();
    await handle?.cleanup();
    await sink?.close();
  });

  const deps = (): DeliveryDeps => ({ mailer: smtpMailer(sink.url, 'Mandate <mandate@test.local>') });

  it('sends each notice exactly once, in the recipient’s language, across days, a restart, racing workers and a dead worker', async () => {
    let ctx: ServiceContext = systemContext(store.db, clock);
    let mailDeps = deps();
    const dnAssignment = (
      await store.db
        .selectFrom('assignments as a')
        .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
        .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
        .select('a.id')
        .where('u.code', '=', 'VN-DN')
        .where('n.code', '=', 'DEAD-ZONES')
        .executeTakeFirstOrThrow()
    ).id;

    // The dry run on the first day lists what a real run then sends.
    const dry = await planNotices(ctx, '2024-12-20', { dryRun: true });
    expect(dry.notices.length).toBeGreaterThan(0);

    for (let day = '2024-12-20'; day <= '2025-01-12'; day = addDays(day, 1)) {
      now = new Date(`${day}T08:00:00Z`);
      if (day === '2024-12-24') sink.refuse.set('hp@example.vn', 1); // refused once, delivered on retry
      if (day === '2024-12-28')
        await submitReport({ ...ctx, actor: { name: 'dn' } }, dnAssignment, {
          period: '2024M12',
          percent: 100,
          state: 'completed',
          narrative: 'done',
        });
      if (day === '2024-12-31') {
        // Restart: close the store and the mailer, open both again.
        await runNotifications(ctx, mailDeps);
        mailDeps.mailer!.close();
        if (!handle.test) await store.close();
        store = await handle.reopen();
        ctx = systemContext(store.db, clock);
        mailDeps = deps();
        // The same day once more after the restart: nothing new is sent.
        const before = sink.mails.length;
        await runNotifications(ctx, mailDeps);
        expect(sink.mails.length).toBe(before);
        continue;
      }
      if (day === '2025-01-01') {
        // Two workers (and on PostgreSQL two connection pools) plan and send at the same time.
        const other = handle.test ? await handle.reopen() : store;
        const ctx2 = systemContext(other.db, clock);
        await Promise.all([
          runNotifications(ctx, mailDeps, { worker: notificationWorker(mailDeps, { name: 'a' }) }),
          runNotifications(ctx2, mailDeps, { worker: notificationWorker(mailDeps, { name: 'b' }) }),
        ]);
        if (other !== store) await other.close();
        continue;
      }
      if (day === '2025-01-06') {
        // A worker claims today's jobs and dies before sending; after its lease ends another one sends them.
        await planNotices(ctx, day);
        const taken = await jobsRepository.claim(ctx.db, 'dead', now, 300_000, 100);
        expect(taken.length).toBeGreaterThan(0);
        const stuck = await runNotifications(ctx, mailDeps);
        expect(stuck.run.done).toBe(0);
        now = new Date(`${day}T08:06:00Z`);
        const after = await runNotifications(ctx, mailDeps);
        expect(after.run.done + after.run.retried + after.run.failed).toBe(taken.length);
        continue;
      }
      await runNotifications(ctx, mailDeps);
      if (day === '2024-12-24') {
        now = new Date(`${day}T08:02:00Z`); // the retry after the 1-minute backoff
        await runNotifications(ctx, mailDeps);
      }
    }
    mailDeps.mailer!.close();

    // Who got what: (recipient, rule kind, occasion) from the notice keys in each mail; every key once.
    const keys = sink.mails.flatMap((m) => (m.headers['x-mandate-notices'] ?? '').split(' '));
    expect(new Set(keys).size).toBe(keys.length);
    const received = keys.map((key) => {
      const [rule, , , email, occasion] = key.split(':');
      return `${email} ${ruleKinds.get(Number(rule))} ${occasion}`;
    });
    expect(received.sort()).toEqual(
      [
        'dn@example.vn due_soon 2024-12-24',
        'dn@example.vn report_missing 2024-11-30',
        'hn@example.vn due_soon 2024-12-24',
        'hn@example.vn overdue 2025-01-01',
        'hn@example.vn report_missing 2024-11-30',
        'hn@example.vn report_missing 2024-12-31',
        'hp@example.vn due_soon 2024-12-24',
        'hp@example.vn overdue 2025-01-01',
        'hp@example.vn report_missing 2024-11-30',
        'hp@example.vn report_missing 2024-12-31',
        'mic@example.vn overdue 2024-01-01',
        'mic@example.vn report_missing 2024-11-30',
        'mic@example.vn report_missing 2024-12-31',
        'sec@example.vn escalation 2024-01-10',
        'sec@example.vn escalation 2024-07-10',
        'sec@example.vn escalation 2025-01-10',
        'sec@example.vn escalation 2025-01-10',
      ].sort(),
    );
    // The two 2025-01-10 escalations are about different assignments (Ha Noi and Hai Phong).
    const escalations = sink.mails.filter((m) => m.to[0] === 'sec@example.vn' && m.subject.includes('تصعيد'));
    expect(escalations).toHaveLength(4);

    // Languages: subject, body, Content-Language, right-to-left HTML for Arabic.
    const mailTo = (to: string) => sink.mails.filter((m) => m.to.includes(to));
    const dueSoon = (to: string) =>
      mailTo(to).find((m) => (m.headers['x-mandate-notices'] ?? '').endsWith(':2024-12-24'))!;
    expect(dueSoon('hn@example.vn').subject).toBe('Còn 7 ngày đến hạn: Xóa bỏ vùng lõm sóng di động');
    expect(dueSoon('hn@example.vn').headers['content-language']).toBe('vi');
    expect(dueSoon('hn@example.vn').text).toContain('Hà Nội');
    expect(dueSoon('hp@example.vn').subject).toBe('Due in 7 days: Remove mobile dead zones');
    expect(dueSoon('hp@example.vn').text).toContain('Hai Phong');
    expect(dueSoon('dn@example.vn').subject).toBe('7天后到期：Remove mobile dead zones');
    expect(dueSoon('dn@example.vn').html).toContain('lang="zh"');
    const arabic = escalations[0]!;
    expect(arabic.headers['content-language']).toBe('ar');
    expect(arabic.html).toContain('dir="rtl"');
    expect(arabic.text).toContain('متأخرة');
    // The digest contact got one mail per day with all its notices.
    const digests = mailTo('mic@example.vn');
    expect(digests).toHaveLength(2);
    expect(digests[0]!.subject).toContain('2 notices');
    expect(digests[0]!.html).toContain('Clear overdue 2022–2023 tasks');
    // Nothing went to a unit without work due, or to the completed unit after completion.
    expect(mailTo('dn@example.vn').map((m) => m.headers['x-mandate-notices']!.split(':').pop())).toEqual([
      '2024-11-30',
      '2024-12-24',
    ]);

    // Failures are visible: hp's refused attempt is logged before its success; bad@ failed for good after 6 attempts.
    ctx = systemContext(store.db, clock);
    const log = await noticeLog(ctx, { programme: 'VN-NDX-TEST', limit: 500, offset: 0 });
    const hpDue = log.find((n) => n.recipient === 'hp@example.vn' && n.occasion === '2024-12-24')!;
    expect(hpDue.status).toBe('done');
    const attempts = await deliveryLog(ctx, { job: Number(hpDue.job), limit: 10, offset: 0 });
    expect(attempts.map((a) => [a.attempt, a.ok, a.status_code])).toEqual([
      [2, true, 250],
      [1, false, 451],
    ]);
    const badDue = log.find((n) => n.recipient === 'bad@example.vn' && n.occasion === '2024-12-24')!;
    expect(badDue).toMatchObject({ status: 'failed', attempts: 6 });
    expect(badDue.last_error).toMatch(/451/);
    expect(mailTo('bad@example.vn')).toHaveLength(0);
    expect(log.filter((n) => n.status !== 'done' && n.recipient !== 'bad@example.vn')).toEqual([]);
    expect((await listRules(ctx, 'VN-NDX-TEST')).map((r) => r.kind)).toEqual([
      'due_soon',
      'overdue',
      'escalation',
      'report_missing',
    ]);
  });
});

describe.each(STORE_KINDS)('webhooks on %s', (kind) => {
  let store: TestStore;
  const secret = 'a-webhook-secret-of-32-characters';
  const calls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = calls.length <= 2 ? 503 : 204; // fails twice, then accepts
      res.end();
    });
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/mandate`;
    store = await createTestStore(kind);
    await loadFixtures(store);
    const ctx = systemContext(store.db);
    await setRules(ctx, 'VN-NDX-TEST', [{ kind: 'overdue', params: {} }]);
    await addWebhook(ctx, { unit: 'VN-HN', url, secret, language: 'vi' });
  });
  afterAll(async () => {
    await store?.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('signs the JSON body and retries with backoff until the receiver accepts', async () => {
    let now = new Date('2025-01-01T08:00:00Z');
    const ctx = systemContext(store.db, () => now);
    const worker = notificationWorker({}, { backoffMs: 60_000 });
    const first = await runNotifications(ctx, {}, { worker });
    expect(first.plan.notices.map((n) => n.recipient)).toEqual(['webhook:1']);
    expect(first.run).toEqual({ done: 0, retried: 1, failed: 0 });
    now = new Date('2025-01-01T08:00:30Z'); // before the backoff ends: nothing
    expect((await worker.drain(ctx)).retried).toBe(0);
    now = new Date('2025-01-01T08:01:00Z');
    expect(await worker.drain(ctx)).toEqual({ done: 0, retried: 1, failed: 0 });
    now = new Date('2025-01-01T08:02:59Z'); // second backoff is 2 minutes
    expect(await worker.drain(ctx)).toEqual({ done: 0, retried: 0, failed: 0 });
    now = new Date('2025-01-01T08:03:00Z');
    expect(await worker.drain(ctx)).toEqual({ done: 1, retried: 0, failed: 0 });
    // A re-run the next minute sends nothing more.
    now = new Date('2025-01-01T09:00:00Z');
    await runNotifications(ctx, {}, { worker });
    expect(calls).toHaveLength(3);

    for (const call of calls) {
      const expected = `sha256=${createHmac('sha256', secret).update(call.body).digest('hex')}`;
      expect(call.headers['x-mandate-signature']).toBe(expected);
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers['x-mandate-event']).toBe('notice.overdue');
    }
    expect(new Set(calls.map((c) => c.headers['x-mandate-delivery'])).size).toBe(1);
    expect(calls.map((c) => c.headers['x-mandate-attempt'])).toEqual(['1', '2', '3']);
    const body = JSON.parse(calls[2]!.body);
    expect(body).toMatchObject({
      event: 'notice.overdue',
      occasion: '2025-01-01',
      language: 'vi',
      programme: { code: 'VN-NDX-TEST' },
      assignment: { node: 'DEAD-ZONES', unit: 'VN-HN', due: '2024-12-31', days: 1 },
    });
    expect(body.text).toContain('quá hạn 1 ngày');
    // A tampered body does not match the signature.
    expect(
      `sha256=${createHmac('sha256', secret).update(calls[2]!.body.replace('VN-HN', 'VN-HP')).digest('hex')}`,
    ).not.toBe(calls[2]!.headers['x-mandate-signature']);

    const log = await deliveryLog(ctx, { limit: 10, offset: 0 });
    expect(log.map((l) => [l.attempt, l.ok, l.status_code]).reverse()).toEqual([
      [1, false, 503],
      [2, false, 503],
      [3, true, 204],
    ]);
  });
});
