import { z } from 'zod';

import { LANGUAGES } from './languages.js';

/** The languages of the programmes we track (Arabic is right-to-left) and how a text is chosen among them. */
export { LANGUAGES, pickText, type Language } from './languages.js';
export const languageSchema = z.enum(LANGUAGES);

/** A name or title in one or more of the four languages; at least one is present. */
export const localizedTextSchema = z
  .object({
    vi: z.string().min(1).optional(),
    en: z.string().min(1).optional(),
    zh: z.string().min(1).optional(),
    ar: z.string().min(1).optional(),
  })
  .strict()
  .refine((v) => LANGUAGES.some((l) => v[l] !== undefined), {
    message: 'needs a text in at least one of vi, en, zh, ar',
  });
export type LocalizedText = z.infer<typeof localizedTextSchema>;
