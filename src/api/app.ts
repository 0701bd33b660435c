/** The HTTP server: the JSON API under /api (OpenAPI at /api/docs) and the web app at /. */
import { closeDrafting } from '../services/drafter.js';
import { pdfPrinter } from '../services/meeting-report/pdf-printer.js';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { join } from 'node:path';
import fastifyCompress from '@fastify/compress';
import { constants as zlibConstants } from 'node:zlib';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installErrorHandler } from './errors.js';
import { installInputGuards } from './input-guards.js';
import { withErrors } from './schemas/common.js';
import { healthSchema } from './schemas/system.js';
import { installRequestContext, type AppDeps } from './context.js';
import { orgUnitRoutes } from './routes/org-units.js';
import { programmeRoutes } from './routes/programmes.js';
import { assignmentRoutes } from './routes/assignments.js';
import { supervisionRoutes } from './routes/supervision.js';
import { earlyWarningRoutes } from './routes/early-warning.js';
import { draftRoutes } from './routes/drafts.js';
import { authRoutes } from './routes/auth.js';
import { securityAdminRoutes } from './routes/security-admin.js';
import { installSecurity } from './security.js';
import { inlineScriptHashes } from './inline-scripts.js';
import { loadSecurityConfig, type SecurityConfig } from '../security-config.js';
import { webSupportRoutes } from './routes/web-support.js';
import { indicatorRoutes } from './routes/indicators.js';
import { valueRoutes } from './routes/values.js';
import { evaluationRoutes } from './routes/evaluation.js';
import { dataSetRoutes } from './routes/data-sets.js';
import { notificationRoutes } from './routes/notifications.js';
import { meetingReportRoutes } from './routes/meeting-report.js';
import { publicationRoutes } from './routes/publication.js';
import { publicApiRoutes, publicPageRoutes } from './routes/public.js';
import { approvalRoutes } from './routes/approvals.js';
import { auditRoutes } from './routes/audit.js';
import { inspectionRoutes } from './routes/inspections.js';

export interface AppOptions extends AppDeps {
  /** Off by default (tests); `mandate serve` logs warnings and errors at least. */
  logger?: boolean | { level: string };
  /** Folder of the built web app (default web/dist); served at / when present. */
  webRoot?: string;
  /** Sign-in, limits and OIDC settings (default: from the environment). */
  security?: SecurityConfig;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Fastify's own hop count trusts nobody; ours trusts the first N hops (the socket peer and
 * the entries it appended), so the client is the address the outermost proxy saw. Addresses
 * are the safer setting: a hop count cannot tell a proxy from a client reaching the server directly.
 */
function trustProxyOption(
  trust: SecurityConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/**
 * Cache lifetimes of the web app's files: Vite's content-hashed files under /assets/ never change
 * (a new build has new names), so a browser keeps them for a year without asking again. The entry
 * page (index.html, also for client-side routes) is kept for five minutes: a return visit within
 * them draws its first screen without a round trip (on 3G, 150 ms or more before anything shows);
 * a page that names a replaced release's files reloads itself once (web/src/main.tsx). The service
 * worker and the manifests are revalidated on every load, so a new release is picked up at once.
 */
export const ENTRY_PAGE_MAX_AGE_S = 300;

export function webCacheControl(path: string): string {
  if (/[\\/]assets[\\/]/.test(path)) return 'public, max-age=31536000, immutable';
  return /(^|[\\/])index\.html$/.test(path) ? `max-age=${ENTRY_PAGE_MAX_AGE_S}` : 'no-cache';
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const security = options.security ?? loadSecurityConfig();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: security.bodyLimit,
    trustProxy: trustProxyOption(security.trustProxy),
    // Our own id for every request (a client's x-request-id is not trusted), in the logs and the answer.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installInputGuards(app);
  const deps: AppDeps = { store: options.store, ...(options.now ? { now: options.now } : {}) };
  installRequestContext(app, deps);
  app.addHook('onClose', async () => {
    await pdfPrinter.close();
    await closeDrafting();
  });
  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  await installSecurity(app, {
    store: options.store,
    config: security,
    now: options.now ?? (() => new Date()),
    scriptHashes: inlineScriptHashes(join(webRoot, 'index.html')),
  });
  app.addContentTypeParser(
    ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/plain'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );

  // API answers (JSON, CSV) compressed on the fly — brotli at a cheap level, gzip otherwise; the web
  // app's files are compressed once at build time (vite.config.ts) and served as they are.
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Mandate API',
        version: '1',
        description: 'Plan, assign, monitor and evaluate national transformation programmes.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      api.get(
        '/health',
        {
          config: { auth: 'public' },
          schema: {
            tags: ['system'],
            summary: 'Liveness and the store in use',
            response: withErrors({ 200: healthSchema }),
          },
        },
        async () => ({ ok: true as const, store: options.store.kind }),
      );
      await api.register(orgUnitRoutes(deps));
      await api.register(authRoutes(deps, security));
      await api.register(securityAdminRoutes(deps));
      await api.register(programmeRoutes(deps, security.importBodyLimit));
      await api.register(assignmentRoutes(deps));
      await api.register(approvalRoutes(deps));
      await api.register(supervisionRoutes(deps));
      await api.register(earlyWarningRoutes(deps));
      await api.register(draftRoutes(deps));
      await api.register(webSupportRoutes(deps));
      await api.register(indicatorRoutes(deps));
      await api.register(valueRoutes(deps));
      await api.register(evaluationRoutes(deps));
      await api.register(dataSetRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(meetingReportRoutes(deps));
      await api.register(publicationRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(inspectionRoutes(deps, security.importBodyLimit));
      await api.register(publicApiRoutes(deps)); // anonymous by design
    },
    { prefix: '/api' },
  );
  await app.register(publicPageRoutes(deps)); // /public pages, anonymous by design

  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', webCacheControl(path));
      },
    });
    // Client-side routes: any other GET outside /api gets the app's index.html.
    app.get('/*', (request, reply) => {
      // A missing built file is a 404, not the entry page (an old page asking for a replaced release's file).
      if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}
