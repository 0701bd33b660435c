/** The HTTP server: the JSON API under /api (OpenAPI at /api/docs) and the web app at /. */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installErrorHandler } from './errors.js';
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
import { loadSecurityConfig, type SecurityConfig } from '../security-config.js';
import { webSupportRoutes } from './routes/web-support.js';
import { indicatorRoutes } from './routes/indicators.js';
import { valueRoutes } from './routes/values.js';
import { evaluationRoutes } from './routes/evaluation.js';
import { notificationRoutes } from './routes/notifications.js';
import { meetingReportRoutes } from './routes/meeting-report.js';
import { publicationRoutes } from './routes/publication.js';
import { publicApiRoutes, publicPageRoutes } from './routes/public.js';

export interface AppOptions extends AppDeps {
  logger?: boolean;
  /** Folder of the built web app (default web/dist); served at / when present. */
  webRoot?: string;
  /** Sign-in, limits and OIDC settings (default: from the environment). */
  security?: SecurityConfig;
}

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const security = options.security ?? loadSecurityConfig();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: security.bodyLimit,
    trustProxy: process.env.MANDATE_TRUST_PROXY === '1',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const deps: AppDeps = { store: options.store, ...(options.now ? { now: options.now } : {}) };
  installRequestContext(app, deps);
  await installSecurity(app, { store: options.store, config: security, now: options.now ?? (() => new Date()) });
  app.addContentTypeParser(
    ['application/yaml', 'text/yaml', 'application/x-yaml', 'text/plain'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );

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
        { config: { auth: 'public' }, schema: { tags: ['system'], summary: 'Liveness and the store in use' } },
        async () => ({ ok: true, store: options.store.kind }),
      );
      await api.register(orgUnitRoutes(deps));
      await api.register(authRoutes(deps, security));
      await api.register(securityAdminRoutes(deps));
      await api.register(programmeRoutes(deps, security.importBodyLimit));
      await api.register(assignmentRoutes(deps));
      await api.register(supervisionRoutes(deps));
      await api.register(earlyWarningRoutes(deps));
      await api.register(draftRoutes(deps));
      await api.register(webSupportRoutes(deps));
      await api.register(indicatorRoutes(deps));
      await api.register(valueRoutes(deps));
      await api.register(evaluationRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(meetingReportRoutes(deps));
      await api.register(publicationRoutes(deps));
      await api.register(publicApiRoutes(deps)); // anonymous by design
    },
    { prefix: '/api' },
  );
  await app.register(publicPageRoutes(deps)); // /public pages, anonymous by design

  const webRoot = options.webRoot ?? DEFAULT_WEB_ROOT;
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // Client-side routes: any other GET outside /api gets the app's index.html.
    app.get('/*', (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }
  return app;
}
