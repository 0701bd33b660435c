/**
 * OpenID Connect sign-in end to end against a real provider (oidc-provider) on
 * loopback: the browser's redirects are followed by hand, the provider's own login
 * and consent forms are submitted, and our callback exchanges the code (PKCE, state,
 * nonce) over real HTTP. Claims map to a user and scoped grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { createUser } from '../helpers/auth.js';
import { buildApp } from '../../src/api/app.js';
import { loadSecurityConfig } from '../../src/security-config.js';

const REDIRECT = 'http://mandate.test/api/auth/oidc/callback';
const accounts = new Map<string, Record<string, unknown>>();

async function startProvider(): Promise<{ server: Server; issuer: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'mandate',
        client_secret: 'mandate-test-secret',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'mandate_grants'] },
    cookies: { keys: ['test-cookie-key'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...accounts.get(id) }) }),
  });
  server.on('request', provider.callback());
  return { server, issuer };
}

/** A minimal browser: follows redirects within the provider, keeps its cookies, submits its forms. */
class Browser {
  private cookies = new Map<string, string>();
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  /** Follows redirects until one leaves the provider (to Mandate's callback) or a page is shown. */
  async follow(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: string; page?: string }> {
    let res = await this.request(url, init);
    let current = url;
    while (res.status >= 300 && res.status < 400) {
      current = new URL(res.headers.get('location')!, current).href;
      if (current.startsWith(REDIRECT)) return { url: current };
      res = await this.request(current);
    }
    return { url: current, page: await res.text() };
  }
}

function formAction(page: string, base: string): string {
  const m = /<form[^>]*action="([^"]+)"/.exec(page);
  if (!m) throw new Error(`no form in ${page.slice(0, 200)}`);
  return new URL(m[1]!.replace(/&amp;/g, '&'), base).href;
}

describe.each(STORE_KINDS)('OpenID Connect sign-in on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let provider: { server: Server; issuer: string };

  beforeAll(async () => {
    provider = await startProvider();
    store = await createTestStore(kind);
    await loadFixtures(store);
    await createUser(store, 'alice', [{ role: 'viewer', unit: 'VN' }], 'local password 123');
    const security = loadSecurityConfig({
      MANDATE_OIDC_ISSUER: provider.issuer,
      MANDATE_OIDC_CLIENT_ID: 'mandate',
      MANDATE_OIDC_CLIENT_SECRET: 'mandate-test-secret',
      MANDATE_OIDC_REDIRECT_URI: REDIRECT,
      MANDATE_OIDC_UNIT_MAP: JSON.stringify({ 'HANOI-DX': 'VN-HN' }),
      MANDATE_OIDC_ALLOW_HTTP: '1',
    });
    app = await buildApp({ store, webRoot: '/nonexistent', security });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await new Promise((resolve) => provider?.server.close(resolve));
  });

  /** The whole dance; returns Mandate's callback response. */
  async function signInAs(accountId: string, tamper?: (callback: URL) => void, dropCookie = false) {
    const start = await app.inject({ url: '/api/auth/oidc/login' });
    expect(start.statusCode).toBe(302);
    const oidcCookie = start.cookies.find((c) => c.name === 'mandate_oidc')!;
    expect(start.headers.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`));
    expect(start.headers.location).toContain('code_challenge_method=S256');
    const browser = new Browser();
    let step = await browser.follow(start.headers.location as string);
    for (let i = 0; i < 4 && step.page; i++) {
      const isLogin = step.page.includes('name="login"');
      step = await browser.follow(formAction(step.page, step.url), {
        method: 'POST',
        form: isLogin ? { prompt: 'login', login: accountId, password: 'any' } : { prompt: 'consent' },
      });
    }
    const callback = new URL(step.url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    tamper?.(callback);
    return app.inject({
      url: `${callback.pathname}${callback.search}`,
      headers: dropCookie ? {} : { cookie: `mandate_oidc=${oidcCookie.value}` },
    });
  }

  it('signs in through the provider; claims become a user with grants mapped to org units', async () => {
    accounts.set('officer-1', {
      preferred_username: 'hn.officer',
      name: 'Nguyễn Văn A',
      mandate_grants: ['reporter:HANOI-DX', 'viewer:VN-HN-C1', 'admin', 'viewer:NO-SUCH-UNIT'],
    });
    const done = await signInAs('officer-1');
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/');
    const session = done.cookies.find((c) => c.name === 'mandate_session')!;
    expect(session.httpOnly).toBe(true);
    const cookie = `mandate_session=${session.value}`;
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
    // admin is not accepted from the provider unless allowed; unknown units are dropped
    expect(me.json().user).toEqual({
      username: 'hn.officer',
      name: 'Nguyễn Văn A',
      grants: [
        { role: 'reporter', unit: 'VN-HN', unitPath: expect.stringMatching(/^\/\d+\/\d+\/$/) },
        { role: 'viewer', unit: 'VN-HN-C1', unitPath: expect.stringMatching(/^\/\d+\/\d+\/\d+\/$/) },
      ],
    });
    expect((await app.inject({ url: '/api/org-units/VN-HN-C2', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/org-units/VN-HP', headers: { cookie } })).statusCode).toBe(404);

    // The provider is authoritative: the next sign-in replaces the grants.
    accounts.set('officer-1', {
      preferred_username: 'hn.officer',
      name: 'Nguyễn Văn A',
      mandate_grants: ['viewer:VN-DN'],
    });
    const again = await signInAs('officer-1');
    const me2 = await app.inject({
      url: '/api/auth/me',
      headers: { cookie: `mandate_session=${again.cookies.find((c) => c.name === 'mandate_session')!.value}` },
    });
    expect(me2.json().user.grants).toMatchObject([{ role: 'viewer', unit: 'VN-DN' }]);
    const users = await store.db
      .selectFrom('users')
      .select(['username', 'oidc_subject', 'password_hash'])
      .where('username', '=', 'hn.officer')
      .execute();
    expect(users).toEqual([
      { username: 'hn.officer', oidc_subject: `${provider.issuer}#officer-1`, password_hash: null },
    ]);
  });

  it('refuses a forged state, a missing state cookie, a replayed code, an identity without roles and a takeover of a local account', async () => {
    accounts.set('officer-2', { preferred_username: 'dn.officer', mandate_grants: ['viewer:VN-DN'] });
    const forged = await signInAs('officer-2', (u) => u.searchParams.set('state', 'forged'));
    expect(forged.statusCode).toBe(401);
    expect(forged.cookies.find((c) => c.name === 'mandate_session')).toBeUndefined();
    expect((await signInAs('officer-2', undefined, true)).statusCode).toBe(401);
    let captured: URL | undefined;
    const ok = await signInAs('officer-2', (u) => (captured = new URL(u)));
    expect(ok.statusCode).toBe(302);
    // Replaying the same callback (same code) with the same state cookie fails: the code is single-use.
    const start = await app.inject({ url: '/api/auth/oidc/login' });
    const replay = await app.inject({
      url: `${captured!.pathname}${captured!.search}`,
      headers: { cookie: `mandate_oidc=${start.cookies[0]!.value}` },
    });
    expect(replay.statusCode).toBe(401);

    accounts.set('nobody-1', { preferred_username: 'no.roles', mandate_grants: ['viewer:UNKNOWN'] });
    const noRoles = await signInAs('nobody-1');
    expect(noRoles.statusCode).toBe(403);
    accounts.set('mallory', { preferred_username: 'alice', mandate_grants: ['viewer:VN-DN'] });
    const takeover = await signInAs('mallory');
    expect(takeover.statusCode).toBe(403);
    expect(takeover.json().error.message).toMatch(/local account/);
  });
});
