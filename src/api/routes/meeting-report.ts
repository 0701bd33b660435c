/** GET /api/meeting-report: the meeting report as HTML, PDF, XLSX, DOCX or JSON. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { meetingReportQuerySchema } from '../../services/meeting-report/meeting-report.js';
import { meetingReportFile } from '../../services/meeting-report/meeting-report-file.js';
import type { AppDeps } from '../context.js';

export const meetingReportRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/meeting-report',
      {
        // Any signed-in user; the figures are those of the actor's scope (supervision policy).
        config: { auth: 'user' },
        schema: {
          tags: ['reports'],
          summary:
            'Meeting report for a programme × org subtree × period (headline, completed, overdue, backlog, rankings, changes since the previous report); stores a snapshot for the next comparison',
          querystring: meetingReportQuerySchema.extend({
            snapshot: z
              .enum(['true', 'false'])
              .default('true')
              .describe('store this report’s figures for the next comparison'),
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
        const { snapshot, ...query } = request.query;
        const file = await meetingReportFile(request.ctx, query, { saveSnapshot: snapshot === 'true' });
        reply.type(file.contentType).header('cache-control', 'no-store');
        if (request.query.format !== 'html' && request.query.format !== 'json')
          reply.header('content-disposition', `attachment; filename="${file.filename}"`);
        return reply.send(file.body);
      },
    );
  };
