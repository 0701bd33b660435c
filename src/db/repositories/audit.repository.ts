import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface AuditRow {
  seq: number;
  at: Date;
  actor: string;
  actor_user_id: number | null;
  action: string;
  object_type: string;
  object_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

/** Any constant: the transaction-scoped advisory lock that serialises appends to the chain. */
const CHAIN_LOCK = 4_242_017;

export const auditRepository = {
  /** Takes the chain lock until the transaction ends, so appends are strictly sequential. */
  async lockChain(db: Db): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  },

  head(db: Db): Promise<{ seq: number; hash: string } | undefined> {
    return db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  },

  async insert(db: Db, row: AuditRow): Promise<void> {
    await db
      .insertInto('audit_events')
      .values({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        actor_user_id: row.actor_user_id,
        action: row.action,
        object_type: row.object_type,
        object_id: row.object_id,
        before: row.before === null ? null : JSON.stringify(row.before),
        after: row.after === null ? null : JSON.stringify(row.after),
        prev_hash: row.prev_hash,
        hash: row.hash,
      })
      .execute();
  },

  /** A batch of the chain in order, after a given seq. */
  page(db: Db, afterSeq: number, limit: number): Promise<AuditRow[]> {
    return db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  },

  forObject(db: Db, type: string, id: string, page: { limit: number; offset: number }): Promise<AuditRow[]> {
    return db
      .selectFrom('audit_events')
      .selectAll()
      .where('object_type', '=', type)
      .where('object_id', '=', id)
      .orderBy('seq', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },
};
