import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../domain/audit.js';
import type { Store } from '../db/connect.js';
import type { ServiceContext } from '../services/context.js';
import { ANONYMOUS, type Actor } from '../domain/actor.js';
import { ValidationError } from '../domain/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who makes the request; set by the authentication plugin. */
    actor?: Actor;
    /** The service context of this request: store, actor and clock (a getter installed by buildApp). */
    readonly ctx: ServiceContext;
  }
}

export interface AppDeps {
  store: Store;
  /** The clock (tests move it). */
  now?: () => Date;
}

/**
 * Reads that may go to a hot-standby replica (DATABASE_READ_URL): dashboards, lists and
 * indicator aggregates — GET routes that never write.
 */
const REPLICA_READS = /^\/api\/(supervision|evaluation|indicators|assignments\/\d+$|programmes)(\/|$|\?)/;
export const WROTE_COOKIE = 'mandate_wrote';

/** How long after a user's own write their reads stay on the primary (read-your-writes). */
function readYourWritesMs(): number {
  return Number(process.env.MANDATE_READ_YOUR_WRITES_MS ?? 5000);
}

/** Makes `request.ctx` the service context of every request. */
export function installRequestContext(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('ctx', {
    getter(this: FastifyRequest) {
      return contextFor(deps, this);
    },
  });
  if (!deps.store.readDb) return;
  // Read-your-writes: after a successful write, the writer's reads go to the primary for a
  // few seconds — remembered in this process per user, and in a cookie for the others.
  const recent = new Map<string, number>();
  app.decorateRequest('wroteRecently', false);
  app.addHook('onRequest', async (request) => {
    const cookie = Number(/(?:^|;\s*)mandate_wrote=(\d+)/.exec(request.headers.cookie ?? '')?.[1] ?? 0);
    if (Date.now() - cookie < readYourWritesMs()) request.wroteRecently = true;
  });
  app.addHook('preHandler', async (request) => {
    const key = actorKey(request);
    if (key && Date.now() - (recent.get(key) ?? 0) < readYourWritesMs()) request.wroteRecently = true;
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
    const key = actorKey(request);
    const now = Date.now();
    if (key) recent.set(key, now);
    if (recent.size > 100_000) for (const [k, at] of recent) if (now - at > readYourWritesMs()) recent.delete(k);
    reply.header(
      'set-cookie',
      [reply.getHeader('set-cookie') ?? []]
        .flat()
        .map(String)
        .concat(
          `${WROTE_COOKIE}=${now}; Max-Age=${Math.ceil(readYourWritesMs() / 1000)}; Path=/; HttpOnly; SameSite=Lax`,
        ),
    );
  });
}

function actorKey(request: FastifyRequest): string | undefined {
  const a = request.actor;
  return a ? (a.userId !== undefined ? `u${a.userId}` : `n${a.name}`) : undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller wrote within the read-your-writes window: their reads stay on the primary. */
    wroteRecently: boolean;
  }
}

function contextFor(deps: AppDeps, request: FastifyRequest): ServiceContext {
  const replica =
    deps.store.readDb !== undefined &&
    request.method === 'GET' &&
    !request.wroteRecently &&
    REPLICA_READS.test(request.url);
  return {
    db: replica ? deps.store.readDb! : deps.store.db,
    actor: request.actor ?? ANONYMOUS,
    now: deps.now ?? (() => new Date()),
  };
}

/** The version a write expects: If-Match: "3" (or W/"3"), else the body's version. */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (!header) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw new ValidationError([{ path: 'header.if-match', message: 'expected an ETag such as "3"' }]);
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** Answers with a versioned object, its version as the ETag (a later write sends it back in If-Match). */
export function withEtag<T extends { version: number }>(reply: FastifyReply, value: T): T {
  reply.header('etag', etag(value.version));
  return value;
}

/** Answers 201 Created with what the write made. */
export function created<T>(reply: FastifyReply, value: T): T {
  reply.code(201);
  return value;
}

/** The text of an imported file sent as the body: as sent, or JSON that the parser turned into an object. */
export function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : body !== undefined ? JSON.stringify(body) : '';
}

/**
 * The Idempotency-Key header of a write (a token or a quoted string, 1–255 visible
 * characters), or undefined; a malformed key is a 400 naming the header.
 */
export function idempotencyKey(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(',') : raw).trim().replace(/^"(.*)"$/, '$1');
  if (!/^[\x21-\x7e]{1,255}$/.test(value))
    throw new ValidationError([
      { path: 'header.idempotency-key', message: 'expected 1 to 255 visible ASCII characters, e.g. a UUID' },
    ]);
  return value;
}

/** What a write asks for — method, route, parameters and body — for idempotency keys. */
export function requestFingerprint(request: FastifyRequest): string {
  return hash(
    'sha256',
    `${request.method} ${request.routeOptions.url ?? request.url}\n${canonicalJson(request.params ?? null)}\n${canonicalJson(request.body ?? null)}`,
    'hex',
  );
}
