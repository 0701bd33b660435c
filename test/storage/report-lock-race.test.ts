/**
 * lockForReport reads the period's approval locks in the statement that locks the
 * assignment, with the snapshot taken before the lock: it must say when they may be stale
 * (the row changed while it waited — every approval decision rewrites its assignment's
 * row), so that the submission reads them again. PostgreSQL only: it needs two connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { systemContext } from '../../src/services/context.js';
import { listNodeAssignments } from '../../src/services/assignments.js';
import { assignmentsRepository } from '../../src/db/repositories/assignments.repository.js';

describe.runIf(STORE_KINDS.includes('postgres'))('the approval locks read with the assignment lock', () => {
  let store: TestStore;
  let id: number;

  beforeAll(async () => {
    store = await createTestStore('postgres');
    await loadFixtures(store);
    const ctx = systemContext(store.db);
    id = (await listNodeAssignments(ctx, 'VN-NDX-TEST', 'DEAD-ZONES'))[0]!.id;
  });
  afterAll(async () => {
    await store.close();
  });

  it('are current without contention, and marked stale when the row changed during the wait', async () => {
    const quiet = await store.db
      .transaction()
      .execute((trx) => assignmentsRepository.lockForReport(trx, id, '2024M08'));
    expect(quiet?.locks_current).toBe(true);
    expect(quiet?.locks).toEqual([]);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const writer = store.db.transaction().execute(async (trx) => {
      await sql`UPDATE assignments SET updated_at = now() WHERE id = ${id}`.execute(trx);
      locked();
      await released;
    });
    await isLocked;
    const waiting = store.db.transaction().execute((trx) => assignmentsRepository.lockForReport(trx, id, '2024M08'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the reader now waits for the row lock
    release();
    await writer;
    const raced = await waiting;
    expect(raced?.id).toBe(id);
    expect(raced?.locks_current).toBe(false);
  });
});
