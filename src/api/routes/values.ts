/** Data values: entry (one, batch), review, import and export (CSV, XLSX, DHIS2 JSON). */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DATA_VALUE_REVIEW_STATES } from '../../domain/indicators/index.js';
import { ValidationError } from '../../domain/errors.js';
import { deleteValue, enterValue, enterValues, getValue, reviewValue } from '../../services/data-values.js';
import { exportValues, importValues, VALUE_FILE_FORMATS, type ValueFileFormat } from '../../services/value-files.js';
import { created, type AppDeps } from '../context.js';
import { noContentSchema, withErrors } from '../schemas/common.js';
import {
  storedCountSchema,
  storedValueSchema,
  valueExportSchema,
  valueImportSummarySchema,
} from '../schemas/values.js';

const entrySchema = z
  .object({
    indicator: z.string(),
    orgUnit: z.string(),
    period: z.string().describe('2024, 2024Q1, 2024M03 or 202403'),
    value: z.union([z.number(), z.string(), z.boolean()]),
    source: z.string().max(500).optional(),
    comment: z.string().max(2000).optional(),
  })
  .strict();
const keySchema = z.object({ indicator: z.string(), orgUnit: z.string(), period: z.string() });

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A value file over HTTP: 2,000,000 rows of CSV fit in 128 MiB; larger loads go through the CLI. */
const VALUE_IMPORT_BODY_LIMIT = 128 * 1024 * 1024;

export const valueRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // The import keeps the raw JSON text so that problems can cite its lines.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as unknown as { rawBody?: string }).rawBody = body as string;
      try {
        done(null, (body as string).length ? JSON.parse(body as string) : undefined);
      } catch (e) {
        (e as Error & { statusCode?: number }).statusCode = 400;
        done(e as Error, undefined);
      }
    });
    app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string' }, (_r, body, done) =>
      done(null, body),
    );
    app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer' }, (_r, body, done) =>
      done(null, body),
    );

    app.post(
      '/values',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: storedValueSchema }),
          tags: ['values'],
          summary: 'Enter (or replace) one data value; checked against the indicator type',
          body: entrySchema,
        },
      },
      async (request, reply) => created(reply, await enterValue(request.ctx, request.body)),
    );

    app.post(
      '/values/batch',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: storedCountSchema }),
          tags: ['values'],
          summary: 'Enter many values, all or nothing; problems name values[i].field',
          body: z.object({ values: z.array(entrySchema), scope: z.string().optional() }).strict(),
        },
      },
      async (request, reply) =>
        created(reply, await enterValues(request.ctx, request.body.values, { scope: request.body.scope })),
    );

    app.get(
      '/values',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: storedValueSchema }),
          tags: ['values'],
          summary: 'One stored value',
          querystring: keySchema,
        },
      },
      async (request) => getValue(request.ctx, request.query.indicator, request.query.orgUnit, request.query.period),
    );

    app.delete(
      '/values',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['values'],
          summary: 'Delete one stored value',
          querystring: keySchema,
        },
      },
      async (request, reply) => {
        await deleteValue(request.ctx, request.query);
        reply.code(204);
      },
    );

    app.post(
      '/values/review',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: storedValueSchema }),
          tags: ['values'],
          summary: 'Approve or return a value',
          body: keySchema
            .extend({ state: z.enum(DATA_VALUE_REVIEW_STATES), comment: z.string().max(2000).optional() })
            .strict(),
        },
      },
      async (request) => reviewValue(request.ctx, request.body, request.body.state, request.body.comment),
    );

    app.post(
      '/values/import',
      {
        config: { auth: 'user' },
        bodyLimit: VALUE_IMPORT_BODY_LIMIT,
        schema: {
          response: withErrors({ 201: valueImportSummarySchema }),
          tags: ['values'],
          summary:
            'Import a file of values (CSV, XLSX or DHIS2 data value set JSON), all or nothing; every bad row reported with line and column',
          consumes: ['text/csv', XLSX_TYPE, 'application/json'],
          querystring: z.object({
            format: z.enum(VALUE_FILE_FORMATS).optional(),
            scope: z.string().optional().describe('org unit: every row must be inside its subtree'),
          }),
        },
      },
      async (request, reply) => {
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim();
        const format: ValueFileFormat =
          request.query.format ??
          (type === XLSX_TYPE || type === 'application/octet-stream'
            ? 'xlsx'
            : type === 'application/json'
              ? 'dhis2'
              : 'csv');
        const raw = (request as unknown as { rawBody?: string }).rawBody;
        const body = format === 'dhis2' && raw !== undefined ? raw : request.body;
        if (body === undefined || body === null || (typeof body !== 'string' && !Buffer.isBuffer(body)))
          throw new ValidationError([{ path: 'body', message: `expected a ${format} file as the request body` }]);
        return created(
          reply,
          await importValues(request.ctx, body, format, 'request body', { scope: request.query.scope }),
        );
      },
    );

    app.get(
      '/values/export',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: valueExportSchema }),
          tags: ['values'],
          summary: 'Export stored values (CSV, XLSX or DHIS2 data value set JSON)',
          querystring: z.object({
            indicator: z.string().optional().describe('indicator code(s), comma-separated'),
            unit: z.string().optional(),
            from: z.string().optional(),
            to: z.string().optional(),
            approvedOnly: z.enum(['true', 'false']).optional(),
            format: z.enum(VALUE_FILE_FORMATS).default('csv'),
          }),
        },
      },
      async (request, reply) => {
        const { format, approvedOnly, ...q } = request.query;
        const file = await exportValues(request.ctx, { ...q, approvedOnly: approvedOnly === 'true' }, format);
        reply.type(file.contentType).header('content-disposition', `attachment; filename="values.${file.extension}"`);
        return file.body;
      },
    );
  };
