/**
 * The public open-data view: nothing unpublished and nothing unapproved leaks —
 * through the JSON API, the downloads or the pages — and answers are cacheable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { leafAssignments } from '../helpers/assignments.js';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { adminHeaders } from '../helpers/auth.js';
import { systemContext } from '../../src/services/context.js';
import { reviewReport, submitReport } from '../../src/services/progress-reports.js';
import { rollup } from '../../src/services/supervision.js';

const SECRET = 'SECRET-NARRATIVE-7f3a';

/** Nobody reviews their own submission (the system submits these): another actor reviews. */
const reviewer = <T extends { actor: unknown }>(ctx: T): T => ({ ...ctx, actor: { name: 'reviewer' } });
describe.each(STORE_KINDS)('public open data on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let headers: Record<string, string> = {};
  const now = () => new Date('2024-09-01T10:00:00Z');
  const publicUrls = [
    '/api/public/programmes/VN-NDX-TEST',
    '/api/public/programmes/VN-NDX-TEST/data.csv',
    '/api/public/programmes/VN-NDX-TEST/data.json',
    '/public/programmes/VN-NDX-TEST',
  ];

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store, now);
    headers = await adminHeaders(store);
    const hidden = await app.inject({
      headers,
      method: 'POST',
      url: '/api/programmes',
      payload: {
        code: 'HIDDEN-PLAN',
        name: { en: 'Hidden draft plan' },
        issuers: ['VN'],
        period: { start: '2024-01-01', end: '2024-12-31' },
      },
    });
    expect(hidden.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const everything = async () => {
    const bodies = await Promise.all(
      [...publicUrls, '/api/public/programmes', '/public', '/public?lang=ar'].map((url) => app.inject({ url })),
    );
    return bodies.map((b) => b.body).join('\n');
  };

  it('changes publication for admins only', async () => {
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: '/api/programmes/VN-NDX-TEST/publication',
          payload: { published: true },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('shows nothing before a programme is published', async () => {
    const list = await app.inject({ url: '/api/public/programmes' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ items: [], licence: { id: 'CC-BY-4.0' } });
    for (const url of publicUrls) expect((await app.inject({ url })).statusCode, url).toBe(404);
    // An unknown code and an unpublished one get the same answer.
    const unknown = await app.inject({ url: '/api/public/programmes/NO-SUCH' });
    const unpublished = await app.inject({ url: '/api/public/programmes/HIDDEN-PLAN' });
    expect(unpublished.statusCode).toBe(unknown.statusCode);
    expect(unpublished.json().error.message.replace('HIDDEN-PLAN', 'X')).toBe(
      unknown.json().error.message.replace('NO-SUCH', 'X'),
    );
  });

  it('counts approved reports only, and never shows narratives or reporters', async () => {
    expect(
      (
        await app.inject({
          headers,
          method: 'PUT',
          url: '/api/programmes/VN-NDX-TEST/publication',
          payload: { published: true },
        })
      ).json(),
    ).toEqual({ code: 'VN-NDX-TEST', published: true });
    const ctx = { ...systemContext(store.db, now), actor: { name: 'reporter.hn@example.vn' } };
    const id = await leafAssignments(store.db);

    // Submitted, not yet approved: the core counts it, the public does not.
    const hn = await submitReport(ctx, id('DEAD-ZONES', 'VN-HN'), {
      period: '2024M08',
      percent: 100,
      state: 'completed',
      narrative: SECRET,
    });
    const core = await rollup(ctx, { programme: 'VN-NDX-TEST' });
    expect(core.counts.completedOnTime).toBe(1);
    let detail = (await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).json();
    expect(detail.progress).toMatchObject({ total: 5, completed: 0, notStarted: 3, overdue: 2 });
    // Returned: still nothing.
    const hp = await submitReport(ctx, id('DEAD-ZONES', 'VN-HP'), {
      period: '2024M08',
      percent: 40,
      state: 'in_progress',
      narrative: SECRET,
    });
    await reviewReport(reviewer(ctx), hp.id, { decision: 'return', comment: `${SECRET} fix the evidence` });
    detail = (await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).json();
    expect(detail.progress).toMatchObject({ completed: 0, inProgress: 0 });

    // Approved: counted.
    await reviewReport(reviewer(ctx), hn.id, { decision: 'approve' });
    const dn = await submitReport(ctx, id('DEAD-ZONES', 'VN-DN'), {
      period: '2024M08',
      percent: 60,
      state: 'in_progress',
      narrative: SECRET,
    });
    await reviewReport(reviewer(ctx), dn.id, { decision: 'approve' });
    detail = (await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).json();
    expect(detail.progress).toMatchObject({
      total: 5,
      completed: 1,
      completedOnTime: 1,
      inProgress: 1,
      notStarted: 1,
      overdue: 2,
      meanPercent: 32,
    });
    expect(detail.units[0]).toMatchObject({ rank: 1, code: 'VN-HN' });
    expect(detail.areas.map((a: { code: string }) => a.code).sort()).toEqual(['INFRA', 'SERVICES']);

    const all = await everything();
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('reporter.hn@example.vn');
    expect(all).not.toContain('HIDDEN-PLAN');
    expect(all).not.toContain('Hidden draft plan');
  });

  it('offers CSV and JSON downloads with a licence, and cache headers with ETags', async () => {
    const csv = await app.inject({ url: '/api/public/programmes/VN-NDX-TEST/data.csv' });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment; filename="VN-NDX-TEST-2024-09-01.csv"');
    const rows = parse<Record<string, string>>(csv.body, { columns: true, bom: true });
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.licence))).toEqual(new Set(['CC-BY-4.0']));
    expect(rows.find((r) => r.unit === 'VN-HN' && r.task === 'DEAD-ZONES')).toMatchObject({
      percent: '100',
      state: 'completed',
      status: 'completed_on_time',
      completed_on: '2024-09-01',
      title_vi: 'Xóa bỏ vùng lõm sóng di động',
    });
    expect(rows.find((r) => r.unit === 'VN-HP' && r.task === 'DEAD-ZONES')).toMatchObject({
      percent: '0',
      state: 'not_started',
    });

    const json = await app.inject({ url: '/api/public/programmes/VN-NDX-TEST/data.json' });
    expect(json.json()).toMatchObject({
      licence: { id: 'CC-BY-4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
      programme: 'VN-NDX-TEST',
      asOf: '2024-09-01',
    });

    for (const url of ['/api/public/programmes', ...publicUrls]) {
      const first = await app.inject({ url });
      expect(first.statusCode, url).toBe(200);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      const tag = first.headers.etag as string;
      expect(tag).toMatch(/^"[\w-]+"$/);
      const again = await app.inject({ url, headers: { 'if-none-match': tag } });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
    const before = (await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).headers.etag;
    const ctx = systemContext(store.db, now);
    const ids = await store.db
      .selectFrom('assignments as a')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
      .select(['a.id'])
      .where('u.code', '=', 'VN-MPS')
      .where('a.child_count', '=', 0)
      .execute();
    const r = await submitReport(ctx, ids[0]!.id, { period: '2024M08', percent: 100, state: 'completed' });
    expect((await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).headers.etag).toBe(before); // not approved: same figures
    await reviewReport(reviewer(ctx), r.id, { decision: 'approve' });
    expect((await app.inject({ url: '/api/public/programmes/VN-NDX-TEST' })).headers.etag).not.toBe(before);
  });

  it('renders public pages in every language, right to left for Arabic', async () => {
    const ar = await app.inject({ url: '/public/programmes/VN-NDX-TEST?lang=ar' });
    expect(ar.statusCode).toBe(200);
    expect(ar.body).toContain('<html lang="ar" dir="rtl">');
    expect(ar.body).toContain('data.csv');
    const vi = await app.inject({ url: '/public?lang=vi' });
    expect(vi.body).toContain('Chỉ đạo của Ủy ban Quốc gia về chuyển đổi số 2024');
    expect(vi.body).not.toContain('Hidden draft plan');
  });

  it('withdraws a programme completely when it is unpublished', async () => {
    expect(
      (
        await app.inject({
          headers,
          method: 'PUT',
          url: '/api/programmes/VN-NDX-TEST/publication',
          payload: { published: false },
        })
      ).statusCode,
    ).toBe(200);
    for (const url of publicUrls) expect((await app.inject({ url })).statusCode, url).toBe(404);
    expect((await app.inject({ url: '/api/public/programmes' })).json().items).toEqual([]);
    expect(
      (
        await app.inject({
          headers,
          method: 'PUT',
          url: '/api/programmes/NOPE/publication',
          payload: { published: true },
        })
      ).statusCode,
    ).toBe(404);
  });
});
