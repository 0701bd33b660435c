/** Wire contracts of data values: entry, review, import and export. */
import { z } from 'zod';
import { DATA_VALUE_REVIEW_STATES } from '../../domain/indicators/index.js';
import type { StoredValue as StoredValueView } from '../../services/data-values.js';
import { VALUE_FILE_FORMATS, type ImportSummary } from '../../services/value-files.js';
import { binaryFileSchema, sameShape, type Same } from './common.js';

export const storedValueSchema = z.object({
  indicator: z.string(),
  orgUnit: z.string(),
  period: z.string(),
  value: z.number(),
  source: z.string().nullable(),
  comment: z.string().nullable(),
  enteredBy: z.string(),
  enteredAt: z.string(),
  reviewState: z.enum(DATA_VALUE_REVIEW_STATES),
});
export type StoredValue = z.infer<typeof storedValueSchema>;
export const storedCountSchema = z.object({
  stored: z.number().int(),
  imported: z.number().int().optional(),
  updated: z.number().int().optional(),
  ignored: z.number().int().optional(),
  deleted: z.number().int().optional(),
});
export const valueImportSummarySchema = z.object({
  format: z.enum(VALUE_FILE_FORMATS),
  stored: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  ignored: z.number().int(),
  deleted: z.number().int(),
});

/** CSV text, XLSX bytes or a DHIS2 data value set as JSON. */
export const valueExportSchema = z.union([
  binaryFileSchema.describe('CSV text or XLSX bytes'),
  z.looseObject({}).describe('DHIS2 data value set'),
]);

sameShape<Same<StoredValue, StoredValueView>>();
sameShape<Same<z.infer<typeof valueImportSummarySchema>, ImportSummary>>();
