/** Wire contracts of the open-data view (documentation: the routes send pre-serialised, cached bodies). */
import { z } from 'zod';
import type { PublicDataset, PublicProgramme, PublicProgrammeSummary } from '../../services/public.js';
import { described } from './common.js';

export const publicProgrammeListSchema = z.looseObject({
  items: z.array(described<PublicProgrammeSummary>('a published programme with progress from approved reports')),
});
export const publicProgrammeSchema = described<PublicProgramme>(
  'a published programme: progress, by area, units ranked (approved reports only)',
);
export const publicDatasetSchema = described<PublicDataset>(
  'every assignment with its approved status, and the licence',
);
export const publicationSchema = z.object({ code: z.string(), published: z.boolean() });
/** 304 Not Modified: no body. */
export const notModifiedSchema = z.null().describe('not modified (If-None-Match matched the ETag)');
