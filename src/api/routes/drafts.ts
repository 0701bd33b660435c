import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { draftFromText, MAX_API_TEXT_LENGTH } from '../../services/drafter.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { draftBodySchema, draftResponseSchema } from '../schemas/drafts.js';

/** Rate-limit drafts per signed-in user (per address for anyone else). */
function draftRateKey(request: FastifyRequest): string {
  return request.actor?.userId !== undefined ? `draft-user:${request.actor.userId}` : `draft-ip:${request.ip}`;
}

export const draftRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/drafts',
      {
        // Drafting is costly: a few per minute per user (and one at a time, see the drafter).
        config: { auth: 'user', rateLimit: { max: 10, timeWindow: 60_000, keyGenerator: draftRateKey } },
        schema: {
          response: withErrors({ 200: draftResponseSchema }),
          tags: ['drafts'],
          summary:
            'Draft a programme from its policy text (vi, en, zh, ar): structure, tasks, agencies, deadlines and targets, each with its source span; nothing is stored',
          description: 'Send the text as text/plain, or JSON {text, code?, language?, source?}.',
          consumes: ['text/plain', 'application/json'],
          body: draftBodySchema,
        },
      },
      async (request) => {
        const body = typeof request.body === 'string' ? { text: request.body } : request.body;
        const draft = await draftFromText(request.ctx, body.text, { ...body, maxLength: MAX_API_TEXT_LENGTH });
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
