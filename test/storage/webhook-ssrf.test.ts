/**
 * Webhooks cannot be pointed at the server's own network (issue 15 item 7): loopback,
 * private, link-local and unspecified addresses are refused when saved — in every
 * spelling — and again at connect time, so a name that resolves to loopback later
 * (DNS rebinding) is not called either. Only loopback traffic is sent by this test.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { postWebhook, refusedAddress, webhookAllowList } from '../../src/services/notifications/webhook-guard.js';

describe('webhook address guard', () => {
  const none = webhookAllowList({});
  it('refuses loopback, private, link-local, CGNAT, unspecified and IPv4-mapped forms; allows public ones', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '0.0.0.0',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      expect(refusedAddress(address, none), address).toMatch(/loopback, private/);
    for (const address of ['203.0.113.10', '8.8.8.8', '2001:db8::1'])
      expect(refusedAddress(address, none)).toBeUndefined();
    const allow = webhookAllowList({ MANDATE_WEBHOOK_ALLOW: '127.0.0.1, 10.20.0.0/16' });
    expect(refusedAddress('127.0.0.1', allow)).toBeUndefined();
    expect(refusedAddress('10.20.3.4', allow)).toBeUndefined();
    expect(refusedAddress('10.21.0.1', allow)).toMatch(/private/);
    expect(() => webhookAllowList({ MANDATE_WEBHOOK_ALLOW: 'intranet' })).toThrow(/not an address/);
  });

  it('refuses at connect time a host name that resolves to loopback: the receiver gets nothing', async () => {
    let hits = 0;
    const receiver: Server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    try {
      await expect(postWebhook(`http://localhost:${port}/hook`, '{}', {}, 2000, none)).rejects.toThrow(/refused/);
      await expect(postWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, 2000, none)).rejects.toThrow(/refused/);
      expect(hits).toBe(0);
      // Allowed explicitly, the same receiver is called.
      const allow = webhookAllowList({ MANDATE_WEBHOOK_ALLOW: '127.0.0.1,::1' });
      expect(await postWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, 2000, allow)).toBe(200);
      expect(hits).toBe(1);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe.each(STORE_KINDS)('webhook URLs over the API on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let headers: Record<string, string> = {};

  beforeAll(async () => {
    delete process.env.MANDATE_WEBHOOK_ALLOW;
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store);
    await createUser(store, 'hook-admin', [{ role: 'admin' }]);
    headers = { authorization: `Bearer ${await tokenFor(store, 'hook-admin')}` };
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('answers 400 naming the url for every internal spelling, and stores nothing', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://0.0.0.0:5432/',
      'http://2130706433/',
      'http://0x7f000001/',
      'http://[::1]:22/',
      'http://localhost:8080/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[::ffff:127.0.0.1]/',
      'ftp://example.org/',
    ]) {
      const r = await app.inject({
        headers,
        method: 'POST',
        url: '/api/notifications/webhooks',
        payload: { programme: 'VN-NDX-TEST', url, secret: 'sixteen-chars-secret!' },
      });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.problems[0].path, url).toMatch(/url/);
    }
    const hooks = await app.inject({ headers, url: '/api/notifications/webhooks' });
    expect(hooks.json().items).toEqual([]);
  });
});
