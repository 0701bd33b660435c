/**
 * Notification messages: texts from templates/<lang>.json, the HTML frame from
 * templates/layout.html. Every value placed in HTML is escaped; Arabic messages are
 * laid out right to left.
 */
import { readFileSync } from 'node:fs';
import { LANGUAGES, pickText, type Language } from '../../domain/i18n.js';
import { daysBetween } from '../../domain/dates.js';
import { formatPeriod, periodOf } from '../../domain/period.js';
import type { NoticeDetail } from '../../db/repositories/notifications.repository.js';

interface Texts {
  dir: 'ltr' | 'rtl';
  greeting: string;
  footer: string;
  digestFooter: string;
  subject: Record<string, string>;
  line: Record<string, string>;
  action: string;
}

const DIR = new URL('./templates/', import.meta.url);
const TEXTS = Object.fromEntries(
  LANGUAGES.map((l) => [l, JSON.parse(readFileSync(new URL(`${l}.json`, DIR), 'utf8')) as Texts]),
) as Record<Language, Texts>;
const LAYOUT = readFileSync(new URL('layout.html', DIR), 'utf8');

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export function interpolate(
  template: string,
  values: Record<string, string | number>,
  escape?: (s: string) => string,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return escape ? escape(String(value)) : String(value);
  });
}

export function asLanguage(value: string): Language {
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : 'en';
}

/** The values a notice's texts use, in the recipient's language. */
export function noticeValues(n: NoticeDetail, lang: Language): Record<string, string | number> {
  const days =
    n.kind === 'due_soon' || n.kind === 'heading_for_late'
      ? daysBetween(n.planned_on, n.due_date)
      : Math.max(0, daysBetween(n.due_date, n.planned_on));
  return {
    title: pickText(n.node_title, lang),
    programme: pickText(n.programme_name, lang),
    unit: pickText(n.unit_name, lang),
    due: n.due_date,
    days,
    percent: Math.round(n.current_percent),
    // report_missing: the occasion is the last day of the period without a report
    period: formatPeriod(periodOf(n.occasion, n.rule_params.period === 'quarter' ? 'quarter' : 'month')),
  };
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  language: Language;
}

/** One e-mail for one notice, or a digest of several, in the recipient's language. */
export function renderEmail(notices: NoticeDetail[], language: string, day: string, digest: boolean): EmailMessage {
  const lang = asLanguage(language);
  const t = TEXTS[lang];
  const first = notices[0]!;
  const lines = notices.map((n) => interpolate(t.line[n.kind] ?? n.kind, noticeValues(n, lang)));
  const htmlLines = notices.map((n) => interpolate(t.line[n.kind] ?? n.kind, noticeValues(n, lang), escapeHtml));
  const subject = digest
    ? interpolate(t.subject.digest!, { date: day, count: notices.length })
    : interpolate(t.subject[first.kind] ?? first.kind, noticeValues(first, lang));
  const footer = digest ? t.digestFooter : interpolate(t.footer, { unit: pickText(first.unit_name, lang) });
  const text = [t.greeting, '', ...lines.map((l) => `- ${l}`), '', t.action, '', '--', footer, ''].join('\n');
  const rtl = t.dir === 'rtl';
  const fill: Record<string, string> = {
    lang,
    dir: t.dir,
    align: rtl ? 'right' : 'left',
    start: rtl ? 'right' : 'left',
    subject: escapeHtml(subject),
    greeting: escapeHtml(t.greeting),
    items: htmlLines.map((l) => `<li style="margin:0 0 8px 0;">${l}</li>`).join(''),
    action: escapeHtml(t.action),
    footer: escapeHtml(footer),
  };
  const html = LAYOUT.replace(/\{\{(\w+)\}\}/g, (_w, k: string) => fill[k] ?? '');
  return { subject, text, html, language: lang };
}

/** The JSON body of a webhook call for one notice. */
export function webhookBody(n: NoticeDetail, language: string, deliveryId: number, sentAt: Date): string {
  const lang = asLanguage(language);
  const values = noticeValues(n, lang);
  return JSON.stringify({
    event: `notice.${n.kind}`,
    delivery: deliveryId,
    notice: n.key,
    occasion: n.occasion,
    sentAt: sentAt.toISOString(),
    language: lang,
    text: interpolate(TEXTS[lang].line[n.kind] ?? n.kind, values),
    programme: { code: n.programme_code, name: n.programme_name },
    assignment: {
      id: n.assignment_id,
      node: n.node_code,
      title: n.node_title,
      unit: n.unit_code,
      unitName: n.unit_name,
      due: n.due_date,
      days: values.days,
      percent: n.current_percent,
      state: n.current_state,
    },
  });
}
