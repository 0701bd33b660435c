/**
 * Sign-in and session attacks: wrong passwords, user enumeration, lock-out, login
 * rate limiting, forged / tampered / expired / revoked session cookies, CSRF on
 * cookie-authenticated writes, token forgery, expiry, revocation and escalation,
 * body size limits and security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { createUser, signIn, tokenFor } from '../helpers/auth.js';
import { buildApp } from '../../src/api/app.js';
import { installSecurity } from '../../src/api/security.js';
import { loadSecurityConfig } from '../../src/security-config.js';
import { systemContext } from '../../src/services/context.js';
import { revokeRole, setDisabled } from '../../src/services/users.js';

const PASSWORD = 'correct horse battery';

describe.each(STORE_KINDS)('sign-in and tokens on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let clock = new Date('2024-09-01T10:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    await createUser(
      store,
      'alice',
      [
        { role: 'reporter', unit: 'VN-HN' },
        { role: 'viewer', unit: 'VN' },
      ],
      PASSWORD,
    );
    await createUser(store, 'bob', [{ role: 'secretariat', unit: 'VN-HN' }], PASSWORD);
    await createUser(store, 'carol', [{ role: 'viewer', unit: 'VN-DN' }], PASSWORD);
    app = await buildApp({
      store,
      now,
      webRoot: '/nonexistent',
      security: { ...loadSecurityConfig({}), login: { max: 8, timeWindowMs: 60_000 }, bodyLimit: 64 * 1024 },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('signs in with a password: HttpOnly SameSite signed cookie, user and CSRF token; me; sign-out ends the session on the server', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Alice', password: PASSWORD },
      remoteAddress: '10.0.0.1',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      user: {
        username: 'alice',
        name: 'alice',
        grants: [
          { role: 'reporter', unit: 'VN-HN', unitPath: expect.stringMatching(/^\/\d+\/\d+\/$/) },
          { role: 'viewer', unit: 'VN', unitPath: expect.stringMatching(/^\/\d+\/$/) },
        ],
      },
      csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
    });
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toMatch(/mandate_session=[^;]+\.[^;]+;/); // value.signature
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Expires=/);
    const cookie = `mandate_session=${r.cookies[0]!.value}`;
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { username: 'alice' }, csrfToken: r.json().csrfToken });
    // The stored session id is a hash: the cookie value appears nowhere in the database.
    const stored = await store.db.selectFrom('sessions').select('id_hash').execute();
    expect(stored.some((x) => r.cookies[0]!.value.includes(x.id_hash))).toBe(false);
    // Signing in again from the same browser replaces the session.
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
      headers: { cookie },
      remoteAddress: '10.0.0.1',
    });
    expect(again.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const cookie2 = `mandate_session=${again.cookies[0]!.value}`;
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie2 } });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/mandate_session=;/);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: cookie2 } })).statusCode).toBe(401);
  });

  it('rejects forged, tampered and expired session cookies', async () => {
    const { cookie } = await signIn(app, 'carol', PASSWORD);
    const value = cookie.slice('mandate_session='.length);
    const [secret] = value.split('.');
    expect(
      (await app.inject({ url: '/api/programmes', headers: { cookie: `mandate_session=${secret}` } })).statusCode,
    ).toBe(401); // unsigned
    expect(
      (
        await app.inject({
          url: '/api/programmes',
          headers: { cookie: `mandate_session=${secret}x.${value.split('.')[1]}` },
        })
      ).statusCode,
    ).toBe(401); // bad signature
    expect(
      (await app.inject({ url: '/api/programmes', headers: { cookie: 'mandate_session=AAAA.BBBB' } })).statusCode,
    ).toBe(401);
    expect((await app.inject({ url: '/api/programmes', headers: { cookie } })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 9 * 3_600_000); // sessions last 8 hours
    try {
      expect((await app.inject({ url: '/api/programmes', headers: { cookie } })).statusCode).toBe(401);
    } finally {
      clock = new Date('2024-09-01T10:00:00Z');
    }
  });

  it('needs the CSRF token for writes with a session cookie, not for reads', async () => {
    const { cookie, csrf } = await signIn(app, 'bob', PASSWORD);
    const patch = (headers: Record<string, string>) =>
      app.inject({
        method: 'PATCH',
        url: '/api/org-units/VN-HN-C2',
        headers: { cookie, ...headers },
        payload: { aliases: ['x'] },
      });
    expect((await app.inject({ url: '/api/org-units/VN-HN-C2', headers: { cookie } })).statusCode).toBe(200);
    const none = await patch({});
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('csrf');
    expect((await patch({ 'x-csrf-token': 'guess' })).statusCode).toBe(403);
    const other = await signIn(app, 'carol', PASSWORD); // someone else's token
    expect((await patch({ 'x-csrf-token': other.csrf })).statusCode).toBe(403);
    expect((await patch({ 'x-csrf-token': csrf })).statusCode).toBe(200);
    // A cross-site form post (text/plain) carries no header either.
    const form = await app.inject({
      method: 'POST',
      url: '/api/assignments/1/reports',
      headers: { cookie, 'content-type': 'text/plain' },
      payload: '{"period":"2024M08"}',
    });
    expect(form.statusCode).toBe(403);
  });

  it('refuses a cross-site form sign-in (login CSRF): only JSON bodies are accepted', async () => {
    const form = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: 'alice', password: PASSWORD }),
      remoteAddress: '10.3.3.3',
    });
    expect(form.statusCode).toBe(400);
    expect(form.cookies).toHaveLength(0);
    const urlencoded = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=alice&password=${encodeURIComponent(PASSWORD)}`,
      remoteAddress: '10.3.3.3',
    });
    expect(urlencoded.statusCode).toBe(415);
    expect(urlencoded.cookies).toHaveLength(0);
  });

  it('answers wrong passwords and unknown users alike, also once locked; locks the attacker out, not the owner', async () => {
    // Its own app with a lenient per-address rate limit, so only the lock-out answers 429 here.
    const lenient = await buildApp({
      store,
      now,
      webRoot: '/nonexistent',
      security: { ...loadSecurityConfig({}), login: { max: 100, timeWindowMs: 60_000 } },
    });
    const before = await store.db
      .selectFrom('security_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const login = (username: string, password: string, remoteAddress: string) =>
      lenient.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
    const wrong = await login('carol', 'nope nope nope', '10.0.0.2');
    const unknown = await login('nobody-here', 'nope nope nope', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    // Five failures from one address lock that (account, address) pair — for a real and an unknown account alike.
    for (let i = 0; i < 3; i++) await login('carol', `wrong ${i} password`, '10.0.0.2');
    for (let i = 0; i < 4; i++) await login('nobody-here', `wrong ${i} password`, '10.0.0.2');
    const lockedReal = await login('carol', 'still wrong!', '10.0.0.2');
    const lockedUnknown = await login('nobody-here', 'still wrong!', '10.0.0.2');
    expect(lockedReal.statusCode).toBe(429);
    expect(lockedUnknown.statusCode).toBe(429);
    expect(lockedUnknown.json()).toEqual(lockedReal.json());
    expect(lockedReal.headers['retry-after']).toBe('900');
    expect(lockedUnknown.headers['retry-after']).toBe('900');
    // Locked: even the right password is refused from the attacking address …
    const right = await login('carol', PASSWORD, '10.0.0.2');
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('too_many_requests');
    // … but the owner, from her own address, signs in.
    expect((await login('carol', PASSWORD, '10.1.1.3')).statusCode).toBe(200);
    // Back-off: the next lock of the same pair lasts twice as long.
    clock = new Date(clock.getTime() + 16 * 60_000);
    try {
      for (let i = 0; i < 4; i++) expect((await login('carol', `again ${i} wrong`, '10.0.0.2')).statusCode).toBe(401);
      const second = await login('carol', 'again 5 wrong', '10.0.0.2');
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBe('1800');
      // Every outcome is in the security log.
      const events = await store.db
        .selectFrom('security_log')
        .select(['event', 'address'])
        .where('username', '=', 'carol')
        .where('id', '>', Number(before?.id ?? 0))
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.event)).toEqual([
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_locked',
        'sign_in_locked',
        'sign_in',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_failed',
        'sign_in_locked',
      ]);
      expect(events[6]!.address).toBe('10.1.1.3');
    } finally {
      clock = new Date('2024-09-01T10:00:00Z');
      await lenient.close();
    }
  });

  it('behind a proxy counts the address the proxy saw, not the X-Forwarded-For entries a client makes up', async () => {
    const behindProxy = await buildApp({
      store,
      now,
      webRoot: '/nonexistent',
      security: { ...loadSecurityConfig({ MANDATE_TRUST_PROXY: '1' }), login: { max: 8, timeWindowMs: 60_000 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await behindProxy.inject({
          method: 'POST',
          url: '/api/auth/login',
          // The client makes up the first entry; the proxy (10.0.0.9) appends the address it saw.
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
          payload: { username: `spoof${i}`, password: 'whatever1234' },
          remoteAddress: '10.0.0.9',
        });
        statuses.push(r.statusCode);
      }
      expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(8)).toEqual([429, 429, 429, 429]);
      const log = await store.db
        .selectFrom('security_log')
        .select('address')
        .where('username', '=', 'spoof0')
        .execute();
      expect(log.map((l) => l.address)).toEqual(['203.0.113.7']);
    } finally {
      await behindProxy.close();
    }
    expect(() => loadSecurityConfig({ MANDATE_TRUST_PROXY: 'true' })).toThrow(/number of proxies/);
    expect(() => loadSecurityConfig({ MANDATE_TRUST_PROXY: 'evil.example' })).toThrow(/not an address/);
    expect(loadSecurityConfig({ MANDATE_TRUST_PROXY: '10.0.0.5, 10.0.1.0/24' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.0.1.0/24',
    ]);
  });

  it('rate-limits sign-in attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (
          await app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: `x${i}`, password: 'whatever1234' },
            remoteAddress: '10.9.9.9',
          })
        ).statusCode,
      );
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    const limited = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'alice', password: PASSWORD },
      remoteAddress: '10.9.9.9',
    });
    expect(limited.json()).toEqual({
      error: { code: 'too_many_requests', message: expect.stringMatching(/too many requests/) },
    });
  });

  it('API tokens: shown once, stored hashed, scoped within the user’s grants, expire, revocable, cannot mint tokens', async () => {
    const { cookie, csrf } = await signIn(app, 'alice', PASSWORD);
    const create = (payload: unknown) =>
      app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: payload as object,
      });
    // Escalation attempts: a role or a unit outside one's own grants.
    expect((await create({ name: 'x', grants: [{ role: 'secretariat', unit: 'VN-HN' }] })).statusCode).toBe(400);
    expect((await create({ name: 'x', grants: [{ role: 'reporter', unit: 'VN' }] })).statusCode).toBe(400);
    expect((await create({ name: 'x', grants: [{ role: 'admin' }] })).statusCode).toBe(400);
    expect((await create({ name: 'x', expiresInDays: 5000 })).statusCode).toBe(400);
    const made = await create({
      name: 'provincial import',
      expiresInDays: 7,
      grants: [{ role: 'reporter', unit: 'VN-HN-C1' }],
    });
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json();
    expect(token).toMatch(/^mdt_[\w-]{43}$/);
    const rows = await store.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await app.inject({ url: '/api/tokens', headers: { cookie } })).body).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ url: '/api/auth/me', headers: bearer });
    expect(me.json().user.grants).toMatchObject([{ role: 'reporter', unit: 'VN-HN-C1' }]);
    // The token's scope is narrower than its user's: VN-HN-C2 is out of it.
    expect((await app.inject({ url: '/api/org-units/VN-HN-C1', headers: bearer })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/org-units/VN-HN-C2', headers: bearer })).statusCode).toBe(404);
    // No CSRF needed for tokens; tokens cannot mint tokens.
    expect(
      (await app.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'child' } }))
        .statusCode,
    ).toBe(403);
    // Forged tokens.
    for (const forged of [`${token}x`, token.slice(0, -1), 'mdt_', 'abc', `Basic ${token}`]) {
      const r = await app.inject({
        url: '/api/programmes',
        headers: { authorization: forged.startsWith('Basic') ? forged : `Bearer ${forged}` },
      });
      expect(r.statusCode).toBe(401);
    }
    // Expiry.
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    try {
      expect((await app.inject({ url: '/api/programmes', headers: bearer })).statusCode).toBe(401);
    } finally {
      clock = new Date('2024-09-01T10:00:00Z');
    }
    // Revocation by someone else is "not found"; by the owner it works at once.
    const bobSession = await signIn(app, 'bob', PASSWORD);
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: `/api/tokens/${id}`,
          headers: { cookie: bobSession.cookie, 'x-csrf-token': bobSession.csrf },
        })
      ).statusCode,
    ).toBe(404);
    expect((await app.inject({ url: '/api/programmes', headers: bearer })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: { cookie, 'x-csrf-token': csrf } }))
        .statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/programmes', headers: bearer })).statusCode).toBe(401);
  });

  it('a token narrows at once when its user loses the grant', async () => {
    const token = await tokenFor(store, 'bob', undefined, now);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/org-units/VN-HN', headers: bearer })).statusCode).toBe(200);
    await revokeRole(systemContext(store.db), 'bob', 'secretariat', 'VN-HN');
    expect((await app.inject({ url: '/api/org-units/VN-HN', headers: bearer })).statusCode).toBe(404);
  });

  it('a resolved token is kept for a moment, yet disabling its user stops it at once', async () => {
    const token = await tokenFor(store, 'alice', undefined, now);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/programmes', headers: bearer })).statusCode).toBe(200);
    await setDisabled(systemContext(store.db), 'alice', true);
    try {
      expect((await app.inject({ url: '/api/programmes', headers: bearer })).statusCode).toBe(401);
    } finally {
      await setDisabled(systemContext(store.db), 'alice', false);
    }
  });

  it('limits body size (413) and sends security headers with a strict CSP', async () => {
    const token = await tokenFor(store, 'alice', undefined, now);
    const big = await app.inject({
      method: 'POST',
      url: '/api/assignments/1/reports',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ narrative: 'x'.repeat(100_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ error: { code: 'too_large', message: expect.any(String) } });
    const h = (await app.inject({ url: '/api/health' })).headers;
    const csp = String(h['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('SAMEORIGIN');
    expect(h['referrer-policy']).toBe('no-referrer');
    // Pagination caps.
    expect(
      (
        await app.inject({
          url: '/api/supervision/overdue?limit=100000',
          headers: { authorization: `Bearer ${token}` },
        })
      ).statusCode,
    ).toBe(400);
  });

  it('refuses to start with a route that declares no access rule; /api/public/ routes are public by convention', async () => {
    const open = Fastify();
    await installSecurity(open, { store, config: loadSecurityConfig({}), now });
    const response = { 200: { type: 'object', properties: { approved: { type: 'boolean' } } } };
    open.get('/api/public/figures', { schema: { response } }, async () => ({ approved: true }));
    open.get('/api/public/drafts', { config: { auth: 'user' }, schema: { response } }, async () => ({ draft: true }));
    await open.ready();
    expect((await open.inject({ url: '/api/public/figures' })).statusCode).toBe(200);
    expect((await open.inject({ url: '/api/public/drafts' })).statusCode).toBe(401);
    await open.close();
    const bare = Fastify();
    await installSecurity(bare, { store, config: loadSecurityConfig({}), now });
    await expect(
      (async () => {
        bare.get('/api/forgotten', async () => ({ secret: true }));
        await bare.ready();
      })(),
    ).rejects.toThrow(/declares no config.auth/);
    await bare.close().catch(() => {});
    // …and one that declares no response schema (src/api/schemas) does not start either.
    const unanswered = Fastify();
    await installSecurity(unanswered, { store, config: loadSecurityConfig({}), now });
    await expect(
      (async () => {
        unanswered.get('/api/undocumented', { config: { auth: 'user' } }, async () => ({ secret: true }));
        await unanswered.ready();
      })(),
    ).rejects.toThrow(/declares no schema.response/);
    await unanswered.close().catch(() => {});
  });
});
