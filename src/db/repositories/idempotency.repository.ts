import type { Db } from '../database.js';
import { auditValues, type AuditRow } from './audit.repository.js';
import { compiledQuery } from '../prepared.js';

export interface IdempotencyRow {
  fingerprint: string;
  status_code: number;
  response: unknown;
}

/** record's statement, compiled once per number of audit events (the last of a report submission). */
const recordQuery = compiledQuery(
  (
    db: Db,
    v: {
      key: { owner: string; key: string; fingerprint: string; status_code: number; response: string };
      events: Record<string, ReturnType<typeof auditValues>>;
    },
  ) => {
    const events = Object.values(v.events);
    const insertKey = (q: Pick<Db, 'insertInto'>) =>
      q
        .insertInto('idempotency_keys')
        .values(v.key)
        .onConflict((oc) => oc.columns(['owner', 'key']).doNothing())
        .returning('key');
    return events.length === 0
      ? insertKey(db)
      : insertKey(db.with('e', (w) => w.insertInto('audit_events').values(events)));
  },
);

export const idempotencyRepository = {
  /**
   * Records a key with its answer, at the end of the transaction that did the work. A
   * concurrent request with the same key waits on the primary key until the first
   * transaction ends: after its commit it finds the key taken (false), after its rollback
   * it takes it.
   */
  async record(
    db: Db,
    owner: string,
    key: string,
    fingerprint: string,
    statusCode: number,
    response: unknown,
    audit: readonly AuditRow[] = [],
  ): Promise<boolean> {
    // The work's audit events go in the same statement (one round trip at the end of the transaction).
    const { rows } = await recordQuery(
      db,
      {
        key: { owner, key, fingerprint, status_code: statusCode, response: JSON.stringify(response ?? null) },
        events: Object.fromEntries(audit.map((e, i) => [`e${i}`, auditValues(e)])),
      },
      String(audit.length),
    );
    return rows.length > 0;
  },

  find(db: Db, owner: string, key: string): Promise<IdempotencyRow | undefined> {
    return db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'status_code', 'response'])
      .where('owner', '=', owner)
      .where('key', '=', key)
      .executeTakeFirst();
  },

  async prune(db: Db, before: Date): Promise<number> {
    const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
