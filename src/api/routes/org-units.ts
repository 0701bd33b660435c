import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgUnitInputSchema, orgUnitKindSchema, orgUnitPatchSchema } from '../../domain/org-unit.js';
import { createOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from '../../services/org-units.js';
import { type AppDeps, created, expectedVersion, withEtag } from '../context.js';
import { withErrors } from '../schemas/common.js';
import { orgUnitListSchema, orgUnitSchema, unitKindRulesBodySchema } from '../schemas/org-units.js';
import { getUnitKindRules, setUnitKindRules } from '../../services/org-unit-kinds.js';

const codeParams = z.object({ code: z.string() });

export const orgUnitRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/org-units',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: orgUnitListSchema }),
          tags: ['org units'],
          summary: 'List org units (a subtree, a kind, a search)',
          querystring: z.object({
            under: z.string().optional().describe('code of a unit: only it and the units under it'),
            kind: orgUnitKindSchema.optional(),
            q: z.string().optional().describe('part of a code or name'),
            limit: z.coerce.number().int().min(1).max(5000).default(1000),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => ({ items: await listOrgUnits(request.ctx, request.query) }),
    );

    app.get(
      '/org-unit-kinds',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: unitKindRulesBodySchema }),
          tags: ['org units'],
          summary: 'Which kinds of unit may be created directly under which',
        },
      },
      async (request) => ({ rules: await getUnitKindRules(request.ctx.db) }),
    );

    app.put(
      '/org-unit-kinds',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: unitKindRulesBodySchema }),
          tags: ['org units'],
          summary: 'Replace the unit-kind rules (admin; refused when existing units break them)',
          body: unitKindRulesBodySchema,
        },
      },
      async (request) => ({ rules: await setUnitKindRules(request.ctx, request.body.rules) }),
    );

    app.get(
      '/org-units/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: orgUnitSchema }),
          tags: ['org units'],
          summary: 'One org unit',
          params: codeParams,
        },
      },
      async (request, reply) => withEtag(reply, await getOrgUnit(request.ctx, request.params.code)),
    );

    app.post(
      '/org-units',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: orgUnitSchema }),
          tags: ['org units'],
          summary: 'Create an org unit',
          body: orgUnitInputSchema,
        },
      },
      async (request, reply) => created(reply, withEtag(reply, await createOrgUnit(request.ctx, request.body))),
    );

    app.patch(
      '/org-units/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: orgUnitSchema }),
          tags: ['org units'],
          summary: 'Update an org unit (If-Match or version required to be current)',
          params: codeParams,
          body: orgUnitPatchSchema,
        },
      },
      async (request, reply) =>
        withEtag(reply, await updateOrgUnit(request.ctx, request.params.code, request.body, expectedVersion(request))),
    );
  };
