/**
 * POST /api/drafts cannot freeze the server (issue 15 item 1): extraction runs in a worker
 * thread with time and memory budgets, texts are capped, items per kind are capped, and
 * each user has one draft at a time. The server keeps answering while a draft is read.
 * (The extractor does not depend on the store, so this runs on PGlite only.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { configureDrafting, draftLimitsFrom, MAX_API_TEXT_LENGTH } from '../../src/services/drafter.js';
import { MAX_ITEMS } from '../../src/extract/index.js';

describe('draft limits', () => {
  let store: TestStore;
  let app: FastifyInstance;
  let viewer: Record<string, string>;
  let other: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    await loadFixtures(store);
    app = await testApp(store);
    await createUser(store, 'draft-viewer', [{ role: 'viewer', unit: 'VN' }]);
    await createUser(store, 'draft-other', [{ role: 'viewer', unit: 'VN' }]);
    viewer = { authorization: `Bearer ${await tokenFor(store, 'draft-viewer')}`, 'content-type': 'text/plain' };
    other = { authorization: `Bearer ${await tokenFor(store, 'draft-other')}`, 'content-type': 'text/plain' };
  });
  afterAll(async () => {
    await configureDrafting(draftLimitsFrom({}));
    await app?.close();
    await store?.close();
  });

  const draft = (headers: Record<string, string>, payload: string) =>
    app.inject({ method: 'POST', url: '/api/drafts', headers, payload });

  it('reads a hostile text in a worker: the server answers meanwhile, targets are capped, the answer stays small', async () => {
    const hostile = '5% '.repeat(90_000); // 270,000 characters, one "target" every 3
    let finished = false;
    const pending = app
      .inject({
        method: 'POST',
        url: '/api/drafts',
        headers: { ...viewer, 'content-type': 'application/json' },
        payload: { text: hostile, language: 'en' },
      })
      .finally(() => (finished = true));
    // The event loop is free: health answers while the draft is still being read.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(finished).toBe(false);
    const response = await pending;
    expect([200, 422]).toContain(response.statusCode);
    if (response.statusCode === 200) {
      const body = response.json();
      expect(body.targets.length).toBeLessThanOrEqual(MAX_ITEMS.targets);
      expect(body.warnings.map((w: { code: string }) => w.code)).toContain('too-many-items');
      expect(response.body.length).toBeLessThan(20_000_000);
    }
  });

  it('refuses a text over the API cap with 413, and a second draft of the same user at once with 429', async () => {
    const tooLong = await draft(viewer, 'x'.repeat(MAX_API_TEXT_LENGTH + 1));
    expect(tooLong.statusCode).toBe(413);
    expect(tooLong.json().error.message).toMatch(/at most 300000/);
    const text = 'Bộ Thông tin và Truyền thông chủ trì xóa vùng lõm sóng trước tháng 12/2024. '.repeat(2000);
    const [first, second] = await Promise.all([draft(viewer, text), draft(viewer, text)]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 429]);
    // Another user is not held up by the first one's limit.
    expect((await draft(other, text)).statusCode).toBe(200);
  });

  it('stops a draft over its time budget (422) and one over its memory budget (422); the server lives on', async () => {
    await configureDrafting({ timeoutMs: 30 });
    const slow = await draft(viewer, 'top 30 '.repeat(40_000));
    expect(slow.statusCode).toBe(422);
    expect(slow.json().error.message).toMatch(/took longer than/);
    // A worker held to 4 MB either dies of it or collects garbage until its time is up: either is a 422.
    await configureDrafting({ timeoutMs: 15_000, memoryMb: 4 });
    const hungry = await draft(viewer, '12/53 '.repeat(45_000));
    expect(hungry.statusCode).toBe(422);
    expect(hungry.json().error.message).toMatch(/more memory|took longer/);
    await configureDrafting(draftLimitsFrom({}));
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await draft(viewer, 'Bộ Công an chủ trì bảo đảm an ninh mạng trước năm 2025.')).statusCode).toBe(200);
  });
});
