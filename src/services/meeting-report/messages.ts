/**
 * Strings of the meeting report: the catalogue src/i18n/<lang>/meeting-report.json
 * through the server's i18next (src/services/i18n.ts), and number formats.
 */
import type { Language } from '../../domain/i18n.js';
import { catalogue, translator } from '../i18n.js';

export type ColumnKey =
  | 'code'
  | 'task'
  | 'unit'
  | 'lead'
  | 'due'
  | 'completedOn'
  | 'daysLate'
  | 'progress'
  | 'state'
  | 'rank'
  | 'overdue'
  | 'backlog'
  | 'total'
  | 'onTimeRate'
  | 'measure'
  | 'previous'
  | 'now'
  | 'change'
  | 'previousRank';

export type ReportMessages = {
  dir: 'ltr' | 'rtl';
  title: string;
  programme: string;
  unit: string;
  allUnits: string;
  period: string;
  asOf: string;
  previousReport: string;
  noPrevious: string;
  generated: string;
  page: string;
  sections: Record<'headline' | 'completed' | 'overdue' | 'backlog' | 'rankings' | 'changes', string>;
  counts: Record<
    | 'total'
    | 'notStarted'
    | 'onTrack'
    | 'dueSoon'
    | 'overdue'
    | 'completedOnTime'
    | 'completedLate'
    | 'backlog'
    | 'onTimeRate',
    string
  >;
  columns: Record<ColumnKey, string>;
  sheets: Record<'summary' | 'completed' | 'overdue' | 'backlog' | 'rankings' | 'changes', string>;
  states: Record<string, string>;
  none: string;
  more: string;
  newlyOverdue: string;
  resolved: string;
  since: string;
  new: string;
};

/** The labels (no placeholders) of the report in one language. */
export function reportMessages(lang: Language): ReportMessages {
  return catalogue<ReportMessages>(lang, 'meeting-report');
}

/** A message with placeholders (`more`, `resolved`, `since`, `generated`), filled in. */
export function reportText(
  lang: Language,
  key:
    | 'more'
    | 'resolved'
    | 'since'
    | 'generated'
    | `earlyWarning.${string}`
    | `completeness.${string}`
    | `inspections.${string}`,
  values: Record<string, string | number> = {},
): string {
  return translator(lang, 'meeting-report')(key, values);
}

/** Numbers with Latin digits in every language (tables stay comparable across languages). */
export function formatNumber(value: number, lang: Language, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(`${lang}-u-nu-latn`, options).format(value);
}

export function formatRate(value: number | null, lang: Language): string {
  return value === null ? '–' : formatNumber(value, lang, { style: 'percent', maximumFractionDigits: 1 });
}
