/**
 * Wire contracts of data sets, data entry forms ("My forms", a unit's form, a parent's
 * grid), reporting completeness and the DHIS2-compatible data value set API (issue 12).
 * Each type is checked against the service's own (`sameShape`).
 */
import { z } from 'zod';
import { DATA_SET_PERIOD_TYPES, SUBMISSION_STATES, type DataSetView } from '../../domain/data-sets.js';
import type { SubmissionView } from '../../services/data-set-submissions.js';
import type {
  FormView,
  GridSaveResult as GridSaveView,
  MyFormRow,
  SaveResult,
} from '../../services/data-entry-forms.js';
import type { CompletenessView } from '../../services/completeness.js';
import {
  DHIS2_IMPORT_STRATEGIES,
  type Dhis2ImportSummary,
  type exportDataValueSet,
  type registerCompletions,
} from '../../services/dhis2-data-value-sets.js';
import { itemsOf, localizedTextOutSchema, problemSchema, sameShape, type Same } from './common.js';

export const FORM_STATES = ['not_started', ...SUBMISSION_STATES] as const;
const periodTypeSchema = z.enum(DATA_SET_PERIOD_TYPES);

export const dataSetSchema = z.object({
  code: z.string(),
  name: localizedTextOutSchema,
  description: localizedTextOutSchema,
  periodType: periodTypeSchema,
  unitKind: z.string(),
  scope: z.string(),
  indicators: z.array(z.string()),
  openOffsetDays: z.number().int(),
  dueDays: z.number().int(),
  expiryDays: z.number().int().nullable(),
  firstPeriod: z.string().nullable(),
  synthetic: z.boolean(),
  version: z.number().int(),
});
export type DataSet = z.infer<typeof dataSetSchema>;
export const dataSetListSchema = itemsOf(dataSetSchema);
export const dataSetImportResultSchema = z.object({ dataSets: z.array(z.string()) });

/** The schedule and state every form answer shares. */
const formStatusFields = {
  dataSet: z.string(),
  dataSetName: localizedTextOutSchema,
  unit: z.string(),
  unitName: localizedTextOutSchema,
  period: z.string(),
  opens: z.string(),
  due: z.string(),
  closes: z.string().nullable(),
  state: z.enum(FORM_STATES),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  editable: z.boolean(),
};

export const myFormSchema = z.object({ ...formStatusFields, daysLeft: z.number().int() });
export type MyForm = z.infer<typeof myFormSchema>;
export const myFormsSchema = z.object({ today: z.string(), items: z.array(myFormSchema) });
export type MyForms = z.infer<typeof myFormsSchema>;

export const submissionSchema = z.object({
  dataSet: z.string(),
  unit: z.string(),
  period: z.string(),
  state: z.enum(SUBMISSION_STATES),
  submittedAt: z.string().nullable(),
  submittedBy: z.string().nullable(),
  comment: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const formRowSchema = z.object({
  indicator: z.string(),
  name: localizedTextOutSchema,
  unit: z.string(),
  valueType: z.string(),
  value: z.number().nullable(),
  comment: z.string().nullable(),
  reviewState: z.string().nullable(),
  history: z.array(z.object({ period: z.string(), value: z.number() })),
  median: z.number().nullable(),
  mad: z.number().nullable(),
  outlier: z.boolean(),
});
export type FormRow = z.infer<typeof formRowSchema>;

export const formSchema = z.object({
  ...formStatusFields,
  periodType: periodTypeSchema,
  submission: submissionSchema.nullable(),
  rows: z.array(formRowSchema),
});
export type Form = z.infer<typeof formSchema>;
export const formSaveResultSchema = z.object({ form: formSchema, warnings: z.array(problemSchema) });
export type FormSaveResult = z.infer<typeof formSaveResultSchema>;
export const gridSchema = z.object({
  dataSet: z.string(),
  parent: z.string(),
  period: z.string(),
  forms: z.array(formSchema),
});
export const gridSaveResultSchema = gridSchema.extend({ warnings: z.array(problemSchema) });
export type GridSaveResult = z.infer<typeof gridSaveResultSchema>;

const countsFields = {
  expected: z.number().int(),
  received: z.number().int(),
  onTime: z.number().int(),
  rate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
};
export const completenessCountsSchema = z.object(countsFields);
export const completenessSchema = z.object({
  unit: z.string(),
  level: z.number().int(),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  dataSets: z.array(z.string()),
  units: z.array(z.object({ unit: z.string(), name: localizedTextOutSchema, ...countsFields })),
  rows: z.array(z.object({ unit: z.string(), dataSet: z.string(), period: z.string(), ...countsFields })),
  total: completenessCountsSchema,
});
export type Completeness = z.infer<typeof completenessSchema>;
export type CompletenessCounts = z.infer<typeof completenessCountsSchema>;

// DHIS2's shapes (its own field names).
const dhis2ConflictSchema = z.object({
  object: z.string(),
  value: z.string(),
  indexes: z.array(z.number().int()),
  property: z.string(),
});
const dhis2SummaryFields = {
  responseType: z.literal('ImportSummary'),
  status: z.enum(['SUCCESS', 'WARNING', 'ERROR']),
  description: z.string(),
  importCount: z.object({
    imported: z.number().int(),
    updated: z.number().int(),
    ignored: z.number().int(),
    deleted: z.number().int(),
  }),
  conflicts: z.array(dhis2ConflictSchema),
};
export const dhis2RegistrationSummarySchema = z.object(dhis2SummaryFields);
export const dhis2ImportSummarySchema = z.object({
  ...dhis2SummaryFields,
  importOptions: z.object({
    dryRun: z.boolean(),
    importStrategy: z.enum(DHIS2_IMPORT_STRATEGIES),
    idScheme: z.literal('CODE'),
    atomicMode: z.enum(['ALL', 'NONE']),
  }),
  dataSetComplete: z.union([z.string(), z.literal(false)]),
});
export const dhis2DataValueSetSchema = z.object({
  dataSet: z.string(),
  period: z.string(),
  orgUnit: z.string(),
  completeDate: z.string().optional(),
  dataValues: z.array(
    z.object({
      dataElement: z.string(),
      period: z.string(),
      orgUnit: z.string(),
      value: z.string(),
      comment: z.string().optional(),
      storedBy: z.string(),
      lastUpdated: z.string(),
      followup: z.boolean(),
    }),
  ),
});

sameShape<Same<DataSet, DataSetView>>();
sameShape<Same<MyForm, MyFormRow>>();
sameShape<Same<z.infer<typeof submissionSchema>, SubmissionView>>();
sameShape<Same<Form, FormView>>();
sameShape<Same<FormSaveResult, SaveResult>>();
sameShape<Same<GridSaveResult, GridSaveView>>();
sameShape<Same<Completeness, CompletenessView>>();
sameShape<Same<z.infer<typeof dhis2ImportSummarySchema>, Dhis2ImportSummary>>();
sameShape<Same<z.infer<typeof dhis2RegistrationSummarySchema>, Awaited<ReturnType<typeof registerCompletions>>>>();
sameShape<Same<z.infer<typeof dhis2DataValueSetSchema>, Awaited<ReturnType<typeof exportDataValueSet>>>>();
