/**
 * The permission matrix: every API route × every role × a target in the Hà Nội
 * users' scope and one outside it (Hải Phòng) → the expected status. Out-of-scope
 * objects answer 404 (or, for a filter or a parent naming an out-of-scope unit, the
 * same 400 an unknown code gets), never 403, so existence does not leak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { buildScenario, type MatrixUser, type Scenario } from '../helpers/scenario.js';
import { fixture } from '../helpers/app.js';

const USERS: MatrixUser[] = ['admin', 'sec-vn', 'sec-hn', 'rep-hn', 'view-hn', 'nobody', 'anonymous'];

/** Expected statuses in the order of USERS. */
type Row = [number, number, number, number, number, number, number];

// Common shapes.
const READ_IN: Row = [200, 200, 200, 200, 200, 404, 401];
const READ_OUT: Row = [200, 200, 404, 404, 404, 404, 401];
const ANY_USER: Row = [200, 200, 200, 200, 200, 200, 401];
const SEC_WRITE_IN = (ok: number): Row => [ok, ok, ok, 403, 403, 404, 401];
const NATIONAL_WRITE_IN = (ok: number): Row => [ok, ok, 403, 403, 403, 404, 401];
const NATIONAL_WRITE_OUT = (ok: number): Row => [ok, ok, 404, 404, 404, 404, 401];

interface Case {
  name: string;
  /** The route as declared (method and URL pattern), to check every route is covered. */
  route: string;
  request: (
    s: Scenario,
    n: number,
  ) =>
    | Promise<{
        method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        url: string;
        payload?: unknown;
        headers?: Record<string, string>;
      }>
    | {
        method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
        url: string;
        payload?: unknown;
        headers?: Record<string, string>;
      };
  expected: Row;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

function cases(): Case[] {
  const both = (
    name: string,
    route: string,
    make: (target: 'in' | 'out', s: Scenario) => ReturnType<Case['request']>,
    inRow: Row,
    outRow: Row,
  ): Case[] => [
    { name: `${name} (in scope)`, route, request: (s) => make('in', s), expected: inRow },
    { name: `${name} (out of scope)`, route, request: (s) => make('out', s), expected: outRow },
  ];
  const unit = (t: 'in' | 'out') => (t === 'in' ? 'VN-HN' : 'VN-HP');
  const prog = (t: 'in' | 'out') => (t === 'in' ? 'VN-NDX-TEST' : 'HP-PLAN');
  const node = (t: 'in' | 'out') => (t === 'in' ? 'VN-NDX-TEST/nodes/DEAD-ZONES' : 'HP-PLAN/nodes/HP-TASK');
  const asg = (t: 'in' | 'out', s: Scenario) => (t === 'in' ? s.hnCommune : s.hp);
  return [
    {
      name: 'me',
      route: 'GET /api/auth/me',
      request: () => ({ method: 'GET', url: '/api/auth/me' }),
      expected: ANY_USER,
    },
    {
      name: 'list programmes',
      route: 'GET /api/programmes',
      request: () => ({ method: 'GET', url: '/api/programmes' }),
      expected: ANY_USER,
    },
    {
      name: 'list org units',
      route: 'GET /api/org-units',
      request: () => ({ method: 'GET', url: '/api/org-units' }),
      expected: ANY_USER,
    },
    {
      name: 'list users',
      route: 'GET /api/users',
      request: () => ({ method: 'GET', url: '/api/users' }),
      expected: [200, 403, 403, 403, 403, 403, 401],
    },
    {
      name: 'create user',
      route: 'POST /api/users',
      request: () => ({ method: 'POST', url: '/api/users', payload: { username: unique('u') } }),
      expected: [201, 403, 403, 403, 403, 403, 401],
    },
    {
      name: 'grant',
      route: 'POST /api/users/:username/grants',
      request: () => ({
        method: 'POST',
        url: '/api/users/view-hn/grants',
        payload: { role: 'viewer', unit: 'VN-HN-C1' },
      }),
      expected: [200, 403, 403, 403, 403, 403, 401],
    },
    {
      name: 'revoke grant',
      route: 'POST /api/users/:username/grants/revoke',
      request: () => ({
        method: 'POST',
        url: '/api/users/view-hn/grants/revoke',
        payload: { role: 'viewer', unit: 'VN-MIC' },
      }),
      expected: [404, 403, 403, 403, 403, 403, 401],
    },
    // Drafting stores nothing; the draft matches only units the drafter can see (test/storage/drafts.test.ts).
    {
      name: 'draft a programme',
      route: 'POST /api/drafts',
      request: () => ({ method: 'POST', url: '/api/drafts', payload: { text: '   ' } }),
      expected: [400, 400, 400, 400, 400, 400, 401],
    },
    {
      name: 'list tokens',
      route: 'GET /api/tokens',
      request: () => ({ method: 'GET', url: '/api/tokens' }),
      expected: ANY_USER,
    },
    // Tokens cannot mint tokens (a stolen token must not outlive its expiry).
    {
      name: 'create token',
      route: 'POST /api/tokens',
      request: () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'x' } }),
      expected: [403, 403, 403, 403, 403, 403, 401],
    },
    {
      name: 'revoke token (someone else’s)',
      route: 'DELETE /api/tokens/:id',
      request: async (s) => ({ method: 'DELETE', url: `/api/tokens/${await s.victimToken()}` }),
      expected: [204, 404, 404, 404, 404, 404, 401],
    },
    {
      name: 'import programme',
      route: 'POST /api/programmes/import',
      request: async () => ({
        method: 'POST',
        url: '/api/programmes/import',
        payload: (await fixture('programme.yaml')).replace('code: VN-NDX-TEST', `code: ${unique('IMP')}`),
        headers: { 'content-type': 'application/yaml' },
      }),
      expected: [201, 403, 403, 403, 403, 403, 401],
    },
    ...both(
      'org-unit subtree',
      'GET /api/org-units',
      (t) => ({ method: 'GET', url: `/api/org-units?under=${unit(t)}` }),
      READ_IN.map((x) => (x === 404 ? 404 : x)) as Row,
      READ_OUT,
    ),
    ...both(
      'org unit',
      'GET /api/org-units/:code',
      (t) => ({ method: 'GET', url: `/api/org-units/${t === 'in' ? 'VN-HN-C1' : 'VN-HP'}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'create org unit',
      'POST /api/org-units',
      (t) => ({
        method: 'POST',
        url: '/api/org-units',
        payload: { code: unique('NEW'), kind: 'commune', parent: unit(t), name: { en: 'x' } },
      }),
      [201, 201, 201, 403, 403, 400, 401],
      [201, 201, 400, 400, 400, 400, 401],
    ),
    ...both(
      'update org unit',
      'PATCH /api/org-units/:code',
      (t) => ({
        method: 'PATCH',
        url: `/api/org-units/${t === 'in' ? 'VN-HN-C1' : 'VN-HP'}`,
        payload: { aliases: [unique('alias')] },
      }),
      SEC_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'programme',
      'GET /api/programmes/:code',
      (t) => ({ method: 'GET', url: `/api/programmes/${prog(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'programme tree',
      'GET /api/programmes/:code/tree',
      (t) => ({ method: 'GET', url: `/api/programmes/${prog(t)}/tree` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'export programme',
      'GET /api/programmes/:code/export',
      (t) => ({ method: 'GET', url: `/api/programmes/${prog(t)}/export` }),
      NATIONAL_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'create programme',
      'POST /api/programmes',
      (t) => ({
        method: 'POST',
        url: '/api/programmes',
        payload: {
          code: unique('P'),
          name: { en: 'x' },
          issuers: [unit(t)],
          period: { start: '2024-01-01', end: '2024-12-31' },
        },
      }),
      [201, 201, 201, 403, 403, 400, 401],
      [201, 201, 400, 400, 400, 400, 401],
    ),
    ...both(
      'update programme',
      'PATCH /api/programmes/:code',
      (t) => ({ method: 'PATCH', url: `/api/programmes/${prog(t)}`, payload: { source: unique('src') } }),
      NATIONAL_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'add node',
      'POST /api/programmes/:code/nodes',
      (t) => ({
        method: 'POST',
        url: `/api/programmes/${prog(t)}/nodes`,
        payload: { code: unique('N'), kind: 'area', title: { en: 'x' } },
      }),
      NATIONAL_WRITE_IN(201),
      NATIONAL_WRITE_OUT(201),
    ),
    ...both(
      'node',
      'GET /api/programmes/:code/nodes/:node',
      (t) => ({ method: 'GET', url: `/api/programmes/${node(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'update node',
      'PATCH /api/programmes/:code/nodes/:node',
      (t) => ({ method: 'PATCH', url: `/api/programmes/${node(t)}`, payload: { priority: 'high' } }),
      NATIONAL_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      "a task's assignments",
      'GET /api/programmes/:code/nodes/:node/assignments',
      (t) => ({ method: 'GET', url: `/api/programmes/${node(t)}/assignments` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'cascade a task',
      'POST /api/programmes/:code/nodes/:node/cascade',
      (t) => ({
        method: 'POST',
        url: '/api/programmes/VN-NDX-TEST/nodes/DEAD-ZONES/cascade',
        payload: { kind: 'province', under: unit(t) },
      }),
      SEC_WRITE_IN(201),
      NATIONAL_WRITE_OUT(201),
    ),
    ...both(
      'assignment',
      'GET /api/assignments/:id',
      (t, s) => ({ method: 'GET', url: `/api/assignments/${asg(t, s)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'update assignment',
      'PATCH /api/assignments/:id',
      (t, s) => ({ method: 'PATCH', url: `/api/assignments/${asg(t, s)}`, payload: { due: '2024-12-31' } }),
      SEC_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'cascade an assignment',
      'POST /api/assignments/:id/cascade',
      (t, s) => ({
        method: 'POST',
        url: `/api/assignments/${t === 'in' ? s.hn : s.hp}/cascade`,
        payload: { kind: 'province' },
      }),
      SEC_WRITE_IN(201),
      NATIONAL_WRITE_OUT(201),
    ),
    ...both(
      'submit report',
      'POST /api/assignments/:id/reports',
      (t, s) => ({
        method: 'POST',
        url: `/api/assignments/${asg(t, s)}/reports`,
        payload: { period: '2024M08', percent: 20, state: 'in_progress', narrative: 'x' },
      }),
      [201, 403, 403, 201, 403, 404, 401],
      [201, 403, 404, 404, 404, 404, 401],
    ),
    ...both(
      'review report',
      'POST /api/reports/:id/review',
      async (t, s) => ({
        method: 'POST',
        url: `/api/reports/${await s.freshReport(asg(t, s))}/review`,
        payload: { decision: 'approve' },
      }),
      SEC_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'review queue',
      'GET /api/reviews',
      (t) => ({ method: 'GET', url: `/api/reviews?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'rollup',
      'GET /api/supervision/rollup',
      (t) => ({ method: 'GET', url: `/api/supervision/rollup?unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    // The web app's views take the supervision filter and its scope rules (src/api/routes/web-support.ts);
    // node status needs a programme, which a user without grants cannot see (404).
    ...both(
      'node status',
      'GET /api/web/node-status',
      (t) => ({ method: 'GET', url: `/api/web/node-status?programme=VN-NDX-TEST&unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 404, 401],
      [200, 200, 400, 400, 400, 404, 401],
    ),
    ...both(
      'assignments by state',
      'GET /api/web/assignments',
      (t) => ({ method: 'GET', url: `/api/web/assignments?unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    ...both(
      'overdue list',
      'GET /api/supervision/overdue',
      (t) => ({ method: 'GET', url: `/api/supervision/overdue?unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    // Early warning (issue 18): the supervision filter's scope rules; the projection is read like its assignment.
    ...both(
      'heading for late',
      'GET /api/supervision/heading-for-late',
      (t) => ({ method: 'GET', url: `/api/supervision/heading-for-late?unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    ...both(
      'assignment projection',
      'GET /api/assignments/:id/projection',
      (t, s) => ({ method: 'GET', url: `/api/assignments/${asg(t, s)}/projection` }),
      READ_IN,
      READ_OUT,
    ),
    // Indicators (issue 3): admin only until a data-value policy scopes them (see docs/indicators.md).
    ...indicatorCases(),
    // Notifications (issue 6): settings and logs name people's e-mail addresses, so admins only.
    ...(() => {
      const ADMIN = (ok: number): Row => [ok, 403, 403, 403, 403, 403, 401];
      return [
        {
          name: 'notification rules',
          route: 'GET /api/notifications/rules',
          request: () => ({ method: 'GET', url: '/api/notifications/rules' }),
          expected: ADMIN(200),
        },
        {
          name: 'set notification rules',
          route: 'PUT /api/notifications/rules/:programme',
          request: () => ({
            method: 'PUT',
            url: '/api/notifications/rules/VN-NDX-TEST',
            payload: { rules: [{ kind: 'overdue' }] },
          }),
          expected: ADMIN(200),
        },
        {
          name: 'contacts',
          route: 'GET /api/notifications/contacts',
          request: () => ({ method: 'GET', url: '/api/notifications/contacts' }),
          expected: ADMIN(200),
        },
        {
          name: 'add contact',
          route: 'POST /api/notifications/contacts',
          request: () => ({
            method: 'POST',
            url: '/api/notifications/contacts',
            payload: { unit: 'VN-HN', email: `${unique('c')}@example.vn` },
          }),
          expected: ADMIN(201),
        },
        {
          name: 'remove contact',
          route: 'DELETE /api/notifications/contacts/:id',
          request: () => ({ method: 'DELETE', url: '/api/notifications/contacts/999999' }),
          expected: ADMIN(404),
        },
        {
          name: 'webhooks',
          route: 'GET /api/notifications/webhooks',
          request: () => ({ method: 'GET', url: '/api/notifications/webhooks' }),
          expected: ADMIN(200),
        },
        {
          name: 'add webhook',
          route: 'POST /api/notifications/webhooks',
          request: () => ({
            method: 'POST',
            url: '/api/notifications/webhooks',
            payload: { unit: 'VN-HN', url: 'http://127.0.0.1:9/hook', secret: '0123456789abcdef' },
          }),
          expected: ADMIN(201),
        },
        {
          name: 'switch webhook',
          route: 'PATCH /api/notifications/webhooks/:id',
          request: () => ({ method: 'PATCH', url: '/api/notifications/webhooks/999999', payload: { active: false } }),
          expected: ADMIN(404),
        },
        {
          name: 'notification preview',
          route: 'GET /api/notifications/preview',
          request: () => ({ method: 'GET', url: '/api/notifications/preview?day=2024-09-01' }),
          expected: ADMIN(200),
        },
        {
          name: 'notices',
          route: 'GET /api/notifications/notices',
          request: () => ({ method: 'GET', url: '/api/notifications/notices' }),
          expected: ADMIN(200),
        },
        {
          name: 'deliveries',
          route: 'GET /api/notifications/deliveries',
          request: () => ({ method: 'GET', url: '/api/notifications/deliveries' }),
          expected: ADMIN(200),
        },
        {
          name: 'publish programme',
          route: 'PUT /api/programmes/:code/publication',
          request: () => ({
            method: 'PUT',
            url: '/api/programmes/VN-NDX-TEST/publication',
            payload: { published: false },
          }),
          expected: ADMIN(200),
        },
      ] satisfies Case[];
    })(),
    ...both(
      'meeting report',
      'GET /api/meeting-report',
      (t) => ({
        method: 'GET',
        url: `/api/meeting-report?programme=VN-NDX-TEST&unit=${unit(t)}&period=2024Q3&format=json`,
      }),
      [200, 200, 200, 200, 200, 404, 401],
      [200, 200, 400, 400, 400, 404, 401],
    ), // nobody: the programme is invisible (404)
    // Taking a snapshot (the next report's baseline): the secretariat of the unit; scope first, then role.
    ...both(
      'meeting report snapshot',
      'POST /api/meeting-report/snapshots',
      (t) => ({
        method: 'POST',
        url: '/api/meeting-report/snapshots',
        payload: { programme: 'VN-NDX-TEST', unit: unit(t), period: '2024Q3' },
      }),
      SEC_WRITE_IN(201),
      [201, 201, 400, 400, 400, 404, 401],
    ),
    ...both(
      'history',
      'GET /api/history/:type/*',
      (t, s) => ({ method: 'GET', url: `/api/history/assignment/${asg(t, s)}` }),
      READ_IN,
      READ_OUT,
    ),
  ];
}

/** Indicator routes: admins only for now; others 403, anonymous 401. The admin's status is the service's (404 for unknown codes). */
function indicatorCases(): Case[] {
  const ADMIN = (ok: number): Row => [ok, 403, 403, 403, 403, 403, 401];
  const r = (
    route: string,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    ok: number,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Case => ({
    name: route,
    route,
    request: () => ({ method, url, ...(payload !== undefined ? { payload } : {}), ...(headers ? { headers } : {}) }),
    expected: ADMIN(ok),
  });
  return [
    r('GET /api/indicators', 'GET', '/api/indicators', 200),
    r('POST /api/indicators', 'POST', '/api/indicators', 201, {
      code: unique('ind').replace('-', '_'),
      name: { en: 'x' },
      unit: 'x',
      valueType: 'count',
    }),
    r('GET /api/indicators/:code', 'GET', '/api/indicators/nope', 404),
    {
      name: 'PUT /api/indicators/:code',
      route: 'PUT /api/indicators/:code',
      request: () => ({
        method: 'PUT' as 'POST',
        url: '/api/indicators/nope',
        payload: { name: { en: 'x' }, unit: 'x', valueType: 'count' },
      }),
      expected: ADMIN(404),
    },
    r('DELETE /api/indicators/:code', 'DELETE', '/api/indicators/nope', 404),
    r('GET /api/indicators/:code/targets', 'GET', '/api/indicators/nope/targets', 404),
    r('POST /api/targets', 'POST', '/api/targets', 400, {
      indicator: 'nope',
      baseline: { value: 1, period: '2023' },
      target: { value: 2, date: '2025-01-01' },
    }),
    {
      name: 'PUT /api/targets/:id',
      route: 'PUT /api/targets/:id',
      request: () => ({ method: 'PUT' as 'POST', url: '/api/targets/999999', payload: {} }),
      expected: ADMIN(404),
    },
    r('DELETE /api/targets/:id', 'DELETE', '/api/targets/999999', 404),
    r('GET /api/indicators/:code/values', 'GET', '/api/indicators/nope/values?from=2024&to=2024', 404),
    r('GET /api/indicators/:code/evaluation', 'GET', '/api/indicators/nope/evaluation', 404),
    r('POST /api/values', 'POST', '/api/values', 400, {
      indicator: 'nope',
      orgUnit: 'VN-HN',
      period: '2024',
      value: 1,
    }),
    r('POST /api/values/batch', 'POST', '/api/values/batch', 201, { values: [] }),
    r('GET /api/values', 'GET', '/api/values?indicator=nope&orgUnit=VN-HN&period=2024', 404),
    r('DELETE /api/values', 'DELETE', '/api/values?indicator=nope&orgUnit=VN-HN&period=2024', 404),
    r('POST /api/values/review', 'POST', '/api/values/review', 404, {
      indicator: 'nope',
      orgUnit: 'VN-HN',
      period: '2024',
      state: 'approved',
    }),
    r('POST /api/values/import', 'POST', '/api/values/import', 201, 'indicator,unit,period,value\n', {
      'content-type': 'text/csv',
    }),
    r('GET /api/values/export', 'GET', '/api/values/export', 200),
    r('GET /api/evaluation/at-risk', 'GET', '/api/evaluation/at-risk?unit=VN', 200),
    r('GET /api/scorecards/:unit', 'GET', '/api/scorecards/VN-HN?period=2024', 200),
    r('GET /api/composite-indices', 'GET', '/api/composite-indices', 200),
    r('GET /api/composite-indices/:index', 'GET', '/api/composite-indices/nope', 404),
    {
      name: 'PUT /api/composite-indices/:index',
      route: 'PUT /api/composite-indices/:index',
      request: () => ({
        method: 'PUT' as 'POST',
        url: '/api/composite-indices/X',
        payload: {
          name: { en: 'x' },
          unitKind: 'province',
          scope: 'NOPE',
          config: { normalisation: 'min_max', pillars: [] },
        },
      }),
      expected: ADMIN(400),
    },
    r('GET /api/rankings/:index', 'GET', '/api/rankings/nope?period=2024', 404),
    r('GET /api/rankings/:index/explain', 'GET', '/api/rankings/nope/explain?unit=VN-HN&period=2024', 404),
  ];
}

// The matrix stores a webhook on loopback (never called), which webhooks may use only when allowed.
process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';

describe.each(STORE_KINDS)('permission matrix on %s', (kind) => {
  let store: TestStore;
  let s: Scenario;
  beforeAll(async () => {
    store = await createTestStore(kind);
    s = await buildScenario(store);
  });
  afterAll(async () => {
    await s?.app.close();
    await store?.close();
  });

  it('covers every route that needs a signed-in user', () => {
    const covered = new Set(cases().map((c) => c.route));
    const needed = s.app.apiRoutes.filter((r) => r.auth !== 'public').map((r) => `${r.method} ${r.url}`);
    expect(needed.filter((r) => !covered.has(r))).toEqual([]);
    // Anonymous access: only these, and open data under /api/public/.
    expect(
      s.app.apiRoutes
        .filter((r) => r.auth === 'public' && !r.url.startsWith('/api/public/'))
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(['GET /api/auth/config', 'GET /api/health', 'POST /api/auth/login', 'POST /api/auth/logout'].sort());
  });

  it('answers every route × role × scope with the expected status', async () => {
    const mismatches: string[] = [];
    for (const c of cases()) {
      for (const [i, user] of USERS.entries()) {
        const req = await c.request(s, i);
        const r = await s.app.inject({
          method: req.method,
          url: req.url,
          payload: req.payload as string,
          headers: { ...s.headers[user], ...req.headers },
        });
        if (r.statusCode !== c.expected[i])
          mismatches.push(`${c.name} as ${user}: ${r.statusCode} (expected ${c.expected[i]}) ${r.body.slice(0, 160)}`);
        if (r.statusCode >= 400) {
          const body = r.json();
          if (typeof body?.error?.code !== 'string' || typeof body?.error?.message !== 'string')
            mismatches.push(`${c.name} as ${user}: error body not {error:{code,message}}: ${r.body}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers an out-of-scope object exactly like a missing one', async () => {
    const h = s.headers['rep-hn']!;
    const hidden = await s.app.inject({ url: `/api/assignments/${s.hp}`, headers: h });
    const missing = await s.app.inject({ url: '/api/assignments/999999', headers: h });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe(missing.json().error.code);
    expect(hidden.json().error.message.replace(/\d+/g, 'N')).toBe(missing.json().error.message.replace(/\d+/g, 'N'));
    const hiddenUnit = await s.app.inject({ url: '/api/supervision/overdue?unit=VN-HP', headers: h });
    const missingUnit = await s.app.inject({ url: '/api/supervision/overdue?unit=NOPE', headers: h });
    expect(hiddenUnit.json().error.problems[0].message.replace('VN-HP', 'X')).toBe(
      missingUnit.json().error.problems[0].message.replace('NOPE', 'X'),
    );
  });
});
