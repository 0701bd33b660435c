/**
 * Idempotency keys (the IETF draft "The Idempotency-Key HTTP Header Field", as in
 * Stripe's API): a client names a write with a key of its choosing; the first request
 * with that key does the work and its answer is stored in the same transaction; a
 * retry — after a timeout, a lost connection, an offline outbox replay — gets the
 * stored answer and stores nothing twice. Concurrent duplicates wait for the first
 * and then get its answer. A key reused for a different request is refused. Keys
 * belong to the caller (two users may pick the same key) and expire after a day.
 */
import { idempotencyRepository } from '../db/repositories/idempotency.repository.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { inTransaction, type ServiceContext } from './context.js';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface IdempotentRequest {
  /** The Idempotency-Key header; undefined: an ordinary, non-idempotent write. */
  key: string | undefined;
  /** What the request asks for (method, route, parameters, body), so a key cannot be reused for another request. */
  fingerprint: string;
  /** The status a first, successful answer has (e.g. 201). */
  status: number;
}

export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** Whose keys a request's key is among: the user, else the actor's name. */
export function ownerOf(ctx: ServiceContext): string {
  return ctx.actor.userId !== undefined && ctx.actor.userId !== null
    ? `user:${ctx.actor.userId}`
    : `name:${ctx.actor.name}`;
}

/** Thrown inside the work's transaction to undo it when the key turns out to be taken. */
class KeyTaken extends Error {}

/**
 * Runs `work` once per key. The work runs first and the key is recorded with its answer at
 * the end of the same transaction (one statement, no separate claim): a duplicate waits on
 * the key (or on the rows the first request locked) until the first commits, finds the key
 * taken, undoes its own work and answers with the stored one. A request whose work fails
 * answers with the stored answer too if its key was already used (a retry of a request that
 * succeeded), else with its own error; a failed request stores no key.
 */
export async function idempotent<T>(
  ctx: ServiceContext,
  request: IdempotentRequest,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<IdempotentAnswer<T>> {
  const key = request.key;
  if (key === undefined) return { status: request.status, body: await work(ctx), replayed: false };
  if (ctx.db.isTransaction) throw new Error('idempotent() runs its work in a transaction of its own');
  const owner = ownerOf(ctx);
  try {
    return await inTransaction(ctx, async (transaction) => {
      const tctx: ServiceContext = { ...transaction, pendingAudit: [] };
      const body = await work(tctx);
      const recorded = await idempotencyRepository.record(
        tctx.db,
        owner,
        key,
        request.fingerprint,
        request.status,
        body,
        tctx.pendingAudit,
      );
      if (!recorded) throw new KeyTaken();
      return { status: request.status, body, replayed: false };
    });
  } catch (error) {
    const first = await idempotencyRepository.find(ctx.db, owner, key).catch(() => undefined);
    if (!first) {
      if (error instanceof KeyTaken) throw new ConflictError('this idempotency key was just forgotten: retry');
      throw error;
    }
    return replay({ fingerprint: first.fingerprint, status: first.status_code, response: first.response }, request);
  }
}

/** The stored answer of a key, for a retry of the same request; a key reused for another request is refused. */
export function replay<T>(
  first: { fingerprint: string; status: number; response: unknown },
  request: IdempotentRequest,
): IdempotentAnswer<T> {
  if (first.fingerprint !== request.fingerprint)
    throw new ValidationError([
      { path: 'header.idempotency-key', message: 'this key was already used for a different request: use a new key' },
    ]);
  return { status: first.status, body: first.response as T, replayed: true };
}

/** Whether a write failed because its idempotency key was stored meanwhile (a unique violation on the key). */
export function keyTaken(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  return (
    e?.code === '23505' &&
    (e.constraint === 'idempotency_keys_pkey' || (e.message ?? '').includes('idempotency_keys_pkey'))
  );
}

/** Forgets keys older than the time to live (the scheduler calls it). */
export function pruneIdempotencyKeys(ctx: ServiceContext): Promise<number> {
  return idempotencyRepository.prune(ctx.db, new Date(ctx.now().getTime() - IDEMPOTENCY_TTL_MS));
}
