/**
 * The audit trail: every change appended in its transaction, hash-chained; the table
 * refuses UPDATE, DELETE and TRUNCATE; the verifier names the first broken event when
 * rows are altered, deleted, reordered or cut off (with the trigger disabled, as a
 * superuser could); histories are readable only within scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { buildScenario, type Scenario } from '../helpers/scenario.js';
import { verifyAudit } from '../../src/services/audit.js';
import { canonicalJson } from '../../src/domain/audit.js';
import { systemContext } from '../../src/services/context.js';
import { updateOrgUnit } from '../../src/services/org-units.js';

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}',
    );
  });
});

describe.each(STORE_KINDS)('audit trail on %s', (kind) => {
  let store: TestStore;
  let s: Scenario;
  beforeAll(async () => {
    store = await createTestStore(kind);
    s = await buildScenario(store);
  });
  afterAll(async () => {
    await s?.app.close();
    await store?.close();
  });

  const withTriggerOff = async (work: () => Promise<unknown>) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(store.db);
    try {
      await work();
    } finally {
      await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(store.db);
    }
  };

  it('records who, when, what, before and after for changes made through the API', async () => {
    const r = await s.app.inject({
      method: 'PATCH',
      url: '/api/org-units/VN-HN-C1',
      headers: s.headers['sec-hn'],
      payload: { aliases: ['Ba Đình'] },
    });
    expect(r.statusCode).toBe(200);
    const history = await s.app.inject({ url: '/api/history/org_unit/VN-HN-C1', headers: s.headers['view-hn'] });
    expect(history.statusCode).toBe(200);
    const [latest] = history.json().items;
    expect(latest).toMatchObject({
      actor: 'sec-hn',
      action: 'update',
      at: '2024-09-01T10:00:00.000Z',
      before: { aliases: [] },
      after: { aliases: ['Ba Đình'], version: 2 },
    });
    expect(latest.hash).toMatch(/^[0-9a-f]{64}$/);
    // Outside the scope, a history is "not found" like the object itself.
    expect((await s.app.inject({ url: '/api/history/org_unit/VN-HP', headers: s.headers['view-hn'] })).statusCode).toBe(
      404,
    );
    const node = await s.app.inject({ url: '/api/history/node/VN-NDX-TEST/DEAD-ZONES', headers: s.headers['sec-vn'] });
    const cascade = node.json().items.find((e: { action: string }) => e.action === 'cascade');
    expect(cascade.after).toMatchObject({ kind: 'commune', under: 'VN-HN' });
    // The import of the whole programme file names units everywhere: withheld from readers who cannot change the programme.
    const asReporter = await s.app.inject({ url: '/api/history/programme/VN-NDX-TEST', headers: s.headers['rep-hn'] });
    const imported = asReporter.json().items.find((e: { action: string }) => e.action === 'import');
    expect(imported).toMatchObject({ actor: 'system', before: null, after: null, redacted: true });
    const asNational = await s.app.inject({ url: '/api/history/programme/VN-NDX-TEST', headers: s.headers['sec-vn'] });
    expect(asNational.json().items.find((e: { action: string }) => e.action === 'import').after.file.code).toBe(
      'VN-NDX-TEST',
    );
  });

  it('keeps the change and its audit event together: a failed change leaves no event', async () => {
    const count = async () =>
      Number(
        (
          await store.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(updateOrgUnit(systemContext(store.db), 'VN-HN-C1', { aliases: ['x'] }, 99)).rejects.toThrow(
      /changed by someone else/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await expect(sql`UPDATE audit_events SET actor = 'mallory' WHERE seq = 1`.execute(store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(store.db)).rejects.toThrow(/append-only/);
    expect((await verifyAudit(store.db)).ok).toBe(true);
  });

  it('the verifier accepts the intact chain and names the first broken event for each tampering', async () => {
    const intact = await verifyAudit(store.db);
    expect(intact.ok).toBe(true);
    expect(intact.events).toBeGreaterThan(10);
    const head = intact.head;

    // 1. Alter the content of event 5.
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET after = jsonb_set(coalesce(after, '{}'::jsonb), '{forged}', 'true') WHERE seq = 5`.execute(
        store.db,
      ),
    );
    expect((await verifyAudit(store.db)).broken).toEqual({ seq: 5, reason: expect.stringMatching(/altered/) });
    await withTriggerOff(() => sql`UPDATE audit_events SET after = after - 'forged' WHERE seq = 5`.execute(store.db));
    expect((await verifyAudit(store.db)).ok).toBe(true);

    // 2. Alter event 6's actor and recompute its own hash: event 7 no longer links to it.
    const six = await store.db.selectFrom('audit_events').selectAll().where('seq', '=', 6).executeTakeFirstOrThrow();
    const { eventHash } = await import('../../src/domain/audit.js');
    const { eventData } = await import('../../src/services/audit.js');
    const forgedHash = eventHash(six.prev_hash, { ...eventData(six), actor: 'mallory' });
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET actor = 'mallory', hash = ${forgedHash} WHERE seq = 6`.execute(store.db),
    );
    expect((await verifyAudit(store.db)).broken).toEqual({ seq: 7, reason: expect.stringMatching(/prev_hash/) });
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET actor = ${six.actor}, hash = ${six.hash} WHERE seq = 6`.execute(store.db),
    );

    // 3. Delete event 8.
    const eight = await store.db.selectFrom('audit_events').selectAll().where('seq', '=', 8).executeTakeFirstOrThrow();
    await withTriggerOff(() => sql`DELETE FROM audit_events WHERE seq = 8`.execute(store.db));
    expect((await verifyAudit(store.db)).broken).toEqual({ seq: 9, reason: expect.stringMatching(/missing/) });
    // …and renumber the rest to hide the gap.
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET seq = seq - 1 WHERE seq > 8`.execute(store.db).catch(async () => {
        // the primary key may clash mid-update on some orders: go through negatives
        await sql`UPDATE audit_events SET seq = -seq WHERE seq > 8`.execute(store.db);
        await sql`UPDATE audit_events SET seq = -seq - 1 WHERE seq < 0`.execute(store.db);
      }),
    );
    expect((await verifyAudit(store.db)).broken).toEqual({ seq: 8, reason: expect.stringMatching(/prev_hash/) });
    await withTriggerOff(async () => {
      await sql`UPDATE audit_events SET seq = -seq WHERE seq >= 8`.execute(store.db);
      await sql`UPDATE audit_events SET seq = -seq + 1 WHERE seq < 0`.execute(store.db);
      await sql`INSERT INTO audit_events (seq, at, actor, actor_user_id, action, object_type, object_id, before, after, prev_hash, hash)
        VALUES (${eight.seq}, ${eight.at}, ${eight.actor}, ${eight.actor_user_id}, ${eight.action}, ${eight.object_type}, ${eight.object_id}, ${JSON.stringify(eight.before)}::jsonb, ${JSON.stringify(eight.after)}::jsonb, ${eight.prev_hash}, ${eight.hash})`.execute(
        store.db,
      );
    });
    expect((await verifyAudit(store.db)).ok).toBe(true);

    // 4. Reorder: swap events 3 and 4.
    await withTriggerOff(async () => {
      await sql`UPDATE audit_events SET seq = -3 WHERE seq = 3`.execute(store.db);
      await sql`UPDATE audit_events SET seq = 3 WHERE seq = 4`.execute(store.db);
      await sql`UPDATE audit_events SET seq = 4 WHERE seq = -3`.execute(store.db);
    });
    expect((await verifyAudit(store.db)).broken?.seq).toBe(3);
    await withTriggerOff(async () => {
      await sql`UPDATE audit_events SET seq = -3 WHERE seq = 3`.execute(store.db);
      await sql`UPDATE audit_events SET seq = 3 WHERE seq = 4`.execute(store.db);
      await sql`UPDATE audit_events SET seq = 4 WHERE seq = -3`.execute(store.db);
    });
    expect((await verifyAudit(store.db, { expectHead: head })).ok).toBe(true);

    // 5. Cut off the last event: only a head hash recorded elsewhere reveals it.
    const last = intact.events;
    await withTriggerOff(() => sql`DELETE FROM audit_events WHERE seq = ${last}`.execute(store.db));
    expect((await verifyAudit(store.db)).ok).toBe(true);
    expect((await verifyAudit(store.db, { expectHead: head })).broken).toEqual({
      seq: last,
      reason: expect.stringMatching(/cut off/),
    });
  });
});
