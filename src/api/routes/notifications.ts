/** Notification settings and logs: rules per programme, unit contacts, webhook endpoints, what was sent. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactInputSchema, ruleInputSchema, webhookInputSchema } from '../../domain/notifications.js';
import { ValidationError } from '../../domain/errors.js';
import { isoDateSchema } from '../../domain/dates.js';
import { dateOf } from '../../domain/dates.js';
import {
  addContact,
  addWebhook,
  deliveryLog,
  listContacts,
  listRules,
  listWebhooks,
  noticeLog,
  removeContact,
  setRules,
  setWebhookActive,
} from '../../services/notifications/settings.js';
import { planNotices } from '../../services/notifications/planner.js';
import { created, type AppDeps } from '../context.js';
import { noContentSchema, withErrors } from '../schemas/common.js';
import {
  contactListSchema,
  contactSchema,
  deliveryLogSchema,
  noticeLogSchema,
  noticePreviewSchema,
  ruleListSchema,
  webhookListSchema,
  webhookSchema,
} from '../schemas/notifications.js';

const page = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
};
const idParams = z.object({ id: z.coerce.number().int().positive() });

export const notificationRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/notifications/rules',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: ruleListSchema }),
          tags: ['notifications'],
          summary: 'Reminder and escalation rules (of one programme, or of one data set)',
          querystring: z.object({ programme: z.string().optional(), dataSet: z.string().optional() }),
        },
      },
      async (request) => {
        const { programme, dataSet } = request.query;
        if (programme !== undefined && dataSet !== undefined)
          throw new ValidationError([{ path: 'querystring.dataSet', message: 'give programme or dataSet, not both' }]);
        return {
          items: await listRules(request.ctx, dataSet !== undefined ? { dataSet } : programme),
        };
      },
    );

    app.put(
      '/notifications/rules/:programme',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: ruleListSchema }),
          tags: ['notifications'],
          summary: "Set a programme's rules (due_soon, overdue, escalation, report_missing)",
          params: z.object({ programme: z.string() }),
          body: z.object({ rules: z.array(ruleInputSchema) }),
        },
      },
      async (request) => ({ items: await setRules(request.ctx, request.params.programme, request.body.rules) }),
    );

    app.put(
      '/notifications/data-set-rules/:dataSet',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: ruleListSchema }),
          tags: ['notifications'],
          summary: "Set a data set's form reminder rules (due_soon, overdue, escalation)",
          params: z.object({ dataSet: z.string() }),
          body: z.object({ rules: z.array(ruleInputSchema) }),
        },
      },
      async (request) => ({
        items: await setRules(request.ctx, { dataSet: request.params.dataSet }, request.body.rules),
      }),
    );

    app.get(
      '/notifications/contacts',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: contactListSchema }),
          tags: ['notifications'],
          summary: 'Unit contacts (a subtree with unit=)',
          querystring: z.object({ unit: z.string().optional() }),
        },
      },
      async (request) => ({
        items: await listContacts(request.ctx, request.query.unit),
      }),
    );

    app.post(
      '/notifications/contacts',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: contactSchema }),
          tags: ['notifications'],
          summary: 'Add or update a unit contact',
          body: contactInputSchema,
        },
      },
      async (request, reply) => created(reply, await addContact(request.ctx, request.body)),
    );

    app.delete(
      '/notifications/contacts/:id',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['notifications'],
          summary: 'Remove a unit contact',
          params: idParams,
        },
      },
      async (request, reply) => {
        await removeContact(request.ctx, request.params.id);
        reply.code(204);
      },
    );

    app.get(
      '/notifications/webhooks',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: webhookListSchema }),
          tags: ['notifications'],
          summary: 'Webhook endpoints (secrets are never returned)',
        },
      },
      async (request) => ({
        items: await listWebhooks(request.ctx),
      }),
    );

    app.post(
      '/notifications/webhooks',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: webhookSchema }),
          tags: ['notifications'],
          summary: 'Add a webhook endpoint for a unit or a programme',
          body: webhookInputSchema,
        },
      },
      async (request, reply) => created(reply, await addWebhook(request.ctx, request.body)),
    );

    app.patch(
      '/notifications/webhooks/:id',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['notifications'],
          summary: 'Switch a webhook endpoint on or off',
          params: idParams,
          body: z.object({ active: z.boolean() }),
        },
      },
      async (request, reply) => {
        await setWebhookActive(request.ctx, request.params.id, request.body.active);
        reply.code(204);
      },
    );

    app.get(
      '/notifications/preview',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: noticePreviewSchema }),
          tags: ['notifications'],
          summary: 'What would be sent on a day (a dry run: nothing is stored or sent)',
          querystring: z.object({ day: isoDateSchema.optional() }),
        },
      },
      async (request) => {
        const ctx = request.ctx;
        const plan = await planNotices(ctx, request.query.day ?? dateOf(ctx.now()), { dryRun: true });
        return {
          day: plan.day,
          items: plan.notices.map(
            ({ key, kind, channel, recipient, language, occasion, assignmentId, form, digest }) => ({
              key,
              kind,
              channel,
              recipient,
              language,
              occasion,
              assignment: assignmentId,
              form,
              digest,
            }),
          ),
        };
      },
    );

    app.get(
      '/notifications/notices',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: noticeLogSchema }),
          tags: ['notifications'],
          summary: 'Notices with the state of their delivery (queued, running, done, failed)',
          querystring: z.object({
            programme: z.string().optional(),
            status: z.enum(['queued', 'running', 'done', 'failed']).optional(),
            ...page,
          }),
        },
      },
      async (request) => ({ items: await noticeLog(request.ctx, request.query) }),
    );

    app.get(
      '/notifications/deliveries',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: deliveryLogSchema }),
          tags: ['notifications'],
          summary: 'Every delivery attempt, newest first',
          querystring: z.object({ job: z.coerce.number().int().positive().optional(), ...page }),
        },
      },
      async (request) => ({ items: await deliveryLog(request.ctx, request.query) }),
    );
  };
