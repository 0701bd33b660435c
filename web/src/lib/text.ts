import type { Language, LocalizedText } from '../../../src/domain/i18n';

export type { Language };

/** The UI languages; the same list as src/domain/i18n.ts (kept free of zod for the first-load bundle). */
export const LANGUAGES = ['vi', 'en', 'zh', 'ar'] as const satisfies readonly Language[];

const FALLBACK: Record<Language, Language[]> = {
  vi: ['vi', 'en', 'zh', 'ar'],
  en: ['en', 'vi', 'zh', 'ar'],
  zh: ['zh', 'en', 'vi', 'ar'],
  ar: ['ar', 'en', 'vi', 'zh'],
};

/**
 * The text in the wanted language, else the closest available one — the rule of
 * pickText in src/domain/i18n.ts (test/unit/web-text.test.ts holds them equal). A copy,
 * because importing that module would pull zod into the overview's first load.
 */
export function pickText(text: LocalizedText | null | undefined, lang: Language = 'en'): string {
  if (!text) return '';
  for (const l of FALLBACK[lang]) {
    const value = text[l];
    if (value) return value;
  }
  return '';
}

/**
 * Folds text for search: lower case, no combining marks, đ → d — so "ha noi", "HÀ NỘI"
 * and "Hà Nội" all match, and "dien bien" finds "Điện Biên".
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** All of a localized text's variants, folded, for matching in any language. */
export function foldAll(text: LocalizedText | null | undefined): string {
  if (!text) return '';
  return fold(Object.values(text).join(' \u0001 '));
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
