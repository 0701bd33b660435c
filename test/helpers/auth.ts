/** Users, tokens and sessions for API tests. */
import type { FastifyInstance } from 'fastify';
import { systemContext } from '../../src/services/context.js';
import type { Role } from '../../src/domain/actor.js';
import { addUser, createToken } from '../../src/services/users.js';
import type { TestStore } from './stores.js';

export type GrantSpec = { role: Role; unit?: string | null };

/** Creates a user (no password unless given) with the grants. */
export async function createUser(
  store: TestStore,
  username: string,
  grants: GrantSpec[],
  password?: string,
): Promise<void> {
  await addUser(systemContext(store.db), { username, password, grants });
}

/** An API token for the user (all of their grants unless narrowed). */
export async function tokenFor(
  store: TestStore,
  username: string,
  grants?: GrantSpec[],
  now = () => new Date('2024-09-01T10:00:00Z'),
): Promise<string> {
  const created = await createToken(
    { ...systemContext(store.db, now) },
    { name: 'test', expiresInDays: 30, ...(grants ? { grants } : {}) },
    username,
  );
  return created.token;
}

/** Headers that authenticate as a fresh admin (a Bearer token): use on every request of a test that is not about security. */
export async function adminHeaders(
  store: TestStore,
  username = 'test-admin',
  now?: () => Date,
): Promise<Record<string, string>> {
  await createUser(store, username, [{ role: 'admin' }]);
  return { authorization: `Bearer ${await tokenFor(store, username, undefined, now)}` };
}

/** Signs in with the password: the cookie header and the CSRF token for writes. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string; status: number; body: any }> {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const set = r.cookies.find((c) => c.name === 'mandate_session');
  return {
    cookie: set ? `mandate_session=${set.value}` : '',
    csrf: r.json()?.csrfToken ?? '',
    status: r.statusCode,
    body: r.json(),
  };
}
