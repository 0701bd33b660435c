/** Sign-in with password or OpenID Connect, the current user, sign-out. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import * as oidc from 'openid-client';
import { checkPassword, createSession, endSession, userView, type NewSession } from '../../services/auth.js';
import { signInOidcUser } from '../../services/oidc-users.js';
import { UnauthorizedError } from '../../domain/errors.js';
import type { SecurityConfig } from '../../security-config.js';
import type { AppDeps } from '../context.js';
import { SESSION_COOKIE } from '../security.js';
import { authConfigSchema, signedOutSchema, signedInSchema } from '../schemas/auth.js';
import { redirectSchema, withErrors } from '../schemas/common.js';

const OIDC_COOKIE = 'mandate_oidc';

export const authRoutes =
  (deps: AppDeps, config: SecurityConfig): FastifyPluginAsyncZod =>
  async (app) => {
    const now = deps.now ?? (() => new Date());

    const setSessionCookie = (reply: FastifyReply, session: NewSession) => {
      reply.setCookie(SESSION_COOKIE, session.secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        signed: true,
        expires: session.expiresAt,
      });
    };

    app.get(
      '/auth/config',
      {
        config: { auth: 'public' },
        schema: {
          response: withErrors({ 200: authConfigSchema }),
          tags: ['auth'],
          summary: 'Which sign-in methods this server offers',
        },
      },
      async () => ({
        password: true,
        oidc: config.oidc ? { loginUrl: '/api/auth/oidc/login' } : null,
      }),
    );

    app.post(
      '/auth/login',
      {
        config: { auth: 'public', rateLimit: { max: config.login.max, timeWindow: config.login.timeWindowMs } },
        bodyLimit: 16 * 1024,
        schema: {
          tags: ['auth'],
          summary:
            'Sign in with username and password: sets the session cookie and returns the user and the CSRF token for writes',
          body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1024) }).strict(),
          response: withErrors({ 200: signedInSchema }),
        },
      },
      async (request, reply) => {
        const ctx = request.ctx;
        const user = await checkPassword(ctx.db, request.body.username, request.body.password, now(), request.ip);
        // A new sign-in replaces the browser's previous session (no session fixation, no orphans).
        const previous = request.cookies[SESSION_COOKIE]
          ? request.unsignCookie(request.cookies[SESSION_COOKIE])
          : undefined;
        if (previous?.valid && previous.value) await endSession(ctx.db, previous.value, now());
        const session = await createSession(ctx, user.id, config.sessionHours);
        setSessionCookie(reply, session);
        return { user: await userView(ctx.db, user.id), csrfToken: session.csrfToken };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user (401 when nobody is)',
          response: withErrors({ 200: signedInSchema }),
        },
      },
      async (request) => {
        const actor = request.actor!;
        if (actor.userId === undefined) throw new UnauthorizedError('not signed in');
        const view = await userView(deps.store.db, actor.userId);
        // A token sees only its own grants, not all of its user's.
        const grants = actor.via === 'token' ? (actor.grants ?? []) : view.grants;
        return { user: { ...view, grants }, csrfToken: request.csrfToken ?? null };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { auth: 'public' },
        schema: {
          response: withErrors({ 200: signedOutSchema }),
          tags: ['auth'],
          summary: 'Sign out: ends the session on the server and clears the cookie',
        },
      },
      async (request, reply) => {
        const raw = request.cookies[SESSION_COOKIE];
        if (raw) {
          const unsigned = request.unsignCookie(raw);
          if (unsigned.valid && unsigned.value) await endSession(deps.store.db, unsigned.value, now());
        }
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    const oidcConfig = config.oidc;
    if (!oidcConfig) return;
    let discovered: Promise<oidc.Configuration> | undefined;
    const client = () => {
      discovered ??= oidc
        .discovery(
          new URL(oidcConfig.issuer),
          oidcConfig.clientId,
          oidcConfig.clientSecret,
          undefined,
          oidcConfig.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          discovered = undefined;
          throw error;
        });
      return discovered;
    };

    app.get(
      '/auth/oidc/login',
      {
        config: { auth: 'public' },
        schema: {
          response: withErrors({ 302: redirectSchema }),
          tags: ['auth'],
          summary: 'Start OpenID Connect sign-in: redirects to the identity provider',
        },
      },
      async (_request, reply) => {
        const configuration = await client();
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const url = oidc.buildAuthorizationUrl(configuration, {
          redirect_uri: oidcConfig.redirectUri,
          scope: oidcConfig.scopes,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        reply.setCookie(OIDC_COOKIE, JSON.stringify({ verifier, state, nonce }), {
          path: '/api/auth/oidc',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.secureCookies,
          signed: true,
          maxAge: 600,
        });
        return reply.redirect(url.href, 302);
      },
    );

    app.get(
      '/auth/oidc/callback',
      {
        config: { auth: 'public' },
        schema: {
          response: withErrors({ 302: redirectSchema }),
          tags: ['auth'],
          summary: 'Where the identity provider returns: signs in and redirects to the web app',
        },
      },
      async (request, reply) => {
        const raw = request.cookies[OIDC_COOKIE];
        const unsigned = raw ? request.unsignCookie(raw) : undefined;
        if (!unsigned?.valid || !unsigned.value)
          throw new UnauthorizedError('the sign-in took too long or came from elsewhere: start again');
        reply.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
        const checks = JSON.parse(unsigned.value) as { verifier: string; state: string; nonce: string };
        const configuration = await client();
        const currentUrl = new URL(oidcConfig.redirectUri);
        currentUrl.search = new URL(request.url, 'http://x').search;
        let claims: Record<string, unknown>;
        try {
          const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
            pkceCodeVerifier: checks.verifier,
            expectedState: checks.state,
            expectedNonce: checks.nonce,
            idTokenExpected: true,
          });
          const idClaims = tokens.claims()!;
          const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
          claims = { ...info, ...idClaims };
        } catch (error) {
          request.log.warn({ err: error }, 'OIDC sign-in failed');
          throw new UnauthorizedError('the identity provider did not confirm the sign-in');
        }
        const ctx = request.ctx;
        const { userId } = await signInOidcUser(ctx, claims, oidcConfig);
        setSessionCookie(reply, await createSession(ctx, userId, config.sessionHours));
        return reply.redirect('/', 302);
      },
    );
  };
