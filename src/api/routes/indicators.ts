/** Indicator definitions, their targets, aggregated values and evaluations. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { indicatorInputSchema, targetInputSchema } from '../../domain/indicators/index.js';
import { isoDateSchema } from '../../domain/dates.js';
import {
  createIndicator,
  createTarget,
  deleteIndicator,
  deleteTarget,
  getIndicator,
  listIndicators,
  listTargets,
  updateIndicator,
  updateTarget,
} from '../../services/indicators.js';
import { aggregatedValues } from '../../services/indicator-aggregation.js';
import { evaluateOne } from '../../services/evaluation.js';
import { type AppDeps, created, expectedVersion, withEtag } from '../context.js';
import { noContentSchema, withErrors } from '../schemas/common.js';
import {
  indicatorListSchema,
  indicatorSchema,
  targetListSchema,
  targetSchema,
  unitEvaluationSchema,
  valueRowsSchema,
} from '../schemas/indicators.js';

const codeParams = z.object({ code: z.string() });
const idParams = z.object({ id: z.coerce.number().int().positive() });

export const valuesQuerySchema = z.object({
  unit: z.string().optional().describe('org unit code: the subtree (default: the first root)'),
  from: z.string().describe('first period: 2024, 2024Q1, 2024M03 or 202403'),
  to: z.string().describe('last period'),
  level: z.coerce
    .number()
    .int()
    .min(0)
    .max(12)
    .optional()
    .describe('levels below the unit to group by: 0 = the unit itself (default), 1 = its children …'),
  periodType: z
    .enum(['month', 'quarter', 'year'])
    .optional()
    .describe('roll up to this period type (default: the type of from)'),
  approved: z
    .enum(['true', 'false'])
    .optional()
    .describe('approved figures only: approved values without an open inspection discrepancy flag'),
});

export const indicatorRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/indicators',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: indicatorListSchema }),
          tags: ['indicators'],
          summary: 'All indicators (optionally those linked to a programme)',
          querystring: z.object({ programme: z.string().optional() }),
        },
      },
      async (request) => ({ items: await listIndicators(request.ctx, request.query) }),
    );

    app.post(
      '/indicators',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: indicatorSchema }),
          tags: ['indicators'],
          summary: 'Define an indicator (formula checked, cycles refused)',
          body: indicatorInputSchema,
        },
      },
      async (request, reply) => created(reply, withEtag(reply, await createIndicator(request.ctx, request.body))),
    );

    app.get(
      '/indicators/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: indicatorSchema }),
          tags: ['indicators'],
          summary: 'One indicator',
          params: codeParams,
        },
      },
      async (request, reply) => withEtag(reply, await getIndicator(request.ctx, request.params.code)),
    );

    app.put(
      '/indicators/:code',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: indicatorSchema }),
          tags: ['indicators'],
          summary: 'Replace an indicator definition (If-Match or body version for concurrency)',
          params: codeParams,
          body: z.record(z.string(), z.unknown()),
        },
      },
      async (request, reply) =>
        withEtag(
          reply,
          await updateIndicator(request.ctx, request.params.code, request.body, expectedVersion(request)),
        ),
    );

    app.delete(
      '/indicators/:code',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['indicators'],
          summary: 'Delete an indicator with its targets and values (refused while read by a formula)',
          params: codeParams,
        },
      },
      async (request, reply) => {
        await deleteIndicator(request.ctx, request.params.code);
        reply.code(204);
      },
    );

    app.get(
      '/indicators/:code/targets',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: targetListSchema }),
          tags: ['targets'],
          summary: "An indicator's targets",
          params: codeParams,
        },
      },
      async (request) => ({
        items: await listTargets(request.ctx, request.params.code),
      }),
    );

    app.post(
      '/targets',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: targetSchema }),
          tags: ['targets'],
          summary: 'Set a target for an indicator and an org unit (or all units)',
          body: targetInputSchema,
        },
      },
      async (request, reply) => created(reply, withEtag(reply, await createTarget(request.ctx, request.body))),
    );

    app.put(
      '/targets/:id',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: targetSchema }),
          tags: ['targets'],
          summary: 'Change a target (baseline, target, milestones)',
          params: idParams,
          body: z.record(z.string(), z.unknown()),
        },
      },
      async (request, reply) =>
        withEtag(reply, await updateTarget(request.ctx, request.params.id, request.body, expectedVersion(request))),
    );

    app.delete(
      '/targets/:id',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['targets'],
          summary: 'Delete a target',
          params: idParams,
        },
      },
      async (request, reply) => {
        await deleteTarget(request.ctx, request.params.id);
        reply.code(204);
      },
    );

    app.get(
      '/indicators/:code/values',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: valueRowsSchema }),
          tags: ['indicators'],
          summary: 'Values over a subtree and a period range, aggregated along the org tree and over time',
          params: codeParams,
          querystring: valuesQuerySchema,
        },
      },
      async (request) => {
        const { approved, ...q } = request.query;
        return aggregatedValues(request.ctx, request.params.code, { ...q, approvedOnly: approved === 'true' });
      },
    );

    app.get(
      '/indicators/:code/evaluation',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: unitEvaluationSchema }),
          tags: ['evaluation'],
          summary: 'Achievement, forecast and status of an indicator for an org unit (its subtree aggregate)',
          params: codeParams,
          querystring: z.object({ unit: z.string().optional(), asOf: isoDateSchema.optional() }),
        },
      },
      async (request) => evaluateOne(request.ctx, request.params.code, request.query),
    );
  };
