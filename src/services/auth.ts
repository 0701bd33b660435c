/**
 * Sign-in: argon2id password checks with lock-out, server-side sessions (only the
 * SHA-256 of the session secret is stored), and turning a session or an API token
 * back into an Actor with the grants in effect.
 */
import { hash as digest, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import {
  sessionsRepository,
  tokensRepository,
  usersRepository,
  type UserRow,
} from '../db/repositories/users.repository.js';
import { signInRepository } from '../db/repositories/sign-in.repository.js';
import { TooManyRequestsError, UnauthorizedError, ValidationError } from '../domain/errors.js';
import { userPolicy } from '../policies/users.js';
import type { ServiceContext } from './context.js';
import type { Actor, ActorGrant, Role } from '../domain/actor.js';
import type { Db } from '../db/database.js';

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes, 1 lane). */
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const LOCKOUT = { threshold: 5, minutes: 15, maxMinutes: 24 * 60 };
export const MIN_PASSWORD_LENGTH = 10;
export const SESSION_HOURS = 8;

export function sha256(text: string): string {
  return digest('sha256', text, 'hex');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new ValidationError([{ path: 'password', message: `at least ${MIN_PASSWORD_LENGTH} characters` }]);
  if (password.length > 1024) throw new ValidationError([{ path: 'password', message: 'at most 1024 characters' }]);
  return hash(password, ARGON2);
}

/** Verified against when the user does not exist, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;

/** The throttle key of an account tried from an address: neither is stored in clear. */
function throttleKey(username: string, address: string | undefined): string {
  return sha256(`${username}\n${address ?? ''}`);
}

function lockedError(until: Date, now: Date): TooManyRequestsError {
  return new TooManyRequestsError(
    'too many failed sign-ins from this address: try again later',
    Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)),
  );
}

/**
 * Checks a username and password. Failures are counted per (account, client address):
 * after LOCKOUT.threshold of them that pair is locked for LOCKOUT.minutes, twice as long at
 * each new lock (at most LOCKOUT.maxMinutes). The owner signing in from another address is
 * not locked out; unknown and existing accounts get the same answers in the same time.
 * Every outcome goes to the security log.
 */
export async function checkPassword(
  db: Db,
  username: string,
  password: string,
  now: Date,
  address?: string,
): Promise<UserRow> {
  const name = username.trim().toLowerCase();
  const key = throttleKey(name, address);
  const throttle = await signInRepository.throttle(db, key);
  if (throttle?.locked_until && throttle.locked_until > now) {
    await signInRepository.log(db, { at: now, event: 'sign_in_locked', username: name, address });
    throw lockedError(throttle.locked_until, now);
  }
  const user = await usersRepository.byUsername(db, name);
  let ok = false;
  if (!user || !user.password_hash || user.disabled || password.length > 1024) {
    dummyHash ??= hash('not a password of anyone', ARGON2);
    await verify(await dummyHash, password.slice(0, 1024)).catch(() => false);
  } else {
    ok = await verify(user.password_hash, password).catch(() => false);
  }
  if (!ok || !user) {
    const after = await signInRepository.recordFailure(
      db,
      key,
      name,
      now,
      LOCKOUT.threshold,
      LOCKOUT.minutes * 60,
      LOCKOUT.maxMinutes * 60,
    );
    const locked = after.locked_until !== null && after.locked_until > now;
    await signInRepository.log(db, {
      at: now,
      event: locked ? 'sign_in_locked' : 'sign_in_failed',
      username: name,
      userId: user?.id ?? null,
      address,
    });
    if (locked) throw lockedError(after.locked_until!, now);
    throw new UnauthorizedError('wrong username or password');
  }
  if (throttle) await signInRepository.clear(db, key);
  await signInRepository.log(db, { at: now, event: 'sign_in', username: name, userId: user.id, address });
  return user;
}

export interface NewSession {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  userId: number,
  hours = SESSION_HOURS,
): Promise<NewSession> {
  const secret = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(ctx.now().getTime() + hours * 3_600_000);
  await sessionsRepository.deleteExpired(ctx.db, ctx.now());
  await sessionsRepository.insert(ctx.db, { idHash: sha256(secret), userId, csrfToken, expiresAt });
  return { secret, csrfToken, expiresAt };
}

export async function endSession(db: Db, secret: string, now: Date): Promise<void> {
  await sessionsRepository.revoke(db, sha256(secret), now);
}

function toActorGrants(
  rows: ReadonlyArray<{ role: string; unit: string | null; unit_path: string | null }>,
): ActorGrant[] {
  return rows.map((g) => ({ role: g.role as Role, unit: g.unit, unitPath: g.unit_path ?? '/' }));
}

export async function userGrants(db: Db, userId: number): Promise<ActorGrant[]> {
  return toActorGrants(await usersRepository.grants(db, userId));
}

export async function actorForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'username' | 'name'>,
  via: Actor['via'],
): Promise<Actor> {
  return { name: user.username, userId: user.id, grants: await userGrants(db, user.id), via };
}

/** The actor of a live session, with its CSRF token; undefined when the session is unknown, expired or revoked. */
export async function resolveSession(
  db: Db,
  secret: string,
  now: Date,
): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const session = await sessionsRepository.liveActor(db, sha256(secret), now);
  if (!session) return undefined;
  return {
    actor: {
      name: session.username,
      userId: session.user_id,
      grants: toActorGrants(session.user_grants),
      via: 'session',
    },
    csrfToken: session.csrf_token,
  };
}

export const TOKEN_PREFIX = 'mdt_';
/** How stale a token's last use may get before a request records it again. */
const TOKEN_TOUCH_MS = 60_000;

/**
 * Resolved tokens, kept for a moment (MANDATE_TOKEN_CACHE_MS, default 1000; 0 turns it off):
 * an integration or an offline outbox replaying sends many requests with one token, and the
 * lookup (token, user, grants, units) would be a round trip on each. Changes to users, grants,
 * tokens and org units forget the entries at once in this process (forgetResolvedTokens); other
 * server processes notice within the cache's lifetime. An entry never outlives its token.
 */
const tokenCacheMs = Number(process.env.MANDATE_TOKEN_CACHE_MS ?? 1000);
interface CachedToken {
  actor: Actor;
  until: number;
  expiresAt: number;
  generation: number;
}
const resolvedTokens = new WeakMap<
  Db,
  {
    entries: Map<string, CachedToken>;
    /** Lookups under way, by token hash. */
    inFlight: Map<string, { actor: Promise<Actor | undefined>; generation: number }>;
  }
>();
const MAX_CACHED_TOKENS = 10_000;

/** Forgets every resolved token: call it after a change to users, grants, tokens or org units. */
export function forgetResolvedTokens(): void {
  cacheGeneration++;
}
/** Entries resolved before the last forgetResolvedTokens are stale. */
let cacheGeneration = 0;

/**
 * The actor of a live API token. Its grants are the token's, each still covered by one
 * of the user's current grants: revoking a user's grant narrows their tokens at once.
 */
export async function resolveToken(db: Db, secret: string, now: Date): Promise<Actor | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return undefined;
  const tokenHash = sha256(secret);
  if (tokenCacheMs <= 0) return lookUpToken(db, tokenHash, now, undefined);
  let cache = resolvedTokens.get(db);
  if (!cache) {
    cache = { entries: new Map(), inFlight: new Map() };
    resolvedTokens.set(db, cache);
  }
  const cached = cache.entries.get(tokenHash);
  if (
    cached &&
    cached.generation === cacheGeneration &&
    cached.until > performance.now() &&
    cached.expiresAt > now.getTime()
  )
    return cached.actor;
  // One lookup at a time per token: when an entry lapses under load, the requests that arrive
  // meanwhile wait for it instead of each making the same round trip.
  const flight = cache.inFlight.get(tokenHash);
  if (flight && flight.generation === cacheGeneration) return flight.actor;
  const generation = cacheGeneration;
  const entries = cache.entries;
  const inFlight = cache.inFlight;
  const actor = lookUpToken(db, tokenHash, now, { entries, generation }).finally(() => {
    if (inFlight.get(tokenHash)?.actor === actor) inFlight.delete(tokenHash);
  });
  inFlight.set(tokenHash, { actor, generation });
  return actor;
}

/** The token's actor from the database, kept in `cache` unless something changed meanwhile. */
async function lookUpToken(
  db: Db,
  tokenHash: string,
  now: Date,
  cache: { entries: Map<string, CachedToken>; generation: number } | undefined,
): Promise<Actor | undefined> {
  const clock = performance.now();
  // One round trip: the token, its user, the user's grants and the token's units.
  const token = await tokensRepository.liveActor(db, tokenHash, now);
  if (!token) return undefined;
  const own = toActorGrants(token.user_grants);
  const unitPaths = new Map(token.token_units.map((u) => [u.code, u.path]));
  const grants: ActorGrant[] = [];
  for (const g of token.grants) {
    const path = g.unit === null ? '/' : unitPaths.get(g.unit);
    if (path === undefined) continue;
    const wanted: ActorGrant = { role: g.role as Role, unit: g.unit, unitPath: path };
    if (g.role === 'admin' ? own.some((o) => o.role === 'admin') : userPolicy.tokenGrantAllowed(own, wanted))
      grants.push(wanted);
  }
  // Last use is kept to the minute: no write on most requests.
  if (token.last_used_at === null || now.getTime() - token.last_used_at.getTime() >= TOKEN_TOUCH_MS)
    await tokensRepository.touch(db, token.id, now);
  const actor: Actor = { name: token.username, userId: token.user_id, grants, via: 'token' };
  // Not kept when something changed while it was read: the answer may predate the change.
  if (cache && cache.generation === cacheGeneration) {
    if (cache.entries.size >= MAX_CACHED_TOKENS) cache.entries.clear();
    cache.entries.set(tokenHash, {
      actor,
      until: clock + tokenCacheMs,
      expiresAt: token.expires_at.getTime(),
      generation: cache.generation,
    });
  }
  return actor;
}

export interface UserView {
  username: string;
  name: string;
  /** With each subtree's materialised path, so the web app decides with src/domain/capabilities.ts. */
  grants: ActorGrant[];
}

export async function userView(db: Db, userId: number): Promise<UserView> {
  const user = (await usersRepository.byId(db, userId))!;
  return {
    username: user.username,
    name: user.name,
    grants: await userGrants(db, userId),
  };
}
