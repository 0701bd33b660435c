import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgUnitKindSchema } from '../../domain/org-unit.js';
import { isoDateSchema } from '../../domain/dates.js';
import { reportInputSchema, reviewInputSchema } from '../../domain/report.js';
import { QUEUE_SORTS } from '../../domain/approval.js';
import { cascadeAssignment, getAssignment, updateAssignment } from '../../services/assignments.js';
import { reviewReport, submitReportOnce } from '../../services/progress-reports.js';
import { approvalQueue, QUEUE_STATES } from '../../services/approvals/approval-queue.js';
import { queueSchema } from '../schemas/approvals.js';
import { requireVisibleOrgUnit } from '../../services/org-units.js';
import { requireVisibleProgramme } from '../../services/programmes.js';
import { type AppDeps, created, expectedVersion, idempotencyKey, requestFingerprint, withEtag } from '../context.js';
import { assignmentDetailSchema, assignmentSchema, reportSchema } from '../schemas/assignments.js';
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
      async (request, reply) => withEtag(reply, await getAssignment(request.ctx, request.params.id)),
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
      async (request, reply) =>
        withEtag(reply, await updateAssignment(request.ctx, request.params.id, request.body, expectedVersion(request))),
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
      async (request, reply) => created(reply, await cascadeAssignment(request.ctx, request.params.id, request.body)),
    );

    app.post(
      '/assignments/:id/reports',
      {
        config: { auth: 'user' },
        // The hottest request on deadline day: a small JSON body in, a small report out —
        // nothing to compress either way, so it skips the compression plugin's three hooks.
        compress: false,
        decompress: false,
        // The answer is a Report the service builds (typed) or the stored copy of one: written
        // as it is, without checking it against its schema again (the schema still documents it).
        serializerCompiler: () => (data) => JSON.stringify(data),
        schema: {
          response: withErrors({ 201: reportSchema }),
          tags: ['reports'],
          summary: 'Submit a progress report',
          description:
            'With an Idempotency-Key header, a retry of the same request returns the first answer (header idempotent-replayed: true) and stores nothing twice.',
          params: idParams,
          body: reportInputSchema,
        },
      },
      async (request, reply) => {
        const answer = await submitReportOnce(request.ctx, request.params.id, request.body, {
          key: idempotencyKey(request),
          fingerprint: requestFingerprint(request),
          status: 201,
        });
        reply.code(answer.status as 201);
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        return answer.body;
      },
    );

    app.get(
      '/reviews',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary: 'The review queue: reports with the level each waits at, filtered, searched and sorted',
          querystring: z.object({
            unit: z.string().optional(),
            programme: z.string().optional(),
            level: z
              .string()
              .max(40)
              .optional()
              .describe('the level a report waits at: an org-unit kind, review or accept'),
            state: z.enum(QUEUE_STATES).default('waiting'),
            q: z.string().max(200).optional(),
            mine: z.enum(['true', 'false']).optional().describe('only what you may decide now'),
            sort: z.enum(QUEUE_SORTS).default('oldest'),
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: withErrors({ 200: queueSchema }),
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const unitPath = request.query.unit ? (await requireVisibleOrgUnit(ctx, request.query.unit)).path : undefined;
        const programmeId = request.query.programme
          ? (await requireVisibleProgramme(ctx, request.query.programme)).id
          : undefined;
        const q = request.query;
        return approvalQueue(ctx, {
          unitPath,
          programmeId,
          level: q.level,
          state: q.state,
          q: q.q,
          mine: q.mine === 'true',
          sort: q.sort,
          limit: q.limit,
          offset: q.offset,
        });
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
