import type { Db } from '../db/database.js';
import type { JobRow } from '../db/repositories/jobs.repository.js';
import type { AuditRow } from '../db/repositories/audit.repository.js';
import { SYSTEM_ACTOR, type Actor } from '../domain/actor.js';

/** What every use case receives: the database (or a transaction), the actor and the clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
  /**
   * Audit events waiting for the end of the transaction (set by idempotent(), which stores
   * them together with the request's key in one statement); undefined: stored at once.
   */
  pendingAudit?: AuditRow[];
}

export function systemContext(db: Db, now: () => Date = () => new Date()): ServiceContext {
  return { db, actor: SYSTEM_ACTOR, now };
}

/** Runs a use case in one transaction: all of it happens, or none of it. */
export async function inTransaction<T>(ctx: ServiceContext, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}

/** Runs one claimed job of a kind (src/jobs/queue.ts calls it; the use cases in services define them). */
export type JobHandler = (ctx: ServiceContext, job: JobRow) => Promise<void>;
