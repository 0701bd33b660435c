/**
 * The public open-data view: anonymous by design. Published programmes only, figures
 * from approved reports only; JSON and CSV downloads carry a licence; every answer
 * has Cache-Control and an ETag (304 on If-None-Match).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { languageSchema } from '../../domain/i18n.js';
import {
  datasetCsv,
  getPublicProgramme,
  listPublicProgrammes,
  publicDataset,
  type PublicDataset,
} from '../../services/public.js';
import { publicIndexHtml, publicProgrammeHtml } from '../../services/public-html.js';
import type { AppDeps } from '../context.js';
import { textFileSchema, withErrors } from '../schemas/common.js';
import {
  notModifiedSchema,
  publicDatasetSchema,
  publicProgrammeListSchema,
  publicProgrammeSchema,
} from '../schemas/public.js';

const CACHE_CONTROL = 'public, max-age=300';

function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  contentType: string,
  extra: Record<string, string> = {},
) {
  const tag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  reply.header('cache-control', CACHE_CONTROL).header('etag', tag).header('vary', 'accept-encoding');
  for (const [k, v] of Object.entries(extra)) reply.header(k, v);
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) return reply.code(304).send();
  return reply.type(contentType).send(body);
}

const codeParams = z.object({ code: z.string().min(1).max(100) });

/** Under /api: /api/public/... */
export const publicApiRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/public/programmes',
      {
        schema: {
          response: withErrors({ 200: publicProgrammeListSchema, 304: notModifiedSchema }),
          tags: ['open data'],
          summary: 'Published programmes with progress from approved reports',
        },
      },
      async (request, reply) =>
        sendCached(
          request,
          reply,
          JSON.stringify(await listPublicProgrammes(request.ctx)),
          'application/json; charset=utf-8',
        ),
    );

    app.get(
      '/public/programmes/:code',
      {
        schema: {
          response: withErrors({ 200: publicProgrammeSchema, 304: notModifiedSchema }),
          tags: ['open data'],
          summary: 'One published programme: progress, by area, units ranked (approved reports only)',
          params: codeParams,
        },
      },
      async (request, reply) =>
        sendCached(
          request,
          reply,
          JSON.stringify(await getPublicProgramme(request.ctx, request.params.code)),
          'application/json; charset=utf-8',
        ),
    );

    /** The programme's open data set as a file: every assignment with its approved status and the licence. */
    const download = (ext: 'json' | 'csv', body: z.ZodType, summary: string, render: (d: PublicDataset) => string) =>
      app.get(
        `/public/programmes/:code/data.${ext}`,
        {
          schema: {
            response: withErrors({ 200: body, 304: notModifiedSchema }),
            tags: ['open data'],
            summary: `Download: every assignment with its approved status (${summary})`,
            params: codeParams,
          },
        },
        async (request, reply) => {
          const data = await publicDataset(request.ctx, request.params.code);
          const type = ext === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';
          return sendCached(request, reply, render(data), type, {
            'content-disposition': `attachment; filename="${data.programme}-${data.asOf}.${ext}"`,
          });
        },
      );
    download('json', publicDatasetSchema, 'JSON, with licence', (data) => JSON.stringify(data));
    download('csv', textFileSchema, 'CSV, licence column', datasetCsv);
  };

const langQuery = z.object({ lang: languageSchema.default('en') });

/** At the root: the server-rendered public pages /public and /public/programmes/:code. */
export const publicPageRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/public', { schema: { hide: true, querystring: langQuery } }, async (request, reply) =>
      sendCached(
        request,
        reply,
        publicIndexHtml((await listPublicProgrammes(request.ctx)).items, request.query.lang),
        'text/html; charset=utf-8',
      ),
    );
    app.get(
      '/public/programmes/:code',
      { schema: { hide: true, params: codeParams, querystring: langQuery } },
      async (request, reply) =>
        sendCached(
          request,
          reply,
          publicProgrammeHtml(await getPublicProgramme(request.ctx, request.params.code), request.query.lang),
          'text/html; charset=utf-8',
        ),
    );
  };
