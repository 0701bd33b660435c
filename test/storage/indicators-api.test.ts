/** Indicators over HTTP on both stores: CRUD with 400/404/409, values, aggregation, imports, evaluation, rankings. */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { STORE_KINDS } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';

describe.each(STORE_KINDS)('indicators API on %s', (kind) => {
  const t = appOnStore(kind); // today is 2024-09-01

  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers: t.auth });
    return {
      status: r.statusCode,
      body: r.body && String(r.headers['content-type']).includes('json') ? r.json() : null,
      headers: r.headers,
      text: r.body,
    };
  };
  const send = async (
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const r = await t.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
      headers: { ...t.auth, ...headers },
    });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const raw = async (url: string, payload: string | Buffer, contentType: string) => {
    const r = await t.app.inject({ method: 'POST', url, payload, headers: { ...t.auth, 'content-type': contentType } });
    return { status: r.statusCode, body: r.json() };
  };
  const storedCount = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('data_values')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('creates, reads, replaces and deletes indicators with 400, 404 and 409', async () => {
    const created = await send('POST', '/api/indicators', {
      code: 'online_services',
      name: { en: 'Essential services online', vi: 'Dịch vụ thiết yếu trực tuyến' },
      unit: 'services',
      valueType: 'count',
      programmeNodes: [{ programme: 'VN-NDX-TEST', node: 'ESSENTIAL-53' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'online_services',
      direction: 'higher_is_better',
      aggregation: { method: 'sum' },
      timeAggregation: 'last',
      programmeNodes: [{ programme: 'VN-NDX-TEST', node: 'ESSENTIAL-53' }],
      version: 1,
    });
    /** POST /api/indicators with the name in English. */
    const add = (code: string, name: string, unit: string, valueType: string, more: object = {}) =>
      send('POST', '/api/indicators', { code, name: { en: name }, unit, valueType, ...more });
    expect((await add('online_services', 'x', 'x', 'count')).status).toBe(409);
    const total = await add('total_services', 'Essential services', 'services', 'count');
    expect(total.status).toBe(201);
    const rate = await add('online_rate', 'Online rate', '%', 'percent', {
      formula: 'online_services / total_services * 100',
    });
    expect(rate.status).toBe(201);
    expect(rate.body.aggregation).toBeNull();

    const bad = await add('x1', 'x', '%', 'percent', {
      formula: 'online_services / nope * 100',
      programmeNodes: [{ programme: 'VN-NDX-TEST', node: 'NOPE' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([
      { path: 'formula', message: "unknown indicator 'nope' at 19" },
      { path: 'programmeNodes[0].node', message: 'no node NOPE in VN-NDX-TEST' },
    ]);
    const syntax = await add('x2', 'x', '%', 'percent', { formula: '(online_services' });
    expect(syntax.status).toBe(400);
    expect(syntax.body.error.problems[0].path).toBe('body.formula');

    // A cycle through an update is refused with the cycle named.
    expect((await add('a_ind', 'a', 'x', 'number', { formula: 'online_rate * 2' })).status).toBe(201);
    const cyc = await send('PUT', '/api/indicators/online_rate', {
      name: { en: 'Online rate' },
      unit: '%',
      valueType: 'percent',
      formula: 'a_ind / 2',
    });
    expect(cyc.status).toBe(400);
    expect(cyc.body.error.problems).toEqual([
      { path: 'a_ind.formula', message: 'formula cycle: a_ind → online_rate → a_ind' },
    ]);
    expect((await send('DELETE', '/api/indicators/online_rate')).status).toBe(409);
    expect((await send('DELETE', '/api/indicators/a_ind')).status).toBe(204);
    expect((await get('/api/indicators/a_ind')).status).toBe(404);

    const read = await get('/api/indicators/online_services');
    expect(read.headers.etag).toBe('"1"');
    const replaced = await send(
      'PUT',
      '/api/indicators/online_services',
      { name: { en: 'Essential online public services' }, unit: 'services', valueType: 'count' },
      { 'if-match': '"1"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, programmeNodes: [] });
    expect(
      (
        await send(
          'PUT',
          '/api/indicators/online_services',
          { name: { en: 'x' }, unit: 'services', valueType: 'count' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(409);
    expect(
      (await send('PUT', '/api/indicators/nope', { name: { en: 'x' }, unit: 'services', valueType: 'count' })).status,
    ).toBe(404);
    expect((await get('/api/indicators?programme=VN-NDX-TEST')).body.items).toEqual([]);
  });

  it('sets targets, refuses a second one for the same unit, and validates them', async () => {
    const t = await send('POST', '/api/targets', {
      indicator: 'online_services',
      orgUnit: null,
      baseline: { value: 20, period: '2023' },
      target: { value: 53, date: '2024-12-31' },
    });
    expect(t.status).toBe(201);
    expect(t.body).toMatchObject({
      indicator: 'online_services',
      orgUnit: null,
      baseline: { value: 20, period: '2023' },
    });
    expect(
      (
        await send('POST', '/api/targets', {
          indicator: 'online_services',
          baseline: { value: 1, period: '2023' },
          target: { value: 53, date: '2024-12-31' },
        })
      ).status,
    ).toBe(409);
    const bad = await send('POST', '/api/targets', {
      indicator: 'nope',
      orgUnit: 'NOPE',
      baseline: { value: 1, period: '2023' },
      target: { value: 53, date: '2024-12-31' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([
      { path: 'indicator', message: "unknown indicator 'nope'" },
      { path: 'orgUnit', message: 'no org unit with code NOPE' },
    ]);
    const updated = await send('PUT', `/api/targets/${t.body.id}`, {
      baseline: { value: 20, period: '2023' },
      target: { value: 53, date: '2025-06-30' },
    });
    expect(updated.body).toMatchObject({ target: { value: 53, date: '2025-06-30' }, version: 2 });
    expect((await get('/api/indicators/online_services/targets')).body.items).toHaveLength(1);
    expect(
      (
        await send('PUT', '/api/targets/9999', {
          baseline: { value: 1, period: '2023' },
          target: { value: 2, date: '2025-01-01' },
        })
      ).status,
    ).toBe(404);
  });

  it('enters values, checks their type, and aggregates along the tree and over time', async () => {
    const one = await send('POST', '/api/values', {
      indicator: 'online_services',
      orgUnit: 'VN-HN-C1',
      period: '202401',
      value: '3',
    });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ period: '2024M01', value: 3, reviewState: 'submitted' });
    const bad = await send('POST', '/api/values', {
      indicator: 'online_services',
      orgUnit: 'VN-HN-C1',
      period: '2024-01',
      value: 2.5,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([
      { path: 'period', message: "'2024-01' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)" },
      { path: 'value', message: 'a count is a whole number ≥ 0' },
    ]);
    const formula = await send('POST', '/api/values', {
      indicator: 'online_rate',
      orgUnit: 'VN',
      period: '2024',
      value: 3,
    });
    expect(formula.body.error.problems[0].message).toMatch(/computed from a formula/);
    const values = [];
    for (const [unit, base] of [
      ['VN-HN-C1', 3],
      ['VN-HN-C2', 5],
      ['VN-HP', 10],
      ['VN-DN', 20],
    ] as const)
      for (let m = 1; m <= 6; m++) {
        values.push({ indicator: 'online_services', orgUnit: unit, period: `2024M0${m}`, value: base + m });
        values.push({ indicator: 'total_services', orgUnit: unit, period: `2024M0${m}`, value: 53 });
      }
    const batch = await send('POST', '/api/values/batch', { values });
    expect(batch).toMatchObject({ status: 201, body: { stored: 48 } });

    const byProvince = await get('/api/indicators/online_services/values?unit=VN&from=2024Q1&to=2024Q2&level=1');
    expect(byProvince.status).toBe(200);
    // last over time, then summed over the subtree: HN = (3+3)+(5+3) in Q1, (3+6)+(5+6) in Q2
    expect(
      byProvince.body.rows.map((r: { unit: string; period: string; value: number }) => [r.unit, r.period, r.value]),
    ).toEqual([
      ['VN-DN', '2024Q1', 23],
      ['VN-DN', '2024Q2', 26],
      ['VN-HN', '2024Q1', 14],
      ['VN-HN', '2024Q2', 20],
      ['VN-HP', '2024Q1', 13],
      ['VN-HP', '2024Q2', 16],
    ]);
    const national = await get('/api/indicators/online_services/values?unit=VN&from=2024&to=2024');
    expect(national.body.rows).toEqual([{ unit: 'VN', name: expect.any(Object), period: '2024', value: 26 + 20 + 16 }]);
    // A ratio of totals: Σ online / Σ total × 100, not a mean of ratios.
    const rate = await get('/api/indicators/online_rate/values?unit=VN&from=202406&to=202406');
    expect(rate.body.rows[0].value).toBeCloseTo((62 / (53 * 4)) * 100, 9);
    expect((await get('/api/indicators/online_services/values?unit=VN&from=x&to=2024')).status).toBe(400);
    expect((await get('/api/indicators/nope/values?unit=VN&from=2024&to=2024')).status).toBe(404);
  });

  it('evaluates against the target and lists indicators at risk', async () => {
    const e = await get('/api/indicators/online_services/evaluation?unit=VN');
    expect(e.status).toBe(200);
    expect(e.body.target).toMatchObject({ target: { value: 53 } });
    expect(e.body.evaluation.latest).toMatchObject({ period: '2024M06', value: 62 });
    expect(e.body.status).toBe('achieved');
    const hp = await get('/api/indicators/online_services/evaluation?unit=VN-HP');
    expect(hp.body.status).toMatch(/on_track|at_risk|off_track/);
    const risk = await get('/api/evaluation/at-risk?unit=VN');
    expect(risk.status).toBe(200);
    expect(risk.body.items.every((i: { status: string }) => ['at_risk', 'off_track'].includes(i.status))).toBe(true);
    expect(risk.body.counts.achieved).toBeGreaterThan(0);
    const card = await get('/api/scorecards/VN-HN?period=2024Q2');
    expect(card.status).toBe(200);
    expect(card.body.asOf).toBe('2024-06-30');
    expect(card.body.assignments).toHaveProperty('onTimeRate');
    expect(card.body.indicators.total).toBe(1);
  });

  it('imports CSV and the DHIS2 JSON of the same values to identical aggregates', async () => {
    const rows = [] as Array<[string, string, string, number]>;
    for (const unit of ['VN-HN-C1', 'VN-HN-C2', 'VN-HP', 'VN-DN'])
      for (let m = 7; m <= 12; m++) rows.push(['total_services', unit, `2024M${String(m).padStart(2, '0')}`, 50 + m]);
    const csv = `indicator,unit,period,value,source,comment\n${rows.map((r) => `${r[0]},${r[1]},${r[2]},${r[3]},test,`).join('\n')}\n`;
    const dhis2 = JSON.stringify(
      {
        dataValues: rows.map((r) => ({
          dataElement: r[0],
          orgUnit: r[1],
          period: r[2].replace('M', ''),
          value: String(r[3] + 0),
        })),
      },
      null,
      2,
    );
    const url = '/api/indicators/total_services/values?unit=VN&from=2024M07&to=2024Q4&level=1&periodType=quarter';
    expect(await raw('/api/values/import', csv, 'text/csv')).toEqual({
      status: 201,
      body: { format: 'csv', stored: 24, imported: 24, updated: 0, ignored: 0, deleted: 0 },
    });
    const afterCsv = (await get(url)).body.rows;
    await t.store.db.deleteFrom('data_values').where('period', '>=', '2024M07').execute();
    expect(await raw('/api/values/import', dhis2, 'application/json')).toEqual({
      status: 201,
      body: { format: 'dhis2', stored: 24, imported: 24, updated: 0, ignored: 0, deleted: 0 },
    });
    const afterDhis2 = (await get(url)).body.rows;
    expect(afterDhis2).toEqual(afterCsv);
    expect(afterCsv).toHaveLength(6);

    const exported = await get(
      '/api/values/export?indicator=total_services&unit=VN-HN&from=2024M07&to=2024M12&format=dhis2',
    );
    expect(exported.body.dataValues).toHaveLength(12);
    expect(exported.body.dataValues[0]).toMatchObject({
      dataElement: 'total_services',
      orgUnit: 'VN-HN-C1',
      period: '202407',
      value: '57',
    });
    const csvOut = await get(
      '/api/values/export?indicator=total_services&unit=VN-DN&from=2024M12&to=2024M12&format=csv',
    );
    expect(csvOut.text).toBe(
      'indicator,unit,period,value,source,comment\ntotal_services,VN-DN,2024M12,62,DHIS2 import,\n',
    );
  });

  it('reports every bad row of a file with line and column and stores nothing', async () => {
    const before = await storedCount();
    const csv = [
      'indicator,unit,period,value,source,comment',
      'online_services,VN-HN-C1,2025M01,4,,',
      'nope,VN-HN-C1,2025M01,4,,',
      'online_services,VN-XX,2025M01,4,,',
      'online_services,VN-HN-C1,2025-01,4,,',
      'online_services,VN-HN-C1,2025M02,4.5,,',
      'online_services,VN-HN-C1,202501,7,,',
      'online_services,VN-MIC,2025M01,4,,',
      'online_rate,VN-HN-C1,2025M01,4,,',
    ].join('\n');
    const r = await raw('/api/values/import?scope=VN-HN', csv, 'text/csv');
    expect(r.status).toBe(400);
    expect(r.body.error.problems).toEqual([
      { path: 'request body:3:1', message: "unknown indicator 'nope'" },
      { path: 'request body:4:2', message: "unknown org unit 'VN-XX'" },
      { path: 'request body:5:3', message: "'2025-01' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)" },
      { path: 'request body:6:4', message: 'a count is a whole number ≥ 0' },
      { path: 'request body:7:1', message: 'duplicate of request body:2:1 (online_services, VN-HN-C1, 2025M01)' },
      { path: 'request body:8:2', message: "org unit 'VN-MIC' is outside VN-HN" },
      { path: 'request body:9:1', message: "'online_rate' is computed from a formula; it takes no values" },
    ]);
    const json =
      '{\n  "dataValues": [\n    {"dataElement": "online_services", "period": "202501", "orgUnit": "VN-HN-C1", "value": "1"},\n    {"dataElement": "online_services", "period": "2025W01", "orgUnit": "VN-HN-C1", "value": "x"}\n  ]\n}';
    const j = await raw('/api/values/import', json, 'application/json');
    expect(j.body.error.problems).toEqual([
      {
        path: 'request body:4:50 dataValues[1].period',
        message: "'2025W01' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)",
      },
      { path: 'request body:4:93 dataValues[1].value', message: "'x' is not a number" },
    ]);
    expect(await storedCount()).toBe(before);
  });

  it('imports XLSX with the same columns', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('values');
    sheet.addRow(['indicator', 'unit', 'period', 'value', 'source', 'comment']);
    sheet.addRow(['online_services', 'VN-DN', '2024Q3', 40, 'xlsx', 'ok']);
    sheet.addRow(['online_services', 'VN-DN', '2024Q4', 'many', 'xlsx', '']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const bad = await raw(
      '/api/values/import',
      buffer,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(bad.body.error.problems).toEqual([{ path: 'request body:3:4', message: "'many' is not a number" }]);
    sheet.getRow(3).getCell(4).value = 41;
    const good = await raw(
      '/api/values/import',
      Buffer.from(await wb.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(good).toEqual({
      status: 201,
      body: { format: 'xlsx', stored: 2, imported: 2, updated: 0, ignored: 0, deleted: 0 },
    });
    expect((await get('/api/values?indicator=online_services&orgUnit=VN-DN&period=2024Q4')).body).toMatchObject({
      value: 41,
      source: 'xlsx',
    });
  });

  it('ranks units by a composite index with an explanation', async () => {
    const put = await send('PUT', '/api/composite-indices/DTI', {
      name: { en: 'DTI-like index' },
      unitKind: 'province',
      scope: 'VN',
      config: {
        normalisation: 'min_max',
        pillars: [
          { code: 'services', indicators: [{ indicator: 'online_services' }] },
          { code: 'base', weight: 0.5, indicators: [{ indicator: 'total_services' }] },
        ],
      },
    });
    expect(put.status).toBe(200);
    const r = await get('/api/rankings/DTI?period=2024');
    expect(r.status).toBe(200);
    expect(r.body.units.map((u: { unit: string; rank: number }) => [u.unit, u.rank])).toEqual([
      ['VN-DN', 1],
      ['VN-HN', 2],
      ['VN-HP', 3],
    ]);
    const ex = await get('/api/rankings/DTI/explain?unit=VN-HN&period=2024');
    expect(ex.status).toBe(200);
    expect(ex.body.pillars[0].indicators[0]).toMatchObject({ indicator: 'online_services', status: 'ok' });
    expect((await get('/api/rankings/DTI/explain?unit=VN-MIC&period=2024')).status).toBe(404);
    expect((await get('/api/rankings/NOPE?period=2024')).status).toBe(404);
    const badIndex = await send('PUT', '/api/composite-indices/BAD', {
      name: { en: 'x' },
      unitKind: 'province',
      scope: 'VN',
      config: { normalisation: 'min_max', pillars: [{ code: 'p', indicators: [{ indicator: 'nope' }] }] },
    });
    expect(badIndex.status).toBe(400);
    expect(badIndex.body.error.problems).toEqual([
      { path: 'config.pillars[0].indicators[0].indicator', message: "unknown indicator 'nope'" },
    ]);
  });

  it('serves the indicator routes in OpenAPI', async () => {
    const docs = await get('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/indicators/{code}/values',
        '/api/values/import',
        '/api/rankings/{index}/explain',
        '/api/evaluation/at-risk',
      ]),
    );
  });
});
