/**
 * The permission matrix: every API route × every role × a target in the Hà Nội
 * users' scope and one outside it (Hải Phòng) → the expected status. Out-of-scope
 * objects answer 404 (or, for a filter or a parent naming an out-of-scope unit, the
 * same 400 an unknown code gets), never 403, so existence does not leak.
 */
import { DEFAULT_UNIT_KIND_RULES } from '../../src/domain/org-unit-kinds.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { buildScenario, type MatrixUser, type Scenario } from '../helpers/scenario.js';
import { fixture } from '../helpers/app.js';
import { systemContext } from '../../src/services/context.js';
import { createIndicator, createTarget, saveComposite } from '../../src/services/indicators.js';
import { enterValue, enterValues } from '../../src/services/data-values.js';
import { saveDataSet } from '../../src/services/data-sets.js';
import { changeSubmissionState } from '../../src/services/data-set-submissions.js';
import { dataSetsRepository } from '../../src/db/repositories/data-sets.repository.js';
import { orgUnitsRepository } from '../../src/db/repositories/org-units.repository.js';
import { parsePeriod } from '../../src/domain/period.js';
import { planInspection } from '../../src/services/inspections/plan-inspection.js';
import { startInspection } from '../../src/services/inspections/start-inspection.js';
import { recordFinding } from '../../src/services/inspections/record-finding.js';

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
    // The audit log's tree: any signed-in user may fetch heads and proofs (hashes only).
    {
      name: 'audit head',
      route: 'GET /api/audit/head',
      request: () => ({ method: 'GET', url: '/api/audit/head' }),
      expected: ANY_USER,
    },
    {
      name: 'audit inclusion proof (event not yet sequenced)',
      route: 'GET /api/audit/proofs/inclusion',
      request: () => ({ method: 'GET', url: '/api/audit/proofs/inclusion?seq=1' }),
      expected: [404, 404, 404, 404, 404, 404, 401],
    },
    {
      name: 'audit consistency proof (no such head)',
      route: 'GET /api/audit/proofs/consistency',
      request: () => ({ method: 'GET', url: '/api/audit/proofs/consistency?from=1' }),
      expected: [404, 404, 404, 404, 404, 404, 401],
    },
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
      name: 'unit-kind rules',
      route: 'GET /api/org-unit-kinds',
      request: () => ({ method: 'GET', url: '/api/org-unit-kinds' }),
      expected: ANY_USER,
    },
    {
      name: 'replace unit-kind rules',
      route: 'PUT /api/org-unit-kinds',
      request: () => ({ method: 'PUT', url: '/api/org-unit-kinds', payload: { rules: DEFAULT_UNIT_KIND_RULES } }),
      expected: [200, 403, 403, 403, 403, 403, 401],
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
    // Review up the tree (docs/approval.md): the fixture programme keeps the default single review.
    ...both(
      'decide on a report',
      'POST /api/reports/:id/approval',
      async (t, s) => ({
        method: 'POST',
        url: `/api/reports/${await s.freshReport(asg(t, s))}/approval`,
        payload: { action: 'approve' },
      }),
      SEC_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'approval trail',
      'GET /api/reports/:id/approval',
      async (t, s) => ({ method: 'GET', url: `/api/reports/${await s.freshReport(asg(t, s))}/approval` }),
      READ_IN,
      READ_OUT,
    ),
    // Bulk approve is all or nothing: a report the user may not decide on is a 400 naming it.
    ...both(
      'bulk approve',
      'POST /api/approvals/approve',
      async (t, s) => ({
        method: 'POST',
        url: '/api/approvals/approve',
        payload: { reports: [await s.freshReport(asg(t, s))] },
      }),
      [200, 200, 200, 400, 400, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    {
      name: 'returned to me',
      route: 'GET /api/approvals/returned',
      request: () => ({ method: 'GET', url: '/api/approvals/returned' }),
      expected: ANY_USER,
    },
    ...both(
      'figures by approval level',
      'GET /api/supervision/approvals',
      (t) => ({ method: 'GET', url: `/api/supervision/approvals?unit=${unit(t)}` }),
      [200, 200, 200, 200, 200, 400, 401],
      [200, 200, 400, 400, 400, 400, 401],
    ),
    ...both(
      'approval levels',
      'GET /api/programmes/:code/approval-levels',
      (t) => ({ method: 'GET', url: `/api/programmes/${prog(t)}/approval-levels` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'set approval levels',
      'PUT /api/programmes/:code/approval-levels',
      (t) => ({ method: 'PUT', url: `/api/programmes/${prog(t)}/approval-levels`, payload: { levels: [] } }),
      NATIONAL_WRITE_IN(200),
      NATIONAL_WRITE_OUT(200),
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
    // Indicators, values, data sets, forms, completeness, DHIS2 (issues 3 and 12).
    ...indicatorCases(both),
    ...inspectionCases(both),
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
          name: 'set form reminder rules',
          route: 'PUT /api/notifications/data-set-rules/:dataSet',
          request: () => ({
            method: 'PUT',
            url: '/api/notifications/data-set-rules/PROV-M',
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

/**
 * Indicator, value, data set, form, completeness and DHIS2 routes (issue 12): every
 * signed-in user reads definitions and rankings; targets, values, aggregates, forms and
 * completeness only in scope (out of scope = 404, as a missing unit); reporters and
 * secretariats enter values and fill forms in scope (viewers 403); secretariats correct
 * and review; admins define. A value for a unit outside the writer's scope is a 400
 * naming the row, like an unknown unit.
 */
function indicatorCases(both: Both): Case[] {
  const ADMIN = (ok: number): Row => [ok, 403, 403, 403, 403, 403, 401];
  const ENTRY_IN = (ok: number): Row => [ok, ok, ok, ok, 403, 403, 401];
  const ENTRY_OUT = (ok: number, bad: number): Row => [ok, ok, bad, bad, 403, 403, 401];
  const unit = (t: 'in' | 'out') => (t === 'in' ? 'VN-HN' : 'VN-HP');
  const r = (
    route: string,
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    expected: Row,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Case => ({
    name: route,
    route,
    request: () => ({ method, url, ...(payload !== undefined ? { payload } : {}), ...(headers ? { headers } : {}) }),
    expected,
  });
  const form = (t: 'in' | 'out') => `/api/forms/PROV-M/${unit(t)}/2024M07`;
  return [
    r('GET /api/indicators', 'GET', '/api/indicators', ANY_USER),
    r('POST /api/indicators', 'POST', '/api/indicators', ADMIN(201), {
      code: unique('ind').replace('-', '_'),
      name: { en: 'x' },
      unit: 'x',
      valueType: 'count',
    }),
    r('GET /api/indicators/:code', 'GET', '/api/indicators/ind_a', ANY_USER),
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
    r('DELETE /api/indicators/:code', 'DELETE', '/api/indicators/nope', ADMIN(404)),
    r('GET /api/indicators/:code/targets', 'GET', '/api/indicators/ind_a/targets', ANY_USER),
    r('POST /api/targets', 'POST', '/api/targets', ADMIN(400), {
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
    r('DELETE /api/targets/:id', 'DELETE', '/api/targets/999999', ADMIN(404)),
    ...both(
      'aggregated values',
      'GET /api/indicators/:code/values',
      (t) => ({ method: 'GET', url: `/api/indicators/ind_a/values?unit=${unit(t)}&from=2024&to=2024` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'evaluation',
      'GET /api/indicators/:code/evaluation',
      (t) => ({ method: 'GET', url: `/api/indicators/ind_a/evaluation?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'enter a value',
      'POST /api/values',
      (t) => ({
        method: 'POST',
        url: '/api/values',
        payload: { indicator: 'ind_a', orgUnit: unit(t), period: '2024M05', value: 3 },
      }),
      ENTRY_IN(201),
      ENTRY_OUT(201, 400),
    ),
    ...both(
      'enter values',
      'POST /api/values/batch',
      (t) => ({
        method: 'POST',
        url: '/api/values/batch',
        payload: { values: [{ indicator: 'ind_a', orgUnit: unit(t), period: '2024M05', value: 4 }] },
      }),
      ENTRY_IN(201),
      ENTRY_OUT(201, 400),
    ),
    ...both(
      'one value',
      'GET /api/values',
      (t) => ({ method: 'GET', url: `/api/values?indicator=ind_a&orgUnit=${unit(t)}&period=2024` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'delete a value',
      'DELETE /api/values',
      async (t) => {
        await enterValue(systemContext(scenarioStore.db), {
          indicator: 'ind_a',
          orgUnit: unit(t),
          period: '2023',
          value: 1,
        });
        return { method: 'DELETE', url: `/api/values?indicator=ind_a&orgUnit=${unit(t)}&period=2023` };
      },
      SEC_WRITE_IN(204).map((x, i) => (i === 5 ? 404 : x)) as Row,
      NATIONAL_WRITE_OUT(204),
    ),
    ...both(
      'review a value',
      'POST /api/values/review',
      (t) => ({
        method: 'POST',
        url: '/api/values/review',
        payload: { indicator: 'ind_a', orgUnit: unit(t), period: '2024', state: 'approved' },
      }),
      SEC_WRITE_IN(200).map((x, i) => (i === 5 ? 404 : x)) as Row,
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'import values',
      'POST /api/values/import',
      (t) => ({
        method: 'POST',
        url: '/api/values/import',
        payload: `indicator,unit,period,value\nind_a,${unit(t)},2024M06,5\n`,
        headers: { 'content-type': 'text/csv' },
      }),
      ENTRY_IN(201),
      ENTRY_OUT(201, 400),
    ),
    ...both(
      'export values',
      'GET /api/values/export',
      (t) => ({ method: 'GET', url: `/api/values/export?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'at risk',
      'GET /api/evaluation/at-risk',
      (t) => ({ method: 'GET', url: `/api/evaluation/at-risk?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'scorecard',
      'GET /api/scorecards/:unit',
      (t) => ({ method: 'GET', url: `/api/scorecards/${unit(t)}?period=2024` }),
      READ_IN,
      READ_OUT,
    ),
    r('GET /api/composite-indices', 'GET', '/api/composite-indices', ANY_USER),
    r('GET /api/composite-indices/:index', 'GET', '/api/composite-indices/IDX', ANY_USER),
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
    // Rankings: every ranked unit's rank and score to every signed-in user; the explanation in scope.
    r('GET /api/rankings/:index', 'GET', '/api/rankings/IDX?period=2024', ANY_USER),
    ...both(
      'explain a rank',
      'GET /api/rankings/:index/explain',
      (t) => ({ method: 'GET', url: `/api/rankings/IDX/explain?unit=${unit(t)}&period=2024` }),
      READ_IN,
      READ_OUT,
    ),
    r('GET /api/data-sets', 'GET', '/api/data-sets', ANY_USER),
    r('GET /api/data-sets/:code', 'GET', '/api/data-sets/PROV-M', ANY_USER),
    {
      name: 'PUT /api/data-sets/:code',
      route: 'PUT /api/data-sets/:code',
      request: () => ({
        method: 'PUT' as 'POST',
        url: `/api/data-sets/${unique('DS')}`,
        payload: { name: { en: 'x' }, periodType: 'year', unitKind: 'province', scope: 'VN', indicators: ['ind_a'] },
      }),
      expected: ADMIN(200),
    },
    r('DELETE /api/data-sets/:code', 'DELETE', '/api/data-sets/NOPE', ADMIN(404)),
    {
      name: 'POST /api/data-sets/import',
      route: 'POST /api/data-sets/import',
      request: () => ({
        method: 'POST',
        url: '/api/data-sets/import',
        payload: `format: mandate.datasets/1\ndataSets:\n  - { code: ${unique('DSF')}, name: { en: x }, periodType: year, unitKind: province, scope: VN, indicators: [ind_a] }\n`,
        headers: { 'content-type': 'application/yaml' },
      }),
      expected: ADMIN(201),
    },
    ...both(
      'my forms',
      'GET /api/forms',
      (t) => ({ method: 'GET', url: `/api/forms?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'a form',
      'GET /api/forms/:dataSet/:unit/:period',
      (t) => ({ method: 'GET', url: form(t) }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'save a form',
      'PUT /api/forms/:dataSet/:unit/:period',
      (t) => ({ method: 'PUT' as 'POST', url: form(t), payload: { values: [{ indicator: 'ind_a', value: 7 }] } }),
      [200, 200, 200, 200, 403, 404, 401],
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'review a form',
      'POST /api/forms/:dataSet/:unit/:period/review',
      async (t) => {
        await resubmit(unit(t));
        return { method: 'POST', url: `${form(t)}/review`, payload: { decision: 'approve' } };
      },
      SEC_WRITE_IN(200).map((x, i) => (i === 5 ? 404 : x)) as Row,
      NATIONAL_WRITE_OUT(200),
    ),
    ...both(
      'a grid',
      'GET /api/grids/:dataSet/:unit/:period',
      (t) => ({ method: 'GET', url: `/api/grids/PROV-M/${unit(t)}/2024M07` }),
      READ_IN,
      READ_OUT,
    ),
    {
      // A province's wards in one grid (a draft: the same save may be repeated by each principal).
      name: 'save a grid',
      route: 'PUT /api/grids/:dataSet/:unit/:period',
      request: () => ({
        method: 'PUT' as 'POST',
        url: '/api/grids/COMM-M/VN-HN/2024M07',
        payload: { forms: [{ unit: 'VN-HN-C1', values: [{ indicator: 'ind_a', value: 7 }] }] },
      }),
      expected: [200, 200, 200, 200, 403, 404, 401],
    },
    ...both(
      'completeness',
      'GET /api/completeness',
      (t) => ({ method: 'GET', url: `/api/completeness?unit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    // DHIS2: bad rows (here: a unit outside the writer's scope) are conflicts in a 200 import summary, as in DHIS2.
    ...both(
      'DHIS2 import',
      'POST /api/dataValueSets',
      (t) => ({
        method: 'POST',
        url: '/api/dataValueSets',
        payload: { dataValues: [{ dataElement: 'ind_a', period: '202404', orgUnit: unit(t), value: '2' }] },
      }),
      ENTRY_IN(200),
      ENTRY_IN(200),
    ),
    ...both(
      'DHIS2 export',
      'GET /api/dataValueSets',
      (t) => ({ method: 'GET', url: `/api/dataValueSets?dataSet=PROV-M&period=202404&orgUnit=${unit(t)}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'DHIS2 registration',
      'POST /api/completeDataSetRegistrations',
      (t) => ({
        method: 'POST',
        url: '/api/completeDataSetRegistrations',
        payload: {
          completeDataSetRegistrations: [{ dataSet: 'PROV-M', period: '2024M03', organisationUnit: unit(t) }],
        },
      }),
      ENTRY_IN(200),
      ENTRY_IN(200),
    ),
  ];
}

// The matrix stores a webhook on loopback (never called), which webhooks may use only when allowed.
process.env.MANDATE_WEBHOOK_ALLOW = '127.0.0.1';
let scenarioStore: TestStore;

/** Puts the PROV-M form of a province for 2024M07 back to submitted (by the system), for review attempts. */
async function resubmit(unitCode: string): Promise<void> {
  const ctx = systemContext(scenarioStore.db);
  const ds = (await dataSetsRepository.byCode(ctx.db, 'PROV-M'))!;
  const unit = (await orgUnitsRepository.byCode(ctx.db, unitCode))!;
  await ctx.db.deleteFrom('data_set_submissions').where('org_unit_id', '=', unit.id).execute();
  await changeSubmissionState(ctx, { dataSet: ds, unit, period: parsePeriod('2024M07')! }, 'submit');
}

/** The indicator data of the matrix: an indicator with values and targets in and out of scope, a ranking, a data set. */
async function indicatorScenario(store: TestStore): Promise<void> {
  const ctx = systemContext(store.db, () => new Date('2024-09-01T10:00:00Z'));
  await createIndicator(ctx, { code: 'ind_a', name: { en: 'a' }, unit: 'n', valueType: 'count' });
  await enterValues(ctx, [
    { indicator: 'ind_a', orgUnit: 'VN-HN', period: '2024', value: 5 },
    { indicator: 'ind_a', orgUnit: 'VN-HP', period: '2024', value: 6 },
  ]);
  for (const u of ['VN-HN', 'VN-HP'])
    await createTarget(ctx, {
      indicator: 'ind_a',
      orgUnit: u,
      baseline: { value: 1, period: '2023' },
      target: { value: 10, date: '2025-12-31' },
    });
  await saveComposite(ctx, {
    code: 'IDX',
    name: { en: 'index' },
    unitKind: 'province',
    scope: 'VN',
    config: {
      normalisation: 'min_max',
      pillars: [{ code: 'p', name: { en: 'p' }, indicators: [{ indicator: 'ind_a' }] }],
    },
  });
  await saveDataSet(ctx, {
    code: 'PROV-M',
    name: { en: 'province monthly' },
    periodType: 'month',
    unitKind: 'province',
    scope: 'VN',
    indicators: ['ind_a'],
  });
  await saveDataSet(ctx, {
    code: 'COMM-M',
    name: { en: 'commune monthly' },
    periodType: 'month',
    unitKind: 'commune',
    scope: 'VN',
    indicators: ['ind_a'],
  });
}

/** Inspections in scope (issued by and of Hà Nội) and out of it (Hải Phòng), each in progress with a flagged value. */
const inspectionFindings: Record<'in' | 'out', number> = { in: 0, out: 0 };
const inspectionCtx = () => systemContext(scenarioStore.db, () => new Date('2024-09-01T10:00:00Z'));

async function freshInspection(t: 'in' | 'out', started: boolean): Promise<string> {
  const code = unique(`INSP-${t}`);
  const unit = t === 'in' ? 'VN-HN' : 'VN-HP';
  await planInspection(inspectionCtx(), {
    code,
    title: { en: 'inspection' },
    issuer: unit,
    programme: t === 'in' ? 'VN-NDX-TEST' : 'HP-PLAN',
    start: '2024-09-02',
    end: '2024-09-06',
    units: [{ unit }],
  });
  if (started) await startInspection(inspectionCtx(), code);
  return code;
}

async function inspectionScenario(store: TestStore): Promise<void> {
  scenarioStore = store;
  for (const t of ['in', 'out'] as const) {
    const code = await freshInspection(t, true);
    const finding = await recordFinding(inspectionCtx(), code, {
      unit: t === 'in' ? 'VN-HN' : 'VN-HP',
      kind: 'discrepancy',
      value: { indicator: 'ind_a', period: '2024' },
      narrative: 'the value is not what was found',
      flag: true,
    });
    inspectionFindings[t] = finding.id;
    inspectionCodes[t] = code;
  }
}
const inspectionCodes: Record<'in' | 'out', string> = { in: '', out: '' };

/**
 * Inspections (issue 19): every signed-in user lists (scoped) and counts open
 * recommendations; an inspection is read by its issuer's and inspected units' scope;
 * secretariats over the issuer plan, start, conclude, record findings, flag and issue
 * recommendations (reporters and viewers 403); out of scope answers like a missing one.
 */
function inspectionCases(both: Both): Case[] {
  const MANAGE_IN = (ok: number): Row => [ok, ok, ok, 403, 403, 404, 401];
  const unitOf = (t: 'in' | 'out') => (t === 'in' ? 'VN-HN' : 'VN-HP');
  const plan = (t: 'in' | 'out') => ({
    code: unique('PLAN'),
    title: { en: 'plan' },
    issuer: unitOf(t),
    programme: t === 'in' ? 'VN-NDX-TEST' : 'HP-PLAN',
    start: '2024-10-01',
    end: '2024-10-03',
    units: [{ unit: unitOf(t) }],
  });
  return [
    {
      name: 'list inspections',
      route: 'GET /api/inspections',
      request: () => ({ method: 'GET', url: '/api/inspections' }),
      expected: ANY_USER,
    },
    {
      name: 'open recommendations',
      route: 'GET /api/inspections/recommendations/open',
      request: () => ({ method: 'GET', url: '/api/inspections/recommendations/open' }),
      expected: ANY_USER,
    },
    ...both(
      'plan an inspection',
      'POST /api/inspections',
      (t) => ({ method: 'POST', url: '/api/inspections', payload: plan(t) }),
      [201, 201, 201, 403, 403, 400, 401],
      [201, 201, 400, 400, 400, 400, 401],
    ),
    ...both(
      'import an inspection file',
      'POST /api/inspections/import',
      (t) => ({ method: 'POST', url: '/api/inspections/import', payload: plan(t) }),
      [201, 201, 201, 403, 403, 400, 401],
      [201, 201, 400, 400, 400, 400, 401],
    ),
    ...both(
      'one inspection',
      'GET /api/inspections/:code',
      (t) => ({ method: 'GET', url: `/api/inspections/${inspectionCodes[t]}` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'export an inspection',
      'GET /api/inspections/:code/export',
      (t) => ({ method: 'GET', url: `/api/inspections/${inspectionCodes[t]}/export` }),
      READ_IN,
      READ_OUT,
    ),
    ...both(
      'start an inspection',
      'POST /api/inspections/:code/start',
      async (t) => ({ method: 'POST', url: `/api/inspections/${await freshInspection(t, false)}/start` }),
      MANAGE_IN(200),
      READ_OUT.map((x) => (x === 200 ? 200 : x)) as Row,
    ),
    ...both(
      'conclude an inspection',
      'POST /api/inspections/:code/conclude',
      async (t) => ({
        method: 'POST',
        url: `/api/inspections/${await freshInspection(t, true)}/conclude`,
        payload: { text: { en: 'concluded' } },
      }),
      MANAGE_IN(200),
      READ_OUT,
    ),
    ...both(
      'record a finding',
      'POST /api/inspections/:code/findings',
      (t) => ({
        method: 'POST',
        url: `/api/inspections/${inspectionCodes[t]}/findings`,
        payload: { unit: unitOf(t), kind: 'risk', narrative: 'a risk' },
      }),
      MANAGE_IN(201),
      [201, 201, 404, 404, 404, 404, 401],
    ),
    ...both(
      'resolve a discrepancy',
      'POST /api/inspections/:code/findings/:id/flag',
      (t) => ({
        method: 'POST',
        url: `/api/inspections/${inspectionCodes[t]}/findings/${inspectionFindings[t]}/flag`,
        payload: { flagged: false, note: 'corrected' },
      }),
      MANAGE_IN(200),
      READ_OUT,
    ),
    ...both(
      'issue a recommendation',
      'POST /api/inspections/:code/recommendations',
      (t) => ({
        method: 'POST',
        url: `/api/inspections/${inspectionCodes[t]}/recommendations`,
        payload: { unit: unitOf(t), text: { en: 'fix the value' }, due: '2024-12-31' },
      }),
      MANAGE_IN(201),
      [201, 201, 404, 404, 404, 404, 401],
    ),
    ...both(
      'inspection flags of an assignment',
      'GET /api/assignments/:id/inspection-flags',
      (t, sc) => ({ method: 'GET', url: `/api/assignments/${t === 'in' ? sc.hnCommune : sc.hp}/inspection-flags` }),
      READ_IN,
      READ_OUT,
    ),
  ];
}

type Both = (
  name: string,
  route: string,
  make: (target: 'in' | 'out', s: Scenario) => ReturnType<Case['request']>,
  inRow: Row,
  outRow: Row,
) => Case[];

describe.each(STORE_KINDS)('permission matrix on %s', (kind) => {
  let store: TestStore;
  let s: Scenario;
  beforeAll(async () => {
    store = await createTestStore(kind);
    scenarioStore = store;
    s = await buildScenario(store);
    await indicatorScenario(store);
    await inspectionScenario(store);
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
