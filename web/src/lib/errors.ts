/**
 * What the user reads when something fails: the API's stable error code (and each
 * problem's field path) in the UI language, never the server's English text.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, type Problem } from '../api/client';
import { problemMatch } from './problems';
import { ERROR_CODES, type ErrorCode } from '../../../src/domain/errors';

/** Every code the user may meet: the API's (src/domain/errors.ts), and `network` when it cannot be reached. */
export const SHOWN_ERROR_CODES = ['network', ...ERROR_CODES] as const;
export type ShownErrorCode = (typeof SHOWN_ERROR_CODES)[number];

export function errorCode(error: unknown): ShownErrorCode {
  if (!(error instanceof ApiError)) return 'internal';
  if (error.status === 0) return 'network';
  if ((ERROR_CODES as readonly string[]).includes(error.code)) return error.code as ErrorCode;
  if (error.status === 404) return 'not_found';
  if (error.status === 403) return 'forbidden';
  if (error.status === 401) return 'unauthorized';
  if (error.status === 413) return 'too_large';
  if (error.status === 429) return 'too_many_requests';
  if (error.status === 400) return 'invalid';
  return 'internal';
}

/** The last part of a problem's path, as a readable field: `body.evidence[0].url` → `evidence 1 url`. */
function fieldOf(path: string): string {
  return path
    .replace(/^(body|querystring|params)\.?/, '')
    .replace(/\[(\d+)\]/g, (_m, i: string) => ` ${Number(i) + 1}`)
    .replace(/\./g, ' ');
}

/** One problem in the UI language: its known message, else "<field>: not valid". */
export function problemText(t: TFunction, p: Problem): string {
  const known = problemMatch(p.message);
  if (known) return t(`problems.${known.key}`, known.values);
  const field = fieldOf(p.path);
  return field ? t('errors.field', { field }) : t('errors.code.invalid');
}

/** The whole error in the UI language: the code's sentence, then each problem. */
export function errorText(t: TFunction, error: unknown): string {
  const code = errorCode(error);
  const head = t(`errors.code.${code}`);
  const problems = error instanceof ApiError ? error.problems : [];
  return problems.length ? [head, ...problems.slice(0, 5).map((p) => problemText(t, p))].join(' · ') : head;
}

export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error: unknown) => errorText(t, error);
}
