import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export type Role = 'admin' | 'secretariat' | 'reporter' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'secretariat', 'reporter', 'viewer'];

/** One grant in effect: a role over an org-unit subtree (admin: unitPath '/', everything). */
export interface ActorGrant {
  role: Role;
  unit: string | null;
  /** Materialised path of the subtree root; every unit whose path starts with it is in scope. */
  unitPath: string;
}

/** Who is acting: a signed-in user, an API token, the CLI or the demo loader. */
export interface Actor {
  /** Display name recorded on reports, reviews and audit events. */
  name: string;
  userId?: number | undefined;
  /**
   * The grants in effect. Undefined means unrestricted: the system itself (CLI run by
   * the operator, demo loader). A user or token always has a list, possibly empty.
   */
  grants?: ActorGrant[] | undefined;
  /** How the actor authenticated (session cookies need a CSRF token for writes). */
  via?: 'session' | 'token' | 'system' | undefined;
}

/** Nobody signed in: no grants, so every scoped query returns nothing. */
export const ANONYMOUS: Actor = { name: 'anonymous', grants: [] };

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
