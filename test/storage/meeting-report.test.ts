/**
 * Meeting reports: figures and changes since the previous report on both stores
 * (fixture programme), and the PDF, XLSX and DOCX of a demo report in English and
 * Arabic with their content read back (pdftotext, exceljs, the DOCX XML).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { leafAssignments } from '../helpers/assignments.js';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { appOnStore } from '../helpers/app-on-store.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { systemContext, type ServiceContext } from '../../src/services/context.js';
import { submitReport } from '../../src/services/progress-reports.js';
import { buildMeetingReport, type MeetingReport } from '../../src/services/meeting-report/meeting-report.js';
import { meetingReportFile } from '../../src/services/meeting-report/meeting-report-file.js';
import { takeMeetingReportSnapshot } from '../../src/services/meeting-report/take-snapshot.js';
import { loadDemoProgramme } from '../../src/services/meeting-report/demo-report.js';
import { reportMessages } from '../../src/services/meeting-report/messages.js';
import { pickText } from '../../src/domain/i18n.js';

describe.each(STORE_KINDS)('meeting report figures on %s', (kind) => {
  let now = new Date('2024-09-30T12:00:00Z');
  let headers: Record<string, string> = {};
  const t = appOnStore(kind, { now: () => now });

  it('counts, lists and compares with the previous report', async () => {
    const ctx: ServiceContext = systemContext(t.store.db, () => now);
    const q3 = await buildMeetingReport(ctx, { programme: 'VN-NDX-TEST', period: '2024Q3' });
    await takeMeetingReportSnapshot(ctx, { programme: 'VN-NDX-TEST', period: '2024Q3' });
    expect(q3.asOf).toBe('2024-09-30');
    expect(q3.previous).toBeNull();
    expect(q3.changes).toBeNull();
    // Leaves: 3 provinces × DEAD-ZONES (due 2024-12-31), ESSENTIAL-53 (2024-06-30, overdue), BACKLOG-2023 (backlog).
    expect(q3.counts).toMatchObject({ total: 5, overdue: 2, backlog: 1 });
    // The overdue section counts what the headline counts (backlog included), never "Overdue (0)" under "Overdue 2".
    expect(q3.overdueTotal).toBe(q3.counts.overdue);
    expect(q3.overdue.map((t) => [t.node, t.unit, t.lead, t.daysLate])).toEqual([
      ['BACKLOG-2023', 'VN-MIC', 'VN-MIC', 274],
      ['ESSENTIAL-53', 'VN-MPS', 'VN-MPS', 92],
    ]);
    expect(q3.backlog.map((t) => [t.node, t.lead, t.daysLate])).toEqual([['BACKLOG-2023', 'VN-MIC', 274]]);
    expect(q3.rankings.map((r) => [r.rank, r.unit, r.overdue])).toEqual([
      [1, 'VN-MIC', 1],
      [2, 'VN-MPS', 1],
    ]);

    // In Q4: MPS finishes ESSENTIAL-53, Ha Noi finishes its dead zones; the provinces' task falls overdue.
    const id = await leafAssignments(t.store.db);
    now = new Date('2024-11-15T09:00:00Z');
    await submitReport(ctx, id('ESSENTIAL-53', 'VN-MPS'), { period: '2024M11', percent: 100, state: 'completed' });
    await submitReport(ctx, id('DEAD-ZONES', 'VN-HN'), { period: '2024M11', percent: 100, state: 'completed' });
    now = new Date('2025-01-20T09:00:00Z');
    const q4 = await buildMeetingReport(ctx, { programme: 'VN-NDX-TEST', period: '2024Q4' });
    await takeMeetingReportSnapshot(ctx, { programme: 'VN-NDX-TEST', period: '2024Q4' });
    expect(q4.asOf).toBe('2024-12-31');
    expect(q4.previous).toEqual({ period: '2024Q3', asOf: '2024-09-30' });
    expect(q4.completed.map((t) => [t.node, t.unit, t.lead, t.completedOn, t.daysLate]).sort()).toEqual([
      ['DEAD-ZONES', 'VN-HN', 'VN-MIC', '2024-11-15', 0],
      ['ESSENTIAL-53', 'VN-MPS', 'VN-MPS', '2024-11-15', 138],
    ]);
    expect(q4.counts).toMatchObject({ overdue: 1, backlog: 1, completedOnTime: 1, completedLate: 1 });
    expect(q4.overdueTotal).toBe(q4.counts.overdue);
    const overdueChange = q4.changes!.counts.find((c) => c.measure === 'overdue')!;
    expect(overdueChange).toEqual({ measure: 'overdue', previous: 2, now: 1 });
    expect(q4.changes!.resolvedCount).toBe(1);
    expect(q4.changes!.newlyOverdue).toEqual([]);

    // Q1 2025 as of 20 January: the provinces still open are newly overdue.
    const q1 = await buildMeetingReport(ctx, { programme: 'VN-NDX-TEST', period: '2025Q1' });
    expect(q1.previous?.period).toBe('2024Q4');
    expect(q1.changes!.newlyOverdue.map((t) => t.unit).sort()).toEqual(['VN-DN', 'VN-HP']);
    expect(q1.rankings.find((r) => r.unit === 'VN-HP')?.previousRank).toBeNull();
    // Snapshotting the same period again replaces its snapshot, it does not become "previous".
    await takeMeetingReportSnapshot(ctx, { programme: 'VN-NDX-TEST', period: '2025Q1' });
    await takeMeetingReportSnapshot(ctx, { programme: 'VN-NDX-TEST', period: '2025Q1' });
    const again = await buildMeetingReport(ctx, { programme: 'VN-NDX-TEST', period: '2025Q1' });
    expect(again.previous?.period).toBe('2024Q4');
  });

  it('serves the report over HTTP in every format and language', async () => {
    headers = { authorization: `Bearer ${await tokenFor(t.store, 'test-admin', undefined, () => now)}` }; // minted on the test's (moved) clock
    const html = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&lang=ar&format=html',
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<html lang="ar" dir="rtl">');
    expect(html.body).toContain(reportMessages('ar').sections.overdue);
    const vi = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&unit=VN-HN&period=2024Q4&lang=vi',
    });
    expect(vi.body).toContain('Hà Nội');
    expect(vi.body).toContain('Báo cáo phục vụ cuộc họp');
    const json = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&format=json',
    });
    expect(json.json().programme.code).toBe('VN-NDX-TEST');
    const xlsx = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&lang=zh&format=xlsx',
    });
    expect(xlsx.headers['content-disposition']).toContain('meeting-report-VN-NDX-TEST-2024Q4-zh.xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await t.app.inject({ headers, url: '/api/meeting-report?programme=NOPE' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ headers, url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q5' })).statusCode,
    ).toBe(400);
  });

  it('needs a signed-in user and shows a scoped user only their subtree', async () => {
    expect((await t.app.inject({ url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4' })).statusCode).toBe(
      401,
    );
    await createUser(t.store, 'hn-viewer', [{ role: 'viewer', unit: 'VN-HN' }]);
    const viewer = { authorization: `Bearer ${await tokenFor(t.store, 'hn-viewer', undefined, () => now)}` };
    const scoped = await t.app.inject({
      headers: viewer,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&format=json',
    });
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json().counts.total).toBe(1);
    const all = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&format=json',
    });
    expect(all.json().counts.total).toBe(5);
  });

  it('reading never moves the baseline: only a secretariat’s audited POST takes a snapshot', async () => {
    await createUser(t.store, 'hn-secretariat', [{ role: 'secretariat', unit: 'VN-HN' }]);
    await createUser(t.store, 'hn-viewer-2', [{ role: 'viewer', unit: 'VN-HN' }]);
    const viewer = { authorization: `Bearer ${await tokenFor(t.store, 'hn-viewer-2', undefined, () => now)}` };
    const secretariat = { authorization: `Bearer ${await tokenFor(t.store, 'hn-secretariat', undefined, () => now)}` };
    const get = (period: string, h = viewer) =>
      t.app.inject({ headers: h, url: `/api/meeting-report?programme=VN-NDX-TEST&period=${period}&format=json` });
    const post = (payload: object, h = secretariat) =>
      t.app.inject({ method: 'POST', url: '/api/meeting-report/snapshots', headers: h, payload });
    // A viewer reads the Q3 report (in every format a GET could take), then Q4: still no "previous".
    expect((await get('2024Q3')).statusCode).toBe(200);
    expect(
      (await t.app.inject({ headers: viewer, url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q3&lang=vi' }))
        .statusCode,
    ).toBe(200);
    expect((await get('2024Q4')).json().previous).toBeNull();
    // GET ?snapshot=true no longer exists; the viewer may not POST one either.
    expect(
      (await t.app.inject({ headers: viewer, url: '/api/meeting-report?programme=VN-NDX-TEST&snapshot=true' }))
        .statusCode,
    ).toBe(400);
    expect((await post({ programme: 'VN-NDX-TEST', period: '2024Q3' }, viewer)).statusCode).toBe(403);
    expect((await get('2024Q4')).json().previous).toBeNull();
    // Out of the secretariat's scope: answered like an unknown unit.
    expect((await post({ programme: 'VN-NDX-TEST', unit: 'VN-HP', period: '2024Q3' })).statusCode).toBe(400);
    // Bad input names the field.
    const bad = await post({ programme: 'VN-NDX-TEST', period: '2024Q5' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('period');

    const taken = await post({ programme: 'VN-NDX-TEST', period: '2024Q3' });
    expect(taken.statusCode).toBe(201);
    expect(taken.json()).toMatchObject({ programme: 'VN-NDX-TEST', unit: null, period: '2024Q3', asOf: '2024-09-30' });
    expect((await get('2024Q4')).json().previous).toEqual({ period: '2024Q3', asOf: '2024-09-30' });
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_id'])
      .where('object_type', '=', 'meeting_report')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'snapshot', object_id: 'VN-NDX-TEST/*/2024Q3' });
    expect(audit.actor).toContain('hn-secretariat');
  });

  it('escapes every name it prints', async () => {
    await t.store.db
      .updateTable('org_units')
      .set({ name: JSON.stringify({ en: '<script>alert(1)</script> & Co' }) })
      .where('code', '=', 'VN-MIC')
      .execute();
    const html = await t.app.inject({
      headers,
      url: '/api/meeting-report?programme=VN-NDX-TEST&period=2024Q4&lang=en',
    });
    expect(html.body).not.toContain('<script>alert(1)</script>');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
  });
});

function docxParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .filter(Boolean);
}

describe('demo meeting report files (PDF, XLSX, DOCX) in English and Arabic', () => {
  let store: TestStore;
  let ctx: ServiceContext;
  let report: MeetingReport;
  const dir = mkdtempSync(join(tmpdir(), 'mandate-report-'));

  beforeAll(async () => {
    store = await createTestStore('pglite');
    ctx = systemContext(store.db, () => new Date('2026-11-25T09:00:00Z'));
    await loadDemoProgramme(ctx);
    await takeMeetingReportSnapshot(ctx, { programme: 'vn-ndx-2024', period: '2026Q3' });
    report = await buildMeetingReport(ctx, { programme: 'vn-ndx-2024', period: '2026Q4' });
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(['en', 'ar'] as const)(
    'PDF in %s: the text extracted by pdftotext has every section and the worst offenders',
    async (lang) => {
      const m = reportMessages(lang);
      const file = await meetingReportFile(ctx, { programme: 'vn-ndx-2024', period: '2026Q4', lang, format: 'pdf' });
      expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const path = join(dir, `report-${lang}.pdf`);
      writeFileSync(path, file.body);
      const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      const flat = text.replace(/\s+/g, ' ');
      // pdftotext marks right-to-left runs with bidi controls and may split a word at a diacritic: compare without them.
      // eslint-disable-next-line no-misleading-character-class -- Arabic diacritics are listed to be removed one by one
      const bare = (s: string) => s.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u064b-\u0652\s()]/g, '');
      for (const title of [m.sections.headline, m.sections.changes, m.sections.rankings, m.counts.onTimeRate])
        expect(bare(text)).toContain(bare(title));
      expect(flat).toContain('vn-ndx-2024');
      expect(flat).toContain('2026Q4');
      expect(flat).toContain(String(report.counts.total));
      const worst = report.rankings[0]!;
      expect(flat).toContain(worst.unit);
      const firstOverdue = report.overdue[0] ?? report.backlog[0]!;
      expect(flat).toContain(firstOverdue.node);
      expect(bare(text)).toContain(bare(pickText(worst.name, lang)));
      expect(bare(text)).toContain(bare(m.sections.backlog));
    },
  );

  it.each(['en', 'ar'] as const)('XLSX in %s: one sheet per section with number and date cells', async (lang) => {
    const m = reportMessages(lang);
    const file = await meetingReportFile(ctx, { programme: 'vn-ndx-2024', period: '2026Q4', lang, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      m.sheets.summary,
      m.sheets.completed,
      m.sheets.overdue,
      m.sheets.backlog,
      m.sheets.rankings,
      m.sheets.changes,
    ]);
    const summary = wb.getWorksheet(m.sheets.summary)!;
    const values = new Map<string, unknown>();
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the summary's first column holds text labels
    summary.eachRow((row, i) => i > 1 && values.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(values.get(m.counts.total)).toBe(report.counts.total);
    expect(values.get(m.counts.overdue)).toBe(report.counts.overdue);
    expect(values.get(m.counts.onTimeRate)).toBeCloseTo(report.counts.onTimeRate!, 10);
    expect(values.get(m.asOf)).toEqual(new Date('2026-11-25T00:00:00Z'));
    const overdue = wb.getWorksheet(m.sheets.overdue)!;
    expect(overdue.rowCount).toBe(report.overdue.length + 1);
    if (report.overdue.length) {
      const row = overdue.getRow(2);
      expect(row.getCell(1).value).toBe(report.overdue[0]!.node);
      expect(row.getCell(5).value).toEqual(new Date(`${report.overdue[0]!.due}T00:00:00Z`));
      expect(row.getCell(6).value).toBe(report.overdue[0]!.daysLate);
      expect(row.getCell(5).numFmt).toBe('yyyy-mm-dd');
    }
    const backlog = wb.getWorksheet(m.sheets.backlog)!;
    expect(backlog.rowCount).toBe(report.backlog.length + 1);
    const rankings = wb.getWorksheet(m.sheets.rankings)!;
    expect(rankings.getRow(2).getCell(2).value).toBe(report.rankings[0]!.unit);
    expect(typeof rankings.getRow(2).getCell(4).value).toBe('number');
    const changes = wb.getWorksheet(m.sheets.changes)!;
    expect(changes.getRow(2).getCell(1).value).toBe(m.counts.total);
    expect(summary.views[0]?.rightToLeft ?? false).toBe(lang === 'ar');
  });

  it.each(['en', 'ar'] as const)('DOCX in %s: headings, tables and right-to-left paragraphs', async (lang) => {
    const m = reportMessages(lang);
    const file = await meetingReportFile(ctx, { programme: 'vn-ndx-2024', period: '2026Q4', lang, format: 'docx' });
    const zip = await JSZip.loadAsync(file.body);
    const xml = await zip.file('word/document.xml')!.async('string');
    const paragraphs = docxParagraphs(xml);
    expect(paragraphs).toContain(pickText(report.programme.name, lang));
    for (const title of [m.sections.headline, m.sections.changes, m.sections.rankings])
      expect(paragraphs).toContain(title);
    expect(paragraphs).toContain(`${m.sections.overdue} (${report.overdueTotal})`);
    expect(paragraphs).toContain(`${m.sections.backlog} (${report.backlogTotal})`);
    expect(paragraphs).toContain(
      `${report.rankings[0]!.name ? pickText(report.rankings[0]!.name, lang) : ''} (${report.rankings[0]!.unit})`,
    );
    expect(paragraphs).toContain(m.counts.onTimeRate);
    if (report.overdue[0]) expect(paragraphs).toContain(pickText(report.overdue[0].title, lang));
    expect(xml.includes('<w:bidi/>')).toBe(lang === 'ar');
  });
});
