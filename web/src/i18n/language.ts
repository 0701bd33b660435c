/**
 * The UI language of this visit and its catalogue file, without i18next: shared by the app's texts
 * (./index.ts) and the first screen drawn before the app has loaded (../first-screen). The rule is
 * the one first-screen/prefetch.ts follows to fetch the catalogue early: `?lang=`, then the language kept on
 * this device, then the browser's languages, else English.
 */
import { LANGUAGES, type Language } from '../lib/text';

export function isRtl(lang: string): boolean {
  return lang === 'ar';
}

export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  const stored = (() => {
    try {
      return window.localStorage.getItem('mandate.lang');
    } catch {
      return null;
    }
  })();
  for (const candidate of [fromUrl, stored, ...navigator.languages.map((l) => l.slice(0, 2))]) {
    if (candidate && (LANGUAGES as readonly string[]).includes(candidate)) return candidate as Language;
  }
  return 'en';
}

export type Catalogue = Record<string, unknown>;

/** Each language's catalogue, its own file (fetched early by first-screen/prefetch.ts for the language in use). */
export const CATALOGUES: Record<Language, () => Promise<{ default: Catalogue }>> = {
  vi: () => import('./vi.json'),
  en: () => import('./en.json'),
  zh: () => import('./zh.json'),
  ar: () => import('./ar.json'),
};
