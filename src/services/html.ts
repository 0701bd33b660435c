/**
 * The one way to write server-rendered HTML (public pages, the meeting report, e-mail):
 * the `html` tagged template escapes every value put in it — names, titles, numbers,
 * catalogue strings alike — unless the value is itself `html` (a nested template) or
 * explicitly marked with `raw` (trusted markup we wrote, such as a style sheet). Arrays
 * are rendered item by item and joined; null, undefined and false render as nothing.
 *
 *     html`<td>${unit.name}</td>`            // "<script>" → "&lt;script&gt;"
 *     html`<tbody>${rows.map((r) => html`<tr>…</tr>`)}</tbody>`
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup we wrote ourselves and vouch for: inserted as it is. Never for user data. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
