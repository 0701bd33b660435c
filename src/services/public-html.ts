/**
 * The public pages: server-rendered with the escaping `html` template (src/services/html.ts),
 * strings from src/i18n/<lang>/public.json, right to left for Arabic, no script.
 */
import { LANGUAGES, pickText, type Language } from '../domain/i18n.js';
import { html, raw, type SafeHtml } from './html.js';
import { catalogue } from './i18n.js';
import { formatNumber, formatRate } from './meeting-report/messages.js';
import type { PublicCounts, PublicProgramme, PublicProgrammeSummary } from './public.js';

type PublicMessages = Record<
  | 'dir'
  | 'title'
  | 'intro'
  | 'programmes'
  | 'assignments'
  | 'completed'
  | 'completedOnTime'
  | 'completedLate'
  | 'inProgress'
  | 'notStarted'
  | 'overdue'
  | 'meanPercent'
  | 'completionRate'
  | 'download'
  | 'licence'
  | 'areas'
  | 'units'
  | 'unit'
  | 'period'
  | 'asOf'
  | 'none'
  | 'back',
  string
>;

const messages = (lang: Language) => catalogue<PublicMessages>(lang, 'public');

const STYLE = `
body{font-family:'Noto Sans','Noto Sans CJK SC','Noto Naskh Arabic',sans-serif;color:#1f2933;margin:0;background:#f7f9fb;line-height:1.45}
header{background:#0b3c6e;color:#fff;padding:16px 24px}header a{color:#fff}header .langs{float:inline-end;font-size:14px}
main{max-width:1000px;margin:0 auto;padding:16px 24px}h1{font-size:22px;margin:4px 0}h2{font-size:18px;color:#0b3c6e;margin-top:28px}
.card{background:#fff;border:1px solid #d9e2ec;padding:14px 18px;margin:12px 0}.bar{background:#e4e7eb;height:10px;border-radius:5px;overflow:hidden}
.bar span{display:block;height:100%;background:#2e7d32}table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th{background:#0b5394;color:#fff;text-align:start;padding:6px 8px}td{border-bottom:1px solid #e4e7eb;padding:6px 8px}td.num,th.num{text-align:end}
.muted{color:#52606d;font-size:14px}
`;

function page(lang: Language, title: string, body: SafeHtml): string {
  const m = messages(lang);
  const langs = LANGUAGES.map((l, i) => [
    i > 0 ? ' · ' : '',
    l === lang ? html`<strong>${l}</strong>` : html`<a href="?lang=${l}">${l}</a>`,
  ]);
  return html`<!doctype html>
    <html lang="${lang}" dir="${m.dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header><span class="langs">${langs}</span><a href="/public?lang=${lang}">Mandate</a> · ${m.title}</header>
        <main>${body}</main>
      </body>
    </html> `.value;
}

function countsTable(c: PublicCounts, lang: Language): SafeHtml {
  const m = messages(lang);
  const rows: Array<[string, string]> = [
    [m.assignments, formatNumber(c.total, lang)],
    [m.completedOnTime, formatNumber(c.completedOnTime, lang)],
    [m.completedLate, formatNumber(c.completedLate, lang)],
    [m.inProgress, formatNumber(c.inProgress, lang)],
    [m.notStarted, formatNumber(c.notStarted, lang)],
    [m.overdue, formatNumber(c.overdue, lang)],
    [m.meanPercent, `${formatNumber(c.meanPercent, lang)} %`],
    [m.completionRate, formatRate(c.completionRate, lang)],
  ];
  return html`<table>
    <tbody>
      ${rows.map(
        ([k, v]) =>
          html`<tr>
            <td>${k}</td>
            <td class="num">${v}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function bar(rate: number | null): SafeHtml {
  return html`<div class="bar"><span style="width:${Math.round((rate ?? 0) * 100)}%"></span></div>`;
}

export function publicIndexHtml(items: PublicProgrammeSummary[], lang: Language): string {
  const m = messages(lang);
  const cards = items.length
    ? items.map(
        (p) =>
          html`<div class="card">
            <h2>
              <a href="/public/programmes/${encodeURIComponent(p.code)}?lang=${lang}">${pickText(p.name, lang)}</a>
            </h2>
            <p class="muted">
              ${m.period}: <span dir="ltr">${p.period.start} – ${p.period.end}</span> · ${m.completionRate}:
              ${formatRate(p.progress.completionRate, lang)} · ${m.overdue}: ${formatNumber(p.progress.overdue, lang)}
            </p>
            ${bar(p.progress.completionRate)}
          </div>`,
      )
    : html`<p>${m.none}</p>`;
  return page(
    lang,
    m.title,
    html`<h1>${m.title}</h1>
      <p class="muted">${m.intro}</p>
      ${cards}`,
  );
}

export function publicProgrammeHtml(p: PublicProgramme, lang: Language): string {
  const m = messages(lang);
  const base = `/api/public/programmes/${encodeURIComponent(p.code)}`;
  const areas = p.areas.map(
    (a) =>
      html`<tr>
        <td>${pickText(a.title, lang) || a.code || ''}</td>
        <td class="num">${formatNumber(a.progress.total, lang)}</td>
        <td class="num">${formatNumber(a.progress.completed, lang)}</td>
        <td class="num">${formatNumber(a.progress.overdue, lang)}</td>
        <td class="num">${formatRate(a.progress.completionRate, lang)}</td>
      </tr>`,
  );
  const units = p.units.slice(0, 50).map(
    (u) =>
      html`<tr>
        <td class="num">${u.rank}</td>
        <td>${pickText(u.name, lang)}</td>
        <td class="num">${formatNumber(u.progress.total, lang)}</td>
        <td class="num">${formatNumber(u.progress.completed, lang)}</td>
        <td class="num">${formatNumber(u.progress.overdue, lang)}</td>
        <td class="num">${formatRate(u.progress.completionRate, lang)}</td>
      </tr>`,
  );
  const figures = html`<th class="num">${m.assignments}</th>
    <th class="num">${m.completed}</th>
    <th class="num">${m.overdue}</th>
    <th class="num">${m.completionRate}</th>`;
  const licence = p.licence.url ? html`<a href="${p.licence.url}" rel="license">${p.licence.id}</a>` : p.licence.id;
  const body = html`<p><a href="/public?lang=${lang}">← ${m.back}</a></p>
    <h1>${pickText(p.name, lang)}</h1>
    <p class="muted">
      ${m.period}: <span dir="ltr">${p.period.start} – ${p.period.end}</span> · ${m.asOf}:
      <span dir="ltr">${p.asOf}</span>
    </p>
    <p class="muted">${m.intro}</p>
    <div class="card">${bar(p.progress.completionRate)}${countsTable(p.progress, lang)}</div>
    <h2>${m.areas}</h2>
    <table>
      <thead>
        <tr>
          <th>${m.areas}</th>
          ${figures}
        </tr>
      </thead>
      <tbody>
        ${areas}
      </tbody>
    </table>
    <h2>${m.units}</h2>
    <table>
      <thead>
        <tr>
          <th class="num">#</th>
          <th>${m.unit}</th>
          ${figures}
        </tr>
      </thead>
      <tbody>
        ${units}
      </tbody>
    </table>
    <p>
      ${m.download}: <a href="${base}/data.csv">CSV</a> · <a href="${base}/data.json">JSON</a> · ${m.licence}:
      ${licence}
    </p>`;
  return page(lang, pickText(p.name, lang), body);
}
