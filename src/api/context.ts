import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** Makes `request.ctx` the service context of every request. */
export function installRequestContext(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('ctx', {
    getter(this: FastifyRequest) {
      return contextFor(deps, this);
    },
  });
}

function contextFor(deps: AppDeps, request: FastifyRequest): ServiceContext {
  return { db: deps.store.db, actor: request.actor ?? ANONYMOUS, now: deps.now ?? (() => new Date()) };
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
  return createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url ?? request.url}\n`)
    .update(canonicalJson(request.params ?? null))
    .update('\n')
    .update(canonicalJson(request.body ?? null))
    .digest('hex');
}
