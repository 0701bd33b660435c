/** DOCX: the same sections as headings, paragraphs and tables (the `docx` package); right to left for Arabic. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Language } from '../../domain/i18n.js';
import { reportText, formatNumber, formatRate, reportMessages } from './messages.js';
import { nameIn, type MeetingReport, type ReportTask } from './meeting-report.js';

/** Rows per list in the document (the XLSX has them all). */
export const DOCX_LIST_ROWS = 50;

const FONT = { ascii: 'Noto Sans', hAnsi: 'Noto Sans', cs: 'Noto Naskh Arabic', eastAsia: 'Noto Sans CJK SC' };

export async function renderMeetingReportDocx(r: MeetingReport, lang: Language): Promise<Buffer> {
  const m = reportMessages(lang);
  const rtl = m.dir === 'rtl';
  const run = (text: string, opts: { bold?: boolean; color?: string; size?: number } = {}) =>
    new TextRun({ text, font: FONT, rightToLeft: rtl, ...opts });
  const para = (
    text: string,
    opts: { heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; bold?: boolean; color?: string } = {},
  ) =>
    new Paragraph({
      children: [run(text, { ...(opts.bold ? { bold: true } : {}), ...(opts.color ? { color: opts.color } : {}) })],
      bidirectional: rtl,
      ...(opts.heading ? { heading: opts.heading } : {}),
    });
  const cell = (text: string, header = false, numeric = false) =>
    new TableCell({
      children: [
        new Paragraph({
          children: [run(text, header ? { bold: true, color: 'FFFFFF' } : {})],
          bidirectional: rtl,
          alignment: numeric ? AlignmentType.END : AlignmentType.START,
        }),
      ],
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: '0B5394' } } : {}),
    });
  const table = (head: string[], rows: string[][], numeric: number[] = []) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      visuallyRightToLeft: rtl,
      rows: [
        new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, true, numeric.includes(i))) }),
        ...rows.map((row) => new TableRow({ children: row.map((v, i) => cell(v, false, numeric.includes(i))) })),
      ],
    });
  const n = (v: number) => formatNumber(v, lang);
  const tasks = (list: ReportTask[], total: number, completed: boolean) => {
    if (list.length === 0) return [para(m.none)];
    const shown = list.slice(0, DOCX_LIST_ROWS);
    const head = completed
      ? [
          m.columns.code,
          m.columns.task,
          m.columns.unit,
          m.columns.lead,
          m.columns.due,
          m.columns.completedOn,
          m.columns.daysLate,
        ]
      : [
          m.columns.code,
          m.columns.task,
          m.columns.unit,
          m.columns.lead,
          m.columns.due,
          m.columns.daysLate,
          m.columns.progress,
        ];
    const rows = shown.map((t) =>
      completed
        ? [
            t.node,
            nameIn(t.title, lang),
            nameIn(t.unitName, lang),
            nameIn(t.leadName, lang),
            t.due,
            t.completedOn ?? '',
            n(t.daysLate),
          ]
        : [
            t.node,
            nameIn(t.title, lang),
            nameIn(t.unitName, lang),
            nameIn(t.leadName, lang),
            t.due,
            n(t.daysLate),
            n(t.percent ?? 0),
          ],
    );
    const out: Array<Paragraph | Table> = [table(head, rows, [6, ...(completed ? [] : [5])])];
    if (total > shown.length) out.push(para(reportText(lang, 'more', { count: n(total - shown.length) })));
    return out;
  };

  const c = r.counts;
  const headline = table(
    [m.columns.measure, m.columns.now],
    [
      ...(
        ['total', 'notStarted', 'onTrack', 'dueSoon', 'overdue', 'completedOnTime', 'completedLate', 'backlog'] as const
      ).map((k) => [m.counts[k], n(c[k])]),
      [m.counts.onTimeRate, formatRate(c.onTimeRate, lang)],
    ],
    [1],
  );
  const changes: Array<Paragraph | Table> = [];
  if (r.changes && r.previous) {
    changes.push(para(`${m.previousReport}: ${r.previous.period} (${r.previous.asOf})`));
    changes.push(
      table(
        [m.columns.measure, m.columns.previous, m.columns.now, m.columns.change],
        r.changes.counts.map((ch) => {
          const rate = ch.measure === 'onTimeRate';
          const f = (v: number | null) => (v === null ? '–' : rate ? formatRate(v, lang) : n(v));
          const d = ch.now !== null && ch.previous !== null ? ch.now - ch.previous : null;
          return [
            m.counts[ch.measure],
            f(ch.previous),
            f(ch.now),
            d === null
              ? '–'
              : rate
                ? `${d > 0 ? '+' : ''}${formatNumber(d * 100, lang, { maximumFractionDigits: 1 })} pp`
                : `${d > 0 ? '+' : ''}${n(d)}`,
          ];
        }),
        [1, 2, 3],
      ),
    );
    changes.push(
      para(m.newlyOverdue, { heading: HeadingLevel.HEADING_3 }),
      ...tasks(r.changes.newlyOverdue, r.changes.newlyOverdue.length, false),
    );
    changes.push(para(reportText(lang, 'resolved', { count: n(r.changes.resolvedCount) })));
  } else changes.push(para(m.noPrevious));

  const doc = new Document({
    creator: 'Mandate',
    title: `${m.title} ${r.programme.code} ${r.period}`,
    styles: { default: { document: { run: { font: FONT, size: 20 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 900, bottom: 900, left: 800, right: 800 } } },
        children: [
          para(`Mandate · ${m.title}`, { color: '52606D' }),
          para(nameIn(r.programme.name, lang), { heading: HeadingLevel.TITLE }),
          para(r.unit ? nameIn(r.unit.name, lang) : m.allUnits, { heading: HeadingLevel.HEADING_2 }),
          para(`${m.period}: ${r.period} · ${m.asOf}: ${r.asOf} · ${m.programme}: ${r.programme.code}`),
          para(m.sections.headline, { heading: HeadingLevel.HEADING_1 }),
          headline,
          para(m.sections.changes, { heading: HeadingLevel.HEADING_1 }),
          ...changes,
          para(m.sections.rankings, { heading: HeadingLevel.HEADING_1 }),
          r.rankings.length
            ? table(
                [
                  m.columns.rank,
                  m.columns.unit,
                  m.columns.overdue,
                  m.columns.backlog,
                  m.columns.total,
                  m.columns.onTimeRate,
                  m.columns.previousRank,
                ],
                r.rankings.map((x) => [
                  n(x.rank),
                  `${nameIn(x.name, lang)} (${x.unit})`,
                  n(x.overdue),
                  n(x.backlog),
                  n(x.total),
                  formatRate(x.onTimeRate, lang),
                  x.previousRank === null ? '–' : n(x.previousRank),
                ]),
                [0, 2, 3, 4, 5, 6],
              )
            : para(m.none),
          para(`${m.sections.overdue} (${n(r.overdueTotal)})`, { heading: HeadingLevel.HEADING_1 }),
          ...tasks(r.overdue, r.overdueTotal, false),
          para(`${m.sections.backlog} (${n(r.backlogTotal)})`, { heading: HeadingLevel.HEADING_1 }),
          ...tasks(r.backlog, r.backlogTotal, false),
          para(`${m.sections.completed} (${n(r.completedTotal)})`, { heading: HeadingLevel.HEADING_1 }),
          para(reportText(lang, 'since', { date: r.since })),
          ...tasks(r.completed, r.completedTotal, true),
          para(reportText(lang, 'generated', { date: r.generatedAt.slice(0, 10) }), { color: '7B8794' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
