import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ServiceContext } from '../services/context.js';
import { withErrors } from './schemas/common.js';
import type { AuthNeed } from './security.js';
import { bodyText, created } from './context.js';

/** The types a structured file (YAML or JSON) may come as. */
const STRUCTURED_FILE_TYPES = ['application/yaml', 'text/yaml', 'application/json', 'text/plain'];

/**
 * Declares `POST url`, which imports a whole structured file sent as the body's text, all
 * or nothing, and answers 201 with what the import did. The file is parsed and checked by
 * `importText`, whose errors name the line and field (fileName 'request body').
 */
export function structuredFileImportRoute<T extends z.ZodType>(
  app: Parameters<FastifyPluginAsyncZod>[0],
  route: {
    url: string;
    auth: AuthNeed;
    bodyLimit: number;
    tags: string[];
    summary: string;
    response: T;
    importText: (ctx: ServiceContext, text: string, fileName: string) => Promise<z.infer<T>>;
  },
): void {
  // The signature ties what importText answers to the response schema; Fastify's reply type
  // cannot follow a generic schema, so the route itself sees it as any schema.
  const response: z.ZodType = route.response;
  app.post(
    route.url,
    {
      config: { auth: route.auth },
      bodyLimit: route.bodyLimit,
      schema: {
        response: withErrors({ 201: response }),
        tags: route.tags,
        summary: route.summary,
        consumes: STRUCTURED_FILE_TYPES,
      },
    },
    async (request, reply) =>
      created(reply, await route.importText(request.ctx, bodyText(request.body), 'request body')),
  );
}
