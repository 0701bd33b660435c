import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import en from './en.json';
import zh from './zh.json';
import ar from './ar.json';
import { LANGUAGES, type Language } from '../lib/text';
import { setManifestLanguage } from '../lib/service-worker';

export const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English', zh: '中文', ar: 'العربية' };

export function isRtl(lang: string): boolean {
  return lang === 'ar';
}

function initialLanguage(): Language {
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

/** Sets <html lang dir> so the browser, screen readers and Mantine agree. */
export function applyDocumentLanguage(lang: string): void {
  document.documentElement.lang = lang;
  document.documentElement.dir = isRtl(lang) ? 'rtl' : 'ltr';
  setManifestLanguage(lang);
}

const lang = initialLanguage();
applyDocumentLanguage(lang);

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en }, zh: { translation: zh }, ar: { translation: ar } },
  lng: lang,
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', (l) => {
  applyDocumentLanguage(l);
  try {
    window.localStorage.setItem('mandate.lang', l);
  } catch {
    /* private mode */
  }
});

export default i18n;
