/**
 * The data-entry form's pure rules, shared with the server (src/domain/value-checks.ts):
 * a typed value (a decimal comma is accepted), its type's range, and the outlier rule —
 * a value beyond 3 median absolute deviations of the unit's history needs a comment.
 */
import { outlier, valueProblem, type ValueType } from '../../../../src/domain/value-checks';
import type { FormRow } from '../../api/types';

export interface Entry {
  value: string;
  comment: string;
}

/** The value-type problems of value-checks.ts → message keys under forms.problems. */
const PROBLEM_KEYS: Record<string, string> = {
  'not a finite number': 'notNumber',
  'a count is a whole number ≥ 0': 'count',
  'a rank is a whole number ≥ 1': 'rank',
  'a milestone is 1 (reached) or 0 (not yet)': 'milestone',
};

export type RowCheck =
  | { kind: 'empty' }
  | { kind: 'invalid'; key: string }
  | { kind: 'ok'; value: number; outlier: null | { median: number; mad: number } };

export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/^([+-]?\d+),(\d+)$/, '$1.$2');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  return Number(t);
}

/** Checks one row's entry as the server will. */
export function checkRow(row: FormRow, entry: Entry): RowCheck {
  if (entry.value.trim() === '') return { kind: 'empty' };
  const value = parseNumber(entry.value);
  if (value === null) return { kind: 'invalid', key: 'notNumber' };
  const problem = valueProblem(row.valueType as ValueType, value);
  if (problem) return { kind: 'invalid', key: PROBLEM_KEYS[problem] ?? 'notNumber' };
  const o = outlier(
    row.history.map((h) => h.value),
    value,
  );
  return { kind: 'ok', value, outlier: o?.outlier ? { median: o.median, mad: o.mad } : null };
}

/** The entries a stored form starts with. */
export function entriesOf(rows: FormRow[]): Record<string, Entry> {
  return Object.fromEntries(
    rows.map((r) => [r.indicator, { value: r.value === null ? '' : String(r.value), comment: r.comment ?? '' }]),
  );
}

/** A cell's problems as message keys: invalid values always; before a submit, empty values and unconfirmed outliers. */
export function entryProblem(
  check: RowCheck,
  entry: Entry,
  submit: boolean,
): { value?: string | undefined; comment?: string | undefined } {
  if (check.kind === 'invalid') return { value: `forms.problems.${check.key}` };
  if (!submit) return {};
  if (check.kind === 'empty') return { value: 'forms.required' };
  if (check.outlier && !entry.comment.trim()) return { comment: 'forms.confirmOutlier' };
  return {};
}

/** The message key of a value-type problem the server names (value-checks.ts), if it is one. */
export function valueProblemKey(message: string): string | undefined {
  const key = PROBLEM_KEYS[message];
  return key ? `forms.problems.${key}` : undefined;
}

/** The value a row sends: the checked number, or null when it is empty (or not yet valid, for a draft). */
export const entryValue = (check: RowCheck): number | null => (check.kind === 'ok' ? check.value : null);
