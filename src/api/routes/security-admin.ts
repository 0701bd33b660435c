/** API tokens (own), users and grants (admin), and object histories. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  addUser,
  createToken,
  grantRole,
  grantSchema,
  listTokens,
  listUsers,
  revokeRole,
  revokeToken,
  roleSchema,
  tokenInputSchema,
} from '../../services/users.js';
import { historyOf, historyTypeSchema } from '../../services/history.js';
import { created, type AppDeps } from '../context.js';
import { historySchema, newTokenSchema, tokenListSchema, userListSchema, userSchema } from '../schemas/auth.js';
import { noContentSchema, withErrors } from '../schemas/common.js';

export const securityAdminRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/tokens',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: tokenListSchema }),
          tags: ['tokens'],
          summary: 'Your API tokens (never their secrets)',
        },
      },
      async (request) => ({ items: await listTokens(request.ctx) }),
    );

    app.post(
      '/tokens',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 201: newTokenSchema }),
          tags: ['tokens'],
          summary: 'Create an API token: scope within your grants, expiry; the secret is shown once',
          body: tokenInputSchema,
        },
      },
      async (request, reply) => created(reply, await createToken(request.ctx, request.body)),
    );

    app.delete(
      '/tokens/:id',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['tokens'],
          summary: 'Revoke an API token',
          params: z.object({ id: z.coerce.number().int().positive() }),
        },
      },
      async (request, reply) => {
        await revokeToken(request.ctx, request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/users',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: userListSchema }),
          tags: ['users'],
          summary: 'Users and their grants',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(500).default(100),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => ({ items: await listUsers(request.ctx, request.query) }),
    );

    app.post(
      '/users',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: userSchema }),
          tags: ['users'],
          summary: 'Create a user',
          body: z
            .object({
              username: z.string(),
              name: z.string().max(200).optional(),
              password: z.string().max(1024).optional(),
              grants: z.array(grantSchema).max(50).optional(),
            })
            .strict(),
        },
      },
      async (request, reply) => created(reply, await addUser(request.ctx, request.body)),
    );

    const grantParams = z.object({ username: z.string() });
    const grantBody = z.object({ role: roleSchema, unit: z.string().nullable().optional() }).strict();
    app.post(
      '/users/:username/grants',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: userSchema }),
          tags: ['users'],
          summary: 'Grant a role over an org-unit subtree',
          params: grantParams,
          body: grantBody,
        },
      },
      async (request) => grantRole(request.ctx, request.params.username, request.body.role, request.body.unit),
    );
    app.post(
      '/users/:username/grants/revoke',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: userSchema }),
          tags: ['users'],
          summary: 'Revoke a grant',
          params: grantParams,
          body: grantBody,
        },
      },
      async (request) => revokeRole(request.ctx, request.params.username, request.body.role, request.body.unit),
    );

    app.get(
      '/history/:type/*',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: historySchema }),
          tags: ['audit'],
          summary:
            "An object's history from the audit trail, newest first (ids: org-unit or programme code, PROGRAMME/NODE, assignment or report number, username, token number)",
          params: z.object({ type: historyTypeSchema, '*': z.string().min(1).max(300) }),
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(200).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
      },
      async (request) => historyOf(request.ctx, request.params.type, request.params['*'], request.query),
    );
  };
