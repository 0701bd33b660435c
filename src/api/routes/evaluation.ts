/** Indicators at risk, scorecards, composite indices and their rankings with explanations. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FORECAST_STATUSES, type ForecastStatus } from '../../domain/indicators/index.js';
import { localizedTextSchema } from '../../domain/i18n.js';
import { orgUnitKindSchema } from '../../domain/org-unit.js';
import { isoDateSchema } from '../../domain/dates.js';
import { atRisk, explainRanking, ranking, unitScorecard } from '../../services/evaluation.js';
import { listComposites, requireComposite, saveComposite } from '../../services/indicators.js';
import type { AppDeps } from '../context.js';
import { withErrors } from '../schemas/common.js';
import {
  atRiskSchema,
  compositeIndexSchema,
  compositeListSchema,
  explanationSchema,
  rankingSchema,
  scorecardSchema,
} from '../schemas/indicators.js';

export const evaluationRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/evaluation/at-risk',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: atRiskSchema }),
          tags: ['evaluation'],
          summary: 'Indicators at risk or off track for a unit, its children and units below with own targets',
          querystring: z.object({
            programme: z.string().optional(),
            unit: z.string().optional(),
            asOf: isoDateSchema.optional(),
            status: z
              .string()
              .optional()
              .describe(`comma-separated statuses (default at_risk,off_track) of ${FORECAST_STATUSES.join(', ')}`)
              .transform((s, c) => {
                if (s === undefined) return undefined;
                const statuses = s.split(',').map((x) => x.trim());
                for (const st of statuses)
                  if (!(FORECAST_STATUSES as readonly string[]).includes(st))
                    c.addIssue({
                      code: 'custom',
                      message: `unknown status ${JSON.stringify(st)}: expected some of ${FORECAST_STATUSES.join(', ')}`,
                    });
                return statuses as ForecastStatus[];
              }),
          }),
        },
      },
      async (request) => {
        const { status: statuses, ...q } = request.query;
        return atRisk(request.ctx, { ...q, statuses });
      },
    );

    app.get(
      '/scorecards/:unit',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: scorecardSchema }),
          tags: ['evaluation'],
          summary:
            'Scorecard of an org unit: on-time rate, overdue and backlog counts, indicator achievement (as of the end of the period)',
          params: z.object({ unit: z.string() }),
          querystring: z.object({ period: z.string().optional(), programme: z.string().optional() }),
        },
      },
      async (request) => unitScorecard(request.ctx, request.params.unit, request.query),
    );

    app.get(
      '/composite-indices',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: compositeListSchema }),
          tags: ['rankings'],
          summary: 'Composite index definitions',
        },
      },
      async (request) => ({ items: await listComposites(request.ctx) }),
    );

    app.get(
      '/composite-indices/:index',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: compositeIndexSchema }),
          tags: ['rankings'],
          summary: 'One composite index definition',
          params: z.object({ index: z.string() }),
        },
      },
      async (request) => requireComposite(request.ctx.db, request.params.index),
    );

    app.put(
      '/composite-indices/:index',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: compositeIndexSchema }),
          tags: ['rankings'],
          summary: 'Create or replace a composite index (pillars, weights, normalisation, missing-data rule)',
          params: z.object({ index: z.string() }),
          body: z
            .object({
              name: localizedTextSchema,
              unitKind: orgUnitKindSchema,
              scope: z.string(),
              config: z.unknown(),
              synthetic: z.boolean().optional(),
            })
            .strict(),
        },
      },
      async (request) => saveComposite(request.ctx, { code: request.params.index, ...request.body }),
    );

    app.get(
      '/rankings/:index',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: rankingSchema }),
          tags: ['rankings'],
          summary: 'Units ranked by a composite index for a period (ties share a rank)',
          params: z.object({ index: z.string() }),
          querystring: z.object({ period: z.string() }),
        },
      },
      async (request) => ranking(request.ctx, request.params.index, request.query.period),
    );

    app.get(
      '/rankings/:index/explain',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: explanationSchema }),
          tags: ['rankings'],
          summary: "How a unit's score was built: raw value → normalised → weighted, per indicator and pillar",
          params: z.object({ index: z.string() }),
          querystring: z.object({ unit: z.string(), period: z.string() }),
        },
      },
      async (request) => explainRanking(request.ctx, request.params.index, request.query.unit, request.query.period),
    );
  };
