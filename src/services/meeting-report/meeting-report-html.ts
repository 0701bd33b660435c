/**
 * The meeting report as one server-rendered HTML page (also what Chromium prints to
 * PDF): written with the escaping `html` template (src/services/html.ts), `dir="rtl"`
 * for Arabic, print CSS for A4.
 */
import type { Language } from '../../domain/i18n.js';
import { html, raw, type HtmlValue, type SafeHtml } from '../html.js';
import { formatNumber, formatRate, reportMessages, reportText, type ReportMessages } from './messages.js';
import { nameIn, type MeetingReport, type ReportTask, type SlipTask } from './meeting-report.js';

/** Rows shown per list on the page (the XLSX has them all). */
export const HTML_LIST_ROWS = 25;

const FONTS = `'Noto Sans', 'Noto Sans CJK SC', 'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif`;

function css(rtl: boolean): string {
  return `
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: ${FONTS}; color: #1f2933; margin: 0; font-size: 10.5pt; line-height: 1.4; background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 0; }
header.report { border-${rtl ? 'right' : 'left'}: 6px solid #0b5394; padding: 4mm 5mm; background: #f0f4f8; margin-bottom: 5mm; }
header.report .brand { font-size: 8.5pt; letter-spacing: .12em; color: #52606d; text-transform: uppercase; }
header.report h1 { font-size: 17pt; margin: 1mm 0 1mm; color: #0b3c6e; }
header.report h2 { font-size: 11.5pt; margin: 0 0 2mm; font-weight: 600; }
dl.meta { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 1mm 4mm; margin: 0; font-size: 9.5pt; }
dl.meta dt { color: #52606d; } dl.meta dd { margin: 0; font-weight: 600; }
section { margin: 0 0 6mm; break-inside: auto; }
section h3 { font-size: 12pt; color: #0b3c6e; border-bottom: 1.5px solid #bcccdc; padding-bottom: 1mm; margin: 0 0 2.5mm; break-after: avoid; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2.5mm; }
.card { border: 1px solid #d9e2ec; border-top: 4px solid #829ab1; padding: 2mm 2.5mm; border-radius: 2px; break-inside: avoid; }
.card .n { font-size: 16pt; font-weight: 700; display: block; }
.card .l { font-size: 8.5pt; color: #52606d; }
.card.overdue { border-top-color: #c62828; } .card.overdue .n { color: #c62828; }
.card.backlog { border-top-color: #7f1d1d; } .card.backlog .n { color: #7f1d1d; }
.card.dueSoon { border-top-color: #e6a100; }
.card.completedOnTime, .card.onTimeRate { border-top-color: #2e7d32; } .card.onTimeRate .n { color: #2e7d32; }
.card.completedLate { border-top-color: #ef6c00; }
.card.completedSince { border-top-color: #0b5394; background: #f0f4f8; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
thead { display: table-header-group; }
th { background: #0b5394; color: #fff; font-weight: 600; text-align: start; padding: 1.3mm 1.8mm; }
td { border-bottom: 1px solid #e4e7eb; padding: 1.2mm 1.8mm; vertical-align: top; }
tr { break-inside: avoid; }
tbody tr:nth-child(even) td { background: #f7f9fb; }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
td.late { color: #c62828; font-weight: 700; }
.code { color: #52606d; font-size: 8pt; display: block; }
.note, .more { color: #52606d; font-size: 9pt; margin: 1.5mm 0 0; }
.up { color: #c62828; } .down { color: #2e7d32; }
.badge { display: inline-block; background: #fde8e8; color: #7f1d1d; border-radius: 2px; padding: 0 1.2mm; font-size: 8pt; }
footer.report { color: #7b8794; font-size: 8pt; border-top: 1px solid #d9e2ec; padding-top: 2mm; margin-top: 6mm; }
@media screen { main { padding: 8mm 0; } }
`;
}

/** A head cell: its text, or `{ num }` for a column of numbers (aligned to the end). */
type HeadCell = SafeHtml | string | { num: SafeHtml | string };

/** A table: its head cells and its body rows. */
function table(head: readonly HeadCell[], rows: HtmlValue): SafeHtml {
  const th = (h: HeadCell) =>
    typeof h === 'object' && 'num' in h ? html`<th class="num">${h.num}</th>` : html`<th>${h}</th>`;
  return html`<table>
    <thead>
      <tr>
        ${head.map(th)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function date(d: string | null | undefined): SafeHtml | string {
  return d ? html`<span dir="ltr">${d}</span>` : '–';
}

function taskTable(
  tasks: ReportTask[],
  total: number,
  m: ReportMessages,
  lang: Language,
  kind: 'late' | 'completed',
): SafeHtml {
  if (tasks.length === 0) return html`<p class="note">${m.none}</p>`;
  const shown = tasks.slice(0, HTML_LIST_ROWS);
  const head =
    kind === 'completed'
      ? [m.columns.task, m.columns.unit, m.columns.lead, m.columns.due, m.columns.completedOn, m.columns.daysLate]
      : [m.columns.task, m.columns.unit, m.columns.lead, m.columns.due, m.columns.daysLate, m.columns.progress];
  const numeric = kind === 'completed' ? [5] : [4, 5];
  const rows = shown.map((t) => {
    const cells =
      kind === 'completed'
        ? [
            taskCell(t, lang),
            nameIn(t.unitName, lang),
            nameIn(t.leadName, lang),
            date(t.due),
            date(t.completedOn),
            t.daysLate ? formatNumber(t.daysLate, lang) : '0',
          ]
        : [
            taskCell(t, lang),
            nameIn(t.unitName, lang),
            nameIn(t.leadName, lang),
            date(t.due),
            formatNumber(t.daysLate, lang),
            formatNumber(t.percent ?? 0, lang),
          ];
    const cls = (i: number) =>
      `${numeric.includes(i) ? 'num' : i === 3 || i === 4 ? 'date' : ''}${kind === 'late' && i === 4 ? ' late' : ''}`;
    return html`<tr>
      ${cells.map((c, i) => html`<td class="${cls(i)}">${c}</td>`)}
    </tr>`;
  });
  const more =
    total > shown.length
      ? html`<p class="more">${reportText(lang, 'more', { count: formatNumber(total - shown.length, lang) })}</p>`
      : '';
  return html`${table(
    head.map((h, i) => (numeric.includes(i) ? { num: h } : h)),
    rows,
  )}
  ${more}`;
}

/** Reporting completeness (issue 12): the rate of the period and the least complete units. */
function completenessSection(r: MeetingReport, m: ReportMessages, lang: Language): SafeHtml | string {
  const c = r.completeness;
  if (!c) return '';
  const t = (key: string, values: Record<string, string | number> = {}) =>
    reportText(lang, `completeness.${key}`, values);
  return html`<section id="completeness">
    <h3>${t('title')} (${formatRate(rateShare(c.total.rate), lang)})</h3>
    <p class="note">
      ${t('note', {
        from: c.from,
        to: c.to,
        received: formatNumber(c.total.received, lang),
        expected: formatNumber(c.total.expected, lang),
        rate: formatRate(rateShare(c.total.rate), lang),
        onTime: formatRate(rateShare(c.total.onTimeRate), lang),
      })}
    </p>
    ${table(
      [m.columns.unit, { num: t('rate') }, { num: t('onTime') }, { num: t('received') }],
      c.units.map(
        (u) =>
          html`<tr>
            <td>${nameIn(u.name, lang)}<span class="code" dir="ltr">${u.unit}</span></td>
            <td class="num${u.rate !== null && u.rate < 80 ? ' late' : ''}">${formatRate(rateShare(u.rate), lang)}</td>
            <td class="num">${formatRate(rateShare(u.onTimeRate), lang)}</td>
            <td class="num" dir="ltr">${formatNumber(u.received, lang)} / ${formatNumber(u.expected, lang)}</td>
          </tr>`,
      ),
    )}
  </section>`;
}

/** Completeness rates are percents (0–100); formatRate takes a share. */
function rateShare(percent: number | null): number | null {
  return percent === null ? null : percent / 100;
}

/** Open and overdue inspection recommendations by unit (issue 19). */
function recommendationTable(r: MeetingReport, m: ReportMessages, lang: Language): SafeHtml {
  if (r.recommendations.byUnit.length === 0) return html`<p class="note">${m.none}</p>`;
  return table(
    [m.columns.unit, { num: reportText(lang, 'inspections.open') }, { num: reportText(lang, 'inspections.overdue') }],
    r.recommendations.byUnit.map(
      (u) =>
        html`<tr>
          <td>${nameIn(u.name, lang)}</td>
          <td class="num">${formatNumber(u.open, lang)}</td>
          <td class="num late">${formatNumber(u.overdue, lang)}</td>
        </tr>`,
    ),
  );
}

/** Open work due before the next meeting that is heading for late (the early warning). */
function slipTable(r: MeetingReport, m: ReportMessages, lang: Language): SafeHtml {
  const note = html`<p class="note">${reportText(lang, 'earlyWarning.likelyToSlipNote', { date: r.nextMeeting })}</p>`;
  if (r.likelyToSlip.length === 0)
    return html`${note}
      <p class="note">${m.none}</p>`;
  const shown = r.likelyToSlip.slice(0, HTML_LIST_ROWS);
  const why = (t: SlipTask) =>
    t.basis === 'projected'
      ? reportText(lang, 'earlyWarning.why_projected', { days: formatNumber(t.daysLate, lang) })
      : reportText(lang, `earlyWarning.why_${t.basis}`);
  const more =
    r.likelyToSlipTotal > shown.length
      ? html`<p class="more">
          ${reportText(lang, 'more', { count: formatNumber(r.likelyToSlipTotal - shown.length, lang) })}
        </p>`
      : '';
  return html`${note}
  ${table(
    [
      m.columns.task,
      m.columns.unit,
      m.columns.lead,
      m.columns.due,
      reportText(lang, 'earlyWarning.projectedFinish'),
      reportText(lang, 'earlyWarning.why'),
      { num: m.columns.progress },
    ],
    shown.map(
      (t) =>
        html`<tr>
          <td>${taskCell(t, lang)}</td>
          <td>${nameIn(t.unitName, lang)}</td>
          <td>${nameIn(t.leadName, lang)}</td>
          <td class="date">${date(t.due)}</td>
          <td class="date">${date(t.projectedFinish)}</td>
          <td class="late">${why(t)}</td>
          <td class="num">${formatNumber(t.percent ?? 0, lang)}</td>
        </tr>`,
    ),
  )}
  ${more}`;
}

function taskCell(t: ReportTask, lang: Language): SafeHtml {
  return html`${nameIn(t.title, lang)}<span class="code" dir="ltr">${t.node}</span>`;
}

export function renderMeetingReportHtml(r: MeetingReport, lang: Language): string {
  const m = reportMessages(lang);
  const rtl = m.dir === 'rtl';
  const c = r.counts;
  const cards = [
    (
      [
        'total',
        'overdue',
        'backlog',
        'dueSoon',
        'onTimeRate',
        'completedOnTime',
        'completedLate',
        'onTrack',
        'notStarted',
      ] as const
    ).map(
      (k) =>
        html`<div class="card ${k}">
          <span class="n">${k === 'onTimeRate' ? formatRate(c.onTimeRate, lang) : formatNumber(c[k], lang)}</span
          ><span class="l">${m.counts[k]}</span>
        </div>`,
    ),
    html`<div class="card completedSince">
      <span class="n">${formatNumber(r.completedTotal, lang)}</span><span class="l">${m.sections.completed}</span>
    </div>`,
  ];
  const completedNote =
    r.completedTotal > 0 ? html`<p class="note">${reportText(lang, 'since', { date: r.since })}</p>` : '';

  const rankings = r.rankings.length
    ? table(
        [
          { num: m.columns.rank },
          m.columns.unit,
          { num: m.columns.overdue },
          { num: m.columns.backlog },
          { num: m.columns.total },
          { num: m.columns.onTimeRate },
          { num: m.columns.previousRank },
        ],
        r.rankings.map(
          (row) =>
            html`<tr>
              <td class="num">${formatNumber(row.rank, lang)}</td>
              <td>${nameIn(row.name, lang)}<span class="code" dir="ltr">${row.unit}</span></td>
              <td class="num late">${formatNumber(row.overdue, lang)}</td>
              <td class="num">${formatNumber(row.backlog, lang)}</td>
              <td class="num">${formatNumber(row.total, lang)}</td>
              <td class="num">${formatRate(row.onTimeRate, lang)}</td>
              <td class="num">
                ${row.previousRank === null ? (r.previous ? html`<span class="badge">${m.new}</span>` : '–') : formatNumber(row.previousRank, lang)}
              </td>
            </tr>`,
        ),
      )
    : html`<p class="note">${m.none}</p>`;

  let changes = html`<p class="note">${m.noPrevious}</p>`;
  if (r.changes && r.previous) {
    const rows = r.changes.counts.map((ch) => {
      const isRate = ch.measure === 'onTimeRate';
      const diff = ch.now !== null && ch.previous !== null ? ch.now - ch.previous : null;
      // Red when things got worse, green when better; counts that are neither (due soon, on track…) stay plain.
      const direction =
        ch.measure === 'overdue' || ch.measure === 'backlog' || ch.measure === 'completedLate'
          ? -1
          : ch.measure === 'completedOnTime' || ch.measure === 'onTimeRate'
            ? 1
            : 0;
      const cls = diff === null || diff === 0 || direction === 0 ? '' : diff * direction > 0 ? 'down' : 'up';
      const fmt = (v: number | null) => (isRate ? formatRate(v, lang) : v === null ? '–' : formatNumber(v, lang));
      const diffText =
        diff === null
          ? '–'
          : isRate
            ? `${diff > 0 ? '+' : ''}${formatNumber(diff * 100, lang, { maximumFractionDigits: 1 })} pp`
            : `${diff > 0 ? '+' : ''}${formatNumber(diff, lang)}`;
      return html`<tr>
        <td>${m.counts[ch.measure]}</td>
        <td class="num">${fmt(ch.previous)}</td>
        <td class="num">${fmt(ch.now)}</td>
        <td class="num ${cls}" dir="ltr">${diffText}</td>
      </tr>`;
    });
    changes = html`<p class="note">${m.previousReport}: ${r.previous.period} (${date(r.previous.asOf)})</p>
      ${table([m.columns.measure, { num: m.columns.previous }, { num: m.columns.now }, { num: m.columns.change }], rows)}
      <h4>${m.newlyOverdue}</h4>
      ${taskTable(r.changes.newlyOverdue, r.changes.newlyOverdue.length, m, lang, 'late')}
      <p class="note">${reportText(lang, 'resolved', { count: formatNumber(r.changes.resolvedCount, lang) })}</p>`;
  }

  return html`<!doctype html>
    <html lang="${lang}" dir="${m.dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${m.title} — ${nameIn(r.programme.name, lang)} — ${r.period}</title>
        <style>
          ${raw(css(rtl))}
        </style>
      </head>
      <body>
        <main>
          <header class="report">
            <div class="brand">Mandate · ${m.title}</div>
            <h1>${nameIn(r.programme.name, lang)}</h1>
            <h2>${r.unit ? nameIn(r.unit.name, lang) : m.allUnits}</h2>
            <dl class="meta">
              <dt>${m.period}</dt>
              <dd dir="ltr">${r.period}</dd>
              <dt>${m.asOf}</dt>
              <dd>${date(r.asOf)}</dd>
              <dt>${m.programme}</dt>
              <dd dir="ltr">${r.programme.code}</dd>
              <dt>${m.previousReport}</dt>
              <dd>${r.previous ? html`<span dir="ltr">${r.previous.period}</span>` : '–'}</dd>
            </dl>
          </header>
          <section id="headline">
            <h3>${m.sections.headline}</h3>
            <div class="cards">${cards}</div>
          </section>
          <section id="changes">
            <h3>${m.sections.changes}</h3>
            ${changes}
          </section>
          <section id="rankings">
            <h3>${m.sections.rankings}</h3>
            ${rankings}
          </section>
          <section id="overdue">
            <h3>${m.sections.overdue} (${formatNumber(r.overdueTotal, lang)})</h3>
            ${taskTable(r.overdue, r.overdueTotal, m, lang, 'late')}
          </section>
          <section id="likely-to-slip">
            <h3>${reportText(lang, 'earlyWarning.likelyToSlip')} (${formatNumber(r.likelyToSlipTotal, lang)})</h3>
            ${slipTable(r, m, lang)}
          </section>
          ${completenessSection(r, m, lang)}
          <section id="recommendations">
            <h3>
              ${reportText(lang, 'inspections.title')} (${formatNumber(r.recommendations.open, lang)} /
              ${formatNumber(r.recommendations.overdue, lang)})
            </h3>
            ${recommendationTable(r, m, lang)}
          </section>
          <section id="backlog">
            <h3>${m.sections.backlog} (${formatNumber(r.backlogTotal, lang)})</h3>
            ${taskTable(r.backlog, r.backlogTotal, m, lang, 'late')}
          </section>
          <section id="completed">
            <h3>${m.sections.completed} (${formatNumber(r.completedTotal, lang)})</h3>
            ${completedNote}${taskTable(r.completed, r.completedTotal, m, lang, 'completed')}
          </section>
          <footer class="report">${reportText(lang, 'generated', { date: r.generatedAt.slice(0, 10) })}</footer>
        </main>
      </body>
    </html> `.value;
}
