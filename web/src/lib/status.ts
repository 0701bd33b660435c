import type { Counts, Timeliness } from '../api/types';

/** Status colours, one meaning each, everywhere: overdue red, due soon orange, on track blue, completed green, not started grey. */
export const TIMELINESS_COLOR: Record<Timeliness, string> = {
  overdue: 'red',
  due_soon: 'orange',
  on_track: 'blue',
  completed_on_time: 'green',
  completed_late: 'teal',
  not_started: 'gray',
};

/** Hex shades for charts (Mantine's 6th shade of each colour). */
export const TIMELINESS_HEX: Record<Timeliness, string> = {
  overdue: '#e03131',
  due_soon: '#f76707',
  on_track: '#1c7ed6',
  completed_on_time: '#2f9e44',
  completed_late: '#0c8599',
  not_started: '#adb5bd',
};

export const STATE_ORDER: Timeliness[] = [
  'overdue',
  'due_soon',
  'on_track',
  'not_started',
  'completed_late',
  'completed_on_time',
];

export function countOf(counts: Counts, state: Timeliness): number {
  switch (state) {
    case 'overdue':
      return counts.overdue;
    case 'due_soon':
      return counts.dueSoon;
    case 'on_track':
      return counts.onTrack;
    case 'not_started':
      return counts.notStarted;
    case 'completed_late':
      return counts.completedLate;
    case 'completed_on_time':
      return counts.completedOnTime;
  }
}

export const EMPTY_COUNTS: Counts = {
  total: 0,
  notStarted: 0,
  onTrack: 0,
  dueSoon: 0,
  overdue: 0,
  completedOnTime: 0,
  completedLate: 0,
  backlog: 0,
  onTimeRate: null,
};

export function addCounts(a: Counts, b: Counts): Counts {
  const sum: Counts = {
    total: a.total + b.total,
    notStarted: a.notStarted + b.notStarted,
    onTrack: a.onTrack + b.onTrack,
    dueSoon: a.dueSoon + b.dueSoon,
    overdue: a.overdue + b.overdue,
    completedOnTime: a.completedOnTime + b.completedOnTime,
    completedLate: a.completedLate + b.completedLate,
    backlog: a.backlog + b.backlog,
    onTimeRate: null,
  };
  const decided = sum.completedOnTime + sum.completedLate + sum.overdue;
  sum.onTimeRate = decided ? sum.completedOnTime / decided : null;
  return sum;
}

/** The supervision filter as it appears in the URL; the same names as the API's query string. */
export const FILTER_KEYS = ['programme', 'unit', 'tag', 'lead', 'dueFrom', 'dueTo'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export function filtersFrom(params: URLSearchParams): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}
