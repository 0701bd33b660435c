import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { languageSchema } from '../../domain/i18n.js';
import { draftFromText } from '../../services/drafter.js';
import type { AppDeps } from '../context.js';

export const draftRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/drafts',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['drafts'],
          summary:
            'Draft a programme from its policy text (vi, en, zh, ar): structure, tasks, agencies, deadlines and targets, each with its source span; nothing is stored',
          description: 'Send the text as text/plain, or JSON {text, code?, language?, source?}.',
          consumes: ['text/plain', 'application/json'],
        },
      },
      async (request) => {
        const body =
          typeof request.body === 'string'
            ? { text: request.body }
            : z
                .object({
                  text: z.string(),
                  code: z.string().optional(),
                  language: languageSchema.optional(),
                  source: z.string().optional(),
                })
                .strict()
                .parse(request.body);
        const draft = await draftFromText(request.ctx, body.text, body);
        const { result } = draft;
        return {
          language: result.language,
          draft: result.draft,
          yaml: draft.yaml,
          items: result.items,
          targets: result.targets,
          unmatchedAgencies: result.unmatchedAgencies,
          warnings: result.warnings,
          provenance: result.provenance,
          summary: draft.summary,
        };
      },
    );
  };
