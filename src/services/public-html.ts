/** The public pages: server-rendered, escaped, right to left for Arabic, no script. */
import { pickText, type Language } from '../domain/i18n.js';
import { escapeHtml as e } from './notifications/messages.js';
import { formatNumber, formatRate, reportMessages } from './meeting-report/messages.js';
import type { PublicCounts, PublicProgramme, PublicProgrammeSummary } from './public.js';

function page(lang: Language, title: string, body: string): string {
  const m = reportMessages(lang);
  const langs = (['vi', 'en', 'zh', 'ar'] as const)
    .map((l) => (l === lang ? `<strong>${l}</strong>` : `<a href="?lang=${l}">${l}</a>`))
    .join(' · ');
  return `<!doctype html>
<html lang="${lang}" dir="${m.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title>
<style>
body{font-family:'Noto Sans','Noto Sans CJK SC','Noto Naskh Arabic',sans-serif;color:#1f2933;margin:0;background:#f7f9fb;line-height:1.45}
header{background:#0b3c6e;color:#fff;padding:16px 24px}header a{color:#fff}header .langs{float:inline-end;font-size:14px}
main{max-width:1000px;margin:0 auto;padding:16px 24px}h1{font-size:22px;margin:4px 0}h2{font-size:18px;color:#0b3c6e;margin-top:28px}
.card{background:#fff;border:1px solid #d9e2ec;padding:14px 18px;margin:12px 0}.bar{background:#e4e7eb;height:10px;border-radius:5px;overflow:hidden}
.bar span{display:block;height:100%;background:#2e7d32}table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th{background:#0b5394;color:#fff;text-align:start;padding:6px 8px}td{border-bottom:1px solid #e4e7eb;padding:6px 8px}td.num,th.num{text-align:end}
.muted{color:#52606d;font-size:14px}
</style></head>
<body><header><span class="langs">${langs}</span><a href="/public?lang=${lang}">Mandate</a> · ${e(m.public.title)}</header><main>${body}</main></body></html>
`;
}

function countsTable(c: PublicCounts, lang: Language): string {
  const m = reportMessages(lang).public;
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
  return `<table><tbody>${rows.map(([k, v]) => `<tr><td>${e(k)}</td><td class="num">${v}</td></tr>`).join('')}</tbody></table>`;
}

function bar(rate: number | null): string {
  return `<div class="bar"><span style="width:${Math.round((rate ?? 0) * 100)}%"></span></div>`;
}

export function publicIndexHtml(items: PublicProgrammeSummary[], lang: Language): string {
  const m = reportMessages(lang).public;
  const cards = items.length
    ? items
        .map(
          (
            p,
          ) => `<div class="card"><h2><a href="/public/programmes/${encodeURIComponent(p.code)}?lang=${lang}">${e(pickText(p.name, lang))}</a></h2>
<p class="muted">${e(m.period)}: <span dir="ltr">${e(p.period.start)} – ${e(p.period.end)}</span> · ${e(m.completionRate)}: ${formatRate(p.progress.completionRate, lang)} · ${e(m.overdue)}: ${formatNumber(p.progress.overdue, lang)}</p>${bar(p.progress.completionRate)}</div>`,
        )
        .join('')
    : `<p>${e(m.none)}</p>`;
  return page(lang, m.title, `<h1>${e(m.title)}</h1><p class="muted">${e(m.intro)}</p>${cards}`);
}

export function publicProgrammeHtml(p: PublicProgramme, lang: Language): string {
  const m = reportMessages(lang).public;
  const base = `/api/public/programmes/${encodeURIComponent(p.code)}`;
  const areas = p.areas
    .map(
      (a) =>
        `<tr><td>${e(pickText(a.title, lang) || a.code || '')}</td><td class="num">${formatNumber(a.progress.total, lang)}</td><td class="num">${formatNumber(a.progress.completed, lang)}</td><td class="num">${formatNumber(a.progress.overdue, lang)}</td><td class="num">${formatRate(a.progress.completionRate, lang)}</td></tr>`,
    )
    .join('');
  const units = p.units
    .slice(0, 50)
    .map(
      (u) =>
        `<tr><td class="num">${u.rank}</td><td>${e(pickText(u.name, lang))}</td><td class="num">${formatNumber(u.progress.total, lang)}</td><td class="num">${formatNumber(u.progress.completed, lang)}</td><td class="num">${formatNumber(u.progress.overdue, lang)}</td><td class="num">${formatRate(u.progress.completionRate, lang)}</td></tr>`,
    )
    .join('');
  const head = `<tr><th>{first}</th><th class="num">${e(m.assignments)}</th><th class="num">${e(m.completed)}</th><th class="num">${e(m.overdue)}</th><th class="num">${e(m.completionRate)}</th></tr>`;
  const body = `<p><a href="/public?lang=${lang}">← ${e(m.back)}</a></p>
<h1>${e(pickText(p.name, lang))}</h1>
<p class="muted">${e(m.period)}: <span dir="ltr">${e(p.period.start)} – ${e(p.period.end)}</span> · ${e(m.asOf)}: <span dir="ltr">${e(p.asOf)}</span></p>
<p class="muted">${e(m.intro)}</p>
<div class="card">${bar(p.progress.completionRate)}${countsTable(p.progress, lang)}</div>
<h2>${e(m.areas)}</h2><table><thead>${head.replace('{first}', e(m.areas))}</thead><tbody>${areas}</tbody></table>
<h2>${e(m.units)}</h2><table><thead><tr><th class="num">#</th>${head.replace('<tr>', '').replace('{first}', e(reportMessages(lang).columns.unit))}</thead><tbody>${units}</tbody></table>
<p>${e(m.download)}: <a href="${base}/data.csv">CSV</a> · <a href="${base}/data.json">JSON</a> · ${e(m.licence)}: ${p.licence.url ? `<a href="${e(p.licence.url)}" rel="license">${e(p.licence.id)}</a>` : e(p.licence.id)}</p>`;
  return page(lang, pickText(p.name, lang), body);
}
