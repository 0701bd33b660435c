/**
 * The audit trail: every change appended in its transaction with its content hash; the
 * sequencer places events into a Merkle tree with signed heads; the tables refuse
 * UPDATE, DELETE and TRUNCATE; the verifier names what broke when rows are altered,
 * deleted, reordered, inserted or cut off (with the triggers disabled, as a superuser
 * could); proofs verify and fail for forged events; the pre-Merkle chain stays
 * verifiable; histories are readable only within scope.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS } from '../helpers/stores.js';
import { scenarioOnStore } from '../helpers/scenario.js';
import { createPublicKey } from 'node:crypto';
import { eventData, recordChange, verifyAudit } from '../../src/services/audit.js';
import { GENESIS_HASH, canonicalJson, contentHash, eventHash, leafData } from '../../src/domain/audit.js';
import { leafHash, rootOf, treeHeadMessage, verifyConsistency, verifyInclusion } from '../../src/domain/merkle.js';
import {
  auditSigner,
  consistencyProof,
  headSignatureValid,
  latestHead,
  sequenceAll,
} from '../../src/services/audit-log.js';
import { migrateToLatest } from '../../src/db/migrate.js';
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
  const s = scenarioOnStore(kind);

  const withTriggerOff = async (work: () => Promise<unknown>) => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(s.store.db);
    try {
      await work();
    } finally {
      await sql`ALTER TABLE audit_events ENABLE TRIGGER USER`.execute(s.store.db);
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
          await s.store.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await expect(updateOrgUnit(systemContext(s.store.db), 'VN-HN-C1', { aliases: ['x'] }, 99)).rejects.toThrow(
      /changed by someone else/,
    );
    expect(await count()).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table', async () => {
    await expect(sql`UPDATE audit_events SET actor = 'mallory' WHERE seq = 1`.execute(s.store.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(s.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(s.store.db)).rejects.toThrow(/append-only/);
    await sequenceAll(s.store.db, await auditSigner(s.store.db));
    // The sequencer sets a leaf index once; nobody moves it afterwards.
    await expect(
      sql`UPDATE audit_events SET leaf_index = leaf_index + 1000 WHERE seq = 1`.execute(s.store.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_tree_nodes`.execute(s.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_tree_heads SET tree_size = 1`.execute(s.store.db)).rejects.toThrow(/append-only/);
    expect((await verifyAudit(s.store.db)).ok).toBe(true);
  });

  const allOff = async (work: () => Promise<unknown>) => {
    for (const t of ['audit_events', 'audit_tree_nodes', 'audit_tree_heads'])
      await sql`ALTER TABLE ${sql.raw(t)} DISABLE TRIGGER USER`.execute(s.store.db);
    try {
      await work();
    } finally {
      for (const t of ['audit_events', 'audit_tree_nodes', 'audit_tree_heads'])
        await sql`ALTER TABLE ${sql.raw(t)} ENABLE TRIGGER USER`.execute(s.store.db);
    }
  };
  const atLeaf = (leaf: number) =>
    s.store.db.selectFrom('audit_events').selectAll().where('leaf_index', '=', leaf).executeTakeFirstOrThrow();

  it('the Merkle log: proofs verify; alteration, deletion, reordering, insertion and truncation are each detected', async () => {
    const signer = await auditSigner(s.store.db);
    await sequenceAll(s.store.db, signer);
    // More changes after the first heads: a second batch, a second head.
    for (const alias of ['a', 'b', 'c'])
      expect(
        (
          await s.app.inject({
            method: 'PATCH',
            url: '/api/org-units/VN-HN-C2',
            headers: s.headers['sec-hn'],
            payload: { aliases: [alias] },
          })
        ).statusCode,
      ).toBe(200);
    expect((await verifyAudit(s.store.db)).pending).toBe(3);
    await sequenceAll(s.store.db, signer);
    const intact = await verifyAudit(s.store.db);
    expect(intact).toMatchObject({ ok: true, pending: 0 });
    expect(intact.treeSize).toBe(intact.events);
    expect(intact.signedHeads).toBeGreaterThanOrEqual(2);
    const published = (await s.app.inject({ url: '/api/public/audit/head' })).json();
    expect(published.head).toMatchObject({ size: intact.treeSize, root: intact.head, algorithm: 'Ed25519' });
    const publishedHead = `${published.head.size}:${published.head.root}`;
    const publicKey = createPublicKey({ key: Buffer.from(published.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(headSignatureValid(published.head, publicKey)).toBe(true);
    expect(headSignatureValid({ ...published.head, size: published.head.size + 1 }, publicKey)).toBe(false);

    // Inclusion proof of an event, from the API, verified by the client; a forged event fails.
    const seventh = await atLeaf(7);
    const inc = await s.app.inject({
      url: `/api/audit/proofs/inclusion?seq=${seventh.seq}`,
      headers: s.headers['view-hn'],
    });
    expect(inc.statusCode).toBe(200);
    const proof = inc.json();
    const path = proof.path.map((h: string) => Buffer.from(h, 'hex'));
    const root = Buffer.from(proof.head.root, 'hex');
    const leaf = leafHash(leafData(eventData(seventh)));
    expect(proof.leafHash).toBe(leaf.toString('hex'));
    expect(verifyInclusion(leaf, 7, proof.treeSize, path, root)).toBe(true);
    const forged = leafHash(leafData({ ...eventData(seventh), actor: 'mallory' }));
    expect(verifyInclusion(forged, 7, proof.treeSize, path, root)).toBe(false);
    // Consistency between the first head and the latest.
    const firstSize = Number(
      (await sql<{ n: string }>`SELECT min(tree_size) AS n FROM audit_tree_heads`.execute(s.store.db)).rows[0]!.n,
    );
    const cons = await s.app.inject({
      url: `/api/audit/proofs/consistency?from=${firstSize}`,
      headers: s.headers['view-hn'],
    });
    expect(cons.statusCode).toBe(200);
    const c = cons.json();
    expect(
      verifyConsistency(
        c.from.size,
        c.to.size,
        c.path.map((h: string) => Buffer.from(h, 'hex')),
        Buffer.from(c.from.root, 'hex'),
        Buffer.from(c.to.root, 'hex'),
      ),
    ).toBe(true);
    expect(
      (await s.app.inject({ url: '/api/audit/proofs/consistency?from=99999', headers: s.headers['view-hn'] }))
        .statusCode,
    ).toBe(400);

    // 1. Alteration of an event's content.
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET after = jsonb_set(coalesce(after, '{}'::jsonb), '{forged}', 'true') WHERE leaf_index = 4`.execute(
        s.store.db,
      ),
    );
    const four = await atLeaf(4);
    expect((await verifyAudit(s.store.db)).broken).toEqual({
      seq: Number(four.seq),
      reason: expect.stringMatching(/altered/),
    });
    // …even with its content hash recomputed: the tree no longer matches the signed heads.
    await withTriggerOff(() =>
      sql`UPDATE audit_events SET hash = ${contentHash(eventData(four))} WHERE leaf_index = 4`.execute(s.store.db),
    );
    expect((await verifyAudit(s.store.db)).broken?.reason).toMatch(/rewritten|does not match/);
    await withTriggerOff(async () => {
      await sql`UPDATE audit_events SET after = after - 'forged' WHERE leaf_index = 4`.execute(s.store.db);
      const restored = await atLeaf(4);
      await sql`UPDATE audit_events SET hash = ${contentHash(eventData(restored))} WHERE leaf_index = 4`.execute(
        s.store.db,
      );
    });
    expect((await verifyAudit(s.store.db)).ok).toBe(true);

    // 2. Deletion.
    const five = await atLeaf(5);
    await withTriggerOff(() => sql`DELETE FROM audit_events WHERE leaf_index = 5`.execute(s.store.db));
    expect((await verifyAudit(s.store.db)).broken?.reason).toMatch(/leaf 5 is missing/);
    const reinsert = (row: typeof five) =>
      sql`INSERT INTO audit_events (seq, at, actor, actor_user_id, action, object_type, object_id, before, after, prev_hash, hash, leaf_index)
        VALUES (${row.seq}, ${row.at}, ${row.actor}, ${row.actor_user_id}, ${row.action}, ${row.object_type}, ${row.object_id},
          ${JSON.stringify(row.before)}::jsonb, ${JSON.stringify(row.after)}::jsonb, ${row.prev_hash}, ${row.hash}, ${row.leaf_index})`.execute(
        s.store.db,
      );
    await withTriggerOff(() => reinsert(five));
    expect((await verifyAudit(s.store.db)).ok).toBe(true);

    // 3. Reordering: swap leaves 2 and 3.
    const swap = () =>
      withTriggerOff(async () => {
        await sql`UPDATE audit_events SET leaf_index = -2 WHERE leaf_index = 2`.execute(s.store.db);
        await sql`UPDATE audit_events SET leaf_index = 2 WHERE leaf_index = 3`.execute(s.store.db);
        await sql`UPDATE audit_events SET leaf_index = 3 WHERE leaf_index = -2`.execute(s.store.db);
      });
    await swap();
    expect((await verifyAudit(s.store.db)).broken?.reason).toMatch(/rewritten|does not match/);
    await swap();
    expect((await verifyAudit(s.store.db)).ok).toBe(true);

    // 4. Insertion of a forged event in the middle (leaves shifted to make room).
    const forgedSeq = 1_000_000;
    await withTriggerOff(async () => {
      await sql`UPDATE audit_events SET leaf_index = -leaf_index - 1 WHERE leaf_index >= 6`.execute(s.store.db);
      await sql`UPDATE audit_events SET leaf_index = -leaf_index WHERE leaf_index < 0`.execute(s.store.db);
      const data = { ...eventData(five), seq: forgedSeq, actor: 'mallory' };
      await reinsert({ ...five, seq: forgedSeq, actor: 'mallory', hash: contentHash(data), leaf_index: 6 });
    });
    expect((await verifyAudit(s.store.db)).broken?.reason).toMatch(/rewritten|does not match/);
    await withTriggerOff(async () => {
      await sql`DELETE FROM audit_events WHERE seq = ${forgedSeq}`.execute(s.store.db);
      await sql`UPDATE audit_events SET leaf_index = -leaf_index WHERE leaf_index >= 7`.execute(s.store.db);
      await sql`UPDATE audit_events SET leaf_index = -leaf_index - 1 WHERE leaf_index < 0`.execute(s.store.db);
    });
    expect((await verifyAudit(s.store.db, { expectHead: publishedHead })).ok).toBe(true);

    // 5. A rewritten history, re-signed with the key kept in the database: internally
    //    consistent, but the published head and a consistency proof expose it.
    await allOff(async () => {
      await sql`UPDATE audit_events SET actor = 'mallory' WHERE leaf_index = 3`.execute(s.store.db);
      const three = await atLeaf(3);
      await sql`UPDATE audit_events SET hash = ${contentHash(eventData(three))} WHERE leaf_index = 3`.execute(
        s.store.db,
      );
      await sql`DELETE FROM audit_tree_nodes`.execute(s.store.db);
      await sql`DELETE FROM audit_tree_heads`.execute(s.store.db);
      await sql`UPDATE audit_events SET leaf_index = NULL`.execute(s.store.db);
    });
    await sequenceAll(s.store.db, signer);
    expect((await verifyAudit(s.store.db)).ok).toBe(true);
    expect((await verifyAudit(s.store.db, { expectHead: publishedHead })).broken?.reason).toMatch(/rewritten/);
    const rewrittenHead = (await latestHead(s.store.db))!;
    expect(rewrittenHead.size).toBe(published.head.size);
    expect(rewrittenHead.root).not.toBe(published.head.root);
    // The log grows on; a consistency proof from the published size, as the log serves
    // it, verifies against the log's own rewritten head but never against the published one.
    await recordChange(systemContext(s.store.db), { action: 'update', type: 'org_unit', id: 'VN', after: { n: 1 } });
    await sequenceAll(s.store.db, signer);
    const after = await consistencyProof(s.store.db, published.head.size);
    const afterPath = after.path.map((h) => Buffer.from(h, 'hex'));
    expect(after.to.size).toBe(published.head.size + 1);
    const consistent = (from: { size: number; root: string }) =>
      verifyConsistency(
        from.size,
        after.to.size,
        afterPath,
        Buffer.from(from.root, 'hex'),
        Buffer.from(after.to.root, 'hex'),
      );
    expect(consistent(after.from)).toBe(true);
    expect(consistent(published.head)).toBe(false);

    // 6. Truncation: the last two events, their subtrees and heads cut off consistently.
    const signed = await verifyAudit(s.store.db);
    const keep = signed.treeSize - 2;
    const nowHead = `${signed.treeSize}:${signed.head}`;
    await allOff(async () => {
      await sql`DELETE FROM audit_events WHERE leaf_index >= ${keep}`.execute(s.store.db);
      await sql`DELETE FROM audit_tree_nodes WHERE (idx + 1) * (1::bigint << level) > ${keep}`.execute(s.store.db);
      await sql`DELETE FROM audit_tree_heads WHERE tree_size > ${keep}`.execute(s.store.db);
      // …and a freshly signed head for the shorter tree, with the key kept in the database.
      const rows = await s.store.db
        .selectFrom('audit_events')
        .selectAll()
        .where('leaf_index', 'is not', null)
        .orderBy('leaf_index')
        .execute();
      const root = rootOf(rows.map((r) => leafHash(leafData(eventData(r as never)))));
      const at = new Date();
      await sql`DELETE FROM audit_tree_heads WHERE tree_size = ${keep}`.execute(s.store.db);
      await s.store.db
        .insertInto('audit_tree_heads')
        .values({
          tree_size: keep,
          root_hash: root,
          signed_at: at,
          key_id: signer.keyId,
          signature: signer.sign(
            treeHeadMessage({ size: keep, root: root.toString('hex'), timestamp: at.toISOString() }),
          ),
        })
        .execute();
    });
    expect((await verifyAudit(s.store.db)).ok).toBe(true);
    expect((await verifyAudit(s.store.db, { expectHead: nowHead })).broken?.reason).toMatch(/cut off/);
  });

  it('the chain written before the Merkle log stays verifiable after the migration', async () => {
    const fresh = await createTestStore(kind);
    try {
      // A database as it was before 0007: migrated up to 0004 only, with a hash-chained trail.
      const { migrations } = await import('../../src/db/migrations/index.js');
      const { Migrator } = await import('kysely');
      const old = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'));
      await sql`DROP TABLE IF EXISTS mandate_migrations, mandate_migrations_lock CASCADE`.execute(fresh.db);
      await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(fresh.db);
      const migrator = new Migrator({
        db: fresh.db,
        provider: { getMigrations: async () => old },
        migrationTableName: 'mandate_migrations',
        migrationLockTableName: 'mandate_migrations_lock',
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 5; seq++) {
        const data = {
          seq,
          at: new Date(Date.UTC(2024, 0, seq)).toISOString(),
          actor: 'old',
          actorUserId: null,
          action: 'update',
          objectType: 'org_unit',
          objectId: `U${seq}`,
          before: null,
          after: { n: seq },
        };
        const hash = eventHash(prev, data);
        await sql`INSERT INTO audit_events (seq, at, actor, actor_user_id, action, object_type, object_id, before, after, prev_hash, hash)
          VALUES (${seq}, ${data.at}, 'old', NULL, 'update', 'org_unit', ${data.objectId}, NULL, ${JSON.stringify(data.after)}::jsonb, ${prev}, ${hash})`.execute(
          fresh.db,
        );
        prev = hash;
      }
      await migrateToLatest(fresh.db);
      await recordChange(systemContext(fresh.db), { action: 'update', type: 'org_unit', id: 'U6', after: { n: 6 } });
      const newest = await fresh.db
        .selectFrom('audit_events')
        .select('seq')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(Number(newest.seq)).toBe(6);
      await sequenceAll(fresh.db, await auditSigner(fresh.db));
      expect(await verifyAudit(fresh.db, { expectHead: prev })).toMatchObject({ ok: true, events: 6, treeSize: 6 });
      await sql`ALTER TABLE audit_events DISABLE TRIGGER USER`.execute(fresh.db);
      await sql`UPDATE audit_events SET actor = 'mallory' WHERE seq = 2`.execute(fresh.db);
      expect((await verifyAudit(fresh.db)).broken).toEqual({ seq: 2, reason: expect.stringMatching(/altered/) });
    } finally {
      await fresh.close();
    }
  });
});
