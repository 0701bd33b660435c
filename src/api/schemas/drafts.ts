/** Wire contracts of drafting a programme from its text. */
import { z } from 'zod';
import { languageSchema } from '../../domain/i18n.js';
import type { Draft } from '../../services/drafter.js';
import { described, describedList } from './common.js';

/** At most this many characters of text per request. */
export const DRAFT_TEXT_MAX = 50_000_000;

export const draftRequestSchema = z
  .object({
    text: z.string().max(DRAFT_TEXT_MAX),
    code: z.string().max(100).optional(),
    language: languageSchema.optional(),
    source: z.string().max(2000).optional(),
  })
  .strict();
/** The body: the text itself (text/plain) or JSON {text, code?, language?, source?}. */
export const draftBodySchema = z.union([z.string().max(DRAFT_TEXT_MAX), draftRequestSchema]);

type DraftResult = Draft['result'];
export const draftResponseSchema = z.object({
  language: languageSchema,
  draft: described<DraftResult['draft']>('the programme file drafted (docs/programme-file.md)'),
  yaml: z.string(),
  items: describedList<DraftResult['items'][number]>('every item found, with its source span'),
  targets: describedList<DraftResult['targets'][number]>('every target found, with its source span'),
  unmatchedAgencies: describedList<DraftResult['unmatchedAgencies'][number]>('agency names that matched no org unit'),
  warnings: describedList<DraftResult['warnings'][number]>('what the drafter was unsure of'),
  provenance: described<DraftResult['provenance']>('where each drafted field came from'),
  summary: z.string(),
});
export type DraftResponse = z.infer<typeof draftResponseSchema>;
