/** Publishing a programme as open data (an administrative action; the public routes are in public.ts). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setPublished } from '../../services/public.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { publicationSchema } from '../schemas/public.js';

export const publicationRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.put(
      '/programmes/:code/publication',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: publicationSchema }),
          tags: ['open data'],
          summary: 'Publish or withdraw a programme from the public open-data view',
          params: z.object({ code: z.string() }),
          body: z.object({ published: z.boolean() }),
        },
      },
      async (request) => setPublished(request.ctx, request.params.code, request.body.published),
    );
  };
