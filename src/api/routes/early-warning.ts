import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoDateSchema } from '../../domain/dates.js';
import { earlyWarningQuerySchema, earlyWarningSettingsSchema } from '../../domain/early-warning.js';
import { assignmentProjection, headingForLate } from '../../services/early-warning.js';
import type { AppDeps } from '../context.js';
import { headingForLateSchema, projectionSchema } from '../schemas/early-warning.js';
import { withErrors } from '../schemas/common.js';

export const earlyWarningRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/supervision/heading-for-late',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['supervision'],
          summary:
            'Open assignments heading for late (projected past due + tolerance, blocked, stalled or silent): count, worst units, lead agencies and a page of the list',
          querystring: earlyWarningQuerySchema,
          response: withErrors({ 200: headingForLateSchema }),
        },
      },
      async (request) => headingForLate(request.ctx, request.query),
    );

    app.get(
      '/assignments/:id/projection',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['assignments'],
          summary: "An assignment's projected finish from its reports (Theil–Sen), its range and the early warning",
          params: z.object({ id: z.coerce.number().int().positive() }),
          querystring: earlyWarningSettingsSchema.extend({ asOf: isoDateSchema.optional() }),
          response: withErrors({ 200: projectionSchema }),
        },
      },
      async (request) => assignmentProjection(request.ctx, request.params.id, request.query),
    );
  };
