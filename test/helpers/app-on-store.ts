/**
 * "The app on a store" for API tests: a fresh store of the kind, the fixture loaded, the
 * app built (today 2024-09-01 unless `now` says otherwise) and an admin's headers (a token
 * minted on that clock) —
 * made in beforeAll, closed in afterAll. Read the fields inside tests (they are set once
 * beforeAll has run); `get` and `send` answer status, JSON body and headers.
 */
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { StoreKind } from '../../src/db/connect.js';
import { createTestStore, type TestStore } from './stores.js';
import { loadFixtures, testApp } from './app.js';
import { adminHeaders } from './auth.js';

export interface AppOnStore {
  store: TestStore;
  app: FastifyInstance;
  /** An admin's headers. */
  auth: Record<string, string>;
  get(url: string): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  send(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
}

export function appOnStore(kind: StoreKind, options: { fixtures?: boolean; now?: () => Date } = {}): AppOnStore {
  const self = {} as AppOnStore;
  const json = (r: { statusCode: number; body: string; json(): unknown; headers: Record<string, unknown> }) => ({
    status: r.statusCode,
    body: r.body ? (r.json() as any) : undefined,
    headers: r.headers,
  });
  self.get = async (url) => json(await self.app.inject({ url, headers: self.auth }));
  self.send = async (method, url, payload, headers = {}) =>
    json(await self.app.inject({ method, url, payload: payload as object, headers: { ...self.auth, ...headers } }));
  beforeAll(async () => {
    self.store = await createTestStore(kind);
    if (options.fixtures ?? true) await loadFixtures(self.store);
    self.app = await testApp(self.store, options.now);
    self.auth = await adminHeaders(self.store, 'test-admin', options.now);
  });
  afterAll(async () => {
    await self.app?.close();
    await self.store?.close();
  });
  return self;
}
