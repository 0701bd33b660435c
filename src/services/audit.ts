/**
 * The audit trail: every change is appended, in the same transaction as the change,
 * to the hash-chained audit_events table (src/domain/audit.ts). Services call
 * recordChange once per write; `verifyAudit` walks the whole chain.
 */
import { auditRepository, type AuditRow } from '../db/repositories/audit.repository.js';
import { GENESIS_HASH, eventHash, toJsonValue, type AuditEventData } from '../domain/audit.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';

export type AuditObjectType =
  'org_unit' | 'programme' | 'node' | 'assignment' | 'report' | 'user' | 'token' | 'meeting_report';

export interface Change {
  action: string;
  type: AuditObjectType;
  id: string | number;
  before?: unknown;
  after?: unknown;
}

/** Appends one event to the chain; call it inside the transaction that makes the change. */
export async function recordChange(ctx: ServiceContext, change: Change): Promise<void> {
  await inTransaction(ctx, async ({ db, actor, now }) => {
    await auditRepository.lockChain(db);
    const head = await auditRepository.head(db);
    const at = now();
    const data: AuditEventData = {
      seq: (head?.seq ?? 0) + 1,
      at: at.toISOString(),
      actor: actor.name,
      actorUserId: actor.userId ?? null,
      action: change.action,
      objectType: change.type,
      objectId: String(change.id),
      before: toJsonValue(change.before ?? null),
      after: toJsonValue(change.after ?? null),
    };
    const prevHash = head?.hash ?? GENESIS_HASH;
    await auditRepository.insert(db, {
      seq: data.seq,
      at,
      actor: data.actor,
      actor_user_id: data.actorUserId,
      action: data.action,
      object_type: data.objectType,
      object_id: data.objectId,
      before: data.before,
      after: data.after,
      prev_hash: prevHash,
      hash: eventHash(prevHash, data),
    });
  });
}

export function eventData(row: AuditRow): AuditEventData {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    actorUserId: row.actor_user_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}

export interface AuditVerdict {
  ok: boolean;
  events: number;
  head: string;
  /** The first event that does not fit the chain, and why. */
  broken?: { seq: number; reason: string };
}

/**
 * Checks the whole chain: sequence numbers 1, 2, 3 … without gaps, each event's
 * prev_hash equal to the previous event's hash, and each hash recomputed from the
 * event's content. Names the first event that fails. `expectHead` (a hash recorded
 * elsewhere, e.g. in the minutes of a meeting) also catches a cut-off tail.
 */
export async function verifyAudit(
  db: Db,
  options: { expectHead?: string; batch?: number } = {},
): Promise<AuditVerdict> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  let headFound = options.expectHead === undefined;
  const batch = options.batch ?? 1000;
  for (;;) {
    const rows = await auditRepository.page(db, expectedSeq - 1, batch);
    if (rows.length === 0) break;
    for (const row of rows) {
      const fail = (reason: string): AuditVerdict => ({
        ok: false,
        events: count,
        head: prev,
        broken: { seq: row.seq, reason },
      });
      if (row.seq !== expectedSeq)
        return {
          ok: false,
          events: count,
          head: prev,
          broken: {
            seq: row.seq,
            reason: `expected event ${expectedSeq} here: events ${expectedSeq}…${row.seq - 1} are missing`,
          },
        };
      if (row.prev_hash !== prev)
        return fail(
          `prev_hash does not match the hash of event ${row.seq - 1}: an event before it was removed, reordered or rewritten`,
        );
      if (eventHash(prev, eventData(row)) !== row.hash)
        return fail('the content does not match its hash: the event was altered');
      prev = row.hash;
      if (row.hash === options.expectHead) headFound = true;
      expectedSeq++;
      count++;
    }
  }
  if (!headFound)
    return {
      ok: false,
      events: count,
      head: prev,
      broken: {
        seq: expectedSeq,
        reason: `the expected head ${options.expectHead} is not in the chain: events were cut off the end`,
      },
    };
  return { ok: true, events: count, head: prev };
}

export interface HistoryEvent {
  seq: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  hash: string;
  /** Before and after withheld: the event concerns data outside the reader's scope. */
  redacted?: boolean;
}

export async function objectHistory(
  db: Db,
  type: AuditObjectType,
  id: string,
  page: { limit: number; offset: number },
): Promise<HistoryEvent[]> {
  const rows = await auditRepository.forObject(db, type, id, page);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
    hash: r.hash,
  }));
}
