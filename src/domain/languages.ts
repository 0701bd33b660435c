/**
 * The four languages and the rule for choosing a text among them. Free of zod, so the
 * web app's first-load bundle can use the same rule (src/domain/i18n.ts re-exports it).
 */
export const LANGUAGES = ['vi', 'en', 'zh', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const FALLBACK: Record<Language, Language[]> = {
  vi: ['vi', 'en', 'zh', 'ar'],
  en: ['en', 'vi', 'zh', 'ar'],
  zh: ['zh', 'en', 'vi', 'ar'],
  ar: ['ar', 'en', 'vi', 'zh'],
};

/** The text in the wanted language, else the closest available one. */
export function pickText(text: Partial<Record<Language, string>> | null | undefined, lang: Language = 'en'): string {
  if (!text) return '';
  for (const l of FALLBACK[lang]) {
    const value = text[l];
    if (value) return value;
  }
  return '';
}
