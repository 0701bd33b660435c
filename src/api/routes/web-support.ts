/**
 * Two small read-only views the web app needs and the other endpoints cannot compose
 * cheaply: timeliness counts per programme node (status chips and state filters of the
 * programme tree) and a page of leaf assignments in any timeliness state (the list
 * behind every figure of the overview — the overdue list only covers overdue work).
 * Both take the same supervision filter as /supervision/*, and reuse its SQL.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { supervisionQuerySchema } from '../../domain/supervision.js';
import { timelinessSchema } from '../../domain/timeliness.js';
import type { Timeliness } from '../../domain/timeliness.js';
import { nodeStatus } from '../../services/node-status.js';
import { listAssignments } from '../../services/assignment-list.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { nodeStatusSchema, timelinessPageSchema } from '../schemas/supervision.js';

export const webSupportRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/web/node-status',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: nodeStatusSchema }),
          tags: ['web'],
          summary: "Timeliness counts of each programme node's own leaf assignments (the web app's tree adds them up)",
          querystring: supervisionQuerySchema.extend({ programme: z.string() }),
        },
      },
      async (request) => nodeStatus(request.ctx, request.query),
    );

    app.get(
      '/web/assignments',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: timelinessPageSchema }),
          tags: ['web'],
          summary:
            'Leaf assignments in the given timeliness states (all when none), filtered like /supervision/*, paginated',
          querystring: supervisionQuerySchema.extend({
            timeliness: z
              .string()
              .optional()
              .transform((s, c) => {
                const states = s
                  ? s
                      .split(',')
                      .map((x) => x.trim())
                      .filter(Boolean)
                  : [];
                for (const st of states)
                  if (!timelinessSchema.safeParse(st).success)
                    c.addIssue({ code: 'custom', message: `unknown timeliness state ${st}` });
                return states as Timeliness[];
              }),
            backlogOnly: z
              .enum(['true', 'false', '1', '0'])
              .optional()
              .transform((v) => v === 'true' || v === '1'),
            sort: z.enum(['days_late', 'due', 'unit', 'programme']).default('due'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => listAssignments(request.ctx, request.query),
    );
  };
