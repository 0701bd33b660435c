/**
 * XLSX: one sheet per section, numbers as numbers and dates as dates (exceljs). Text
 * cells (names and titles typed by users) are quoted against formula injection
 * (src/domain/spreadsheet.ts).
 */
import ExcelJS from 'exceljs';
import type { Language } from '../../domain/i18n.js';
import { spreadsheetRow } from '../../domain/spreadsheet.js';
import { reportMessages } from './messages.js';
import { COUNT_MEASURES, nameIn, type MeetingReport, type ReportTask } from './meeting-report.js';

const asDate = (d: string | null | undefined): Date | null => (d ? new Date(`${d}T00:00:00Z`) : null);

export async function renderMeetingReportXlsx(r: MeetingReport, lang: Language): Promise<Buffer> {
  const m = reportMessages(lang);
  const rtl = m.dir === 'rtl';
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Mandate';
  wb.created = new Date(r.generatedAt);
  wb.title = `${m.title} ${r.programme.code} ${r.period}`;

  const sheet = (name: string, columns: Array<{ header: string; key: string; width: number; numFmt?: string }>) => {
    const ws = wb.addWorksheet(name.slice(0, 31), { views: [{ rightToLeft: rtl, state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: c.width,
      ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
    }));
    ws.getRow(1).font = { bold: true, color: { argb: 'FFFFFFFF' } };
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B5394' } };
    return ws;
  };

  const summary = sheet(m.sheets.summary, [
    { header: m.columns.measure, key: 'measure', width: 34 },
    { header: m.columns.now, key: 'value', width: 18 },
  ]);
  summary.addRow(spreadsheetRow({ measure: m.programme, value: nameIn(r.programme.name, lang) }));
  summary.addRow(spreadsheetRow({ measure: m.unit, value: r.unit ? nameIn(r.unit.name, lang) : m.allUnits }));
  summary.addRow(spreadsheetRow({ measure: m.period, value: r.period }));
  summary.addRow({ measure: m.asOf, value: asDate(r.asOf) }).getCell('value').numFmt = 'yyyy-mm-dd';
  if (r.previous)
    summary.addRow({ measure: m.previousReport, value: asDate(r.previous.asOf) }).getCell('value').numFmt =
      'yyyy-mm-dd';
  for (const k of COUNT_MEASURES) summary.addRow({ measure: m.counts[k], value: r.counts[k] });
  summary.addRow({ measure: m.counts.onTimeRate, value: r.counts.onTimeRate }).getCell('value').numFmt = '0.0%';

  const taskColumns = (completed: boolean) => [
    { header: m.columns.code, key: 'node', width: 16 },
    { header: m.columns.task, key: 'title', width: 60 },
    { header: m.columns.unit, key: 'unit', width: 28 },
    { header: m.columns.lead, key: 'lead', width: 28 },
    { header: m.columns.due, key: 'due', width: 12, numFmt: 'yyyy-mm-dd' },
    ...(completed ? [{ header: m.columns.completedOn, key: 'completedOn', width: 14, numFmt: 'yyyy-mm-dd' }] : []),
    { header: m.columns.daysLate, key: 'daysLate', width: 10, numFmt: '0' },
    ...(completed
      ? []
      : [
          { header: m.columns.progress, key: 'percent', width: 11, numFmt: '0' },
          { header: m.columns.state, key: 'state', width: 16 },
        ]),
  ];
  const taskRow = (t: ReportTask) =>
    spreadsheetRow({
      node: t.node,
      title: nameIn(t.title, lang),
      unit: nameIn(t.unitName, lang),
      lead: nameIn(t.leadName, lang),
      due: asDate(t.due),
      completedOn: asDate(t.completedOn),
      daysLate: t.daysLate,
      percent: t.percent ?? null,
      state: t.state ? (m.states[t.state] ?? t.state) : null,
    });
  sheet(m.sheets.completed, taskColumns(true)).addRows(r.completed.map(taskRow));
  sheet(m.sheets.overdue, taskColumns(false)).addRows(r.overdue.map(taskRow));
  sheet(m.sheets.backlog, taskColumns(false)).addRows(r.backlog.map(taskRow));

  sheet(m.sheets.rankings, [
    { header: m.columns.rank, key: 'rank', width: 8, numFmt: '0' },
    { header: m.columns.code, key: 'code', width: 14 },
    { header: m.columns.unit, key: 'unit', width: 36 },
    { header: m.columns.overdue, key: 'overdue', width: 10, numFmt: '0' },
    { header: m.columns.backlog, key: 'backlog', width: 10, numFmt: '0' },
    { header: m.columns.total, key: 'total', width: 12, numFmt: '0' },
    { header: m.columns.onTimeRate, key: 'rate', width: 14, numFmt: '0.0%' },
    { header: m.columns.previousRank, key: 'previousRank', width: 14, numFmt: '0' },
  ]).addRows(
    r.rankings.map((x) =>
      spreadsheetRow({
        rank: x.rank,
        code: x.unit,
        unit: nameIn(x.name, lang),
        overdue: x.overdue,
        backlog: x.backlog,
        total: x.total,
        rate: x.onTimeRate,
        previousRank: x.previousRank,
      }),
    ),
  );

  const changes = sheet(m.sheets.changes, [
    { header: m.columns.measure, key: 'measure', width: 34 },
    { header: m.columns.previous, key: 'previous', width: 12 },
    { header: m.columns.now, key: 'now', width: 12 },
    { header: m.columns.change, key: 'change', width: 12 },
  ]);
  if (r.changes) {
    for (const ch of r.changes.counts) {
      const row = changes.addRow({
        measure: m.counts[ch.measure],
        previous: ch.previous,
        now: ch.now,
        change: ch.now !== null && ch.previous !== null ? ch.now - ch.previous : null,
      });
      const fmt = ch.measure === 'onTimeRate' ? '0.0%' : '0';
      for (const key of ['previous', 'now', 'change']) row.getCell(key).numFmt = fmt;
    }
    changes.addRow({});
    changes.addRow({ measure: m.newlyOverdue, now: r.changes.newlyOverdue.length });
    changes.addRow({ measure: m.resolved.replace(/[:：]?\s*\{count\}.*$/, ''), now: r.changes.resolvedCount });
  } else changes.addRow({ measure: m.noPrevious });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
