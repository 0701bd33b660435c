/**
 * "My work" drawn as plain DOM, before React, Mantine and i18next have loaded (first-screen/draw.ts):
 * the same sections and cards as pages/my-work (title, the "as of" line of a last-known copy, the
 * offline note, overdue then due soon, or the "nothing" message), styled by index.html's `.fs-*`
 * rules to look like the app's, each card a plain link that works before the app runs. Replaced by
 * the app as soon as it has drawn the page itself (first-screen/handover.ts).
 */
import type { ListItem } from '../api/types';
import type { Catalogue } from '../i18n/language';
import { firstScreenFormats } from '../lib/format-memo';
import { pickText, type Language } from '../lib/text';

export interface FirstScreen {
  lang: Language;
  catalogue: Catalogue;
  items: ListItem[];
  /** When the device's copy was received (a last-known copy), or null for a fresh answer. */
  asOf: number | null;
  online: boolean;
}

/** A text of the catalogue by its dotted key, `{{name}}` filled in (i18next's syntax); the key if missing. */
export function translate(catalogue: Catalogue, key: string, values: Record<string, string | number> = {}): string {
  let node: unknown = catalogue;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** The page's content (what pages/my-work/MyWork.tsx draws from the same answer). */
export function paintMyWork(screen: FirstScreen): HTMLElement {
  const { catalogue, lang, items } = screen;
  const t = (key: string, values?: Record<string, string | number>) => translate(catalogue, key, values);
  const f = firstScreenFormats(lang);
  const page = el('div', 'fs-page', undefined, { 'data-testid': 'first-my-work' });

  const title = el('h1', 'fs-title', t('myWork.title'), { dir: 'auto' });
  page.append(title, el('p', 'fs-dimmed fs-sm', t('myWork.subtitle')));
  if (!screen.online) page.append(el('p', 'fs-note', t('myWork.offline'), { role: 'status' }));
  if (screen.asOf !== null)
    page.append(
      el('p', 'fs-dimmed fs-xs', t('myWork.asOf', { time: f.dateTime(new Date(screen.asOf).toISOString()) }), {
        role: 'status',
      }),
    );

  const section = (key: 'overdue' | 'dueSoon', state: 'overdue' | 'due_soon') => {
    const group = items.filter((i) => i.timeliness === state);
    if (group.length === 0) return;
    const heading = t(`myWork.${key}`, { n: group.length });
    const box = el('section', 'fs-section', undefined, { 'aria-label': heading });
    box.append(el('h2', 'fs-h2', heading));
    for (const item of group) box.append(card(item));
    page.append(box);
  };
  const card = (item: ListItem) => {
    const node = el('div', 'fs-card', undefined, {
      'data-testid': 'first-work-card',
      'data-assignment': String(item.assignment),
    });
    const top = el('div', 'fs-row');
    top.append(el('a', 'fs-link', pickText(item.title, lang), { href: `/assignments/${item.assignment}` }));
    if (item.timeliness) top.append(el('span', `fs-badge fs-${item.timeliness}`, t(`timeliness.${item.timeliness}`)));
    const late = item.daysLate > 0 ? ` · ${t('myWork.daysLate', { n: item.daysLate })}` : '';
    const meta = `${pickText(item.unitName, lang)} · ${t('myWork.due', { date: f.date(item.due) })}${late}`;
    const progress = el('div', 'fs-row fs-progress');
    const bar = el('div', 'fs-bar', undefined, { 'aria-hidden': 'true' });
    const fill = el('div', 'fs-fill');
    fill.style.width = `${Math.max(0, Math.min(100, item.percent))}%`;
    bar.append(fill);
    progress.append(bar, el('span', 'fs-xs', `${f.number(item.percent)} %`));
    node.append(top, el('div', 'fs-dimmed fs-xs fs-wrap', meta), progress);
    return node;
  };
  section('overdue', 'overdue');
  section('dueSoon', 'due_soon');
  if (items.length === 0)
    page.append(el('p', 'fs-dimmed', t('myWork.nothing'), { 'data-testid': 'first-my-work-empty' }));
  return page;
}
