/**
 * Inspections (docs/inspections.md): plan, list and read; start and conclude; record
 * findings, flag or resolve a discrepancy; issue recommendations (each an assignment
 * under the programme's "Inspection follow-up" node); open and overdue
 * recommendations by unit; import and export of the inspection file.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  conclusionInputSchema,
  findingInputSchema,
  flagInputSchema,
  INSPECTION_STATUSES,
  inspectionPlanSchema,
  recommendationInputSchema,
} from '../../domain/inspection.js';
import { orgUnitCodeSchema } from '../../domain/org-unit.js';
import { getInspection, listInspections } from '../../services/inspections/inspection-views.js';
import { planInspection } from '../../services/inspections/plan-inspection.js';
import { startInspection } from '../../services/inspections/start-inspection.js';
import { concludeInspection } from '../../services/inspections/conclude-inspection.js';
import { recordFinding } from '../../services/inspections/record-finding.js';
import { setDiscrepancyFlag } from '../../services/inspections/discrepancy-flag.js';
import { issueRecommendation } from '../../services/inspections/issue-recommendation.js';
import { openRecommendations } from '../../services/inspections/open-recommendations.js';
import { assignmentReportFlags } from '../../services/inspections/report-flags.js';
import { importInspectionText } from '../../services/inspections/inspection-importer.js';
import { exportInspection, exportInspectionText } from '../../services/inspections/inspection-exporter.js';
import { created, type AppDeps } from '../context.js';
import { structuredFileImportRoute } from '../file-import.js';
import {
  findingSchema,
  inspectionDetailSchema,
  inspectionExportSchema,
  inspectionImportSummarySchema,
  inspectionListSchema,
  openRecommendationsSchema,
  recommendationSchema,
  reportFlagSchema,
} from '../schemas/inspections.js';
import { itemsOf, withErrors } from '../schemas/common.js';

const codeParams = z.object({ code: z.string().min(1).max(64) });
const findingParams = codeParams.extend({ id: z.coerce.number().int().positive() });

export const inspectionRoutes =
  (_deps: AppDeps, importBodyLimit = 10 * 1024 * 1024): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/inspections',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Inspections in scope (of a unit’s subtree, in a status), newest first',
          querystring: z.object({ unit: orgUnitCodeSchema.optional(), status: z.enum(INSPECTION_STATUSES).optional() }),
          response: withErrors({ 200: inspectionListSchema }),
        },
      },
      async (request) => ({ items: await listInspections(request.ctx, request.query) }),
    );

    app.post(
      '/inspections',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Plan an inspection: issuer, programme and tasks, dates, team and the units visited',
          body: inspectionPlanSchema,
          response: withErrors({ 201: inspectionDetailSchema }),
        },
      },
      async (request, reply) => created(reply, await planInspection(request.ctx, request.body)),
    );

    structuredFileImportRoute(app, {
      url: '/inspections/import',
      auth: 'user',
      bodyLimit: importBodyLimit,
      tags: ['inspections'],
      summary: 'Import an inspection file (YAML or JSON, docs/inspections.md); all or nothing',
      response: inspectionImportSummarySchema,
      importText: importInspectionText,
    });

    app.get(
      '/inspections/recommendations/open',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Open and overdue recommendations by unit (in scope, under a unit)',
          querystring: z.object({ unit: orgUnitCodeSchema.optional() }),
          response: withErrors({ 200: openRecommendationsSchema }),
        },
      },
      async (request) => openRecommendations(request.ctx, request.query),
    );

    app.get(
      '/inspections/:code',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'One inspection: plan, findings by unit, recommendations with their timeliness, conclusion',
          params: codeParams,
          response: withErrors({ 200: inspectionDetailSchema }),
        },
      },
      async (request) => getInspection(request.ctx, request.params.code),
    );

    app.get(
      '/inspections/:code/export',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'The inspection as an inspection file',
          params: codeParams,
          querystring: z.object({ format: z.enum(['yaml', 'json']).default('yaml') }),
          response: withErrors({ 200: inspectionExportSchema }),
        },
      },
      async (request, reply) => {
        reply.header('content-disposition', `attachment; filename="${request.params.code}.${request.query.format}"`);
        if (request.query.format === 'json') return exportInspection(request.ctx, request.params.code);
        reply.type('application/yaml; charset=utf-8');
        return exportInspectionText(request.ctx, request.params.code, 'yaml');
      },
    );

    app.post(
      '/inspections/:code/start',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Start a planned inspection (the visits begin)',
          params: codeParams,
          response: withErrors({ 200: inspectionDetailSchema }),
        },
      },
      async (request) => startInspection(request.ctx, request.params.code),
    );

    app.post(
      '/inspections/:code/conclude',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Conclude an inspection with its conclusion (text and links)',
          params: codeParams,
          body: conclusionInputSchema,
          response: withErrors({ 200: inspectionDetailSchema }),
        },
      },
      async (request) => concludeInspection(request.ctx, request.params.code, request.body),
    );

    app.post(
      '/inspections/:code/findings',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Record a finding at an inspected unit (a discrepancy may flag the report or value it contradicts)',
          params: codeParams,
          body: findingInputSchema,
          response: withErrors({ 201: findingSchema }),
        },
      },
      async (request, reply) => created(reply, await recordFinding(request.ctx, request.params.code, request.body)),
    );

    app.post(
      '/inspections/:code/findings/:id/flag',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Flag a discrepancy, or resolve it (the flagged report or value returns to the approved figures)',
          params: findingParams,
          body: flagInputSchema,
          response: withErrors({ 200: findingSchema }),
        },
      },
      async (request) => setDiscrepancyFlag(request.ctx, request.params.code, request.params.id, request.body),
    );

    app.post(
      '/inspections/:code/recommendations',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'Issue a recommendation to an inspected unit: a follow-up task with its assignment and due date',
          params: codeParams,
          body: recommendationInputSchema,
          response: withErrors({ 201: recommendationSchema }),
        },
      },
      async (request, reply) =>
        created(reply, await issueRecommendation(request.ctx, request.params.code, request.body)),
    );

    app.get(
      '/assignments/:id/inspection-flags',
      {
        config: { auth: 'user' },
        schema: {
          tags: ['inspections'],
          summary: 'The open inspection discrepancy flags on an assignment’s reports',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: withErrors({ 200: itemsOf(reportFlagSchema) }),
        },
      },
      async (request) => ({ items: await assignmentReportFlags(request.ctx, request.params.id) }),
    );
  };
