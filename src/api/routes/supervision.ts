import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { overdueQuerySchema, rollupQuerySchema } from '../../domain/supervision.js';
import { overdueList, rollup } from '../../services/supervision.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { overduePageSchema, rollupSchema } from '../schemas/supervision.js';

export const supervisionRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/supervision/rollup',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: rollupSchema }),
          tags: ['supervision'],
          summary:
            'Counts by timeliness state, on-time rate, backlog and worst offenders for a programme node × org subtree, optionally grouped',
          querystring: rollupQuerySchema,
        },
      },
      async (request) => rollup(request.ctx, request.query),
    );

    app.get(
      '/supervision/overdue',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: overduePageSchema }),
          tags: ['supervision'],
          summary: 'Overdue (or backlog-only) assignments, filterable, sortable and paginated',
          querystring: overdueQuerySchema,
        },
      },
      async (request) => overdueList(request.ctx, request.query),
    );
  };
