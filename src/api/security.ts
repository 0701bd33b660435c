/**
 * Authentication and the route-level half of authorization, in one place:
 * - every /api route declares `config: { auth: 'public' | 'user' | 'admin' }` and its
 *   `schema.response`; a route without either stops the server from starting (onRoute below);
 * - one onRequest hook resolves the actor (Bearer API token, or the signed session
 *   cookie), answers 401/403 by the route's declaration, and checks the CSRF token of
 *   cookie-authenticated writes;
 * - security headers (helmet, strict CSP) on every response.
 * The object-level half — which org unit's data — lives in src/policies and is
 * applied by the services.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Store } from '../db/connect.js';
import { settingsRepository } from '../db/repositories/users.repository.js';
import { isAdmin } from '../policies/scope.js';
import { randomSecret, resolveSession, resolveToken, safeEqual } from '../services/auth.js';
import type { SecurityConfig } from '../security-config.js';
import type { ErrorBody } from './errors.js';
import type { ErrorCode } from '../domain/errors.js';

export type AuthNeed = 'public' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route: anyone, any signed-in user or token, or admins only. */
    auth?: AuthNeed;
  }
  interface FastifyRequest {
    /** The session's CSRF token when the request came with a session cookie. */
    csrfToken?: string;
  }
  interface FastifyInstance {
    /** Every /api route with its declared need (the permission-matrix test checks it covers them all). */
    apiRoutes: Array<{ method: string; url: string; auth: AuthNeed }>;
  }
}

export const SESSION_COOKIE = 'mandate_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * Writes that need no CSRF token even with a session cookie: signing in again (its
 * JSON-only body already defeats cross-site forms) and signing out (harmless if
 * forced; SameSite=Lax keeps the cookie off cross-site posts anyway).
 */
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/auth/logout']);

/** /api routes that plugins register (OpenAPI documentation): public. */
function isDocsRoute(url: string): boolean {
  return url === '/api/docs' || url.startsWith('/api/docs/');
}

/** Open data lives under /api/public/: anonymous by design, so routes there are public unless they say otherwise. */
export const PUBLIC_PREFIX = '/api/public/';

function declaredNeed(url: string, config: { auth?: AuthNeed } | undefined): AuthNeed | undefined {
  return config?.auth ?? (url.startsWith(PUBLIC_PREFIX) ? 'public' : undefined);
}

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Mantine and ECharts set style attributes at run time; scripts stay strict.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

function fail(reply: FastifyReply, status: number, code: ErrorCode, message: string) {
  return reply.code(status).send({ error: { code, message } } satisfies ErrorBody);
}

/**
 * Helmet's security headers, worked out once: they are the same on every answer (no CSP
 * nonces), so each request only copies them (helmet per request rebuilt its whole
 * configuration: a measurable share of a report submission's time).
 */
export function securityHeaders(
  config: Pick<SecurityConfig, 'secureCookies'>,
  /** The web app's inline scripts allowed by hash (inline-scripts.ts). */
  scriptHashes: string[] = [],
): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => undefined,
  };
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP_DIRECTIVES, scriptSrc: [...CSP_DIRECTIVES.scriptSrc, ...scriptHashes] },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  })({} as IncomingMessage, collector as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('helmet refused its configuration');
  });
  return headers;
}

export async function cookieSecret(store: Store, config: SecurityConfig): Promise<string> {
  return config.cookieSecret ?? (await settingsRepository.getOrInit(store.db, 'cookie_secret', randomSecret(48)));
}

export async function installSecurity(
  app: FastifyInstance,
  options: { store: Store; config: SecurityConfig; now: () => Date; scriptHashes?: string[] },
): Promise<void> {
  const { store, config, now } = options;

  app.decorate('apiRoutes', [] as Array<{ method: string; url: string; auth: AuthNeed }>);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api') || isDocsRoute(route.url)) return;
    const need = declaredNeed(route.url, route.config);
    if (need !== 'public' && need !== 'user' && need !== 'admin') {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no config.auth ('public' | 'user' | 'admin')`,
      );
    }
    // Every /api route declares its answers (src/api/schemas): the web app's types and the OpenAPI come from them.
    if (!route.schema?.response)
      throw new Error(`route ${String(route.method)} ${route.url} declares no schema.response (see src/api/schemas)`);
    for (const method of [route.method].flat())
      if (method !== 'HEAD') app.apiRoutes.push({ method, url: route.url, auth: need });
  });

  await app.register(fastifyCookie, { secret: await cookieSecret(store, config) });
  const headers = securityHeaders(config, options.scriptHashes);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`too many requests: try again in ${Math.ceil(context.ttl / 1000)} s`) as Error & {
        statusCode: number;
      };
      error.statusCode = 429;
      return error;
    },
  });

  app.decorateRequest('csrfToken', undefined);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url;
    if (!url.startsWith('/api')) return;
    const routeUrl = request.routeOptions.url ?? '';
    const need: AuthNeed | undefined =
      declaredNeed(routeUrl, request.routeOptions.config) ?? (isDocsRoute(routeUrl) ? 'public' : undefined);
    const at = now();

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await resolveToken(store.db, match[1]!, at) : undefined;
      if (!actor) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        return fail(reply, 401, 'unauthorized', 'the API token is invalid, expired or revoked');
      }
      request.actor = actor;
    } else {
      const raw = request.cookies[SESSION_COOKIE];
      if (raw) {
        const unsigned = request.unsignCookie(raw);
        const session =
          unsigned.valid && unsigned.value ? await resolveSession(store.db, unsigned.value, at) : undefined;
        if (session) {
          request.actor = session.actor;
          request.csrfToken = session.csrfToken;
        } else {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
    }

    if (request.actor?.via === 'session' && !SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(routeUrl)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, request.csrfToken!)) {
        return fail(
          reply,
          403,
          'csrf',
          `a write with a session cookie needs the ${CSRF_HEADER} header from /api/auth/login or /api/auth/me`,
        );
      }
    }

    if (need === undefined || need === 'public') return; // unknown routes fall through to the 404 handler
    if (!request.actor)
      return fail(reply, 401, 'unauthorized', 'sign in first (POST /api/auth/login) or send an API token');
    if (need === 'admin' && !isAdmin(request.actor)) return fail(reply, 403, 'forbidden', 'this needs the admin role');
  });
}
