/** UI strings of the meeting report and public pages, from messages/<lang>.json. */
import { readFileSync } from 'node:fs';
import { LANGUAGES, type Language } from '../../domain/i18n.js';

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
  public: Record<
    | 'title'
    | 'intro'
    | 'programmes'
    | 'assignments'
    | 'completed'
    | 'completedOnTime'
    | 'completedLate'
    | 'inProgress'
    | 'notStarted'
    | 'overdue'
    | 'meanPercent'
    | 'completionRate'
    | 'download'
    | 'licence'
    | 'areas'
    | 'units'
    | 'period'
    | 'asOf'
    | 'none'
    | 'back',
    string
  >;
  none: string;
  more: string;
  newlyOverdue: string;
  resolved: string;
  since: string;
  new: string;
};

const MESSAGES = Object.fromEntries(
  LANGUAGES.map((l) => [
    l,
    JSON.parse(readFileSync(new URL(`./messages/${l}.json`, import.meta.url), 'utf8')) as ReportMessages,
  ]),
) as Record<Language, ReportMessages>;

export function reportMessages(lang: Language): ReportMessages {
  return MESSAGES[lang];
}

/** Numbers with Latin digits in every language (tables stay comparable across languages). */
export function formatNumber(value: number, lang: Language, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(`${lang}-u-nu-latn`, options).format(value);
}

export function formatRate(value: number | null, lang: Language): string {
  return value === null ? '–' : formatNumber(value, lang, { style: 'percent', maximumFractionDigits: 1 });
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (w, k: string) => (values[k] === undefined ? w : String(values[k])));
}
