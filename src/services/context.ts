import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Who is acting: a signed-in user, an API token, the CLI or the demo loader. */
export interface Actor {
  /** Display name recorded on reports, reviews and audit events. */
  name: string;
  userId?: number | undefined;
}

export type Db = Kysely<Database>;

/** What every use case receives: the database (or a transaction), the actor and the clock. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
}

export const SYSTEM_ACTOR: Actor = { name: 'system' };

export function systemContext(db: Db, now: () => Date = () => new Date()): ServiceContext {
  return { db, actor: SYSTEM_ACTOR, now };
}

/** Runs a use case in one transaction: all of it happens, or none of it. */
export async function inTransaction<T>(ctx: ServiceContext, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => work({ ...ctx, db: trx }));
}
