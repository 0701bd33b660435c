import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  nodeInputSchema,
  nodePatchSchema,
  programmeInputSchema,
  programmePatchSchema,
} from '../../domain/programme.js';
import { cascadeSpecSchema } from '../../domain/programme-file.js';
import { orgUnitKindSchema } from '../../domain/org-unit.js';
import { isoDateSchema } from '../../domain/dates.js';
import {
  createNode,
  createProgramme,
  getNode,
  getProgramme,
  getTree,
  listProgrammes,
  updateNode,
  updateProgramme,
} from '../../services/programmes.js';
import { cascadeTask, listNodeAssignments } from '../../services/assignments.js';
import { exportProgramme, programmeFileToYaml } from '../../services/programme-exporter.js';
import { importProgrammeText } from '../../services/programme-importer.js';
import { type AppDeps, created, expectedVersion, withEtag } from '../context.js';
import { structuredFileImportRoute } from '../file-import.js';
import { assignmentListSchema } from '../schemas/assignments.js';
import { withErrors } from '../schemas/common.js';
import {
  cascadeResultSchema,
  importSummarySchema,
  programmeExportSchema,
  programmeListSchema,
  programmeNodeSchema,
  programmeSchema,
  programmeTreeSchema,
} from '../schemas/programmes.js';

const programmeParams = z.object({ code: z.string() });
const nodeParams = z.object({ code: z.string(), node: z.string() });

export const programmeRoutes =
  (deps: AppDeps, importBodyLimit = 10 * 1024 * 1024): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/programmes',
      {
        config: { auth: 'user' },
        schema: { response: withErrors({ 200: programmeListSchema }), tags: ['programmes'], summary: 'All programmes' },
      },
      async (request) => ({
        items: await listProgrammes(request.ctx),
      }),
    );

    app.post(
      '/programmes',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: programmeSchema }),
          tags: ['programmes'],
          summary: 'Create a programme',
          body: programmeInputSchema,
        },
      },
      async (request, reply) => created(reply, withEtag(reply, await createProgramme(request.ctx, request.body))),
    );

    structuredFileImportRoute(app, {
      url: '/programmes/import',
      auth: 'admin',
      bodyLimit: importBodyLimit,
      tags: ['programmes'],
      summary: 'Import a whole programme file (YAML or JSON text, see docs/programme-file.md); all or nothing',
      response: importSummarySchema,
      importText: importProgrammeText,
    });

    app.get(
      '/programmes/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeSchema }),
          tags: ['programmes'],
          summary: 'One programme',
          params: programmeParams,
        },
      },
      async (request, reply) => withEtag(reply, await getProgramme(request.ctx, request.params.code)),
    );

    app.patch(
      '/programmes/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeSchema }),
          tags: ['programmes'],
          summary: 'Update a programme',
          params: programmeParams,
          body: programmePatchSchema,
        },
      },
      async (request, reply) =>
        withEtag(
          reply,
          await updateProgramme(request.ctx, request.params.code, request.body, expectedVersion(request)),
        ),
    );

    app.get(
      '/programmes/:code/tree',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeTreeSchema }),
          tags: ['programmes'],
          summary: 'The programme tree, parents before children',
          params: programmeParams,
        },
      },
      async (request) => ({
        items: await getTree(request.ctx, request.params.code),
      }),
    );

    app.get(
      '/programmes/:code/export',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeExportSchema }),
          tags: ['programmes'],
          summary: 'The programme as a programme file',
          params: programmeParams,
          querystring: z.object({ format: z.enum(['yaml', 'json']).default('yaml') }),
        },
      },
      async (request, reply) => {
        const file = await exportProgramme(request.ctx, request.params.code);
        reply.header('content-disposition', `attachment; filename="${request.params.code}.${request.query.format}"`);
        if (request.query.format === 'json') return file;
        reply.type('application/yaml; charset=utf-8');
        return programmeFileToYaml(file);
      },
    );

    app.post(
      '/programmes/:code/nodes',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: programmeNodeSchema }),
          tags: ['programme nodes'],
          summary: 'Add a goal, area, task, sub-task or milestone',
          params: programmeParams,
          body: nodeInputSchema,
        },
      },
      async (request, reply) =>
        created(reply, withEtag(reply, await createNode(request.ctx, request.params.code, request.body))),
    );

    app.get(
      '/programmes/:code/nodes/:node',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeNodeSchema }),
          tags: ['programme nodes'],
          summary: 'One node',
          params: nodeParams,
        },
      },
      async (request, reply) => withEtag(reply, await getNode(request.ctx, request.params.code, request.params.node)),
    );

    app.patch(
      '/programmes/:code/nodes/:node',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: programmeNodeSchema }),
          tags: ['programme nodes'],
          summary: 'Update a node',
          params: nodeParams,
          body: nodePatchSchema,
        },
      },
      async (request, reply) =>
        withEtag(
          reply,
          await updateNode(
            request.ctx,
            request.params.code,
            request.params.node,
            request.body,
            expectedVersion(request),
          ),
        ),
    );

    app.get(
      '/programmes/:code/nodes/:node/assignments',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: assignmentListSchema }),
          tags: ['assignments'],
          summary: "A task's assignments with their timeliness",
          params: nodeParams,
        },
      },
      async (request) => ({
        items: await listNodeAssignments(request.ctx, request.params.code, request.params.node),
      }),
    );

    app.post(
      '/programmes/:code/nodes/:node/cascade',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: cascadeResultSchema }),
          tags: ['assignments'],
          summary: 'Assign the task to every unit of a kind under a subtree (e.g. every province)',
          params: nodeParams,
          body: cascadeSpecSchema.extend({ kind: orgUnitKindSchema, due: isoDateSchema.optional() }),
        },
      },
      async (request, reply) =>
        created(reply, await cascadeTask(request.ctx, request.params.code, request.params.node, request.body)),
    );
  };
