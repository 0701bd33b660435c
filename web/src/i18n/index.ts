/**
 * The app's texts: one catalogue per language, each its own file, and only the user's language is
 * loaded (first-screen/prefetch.ts starts fetching it with the app's JavaScript); another is fetched when the
 * user picks it. `ready` resolves once the first one is in: boot.tsx draws the app after it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../lib/text';
import { setManifestLanguage } from '../lib/service-worker';
import { CATALOGUES, initialLanguage, isRtl } from './language';

export { isRtl };

export const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English', zh: '中文', ar: 'العربية' };

/** Sets <html lang dir> so the browser, screen readers and Mantine agree. */
export function applyDocumentLanguage(lang: string): void {
  const html = document.documentElement;
  const dir = isRtl(lang) ? 'rtl' : 'ltr';
  // Only what changes: on start-up index.html usually says it already (no style recalculation).
  if (html.lang !== lang) html.lang = lang;
  if (html.dir !== dir) html.dir = dir;
  setManifestLanguage(lang);
}

const lang = initialLanguage();
applyDocumentLanguage(lang);

export const ready: Promise<unknown> = CATALOGUES[lang]().then(({ default: catalogue }) =>
  i18n.use(initReactI18next).init({
    resources: { [lang]: { translation: catalogue } },
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  }),
);

/** Switches the app to another language, its catalogue fetched first if this page has not got it yet. */
export async function changeLanguage(to: string): Promise<void> {
  const next = (LANGUAGES as readonly string[]).includes(to) ? (to as Language) : 'en';
  if (!i18n.hasResourceBundle(next, 'translation'))
    i18n.addResourceBundle(next, 'translation', (await CATALOGUES[next]()).default);
  await i18n.changeLanguage(next);
}

i18n.on('languageChanged', (l) => {
  applyDocumentLanguage(l);
  try {
    window.localStorage.setItem('mandate.lang', l);
  } catch {
    /* private mode */
  }
});

export default i18n;
