import { z } from 'zod';

/** The languages of the programmes we track; Arabic is right-to-left. */
export const LANGUAGES = ['vi', 'en', 'zh', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);

/** A name or title in one or more of the four languages; at least one is present. */
export const localizedTextSchema = z
  .object({ vi: z.string().min(1).optional(), en: z.string().min(1).optional(), zh: z.string().min(1).optional(), ar: z.string().min(1).optional() })
  .strict()
  .refine((v) => LANGUAGES.some((l) => v[l] !== undefined), { message: 'needs a text in at least one of vi, en, zh, ar' });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const FALLBACK: Record<Language, Language[]> = {
  vi: ['vi', 'en', 'zh', 'ar'],
  en: ['en', 'vi', 'zh', 'ar'],
  zh: ['zh', 'en', 'vi', 'ar'],
  ar: ['ar', 'en', 'vi', 'zh'],
};

/** The text in the wanted language, else the closest available one. */
export function pickText(text: LocalizedText | null | undefined, lang: Language = 'en'): string {
  if (!text) return '';
  for (const l of FALLBACK[lang]) {
    const value = text[l];
    if (value) return value;
  }
  return '';
}
