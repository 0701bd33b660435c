/**
 * Data sets, data entry forms ("My forms", a unit's form, a parent's grid, review),
 * completeness, and the DHIS2-compatible data value set API.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ValidationError } from '../../domain/errors.js';
import { deleteDataSet, getDataSet, importDataSetsText, listDataSets, saveDataSet } from '../../services/data-sets.js';
import { getForm, getGrid, myForms, reviewForm, saveForm, saveGrid } from '../../services/data-entry-forms.js';
import { completenessOf } from '../../services/completeness.js';
import {
  DHIS2_IMPORT_STRATEGIES,
  exportDataValueSet,
  importDataValueSet,
  registerCompletions,
} from '../../services/dhis2-data-value-sets.js';
import { type AppDeps, bodyText, created, expectedVersion, withEtag } from '../context.js';
import { noContentSchema, withErrors } from '../schemas/common.js';
import {
  completenessSchema,
  dataSetImportResultSchema,
  dataSetListSchema,
  dataSetSchema,
  dhis2DataValueSetSchema,
  dhis2ImportSummarySchema,
  dhis2RegistrationSummarySchema,
  formSaveResultSchema,
  formSchema,
  gridSchema,
  gridSaveResultSchema,
  myFormsSchema,
} from '../schemas/data-sets.js';

const formParams = z.object({ dataSet: z.string(), unit: z.string(), period: z.string() });
const bool = z.enum(['true', 'false']).transform((s) => s === 'true');

const formEntrySchema = z
  .object({
    indicator: z.string(),
    value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
    comment: z.string().max(2000).nullable().optional(),
  })
  .strict();

export const dataSetRoutes =
  (_deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/data-sets',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: dataSetListSchema }),
          tags: ['data sets'],
          summary: 'Every data set (definitions)',
        },
      },
      async (request) => ({ items: await listDataSets(request.ctx) }),
    );

    app.get(
      '/data-sets/:code',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: dataSetSchema }),
          tags: ['data sets'],
          summary: 'One data set',
          params: z.object({ code: z.string() }),
        },
      },
      async (request, reply) => withEtag(reply, await getDataSet(request.ctx, request.params.code)),
    );

    app.put(
      '/data-sets/:code',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 200: dataSetSchema }),
          tags: ['data sets'],
          summary: 'Create or replace a data set: period type, indicators, reporting units, opening, due day, expiry',
          params: z.object({ code: z.string() }),
          body: z.record(z.string(), z.unknown()),
        },
      },
      async (request, reply) => {
        const { version, ...body } = request.body as { version?: unknown };
        const ds = await saveDataSet(
          request.ctx,
          { ...body, code: request.params.code },
          expectedVersion(request) ?? (typeof version === 'number' ? version : undefined),
        );
        return withEtag(reply, ds);
      },
    );

    app.delete(
      '/data-sets/:code',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 204: noContentSchema }),
          tags: ['data sets'],
          summary: 'Delete a data set',
          params: z.object({ code: z.string() }),
        },
      },
      async (request, reply) => {
        await deleteDataSet(request.ctx, request.params.code);
        reply.code(204);
      },
    );

    app.post(
      '/data-sets/import',
      {
        config: { auth: 'admin' },
        schema: {
          response: withErrors({ 201: dataSetImportResultSchema }),
          tags: ['data sets'],
          summary: 'Import a data set file (mandate.datasets/1, YAML or JSON), all or nothing',
          consumes: ['application/yaml', 'text/yaml', 'application/json'],
        },
      },
      async (request, reply) => {
        const text = bodyText(request.body);
        if (!text.trim()) throw new ValidationError([{ path: 'body', message: 'expected a data set file' }]);
        return created(reply, await importDataSetsText(request.ctx, text, 'request body'));
      },
    );

    app.get(
      '/forms',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: myFormsSchema }),
          tags: ['data entry'],
          summary:
            'My forms: unit × data set × period with its state (not started, draft, submitted, returned, approved; due soon, overdue)',
          querystring: z.object({
            unit: z.string().optional(),
            dataSet: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(1000).optional(),
          }),
        },
      },
      async (request) => myForms(request.ctx, request.query),
    );

    app.get(
      '/forms/:dataSet/:unit/:period',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: formSchema }),
          tags: ['data entry'],
          summary: "A unit's form for a period: one row per indicator with value, comment, history and outlier check",
          params: formParams,
        },
      },
      async (request) => getForm(request.ctx, request.params.dataSet, request.params.unit, request.params.period),
    );

    app.put(
      '/forms/:dataSet/:unit/:period',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: formSaveResultSchema }),
          tags: ['data entry'],
          summary:
            'Save a form as a draft, or submit it (submit: true): values checked by type and range; a value beyond 3 MADs of the unit history needs a comment',
          params: formParams,
          body: z
            .object({
              values: z.array(formEntrySchema).max(1000),
              submit: z.boolean().optional(),
              comment: z.string().max(2000).optional(),
            })
            .strict(),
        },
      },
      async (request) =>
        saveForm(request.ctx, request.params.dataSet, request.params.unit, request.params.period, request.body),
    );

    app.post(
      '/forms/:dataSet/:unit/:period/review',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: formSchema }),
          tags: ['data entry'],
          summary: 'Approve, return (with a comment) or reopen a submitted form (secretariat over the unit)',
          params: formParams,
          body: z
            .object({ decision: z.enum(['approve', 'return', 'reopen']), comment: z.string().max(2000).optional() })
            .strict(),
        },
      },
      async (request) =>
        reviewForm(
          request.ctx,
          request.params.dataSet,
          request.params.unit,
          request.params.period,
          request.body.decision,
          request.body.comment,
        ),
    );

    app.get(
      '/grids/:dataSet/:unit/:period',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: gridSchema }),
          tags: ['data entry'],
          summary: "A parent's grid: the form of every reporting unit under it (a province's communes) for a period",
          params: formParams,
        },
      },
      async (request) => getGrid(request.ctx, request.params.dataSet, request.params.unit, request.params.period),
    );

    app.put(
      '/grids/:dataSet/:unit/:period',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: gridSaveResultSchema }),
          tags: ['data entry'],
          summary:
            "Save or submit a parent's grid (a province's communes × the data set's indicators) for a period: each row checked as a single form, all or nothing",
          params: formParams,
          body: z
            .object({
              forms: z
                .array(
                  z
                    .object({
                      unit: z.string(),
                      values: z.array(formEntrySchema).max(1000),
                      comment: z.string().max(2000).optional(),
                    })
                    .strict(),
                )
                .min(1)
                .max(500),
              submit: z.boolean().optional(),
            })
            .strict(),
        },
      },
      async (request) =>
        saveGrid(request.ctx, request.params.dataSet, request.params.unit, request.params.period, request.body),
    );

    app.get(
      '/completeness',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: completenessSchema }),
          tags: ['data entry'],
          summary:
            'Reporting completeness: expected, received and on-time forms per unit × data set × period, rolled up',
          querystring: z.object({
            unit: z.string().optional(),
            level: z.coerce.number().int().min(0).max(12).optional(),
            dataSet: z.string().optional(),
            from: z.string().optional().describe('first period or date (default: 12 months back)'),
            to: z.string().optional(),
            asOf: z.string().optional().describe('periods count once entry opened by this day (default today)'),
          }),
        },
      },
      async (request) => completenessOf(request.ctx, request.query),
    );

    app.post(
      '/dataValueSets',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: dhis2ImportSummarySchema }),
          tags: ['DHIS2'],
          summary: "DHIS2 data value set import; answers DHIS2's import summary (status, importCount, conflicts)",
          querystring: z.object({
            dryRun: bool.optional(),
            importStrategy: z.enum(DHIS2_IMPORT_STRATEGIES).optional(),
            idScheme: z.string().optional().describe('code (the only scheme: ids are codes)'),
            dataElementIdScheme: z.string().optional(),
            orgUnitIdScheme: z.string().optional(),
            atomicMode: z.enum(['ALL', 'NONE']).optional(),
          }),
          body: z
            .object({
              dataSet: z.string().optional(),
              completeDate: z.string().optional(),
              period: z.string().optional(),
              orgUnit: z.string().optional(),
              attributeOptionCombo: z.string().optional(),
              dataValues: z.array(z.record(z.string(), z.unknown())),
            })
            .passthrough(),
        },
      },
      async (request) => {
        const q = request.query;
        return importDataValueSet(request.ctx, request.body, {
          dryRun: q.dryRun,
          importStrategy: q.importStrategy,
          idScheme: q.idScheme ?? q.dataElementIdScheme ?? q.orgUnitIdScheme,
          atomicMode: q.atomicMode,
        });
      },
    );

    app.get(
      '/dataValueSets',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: dhis2DataValueSetSchema }),
          tags: ['DHIS2'],
          summary:
            "DHIS2 data value set export: a data set's values for a period and a unit (children=true: its subtree)",
          querystring: z.object({
            dataSet: z.string(),
            period: z.string(),
            orgUnit: z.string(),
            children: bool.optional(),
            idScheme: z.string().optional(),
          }),
        },
      },
      async (request) => exportDataValueSet(request.ctx, request.query),
    );

    app.post(
      '/completeDataSetRegistrations',
      {
        config: { auth: 'user' },
        schema: {
          response: withErrors({ 200: dhis2RegistrationSummarySchema }),
          tags: ['DHIS2'],
          summary: "Mark units' forms complete for a period (submitted); completed: false reopens (secretariat)",
          querystring: z.object({ dryRun: bool.optional() }),
          body: z.object({
            completeDataSetRegistrations: z
              .array(
                z.object({
                  dataSet: z.string(),
                  period: z.string(),
                  organisationUnit: z.string(),
                  completed: z.boolean().optional(),
                }),
              )
              .max(10_000),
          }),
        },
      },
      async (request) => registerCompletions(request.ctx, request.body, { dryRun: request.query.dryRun }),
    );
  };
