/**
 * How the server sends the web app (issue 17): the build's brotli / gzip copies as they are,
 * hashed files cached for a year as immutable, the entry page for five minutes, the service
 * worker revalidated on every load, and API answers compressed on the fly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { buildApp, ENTRY_PAGE_MAX_AGE_S, webCacheControl } from '../../src/api/app.js';
import { openStore, type Store } from '../../src/db/connect.js';

/** The first screen's script is inline in the entry page (vite.config.ts), allowed by its hash. */
const INLINE = 'document.body.dataset.first = "drawn";';
const SCRIPT = `export const app = ${JSON.stringify('x'.repeat(4000))};\n`;
let root: string;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'mandate-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), `<!doctype html><title>Mandate</title><script>${INLINE}</script>`);
  writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(root, 'assets/index-AbC123.js'), SCRIPT);
  writeFileSync(join(root, 'assets/index-AbC123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(root, 'assets/index-AbC123.js.gz'), gzipSync(SCRIPT));
  store = await openStore({});
  app = await buildApp({ store, webRoot: root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('web assets', () => {
  it('sends the brotli copy of a hashed file, cached for a year as immutable', async () => {
    const r = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(r.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(r.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client without brotli, and the file itself to one without either', async () => {
    const gz = await app.inject({ url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await app.inject({ url: '/assets/index-AbC123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.payload).toBe(SCRIPT);
  });

  it('keeps the entry page (also for client-side routes) five minutes, revalidates the service worker on every load', async () => {
    for (const url of ['/', '/index.html', '/my-work', '/assignments/12']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe(`max-age=${ENTRY_PAGE_MAX_AGE_S}`);
    }
    expect(ENTRY_PAGE_MAX_AGE_S).toBeLessThanOrEqual(600);
    const sw = await app.inject({ url: '/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(webCacheControl('/srv/web/dist/assets/x-1.css')).toContain('immutable');
    expect(webCacheControl('/srv/web/dist/manifest-vi.webmanifest')).toBe('no-cache');
  });

  it('answers 404 for a built file that is not there (a replaced release), not with the entry page', async () => {
    const r = await app.inject({ url: '/assets/boot-Old123.js' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).not.toMatch(/html/);
  });

  it("allows the entry page's inline script by its hash, and no other inline script", async () => {
    const csp = (await app.inject({ url: '/my-work' })).headers['content-security-policy'] as string;
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
    const hash = createHash('sha256').update(INLINE).digest('base64');
    expect(scriptSrc).toBe(`'self' 'sha256-${hash}'`);
  });

  it('compresses API answers on the fly', async () => {
    const r = await app.inject({ url: '/api/docs/json', headers: { 'accept-encoding': 'br' } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(r.rawPayload).toString())).toHaveProperty('openapi');
  });
});
