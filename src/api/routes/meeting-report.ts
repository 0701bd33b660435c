/**
 * GET /api/meeting-report: the meeting report as HTML, PDF, XLSX, DOCX or JSON (reads only);
 * POST /api/meeting-report/snapshots: a secretariat takes the snapshot the next report compares with.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meetingReportQuerySchema } from '../../services/meeting-report/meeting-report.js';
import { meetingReportFile } from '../../services/meeting-report/meeting-report-file.js';
import { snapshotRequestSchema, takeMeetingReportSnapshot } from '../../services/meeting-report/take-snapshot.js';
import { takenSnapshotSchema } from '../schemas/meeting-report.js';
import { created, type AppDeps } from '../context.js';
import { binaryFileSchema, withErrors } from '../schemas/common.js';

export const meetingReportRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/meeting-report',
      {
        // Any signed-in user; the figures are those of the actor's scope (supervision policy).
        config: { auth: 'user' },
        schema: {
          response: withErrors({
            200: binaryFileSchema.describe('the report as HTML, PDF, XLSX, DOCX or JSON (format=)'),
          }),
          tags: ['reports'],
          summary:
            'Meeting report for a programme × org subtree × period (headline, completed, overdue, backlog, rankings, changes since the previous snapshot); stores nothing',
          querystring: meetingReportQuerySchema.extend({
            snapshot: z
              .literal('false')
              .optional()
              .describe('ignored: reading never stores a snapshot (take one with POST /api/meeting-report/snapshots)'),
          }),
          produces: [
            'text/html',
            'application/pdf',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            'application/json',
          ],
        },
      },
      async (request, reply) => {
        const { snapshot: _ignored, ...query } = request.query;
        const file = await meetingReportFile(request.ctx, query);
        reply.type(file.contentType).header('cache-control', 'no-store');
        if (request.query.format !== 'html' && request.query.format !== 'json')
          reply.header('content-disposition', `attachment; filename="${file.filename}"`);
        return reply.send(file.body);
      },
    );

    app.post(
      '/meeting-report/snapshots',
      {
        // Secretariat (or admin) of the report's whole scope: the meeting-report policy, in the service.
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary:
            'Take a snapshot of a meeting report’s figures: the "previous report" the next report of the same view compares with (replaces the period’s earlier snapshot; audited)',
          body: snapshotRequestSchema,
          response: withErrors({ 201: takenSnapshotSchema }),
        },
      },
      async (request, reply) => created(reply, await takeMeetingReportSnapshot(request.ctx, request.body)),
    );
  };
