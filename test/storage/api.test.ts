/** The HTTP API on both stores: CRUD, optimistic concurrency, cascades, reports, reviews, supervision. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { adminHeaders } from '../helpers/auth.js';

describe.each(STORE_KINDS)('API on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let auth: Record<string, string>;
  /** A second administrator: nobody reviews their own report, admins included. */
  let reviewer: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store); // today is 2024-09-01
    auth = await adminHeaders(store);
    reviewer = await adminHeaders(store, 'test-reviewer');
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const get = async (url: string) => {
    const r = await app.inject({ url, headers: auth });
    return { status: r.statusCode, body: r.json(), headers: r.headers };
  };
  const send = async (
    method: 'POST' | 'PATCH',
    url: string,
    payload: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await app.inject({ method, url, payload: payload as object, headers: { ...auth, ...headers } });
    return { status: r.statusCode, body: r.json(), headers: r.headers };
  };
  const taskAssignments = async (node: string) =>
    (await get(`/api/programmes/VN-NDX-TEST/nodes/${node}/assignments`)).body.items as Array<{
      id: number;
      unit: string;
      timeliness: string;
      children: number;
      version: number;
    }>;

  it('answers 401 to anonymous requests, except health and docs', async () => {
    const anonymous = await app.inject({ url: '/api/programmes' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/docs/json' })).statusCode).toBe(200);
  });

  it('lists programmes and serves OpenAPI', async () => {
    const list = await get('/api/programmes');
    expect(list.body.items.map((p: { code: string }) => p.code)).toEqual(['VN-NDX-TEST']);
    const docs = await get('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/supervision/overdue');
  });

  it('creates and reads org units, programmes and nodes, with an ETag', async () => {
    const unit = await send('POST', '/api/org-units', {
      code: 'VN-CT',
      kind: 'province',
      parent: 'VN',
      name: { vi: 'Cần Thơ', en: 'Can Tho' },
    });
    expect(unit.status).toBe(201);
    expect(unit.body.path).toMatch(/^\/\d+\/\d+\/$/);
    const read = await get('/api/org-units/VN-CT');
    expect(read.headers.etag).toBe('"1"');
    const node = await send('POST', '/api/programmes/VN-NDX-TEST/nodes', {
      code: 'CYBER',
      kind: 'task',
      parent: 'SERVICES',
      title: { en: 'Cybersecurity index in the top 30' },
      lead: 'VN-MPS',
      due: '2025-12-31',
      tags: ['security'],
    });
    expect(node.status).toBe(201);
    expect(node.body).toMatchObject({ code: 'CYBER', parent: 'SERVICES', lead: 'VN-MPS', due: '2025-12-31', depth: 1 });
    expect((await taskAssignments('CYBER')).map((a) => a.unit)).toEqual(['VN-MPS']);
  });

  it('rejects a stale update with 409 and changes nothing', async () => {
    const first = await send(
      'PATCH',
      '/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53',
      { priority: 'critical' },
      { 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await send(
      'PATCH',
      '/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53',
      { priority: 'low' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    const now = await get('/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53');
    expect(now.body).toMatchObject({ priority: 'critical', version: 2 });
    const staleBody = await send('PATCH', '/api/org-units/VN-HN', { name: { en: 'Hanoi' }, version: 7 });
    expect(staleBody.status).toBe(409);
    expect((await get('/api/org-units/VN-HN')).body.name.en).toBe('Ha Noi');
  });

  it('names every invalid field and changes nothing', async () => {
    const bad = await send('POST', '/api/programmes/VN-NDX-TEST/nodes', {
      code: 'X 1',
      kind: 'task',
      title: {},
      due: '2024-13-01',
      lead: 'NOPE',
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['body.code', 'body.title', 'body.due']));
    const unknownLead = await send('POST', '/api/programmes/VN-NDX-TEST/nodes', {
      code: 'X1',
      kind: 'task',
      title: { en: 'x' },
      lead: 'NOPE',
      coordinators: ['VN-MIC', 'ALSO-NOPE'],
    });
    expect(unknownLead.status).toBe(400);
    expect(unknownLead.body.error.problems).toEqual([
      { path: 'lead', message: 'no org unit with code NOPE' },
      { path: 'coordinators[1]', message: 'no org unit with code ALSO-NOPE' },
    ]);
    expect((await get('/api/programmes/VN-NDX-TEST/nodes/X1')).status).toBe(404);
    const moveUnder = await send('PATCH', '/api/org-units/VN', { parent: 'VN-HN' });
    expect(moveUnder.status).toBe(400);
    expect(moveUnder.body.error.problems[0].path).toBe('parent');
  });

  it('cascades to every province and again from a province to its communes', async () => {
    const cascade = await send('POST', '/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53/cascade', {
      kind: 'province',
      under: 'VN',
    });
    expect(cascade.status).toBe(201);
    expect(cascade.body.created).toBe(4); // HN, HP, DN and the new CT
    const again = await send('POST', '/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53/cascade', {
      kind: 'province',
      under: 'VN',
    });
    expect(again.body).toMatchObject({ created: 0, skipped: 4 });
    const hn = (await taskAssignments('ESSENTIAL-53')).find((a) => a.unit === 'VN-HN')!;
    const communes = await send('POST', `/api/assignments/${hn.id}/cascade`, { kind: 'commune', due: '2024-10-31' });
    expect(communes.body.created).toBe(2);
    const after = await taskAssignments('ESSENTIAL-53');
    expect(after.find((a) => a.unit === 'VN-HN')!.children).toBe(2);
    const c1 = await get(`/api/assignments/${communes.body.assignments[0]}`);
    expect(c1.body).toMatchObject({ parentAssignment: hn.id, due: '2024-10-31', timeliness: 'not_started' });
    const none = await send('POST', '/api/programmes/VN-NDX-TEST/nodes/ESSENTIAL-53/cascade', {
      kind: 'enterprise',
      under: 'VN',
    });
    expect(none.status).toBe(400);
    expect(none.body.error.problems[0].path).toBe('kind');
  });

  it('takes reports, reviews them, and the counts follow', async () => {
    const before = (await get('/api/supervision/rollup?programme=VN-NDX-TEST&node=DEAD-ZONES')).body.counts;
    const dn = (await taskAssignments('DEAD-ZONES')).find((a) => a.unit === 'VN-DN')!;
    const bad = await send('POST', `/api/assignments/${dn.id}/reports`, {
      period: '2024M13',
      percent: 50,
      state: 'blocked',
      evidence: [{ url: 'ftp://x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'body.evidence[0].url',
      'body.narrative',
      'body.period',
    ]);
    expect((await get(`/api/assignments/${dn.id}`)).body.reports).toHaveLength(0);

    const report = await send('POST', `/api/assignments/${dn.id}/reports`, {
      period: '2024M08',
      percent: 100,
      state: 'completed',
      narrative: 'All villages covered',
      evidence: [{ url: 'https://example.gov.vn/r.pdf' }],
    });
    expect(report.status).toBe(201);
    expect(report.body.review.state).toBe('submitted');
    const mid = (await get('/api/supervision/rollup?programme=VN-NDX-TEST&node=DEAD-ZONES')).body.counts;
    expect(mid.completedOnTime).toBe(before.completedOnTime + 1);
    expect(mid.notStarted).toBe(before.notStarted - 1);

    const queue = await get('/api/reviews?programme=VN-NDX-TEST');
    expect(queue.body.items.map((r: { id: number }) => r.id)).toContain(report.body.id);
    const noComment = await send('POST', `/api/reports/${report.body.id}/review`, { decision: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.problems[0].path).toBe('body.comment');
    const own = await send('POST', `/api/reports/${report.body.id}/review`, { decision: 'approve' });
    expect(own.status).toBe(403);
    const returned = await send(
      'POST',
      `/api/reports/${report.body.id}/review`,
      { decision: 'return', comment: 'Attach the operator list' },
      reviewer,
    );
    expect(returned.body.review).toMatchObject({ state: 'returned', comment: 'Attach the operator list' });
    const twice = await send('POST', `/api/reports/${report.body.id}/review`, { decision: 'approve' }, reviewer);
    expect(twice.status).toBe(409);
    const after = (await get('/api/supervision/rollup?programme=VN-NDX-TEST&node=DEAD-ZONES')).body.counts;
    expect(after).toEqual(before);
    expect((await get(`/api/assignments/${dn.id}`)).body).toMatchObject({
      state: 'not_started',
      percent: 0,
      timeliness: 'not_started',
    });
  });

  it('filters, sorts and pages the overdue list; rollups group by area and lead', async () => {
    const all = (await get('/api/supervision/overdue?programme=VN-NDX-TEST')).body;
    expect(all.items.map((i: { node: string; unit: string }) => `${i.node}@${i.unit}`)).toEqual([
      // the ministry's and Hà Nội's own assignments were cascaded further: their children count instead
      'BACKLOG-2023@VN-MIC',
      'ESSENTIAL-53@VN-HP',
      'ESSENTIAL-53@VN-DN',
      'ESSENTIAL-53@VN-CT',
    ]);
    expect(all.items[0]).toMatchObject({ backlog: true, daysLate: 245, lead: 'VN-MIC' });
    const backlog = (await get('/api/supervision/overdue?backlogOnly=true')).body;
    expect(backlog.total).toBe(1);
    const page = (await get('/api/supervision/overdue?programme=VN-NDX-TEST&limit=2&offset=2&sort=unit')).body;
    expect(page.total).toBe(4);
    expect(page.items.map((i: { unit: string }) => i.unit)).toEqual(['VN-HP', 'VN-MIC']);
    const byLead = (await get('/api/supervision/overdue?lead=VN-MPS&tag=services')).body;
    expect(byLead.total).toBe(3);
    const inHanoi = (await get('/api/supervision/rollup?unit=VN-HN')).body.counts;
    expect(inHanoi.total).toBe(3); // two communes for ESSENTIAL-53 and Hà Nội's dead-zones assignment
    const due = (await get('/api/supervision/overdue?dueFrom=2024-01-01&dueTo=2024-06-30')).body;
    expect(due.total).toBe(3);
    const grouped = (await get('/api/supervision/rollup?programme=VN-NDX-TEST&groupBy=area,lead')).body;
    const services = grouped.groups.find(
      (g: { keys: Array<{ code: string }> }) => g.keys[0]!.code === 'SERVICES' && g.keys[1]!.code === 'VN-MPS',
    );
    expect(services.counts.overdue).toBe(3);
    expect(grouped.worstOffenders[0].keys[0].code).toBe('VN-MIC');
    const provinces = (await get('/api/supervision/rollup?unit=VN&programme=VN-NDX-TEST')).body.worstOffenders.map(
      (g: { keys: Array<{ code: string }> }) => g.keys[0]!.code,
    );
    expect(provinces).toEqual(['VN-MIC', 'VN-CT', 'VN-DN', 'VN-HP']);
    const asOfEarlier = (await get('/api/supervision/rollup?programme=VN-NDX-TEST&asOf=2024-06-20')).body.counts;
    expect(asOfEarlier).toMatchObject({ overdue: 1, dueSoon: 3, backlog: 1 });
    const badFilter = await get('/api/supervision/rollup?programme=VN-NDX-TEST&node=NOPE&lead=NOPE');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['node', 'lead']);
  });

  it('moves an org-unit subtree, where its kind may stand', async () => {
    const underMinistry = await send('PATCH', '/api/org-units/VN-HN', { parent: 'VN-MIC' });
    expect(underMinistry.status).toBe(400);
    expect(underMinistry.body.error.problems[0]).toMatchObject({ path: 'parent' });
    expect(
      (
        await send('POST', '/api/org-units', {
          code: 'VN-DN-D1',
          kind: 'district',
          parent: 'VN-DN',
          name: { en: 'D1' },
        })
      ).status,
    ).toBe(201);
    const moved = await send('PATCH', '/api/org-units/VN-DN', { parent: 'VN-HN' });
    expect(moved.status).toBe(400); // a province under a province
    const district = await send('PATCH', '/api/org-units/VN-DN-D1', { parent: 'VN-HN' });
    expect(district.status).toBe(200);
    const back = await send('PATCH', '/api/org-units/VN-DN-D1', { parent: 'VN-DN' });
    expect(back.body.depth).toBe(2);
    const commune = await send('PATCH', '/api/org-units/VN-HN-C1', { parent: 'VN-DN-D1' });
    expect(commune.status).toBe(200);
    expect(commune.body.path.startsWith(back.body.path)).toBe(true);
    expect(commune.body.depth).toBe(3);
  });
});
