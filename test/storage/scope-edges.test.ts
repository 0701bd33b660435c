/**
 * Scope edges (issue 15 item 12): a provincial secretariat cannot cascade an area (only work
 * items are cascaded, so nothing it creates counts as a phantom task in national rollups),
 * and cannot rename, re-kind or move the root unit of its own grant — that is changed from above.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { adminHeaders, createUser, tokenFor } from '../helpers/auth.js';
import { importOrgUnitsText } from '../../src/services/org-units-importer.js';
import { systemContext } from '../../src/services/context.js';
import { DEFAULT_UNIT_KIND_RULES } from '../../src/domain/org-unit-kinds.js';

describe.each(STORE_KINDS)('scope edges on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let province: Record<string, string>;
  let national: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store);
    await createUser(store, 'hn-secretariat', [{ role: 'secretariat', unit: 'VN-HN' }]);
    await createUser(store, 'vn-secretariat', [{ role: 'secretariat', unit: 'VN' }]);
    province = { authorization: `Bearer ${await tokenFor(store, 'hn-secretariat')}` };
    national = { authorization: `Bearer ${await tokenFor(store, 'vn-secretariat')}` };
    admin = await adminHeaders(store);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('cascades tasks only: an area is refused with the node named, and nothing is created', async () => {
    const count = async () =>
      Number(
        (await store.db
          .selectFrom('assignments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst())!.n,
      );
    const before = await count();
    const area = await app.inject({
      method: 'POST',
      url: '/api/programmes/VN-NDX-TEST/nodes/INFRA/cascade',
      headers: province,
      payload: { kind: 'commune', under: 'VN-HN', due: '2024-12-31' },
    });
    expect(area.statusCode).toBe(400);
    expect(area.json().error.problems).toEqual([
      { path: 'node', message: 'INFRA is an area: only tasks, sub-tasks and milestones are cascaded' },
    ]);
    expect(await count()).toBe(before);
    const task = await app.inject({
      method: 'POST',
      url: '/api/programmes/VN-NDX-TEST/nodes/DEAD-ZONES/cascade',
      headers: province,
      payload: { kind: 'commune', under: 'VN-HN' },
    });
    expect(task.statusCode).toBe(201);
  });

  /** The province secretariat makes a unit of its tree a "ministry". */
  const rekind = (code: string) =>
    app.inject({ method: 'PATCH', url: `/api/org-units/${code}`, headers: province, payload: { kind: 'ministry' } });

  it('changes the root of a grant only from above', async () => {
    const rename = (headers: Record<string, string>, code: string, en: string) =>
      app.inject({ method: 'PATCH', url: `/api/org-units/${code}`, headers, payload: { name: { vi: en, en } } });
    const own = await rename(province, 'VN-HN', 'Greater Hanoi Ministry');
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toMatch(/above it/);
    expect((await rekind('VN-HN')).statusCode).toBe(403);
    // Inside its subtree the province may still change its units; the nation may change the province.
    expect((await rename(province, 'VN-HN-C1', 'Ba Dinh')).statusCode).toBe(200);
    expect((await rename(national, 'VN-HN', 'Ha Noi')).statusCode).toBe(200);
  });

  const create = (headers: Record<string, string>, code: string, kind: string, parent: string) =>
    app.inject({ method: 'POST', url: '/api/org-units', headers, payload: { code, kind, parent, name: { en: code } } });
  const unitCount = async () =>
    Number(
      (await store.db
        .selectFrom('org_units')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst())!.n,
    );

  it('creates only the unit kinds configured under a parent: no look-alike ministry under a province', async () => {
    const before = await unitCount();
    const lookAlike = await create(province, 'VN-HN-MIC', 'ministry', 'VN-HN');
    expect(lookAlike.statusCode).toBe(400);
    expect(lookAlike.json().error.problems).toEqual([
      {
        path: 'kind',
        message:
          'a ministry cannot stand under VN-HN (a province): allowed there: district, commune, agency, enterprise',
      },
    ]);
    // Not even from above: the rule is about the tree, not the actor.
    expect((await create(national, 'VN-HN-MIC', 'ministry', 'VN-HN')).statusCode).toBe(400);
    expect((await create(province, 'VN-HN-C1-X', 'agency', 'VN-HN-C1')).statusCode).toBe(400);
    expect(await unitCount()).toBe(before);
    expect((await create(province, 'VN-HN-DIST', 'district', 'VN-HN')).statusCode).toBe(201);
    // A change of kind is held to the rules above and below the unit.
    const misfit = await rekind('VN-HN-DIST');
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().error.problems[0].path).toBe('kind');
  });

  it('lets an administrator change the rules, refusing rules the existing tree breaks', async () => {
    const read = await app.inject({ method: 'GET', url: '/api/org-unit-kinds', headers: province });
    expect(read.json()).toEqual({ rules: DEFAULT_UNIT_KIND_RULES });
    const rules = { ...DEFAULT_UNIT_KIND_RULES, province: ['district', 'commune', 'agency', 'enterprise', 'ministry'] };
    const put = (headers: Record<string, string>, body: object) =>
      app.inject({ method: 'PUT', url: '/api/org-unit-kinds', headers, payload: body });
    expect((await put(national, { rules })).statusCode).toBe(403);
    const breaking = await put(admin, { rules: { ...rules, province: ['district'] } });
    expect(breaking.statusCode).toBe(400);
    expect(breaking.json().error.problems).toContainEqual({
      path: 'rules.province',
      message: 'VN-HN-C1 exists: a commune cannot stand under VN-HN (a province): allowed there: district',
    });
    expect((await app.inject({ method: 'GET', url: '/api/org-unit-kinds', headers: admin })).json().rules).toEqual(
      DEFAULT_UNIT_KIND_RULES,
    );
    expect((await put(admin, { rules: { ...rules, ward: ['commune'] } })).statusCode).toBe(400);
    expect((await put(admin, { rules })).statusCode).toBe(200);
    expect((await create(province, 'VN-HN-MIC', 'ministry', 'VN-HN')).statusCode).toBe(201);
    const audit = await store.db
      .selectFrom('audit_events')
      .select(['action', 'object_id'])
      .where('object_type', '=', 'setting')
      .execute();
    expect(audit).toEqual([{ action: 'update', object_id: 'org_unit_kind_rules' }]);
    expect((await put(admin, { rules: DEFAULT_UNIT_KIND_RULES })).statusCode).toBe(400); // VN-HN-MIC now exists
  });

  it('checks the rules in an org-unit file, naming each misplaced unit, and imports nothing', async () => {
    const before = await unitCount();
    const file = [
      'format: mandate.orgunits/1',
      'parent: VN-HP',
      'units:',
      '  - code: VN-HP-D1',
      '    kind: district',
      '    name: { en: District one }',
      '    children:',
      '      - { code: VN-HP-D1-C1, kind: commune, name: { en: Commune } }',
      '      - { code: VN-HP-D1-M, kind: ministry, name: { en: Ministry } }',
      '  - { code: VN-HP-P, kind: province, name: { en: Province } }',
    ].join('\n');
    await expect(importOrgUnitsText(systemContext(store.db), file, 'units.yaml')).rejects.toMatchObject({
      problems: [
        {
          path: 'units[0].children[1].kind',
          message: 'a ministry cannot stand under VN-HP-D1 (a district): allowed there: commune, agency',
        },
        {
          path: 'units[1].kind',
          message:
            'a province cannot stand under VN-HP (a province): allowed there: district, commune, agency, enterprise, ministry',
        },
      ],
    });
    expect(await unitCount()).toBe(before);
  });
});
