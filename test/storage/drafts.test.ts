/** Drafting a programme from text through the API, with the database's org units; the draft imports. */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { STORE_KINDS } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';
import { createUser, tokenFor } from '../helpers/auth.js';

import { existsSync } from 'node:fs';

// The shared texts sit beside the checkout (/work/shared next to /work/main), or one level further up from a worktree (/work/wt/<name>).
const SESSION_8 =
  ['../../../shared/', '../../../../shared/']
    .map((up) => new URL(`${up}data/programme-texts/vn-national-dx-committee-session-8.vi.txt`, import.meta.url))
    .find((url) => existsSync(url)) ??
  new URL('../../../shared/data/programme-texts/vn-national-dx-committee-session-8.vi.txt', import.meta.url);

describe.each(STORE_KINDS)('POST /api/drafts on %s', (kind) => {
  const t = appOnStore(kind);

  it('proposes the dead-zone task, its deadline and the numeric targets, with spans; the draft imports', async () => {
    const text = await readFile(SESSION_8, 'utf8');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/drafts',
      headers: { ...t.auth, 'content-type': 'text/plain' },
      payload: text,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.language).toBe('vi');
    const tasks = JSON.stringify(body.draft.nodes);
    expect(tasks).toContain('lõm sóng di động');
    const deadZones = body.items.find(
      (i: { type: string; text: string }) => i.type === 'task' && i.text.includes('lõm sóng'),
    );
    expect(text.slice(deadZones.span[0], deadZones.span[1])).toContain('lõm sóng');
    expect(body.targets.length).toBeGreaterThanOrEqual(3);
    expect(body.yaml).toContain('# span [');
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/programmes/import',
      headers: { ...t.auth, 'content-type': 'application/yaml' },
      payload: body.yaml,
    });
    expect(imported.statusCode, imported.body).toBe(201);
  });

  it('needs a signed-in user, and matches only the org units in the drafter’s scope', async () => {
    const text = await readFile(SESSION_8, 'utf8');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/drafts',
          headers: { 'content-type': 'text/plain' },
          payload: text,
        })
      ).statusCode,
    ).toBe(401);
    const all = (
      await t.app.inject({
        method: 'POST',
        url: '/api/drafts',
        headers: { ...t.auth, 'content-type': 'text/plain' },
        payload: text,
      })
    ).json();
    await createUser(t.store, 'drafter-hn', [{ role: 'secretariat', unit: 'VN-HN' }]);
    const hn = { authorization: `Bearer ${await tokenFor(t.store, 'drafter-hn')}` };
    const scoped = (
      await t.app.inject({
        method: 'POST',
        url: '/api/drafts',
        headers: { ...hn, 'content-type': 'text/plain' },
        payload: text,
      })
    ).json();
    const units = (draft: unknown) =>
      [...JSON.stringify(draft).matchAll(/"(?:lead|unit|under)":"([A-Z-]+[A-Z0-9-]*)"/g)].map((m) => m[1]);
    expect(units(all.draft).some((u) => !u!.startsWith('VN-HN'))).toBe(true);
    expect(units(scoped.draft).filter((u) => !u!.startsWith('VN-HN'))).toEqual([]);
  });

  it('answers bad input with a clear 400', async () => {
    const empty = await t.app.inject({ method: 'POST', url: '/api/drafts', headers: t.auth, payload: { text: '   ' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.problems[0].path).toBe('text');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/drafts',
      headers: t.auth,
      payload: { text: 'これは日本語の文章です。政策の文書ではありません。' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('unknown-language');
  });
});
