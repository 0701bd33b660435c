/**
 * Server-side strings: one i18next instance over one catalogue per language and area,
 * `src/i18n/<lang>/<area>.json` (meeting report, public pages, notifications). Messages
 * use `{name}` placeholders; values are not escaped here — HTML escaping is the `html`
 * template's job (src/services/html.ts), and text output (e-mail text, webhooks, CSV)
 * needs none.
 */
import { readFileSync } from 'node:fs';
import i18next, { type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../domain/languages.js';

export const I18N_AREAS = ['meeting-report', 'public', 'notifications'] as const;
export type I18nArea = (typeof I18N_AREAS)[number];

function load(lang: Language, area: I18nArea): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../i18n/${lang}/${area}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

const i18n = i18next.createInstance();
void i18n.init({
  resources: Object.fromEntries(
    LANGUAGES.map((lang) => [lang, Object.fromEntries(I18N_AREAS.map((area) => [area, load(lang, area)]))]),
  ),
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  ns: [...I18N_AREAS],
  defaultNS: false,
  initAsync: false,
  returnNull: false,
  showSupportNotice: false,
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
});

/** `t(key, values)` for one language and area, e.g. `translator('vi', 'notifications')('line.overdue', {...})`. */
export function translator(lang: Language, area: I18nArea): TFunction {
  return i18n.getFixedT(lang, area);
}

/** A whole catalogue as an object (typed by its area's module), for labels without placeholders. */
export function catalogue<T>(lang: Language, area: I18nArea): T {
  return i18n.getResourceBundle(lang, area) as T;
}

/** A language code from outside (a contact's setting), or English. */
export function asLanguage(value: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'en';
}
