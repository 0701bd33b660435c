/**
 * The building blocks of the API's wire contracts: the error body every route may
 * answer with, lenient output forms of shared shapes, and the helpers routes use to
 * declare `schema.response`. The web app imports the inferred types (never the services').
 */
import { z } from 'zod';
import { LANGUAGES } from '../../domain/languages.js';
import { ERROR_CODES } from '../../domain/errors.js';

/** Where a problem is and what is wrong with it (see src/domain/errors.ts). */
export const problemSchema = z.object({ path: z.string(), message: z.string() });

/** Every error answer: a stable code, a sentence, the problems for 400s and, for 5xx, the request id to quote. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    problems: z.array(problemSchema).optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;

/**
 * A route's `response`: its success answers plus the JSON error shape for every error
 * status (the error handler and the authentication hook answer with it).
 */
export function withErrors<T extends Record<number, z.ZodType>>(
  success: T,
): T & Record<(typeof ERROR_STATUSES)[number], typeof errorBodySchema> {
  const errors = Object.fromEntries(ERROR_STATUSES.map((s) => [s, errorBodySchema])) as Record<
    (typeof ERROR_STATUSES)[number],
    typeof errorBodySchema
  >;
  return { ...errors, ...success };
}

/**
 * A name or title as the API returns it: the languages present. Lenient on output
 * (unlike the input schema) so a stored empty description never turns into a 500.
 */
export const localizedTextOutSchema = z.object(
  Object.fromEntries(LANGUAGES.map((l) => [l, z.string().optional()])) as Record<
    (typeof LANGUAGES)[number],
    z.ZodOptional<z.ZodString>
  >,
);

/**
 * An object whose inner shape the contract does not spell out field by field (deep
 * explanations, file summaries): any JSON object passes unchanged, and the type says
 * what it holds. Prefer a real schema where the web app reads the fields.
 */
export function described<T extends object>(description: string): z.ZodType<T> {
  return z.looseObject({}).describe(description) as unknown as z.ZodType<T>;
}

/** A list whose items the contract does not spell out field by field (see `described`). */
export function describedList<T>(description: string): z.ZodType<T[]> {
  return z.array(z.unknown()).describe(description) as unknown as z.ZodType<T[]>;
}

/** `{ items: T[] }`, the shape of every unpaginated list. */
export function itemsOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}

/** No body (204). */
export const noContentSchema = z.null().describe('no content');

/** A file or page sent as text (CSV, YAML, HTML). */
export const textFileSchema = z.string().describe('the file as text');

/** A binary file (PDF, XLSX, DOCX). */
export const binaryFileSchema = z.string().describe('the file, binary') as unknown as z.ZodType<string | Buffer>;

/** A redirect (302): no JSON body. */
export const redirectSchema = z.null().describe('redirect: see the Location header');

export const okSchema = z.object({ ok: z.literal(true) });

/** Compile-time check that a schema's type and the service's type are the same shape (mutually assignable). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export function sameShape<_T extends true>(): void {}
