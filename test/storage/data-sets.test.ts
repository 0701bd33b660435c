/**
 * Data sets end to end on both stores: the file import (all or nothing), a commune's
 * form (draft, outlier confirmed by a comment, submit, lock, review), completeness rolled
 * up the tree, and the DHIS2 data value set API (conflicts, dryRun, re-post counts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { systemContext } from '../../src/services/context.js';
import { createIndicator } from '../../src/services/indicators.js';
import { enterValues } from '../../src/services/data-values.js';
import { statusText } from '../../src/cli/status.js';

const NOW = () => new Date('2024-09-05T10:00:00Z');

const DATASETS = `format: mandate.datasets/1
dataSets:
  - code: COMMUNE-MONTHLY
    name: { en: Commune monthly digital figures, vi: Số liệu chuyển đổi số hằng tháng của xã }
    periodType: month
    unitKind: commune
    scope: VN
    indicators: [online_services, dead_zone_villages]
    dueDays: 10
    expiryDays: 60
  - code: PROVINCE-QUARTERLY
    name: { en: Province quarterly }
    periodType: quarter
    unitKind: province
    scope: VN
    indicators: [online_services]
`;

describe.each(STORE_KINDS)('data sets, forms, completeness, DHIS2 on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  const h: Record<string, Record<string, string>> = {};

  const call = async (
    user: string,
    method: string,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...h[user], ...headers },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
    return { status: r.statusCode, body: r.body ? r.json() : undefined };
  };

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    const ctx = systemContext(store.db, NOW);
    for (const code of ['online_services', 'dead_zone_villages'])
      await createIndicator(ctx, { code, name: { en: code }, unit: 'n', valueType: 'count' });
    // Six months of history for Ba Dinh ward: about 10 online services a month.
    await enterValues(
      ctx,
      [10, 11, 9, 10, 12, 10].map((v, i) => ({
        indicator: 'online_services',
        orgUnit: 'VN-HN-C1',
        period: `2024M0${i + 1}`,
        value: v,
      })),
    );
    for (const [u, g] of Object.entries({
      admin: [{ role: 'admin' as const }],
      'sec-vn': [{ role: 'secretariat' as const, unit: 'VN' }],
      'rep-c1': [{ role: 'reporter' as const, unit: 'VN-HN-C1' }],
      'view-hn': [{ role: 'viewer' as const, unit: 'VN-HN' }],
      'rep-hp': [{ role: 'reporter' as const, unit: 'VN-HP' }],
    })) {
      await createUser(store, u, g);
      h[u] = { authorization: `Bearer ${await tokenFor(store, u, undefined, NOW)}` };
    }
    app = await testApp(store, NOW);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('imports a data set file all or nothing, every problem at its path', async () => {
    const bad = DATASETS.replace('dead_zone_villages]', 'nope]').replace('dueDays: 10', 'dueDays: -1');
    const r = await call('admin', 'POST', '/api/data-sets/import', bad, { 'content-type': 'application/yaml' });
    expect(r.status).toBe(400);
    expect(r.body.error.problems.map((p: { path: string }) => p.path.split(' ')[0])).toEqual(['dataSets[0].dueDays']);
    const r2 = await call('admin', 'POST', '/api/data-sets/import', DATASETS.replace('dead_zone_villages]', 'nope]'), {
      'content-type': 'application/yaml',
    });
    expect(r2.status).toBe(400);
    expect(r2.body.error.problems).toEqual([
      { path: 'dataSets[0].indicators[1]', message: "unknown indicator 'nope'" },
    ]);
    expect((await call('admin', 'GET', '/api/data-sets')).body.items).toEqual([]);
    expect(
      await call('rep-c1', 'POST', '/api/data-sets/import', DATASETS, { 'content-type': 'application/yaml' }),
    ).toMatchObject({ status: 403 });
    const ok = await call('admin', 'POST', '/api/data-sets/import', DATASETS, { 'content-type': 'application/yaml' });
    expect(ok).toEqual({ status: 201, body: { dataSets: ['COMMUNE-MONTHLY', 'PROVINCE-QUARTERLY'] } });
    const list = await call('view-hn', 'GET', '/api/data-sets');
    expect(list.body.items.map((d: { code: string }) => d.code)).toEqual(['COMMUNE-MONTHLY', 'PROVINCE-QUARTERLY']);
  });

  it("lists a reporter's forms with their state, due soon and overdue", async () => {
    const r = await call('rep-c1', 'GET', '/api/forms?dataSet=COMMUNE-MONTHLY');
    expect(r.status).toBe(200);
    const byPeriod = new Map(r.body.items.map((f: { period: string }) => [f.period, f]));
    // Only Ba Dinh ward: the reporter's unit.
    expect(new Set(r.body.items.map((f: { unit: string }) => f.unit))).toEqual(new Set(['VN-HN-C1']));
    expect(byPeriod.get('2024M08')).toMatchObject({
      state: 'not_started',
      due: '2024-09-10',
      dueSoon: true,
      overdue: false,
    });
    expect(byPeriod.get('2024M07')).toMatchObject({ state: 'not_started', overdue: true, editable: true });
    expect(byPeriod.get('2024M09')).toMatchObject({ state: 'not_started', dueSoon: false, overdue: false });
    expect(r.body.items[0].overdue).toBe(true);
  });

  it('saves a draft, asks for a comment on an outlier, submits, locks, and counts completeness', async () => {
    const url = '/api/forms/COMMUNE-MONTHLY/VN-HN-C1/2024M08';
    const before = await call('sec-vn', 'GET', '/api/completeness?unit=VN&level=1&from=2024M08&to=2024M08');
    expect(before.body.units).toEqual([
      expect.objectContaining({ unit: 'VN-HN', expected: 2, received: 0, onTime: 0, rate: 0 }),
    ]);
    // A type error names the field.
    const typeError = await call('rep-c1', 'PUT', url, { values: [{ indicator: 'online_services', value: 'many' }] });
    expect(typeError.status).toBe(400);
    expect(typeError.body.error.problems[0].path).toBe('values[0].value');
    // Draft with an outlier: saved, with a warning.
    const draft = await call('rep-c1', 'PUT', url, {
      values: [
        { indicator: 'online_services', value: 45 },
        { indicator: 'dead_zone_villages', value: 2 },
      ],
    });
    expect(draft.status).toBe(200);
    expect(draft.body.form.state).toBe('draft');
    expect(draft.body.warnings.map((w: { path: string }) => w.path)).toEqual(['values[0].comment']);
    expect(draft.body.form.rows[0]).toMatchObject({ value: 45, outlier: true, median: 10 });
    // Submitting without the comment is refused, naming it.
    const refused = await call('rep-c1', 'PUT', url, { values: [], submit: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems[0].path).toBe('rows.online_services.comment');
    const submitted = await call('rep-c1', 'PUT', url, {
      values: [{ indicator: 'online_services', value: 45, comment: 'new one-stop portal went live' }],
      submit: true,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.form).toMatchObject({ state: 'submitted', editable: false });
    // Locked once submitted.
    expect((await call('rep-c1', 'PUT', url, { values: [{ indicator: 'dead_zone_villages', value: 1 }] })).status).toBe(
      409,
    );
    // Province and national completeness change.
    const province = await call('view-hn', 'GET', '/api/completeness?unit=VN-HN&from=2024M08&to=2024M08');
    expect(province.body.total).toMatchObject({ expected: 2, received: 1, onTime: 1, rate: 50 });
    const national = await call(
      'sec-vn',
      'GET',
      '/api/completeness?unit=VN&from=2024M08&to=2024M08&dataSet=COMMUNE-MONTHLY',
    );
    expect(national.body.total).toMatchObject({ expected: 2, received: 1, rate: 50 });
    // `mandate status` prints each data set's completeness beside the task figures.
    const status = await statusText(systemContext(store.db, NOW), { unit: 'VN-HN', lang: 'en', top: 3 });
    expect(status).toContain('Reporting completeness — VN-HN');
    // 2 wards × the 12 months 2023M10–2024M09 (open by 2024-09-05); Ba Dinh's 2024M08 form is in.
    expect(status).toContain('  COMMUNE-MONTHLY: expected 24, received 1 (4 %), on time 1 (4 %)');
    expect(status.indexOf('VN-NDX-TEST')).toBeLessThan(status.indexOf('COMMUNE-MONTHLY: expected'));
    // Out of scope: Hai Phong's reporter cannot see Hanoi's form.
    expect((await call('rep-hp', 'GET', url)).status).toBe(404);
    expect((await call('view-hn', 'PUT', url, { values: [] })).status).toBe(403);
    // The secretariat sees the value, returns the form; the reporter fixes it.
    const value = await call('sec-vn', 'GET', '/api/values?indicator=online_services&orgUnit=VN-HN-C1&period=2024M08');
    expect(value.body).toMatchObject({ value: 45, comment: 'new one-stop portal went live' });
    expect((await call('sec-vn', 'POST', `${url}/review`, { decision: 'return' })).status).toBe(400);
    const returned = await call('sec-vn', 'POST', `${url}/review`, { decision: 'return', comment: 'check 45' });
    expect(returned.body).toMatchObject({ state: 'returned' });
    expect((await call('rep-c1', 'GET', url)).body).toMatchObject({ state: 'returned', editable: true });
    const history = await call('admin', 'GET', '/api/history/data_set_submission/COMMUNE-MONTHLY/VN-HN-C1/2024M08');
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['return', 'submit', 'save']);
    const valueHistory = await call('view-hn', 'GET', '/api/history/data_value/online_services/VN-HN-C1/2024M08');
    expect(
      valueHistory.body.items.map((e: { actor: string; after: { value: number } }) => [e.actor, e.after.value]),
    ).toEqual([
      ['rep-c1', 45],
      ['rep-c1', 45],
    ]);
    expect((await call('rep-hp', 'GET', '/api/history/data_value/online_services/VN-HN-C1/2024M08')).status).toBe(404);
  });

  it('DHIS2 data value sets: conflicts per bad row, dryRun stores nothing, a re-post is not imported again', async () => {
    const set = {
      dataSet: 'COMMUNE-MONTHLY',
      period: '202407',
      orgUnit: 'VN-HN-C2',
      dataValues: [
        { dataElement: 'online_services', value: '7' },
        { dataElement: 'dead_zone_villages', value: '3', comment: 'two villages covered in July' },
        { dataElement: 'nope', value: '1' },
        { dataElement: 'online_services', orgUnit: 'VN-XX', value: '2' },
        { dataElement: 'dead_zone_villages', period: '2024-13', value: '1' },
        { dataElement: 'online_services', period: '202406', value: 'x' },
      ],
    };
    const all = await call('sec-vn', 'POST', '/api/dataValueSets?idScheme=code', set);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      status: 'ERROR',
      importCount: { imported: 0, updated: 0, ignored: 6, deleted: 0 },
    });
    expect(all.body.conflicts.map((c: { object: string; indexes: number[] }) => [c.object, c.indexes[0]])).toEqual([
      ['nope', 2],
      ['VN-XX', 3],
      ['2024-13', 4],
      ['x', 5],
    ]);
    const dry = await call('sec-vn', 'POST', '/api/dataValueSets?dryRun=true&atomicMode=NONE', set);
    expect(dry.body).toMatchObject({ status: 'WARNING', importCount: { imported: 2, updated: 0, ignored: 4 } });
    expect(dry.body.conflicts).toHaveLength(4);
    expect(
      (await call('sec-vn', 'GET', '/api/values?indicator=online_services&orgUnit=VN-HN-C2&period=2024M07')).status,
    ).toBe(404);
    const good = { ...set, completeDate: '2024-08-09', dataValues: set.dataValues.slice(0, 2) };
    const first = await call('sec-vn', 'POST', '/api/dataValueSets', good);
    expect(first.body).toMatchObject({
      status: 'SUCCESS',
      importCount: { imported: 2, updated: 0, ignored: 0, deleted: 0 },
      conflicts: [],
      dataSetComplete: '2024-08-09',
    });
    const again = await call('sec-vn', 'POST', '/api/dataValueSets', good);
    expect(again.body.importCount).toEqual({ imported: 0, updated: 0, ignored: 2, deleted: 0 });
    const changed = await call('sec-vn', 'POST', '/api/dataValueSets', {
      ...good,
      dataValues: [{ dataElement: 'online_services', value: '8' }],
    });
    expect(changed.body.importCount).toEqual({ imported: 0, updated: 1, ignored: 0, deleted: 0 });
    const create = await call('sec-vn', 'POST', '/api/dataValueSets?importStrategy=CREATE', good);
    expect(create.body.importCount).toEqual({ imported: 0, updated: 0, ignored: 2, deleted: 0 });
    // Export with children: Hanoi's communes.
    const exported = await call(
      'view-hn',
      'GET',
      '/api/dataValueSets?dataSet=COMMUNE-MONTHLY&period=202407&orgUnit=VN-HN&children=true',
    );
    expect(exported.status).toBe(200);
    expect(
      exported.body.dataValues.map((v: { dataElement: string; orgUnit: string; value: string }) => [
        v.dataElement,
        v.orgUnit,
        v.value,
      ]),
    ).toEqual([
      ['dead_zone_villages', 'VN-HN-C2', '3'],
      ['online_services', 'VN-HN-C2', '8'],
    ]);

    expect(
      (await call('rep-hp', 'GET', '/api/dataValueSets?dataSet=COMMUNE-MONTHLY&period=202407&orgUnit=VN-HN')).status,
    ).toBe(404);
    // The registration made the July form of VN-HN-C2 complete; registering again is ignored.
    const reg = await call('sec-vn', 'POST', '/api/completeDataSetRegistrations', {
      completeDataSetRegistrations: [
        { dataSet: 'COMMUNE-MONTHLY', period: '2024M07', organisationUnit: 'VN-HN-C2' },
        { dataSet: 'COMMUNE-MONTHLY', period: '2024M07', organisationUnit: 'VN-HN-C1' },
        { dataSet: 'COMMUNE-MONTHLY', period: '2024Q3', organisationUnit: 'VN-HN-C1' },
      ],
    });
    expect(reg.body).toMatchObject({ status: 'WARNING', importCount: { imported: 1, ignored: 2 } });
    expect(reg.body.conflicts).toHaveLength(1);
    const july = await call(
      'sec-vn',
      'GET',
      '/api/completeness?unit=VN-HN&from=2024M07&to=2024M07&dataSet=COMMUNE-MONTHLY',
    );
    // Both registered on 2024-09-05, after the due day (2024-08-10): received, not on time.
    expect(july.body.total).toMatchObject({ expected: 2, received: 2, onTime: 0 });
  });

  it("a province's grid: its wards × the indicators for one period, checked like the form, all or nothing", async () => {
    const url = '/api/grids/COMMUNE-MONTHLY/VN-HN/2024M09';
    const stored = async () =>
      (await call('sec-vn', 'GET', url)).body.forms.map(
        (f: { unit: string; state: string; rows: Array<{ value: unknown }> }) => [
          f.unit,
          f.state,
          f.rows.map((r) => r.value),
        ],
      );
    expect(await stored()).toEqual([
      ['VN-HN-C1', 'not_started', [null, null]],
      ['VN-HN-C2', 'not_started', [null, null]],
    ]);
    // A bad type in one ward and an unconfirmed outlier in the other: nothing is stored, each problem named.
    const bad = await call('sec-vn', 'PUT', url, {
      forms: [
        {
          unit: 'VN-HN-C1',
          values: [
            { indicator: 'online_services', value: 45 },
            { indicator: 'dead_zone_villages', value: 1 },
          ],
        },
        {
          unit: 'VN-HN-C2',
          values: [
            { indicator: 'online_services', value: 'many' },
            { indicator: 'dead_zone_villages', value: 0 },
          ],
        },
      ],
      submit: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: { path: string }) => p.path)).toEqual([
      'forms[0].values[0].comment',
      'forms[1].values[0].value',
    ]);
    expect(await stored()).toEqual([
      ['VN-HN-C1', 'not_started', [null, null]],
      ['VN-HN-C2', 'not_started', [null, null]],
    ]);
    // A unit that is not one of the province's wards, or given twice.
    const foreign = await call('sec-vn', 'PUT', url, {
      forms: [
        { unit: 'VN-HP', values: [] },
        { unit: 'VN-HN-C1', values: [] },
        { unit: 'VN-HN-C1', values: [] },
      ],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.problems.map((p: { path: string }) => p.path)).toEqual([
      'forms[0].unit',
      'forms[2].unit',
    ]);
    // Out of scope, or without the right to enter.
    const one = { forms: [{ unit: 'VN-HN-C1', values: [{ indicator: 'online_services', value: 9 }] }] };
    expect((await call('rep-hp', 'PUT', url, one)).status).toBe(404);
    expect((await call('view-hn', 'PUT', url, one)).status).toBe(403);
    // Fixed: the outlier confirmed with a comment; both wards submitted at once.
    const good = await call('sec-vn', 'PUT', url, {
      forms: [
        {
          unit: 'VN-HN-C1',
          values: [
            { indicator: 'online_services', value: 45, comment: 'portal launched' },
            { indicator: 'dead_zone_villages', value: 1 },
          ],
        },
        {
          unit: 'VN-HN-C2',
          values: [
            { indicator: 'online_services', value: 8 },
            { indicator: 'dead_zone_villages', value: 0 },
          ],
        },
      ],
      submit: true,
    });
    expect(good.status).toBe(200);
    expect(good.body.warnings).toEqual([]);
    expect(good.body.forms.map((f: { unit: string; state: string }) => [f.unit, f.state])).toEqual([
      ['VN-HN-C1', 'submitted'],
      ['VN-HN-C2', 'submitted'],
    ]);
    expect(await stored()).toEqual([
      ['VN-HN-C1', 'submitted', [45, 1]],
      ['VN-HN-C2', 'submitted', [8, 0]],
    ]);
    const september = await call(
      'sec-vn',
      'GET',
      '/api/completeness?unit=VN-HN&from=2024M09&to=2024M09&dataSet=COMMUNE-MONTHLY',
    );
    expect(september.body.total).toMatchObject({ expected: 2, received: 2, onTime: 2 });
    // Submitted forms are locked: the grid names the row.
    const locked = await call('sec-vn', 'PUT', url, one);
    expect(locked.status).toBe(400);
    expect(locked.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['forms[0]']);
  });
});
