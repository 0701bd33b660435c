import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgUnitKindSchema } from '../../domain/org-unit.js';
import { isoDateSchema } from '../../domain/dates.js';
import { reportInputSchema, reviewInputSchema } from '../../domain/report.js';
import { cascadeAssignment, getAssignment, updateAssignment } from '../../services/assignments.js';
import { reviewQueue, reviewReport, submitReport } from '../../services/progress-reports.js';
import { requireVisibleOrgUnit } from '../../services/org-units.js';
import { requireVisibleProgramme } from '../../services/programmes.js';
import { etag, expectedVersion, type AppDeps } from '../context.js';
import { assignmentDetailSchema, assignmentSchema, reportSchema, reviewPageSchema } from '../schemas/assignments.js';
import { withErrors } from '../schemas/common.js';
import { cascadeResultSchema } from '../schemas/programmes.js';

const idParams = z.object({ id: z.coerce.number().int().positive() });

export const assignmentRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/assignments/:id',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: assignmentDetailSchema }),
          tags: ['assignments'],
          summary: 'An assignment with its timeliness and full report history',
          params: idParams,
        },
      },
      async (request, reply) => {
        const assignment = await getAssignment(request.ctx, request.params.id);
        reply.header('etag', etag(assignment.version));
        return assignment;
      },
    );

    app.patch(
      '/assignments/:id',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: assignmentSchema }),
          tags: ['assignments'],
          summary: "Change an assignment's own dates",
          params: idParams,
          body: z
            .object({
              due: isoDateSchema.optional(),
              start: isoDateSchema.nullable().optional(),
              version: z.number().int().positive().optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => {
        const assignment = await updateAssignment(
          request.ctx,
          request.params.id,
          request.body,
          expectedVersion(request),
        );
        reply.header('etag', etag(assignment.version));
        return assignment;
      },
    );

    app.post(
      '/assignments/:id/cascade',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: cascadeResultSchema }),
          tags: ['assignments'],
          summary: 'Cascade an assignment again, to the units of a kind under its own unit (province → communes)',
          params: idParams,
          body: z.object({ kind: orgUnitKindSchema, due: isoDateSchema.optional() }).strict(),
        },
      },
      async (request, reply) => {
        reply.code(201);
        return cascadeAssignment(request.ctx, request.params.id, request.body);
      },
    );

    app.post(
      '/assignments/:id/reports',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: reportSchema }),
          tags: ['reports'],
          summary: 'Submit a progress report',
          params: idParams,
          body: reportInputSchema,
        },
      },
      async (request, reply) => {
        reply.code(201);
        return submitReport(request.ctx, request.params.id, request.body);
      },
    );

    app.get(
      '/reviews',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: reviewPageSchema }),
          tags: ['reports'],
          summary: 'Reports awaiting review, oldest first',
          querystring: z.object({
            unit: z.string().optional(),
            programme: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const unitPath = request.query.unit ? (await requireVisibleOrgUnit(ctx, request.query.unit)).path : undefined;
        const programmeId = request.query.programme
          ? (await requireVisibleProgramme(ctx, request.query.programme)).id
          : undefined;
        return reviewQueue(ctx, { unitPath, programmeId, limit: request.query.limit, offset: request.query.offset });
      },
    );

    app.post(
      '/reports/:id/review',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: reportSchema }),
          tags: ['reports'],
          summary: 'Approve a report, or return it with a comment',
          params: idParams,
          body: reviewInputSchema,
        },
      },
      async (request) => reviewReport(request.ctx, request.params.id, request.body),
    );
  };
