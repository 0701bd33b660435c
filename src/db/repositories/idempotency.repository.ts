import type { Db } from '../database.js';

export interface IdempotencyRow {
  fingerprint: string;
  status_code: number;
  response: unknown;
}

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
  ): Promise<boolean> {
    const row = await db
      .insertInto('idempotency_keys')
      .values({ owner, key, fingerprint, status_code: statusCode, response: JSON.stringify(response ?? null) })
      .onConflict((oc) => oc.columns(['owner', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return row !== undefined;
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
