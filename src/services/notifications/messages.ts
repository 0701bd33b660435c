/**
 * Notification messages: texts from src/i18n/<lang>/notifications.json through the
 * server's i18next (src/services/i18n.ts); the HTML e-mail written with the escaping
 * `html` template (src/services/html.ts). Arabic messages are laid out right to left.
 */
import { pickText, type Language } from '../../domain/i18n.js';
import { daysBetween } from '../../domain/dates.js';
import { formatPeriod, periodOf } from '../../domain/period.js';
import { FORM_NOTICE_PREFIX } from '../../domain/notifications.js';
import type { NoticeDetail } from '../../db/repositories/notifications.repository.js';
import { html, type SafeHtml } from '../html.js';
import { asLanguage, catalogue, translator } from '../i18n.js';

export { asLanguage };

interface Labels {
  dir: 'ltr' | 'rtl';
  greeting: string;
  digestFooter: string;
  action: string;
  /** The call to action when every notice is about a form. */
  actionForm: string;
}

/** Kinds whose `days` count down to the due day (the others count days past it). */
const BEFORE_DUE = new Set(['due_soon', 'heading_for_late', `${FORM_NOTICE_PREFIX}due_soon`]);

/** One message of the catalogue (a subject or a line for a notice kind), filled in; the kind itself if unknown. */
function text(lang: Language, key: string, values: Record<string, string | number>, fallback: string): string {
  const t = translator(lang, 'notifications');
  return t(key, { ...values, defaultValue: fallback });
}

/** The values a notice's texts use, in the recipient's language (a form's title is its data set's name). */
export function noticeValues(n: NoticeDetail, lang: Language): Record<string, string | number> {
  const days = BEFORE_DUE.has(n.kind)
    ? daysBetween(n.planned_on, n.due_date)
    : Math.max(0, daysBetween(n.due_date, n.planned_on));
  return {
    title: pickText(n.node_title ?? n.data_set_name ?? {}, lang),
    programme: n.programme_name ? pickText(n.programme_name, lang) : '',
    unit: pickText(n.unit_name, lang),
    due: n.due_date,
    days,
    percent: Math.round(n.current_percent ?? 0),
    // a form's own period; report_missing: the occasion is the last day of the period without a report
    period: n.period ?? formatPeriod(periodOf(n.occasion, n.rule_params.period === 'quarter' ? 'quarter' : 'month')),
  };
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
  language: Language;
}

function layout(lang: Language, l: Labels, subject: string, items: string[], footer: string, action: string): SafeHtml {
  const start = l.dir === 'rtl' ? 'right' : 'left';
  return html`<!doctype html>
    <html lang="${lang}" dir="${l.dir}">
      <head>
        <meta charset="utf-8" />
        <title>${subject}</title>
      </head>
      <body style="margin: 0; padding: 0; background: #f4f5f7">
        <div
          style="max-width:640px;margin:0 auto;padding:24px;font-family:'Noto Sans','Noto Naskh Arabic','Noto Sans CJK SC',Arial,sans-serif;color:#1f2933;text-align:${start};"
          dir="${l.dir}"
        >
          <div style="border-top: 4px solid #0b5394; background: #ffffff; padding: 20px 24px">
            <p style="margin: 0 0 12px 0; font-size: 12px; color: #52606d; letter-spacing: 0.04em">MANDATE</p>
            <h1 style="margin: 0 0 16px 0; font-size: 18px">${subject}</h1>
            <p>${l.greeting}</p>
            <ul style="padding-${start}:20px;">
              ${items.map((item) => html`<li style="margin:0 0 8px 0;">${item}</li>`)}
            </ul>
            <p><strong>${action}</strong></p>
          </div>
          <p style="font-size: 12px; color: #7b8794">${footer}</p>
        </div>
      </body>
    </html> `;
}

/** One e-mail for one notice, or a digest of several, in the recipient's language. */
export function renderEmail(notices: NoticeDetail[], language: string, day: string, digest: boolean): EmailMessage {
  const lang = asLanguage(language);
  const l = catalogue<Labels>(lang, 'notifications');
  const first = notices[0]!;
  const lines = notices.map((n) => text(lang, `line.${n.kind}`, noticeValues(n, lang), n.kind));
  const subject = digest
    ? text(lang, 'subject.digest', { date: day, count: notices.length }, 'digest')
    : text(lang, `subject.${first.kind}`, noticeValues(first, lang), first.kind);
  const footer = digest ? l.digestFooter : text(lang, 'footer', { unit: pickText(first.unit_name, lang) }, '');
  const action = notices.every((n) => n.data_set_code !== null) ? l.actionForm : l.action;
  const plain = [l.greeting, '', ...lines.map((line) => `- ${line}`), '', action, '', '--', footer, ''].join('\n');
  return { subject, text: plain, html: layout(lang, l, subject, lines, footer, action).value, language: lang };
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
    text: text(lang, `line.${n.kind}`, values, n.kind),
    ...(n.data_set_code !== null
      ? {
          form: {
            dataSet: n.data_set_code,
            name: n.data_set_name,
            unit: n.unit_code,
            unitName: n.unit_name,
            period: n.period,
            due: n.due_date,
            days: values.days,
          },
        }
      : {
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
        }),
  });
}
