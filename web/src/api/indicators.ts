/** Types and queries of the indicator pages (issue 4 item 5): indicators, evaluations, rankings. */
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api } from './client';
import { useOrgUnits } from './hooks';
import type {
  Classification,
  CompositeIndex,
  Explanation,
  Indicator,
  Ranking,
  Target,
  UnitEvaluation,
  ValueRows,
} from '../../../src/api/schemas/indicators';
export type { Classification, CompositeIndex, Evaluation, Explanation } from '../../../src/api/schemas/indicators';
export type { Indicator, Ranking, Target, UnitEvaluation, ValueRows } from '../../../src/api/schemas/indicators';
export const CLASSIFICATIONS: Classification[] = ['achieved', 'on_track', 'at_risk', 'off_track', 'no_data'];

export function useIndicators() {
  return useQuery({
    queryKey: ['indicators'],
    queryFn: ({ signal }) => api<{ items: Indicator[] }>('/indicators', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** The root org units (a unit filter narrows to that unit). */
export function useRootUnits(unit?: string) {
  const units = useOrgUnits(!unit);
  if (unit) return { codes: [unit], ready: true };
  return { codes: (units.data ?? []).filter((u) => u.parent === null).map((u) => u.code), ready: !!units.data };
}

const ALL = 'achieved,on_track,at_risk,off_track,no_data';

/** Evaluations of every indicator with a target under each root (or the given unit); `status` narrows. */
export function useEvaluations(opts: { unit?: string | undefined; programme?: string | undefined; status?: string }) {
  const roots = useRootUnits(opts.unit);
  const results = useQueries({
    queries: roots.codes.map((unit) => ({
      queryKey: ['at-risk', unit, opts.programme ?? null, opts.status ?? ALL],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api<{ items: UnitEvaluation[] }>('/evaluation/at-risk', {
          query: { unit, programme: opts.programme, status: opts.status ?? ALL },
          signal,
        }).then((r) => r.items),
      staleTime: 60_000,
    })),
  });
  const error = results.find((r) => r.isError)?.error ?? null;
  const done = roots.ready && results.every((r) => r.data);
  return {
    items: done ? results.flatMap((r) => r.data ?? []) : undefined,
    error,
    retry: () => results.forEach((r) => void r.refetch()),
  };
}

/** Per indicator, its evaluation at the highest unit that has one (the headline figure). */
export function headline(items: UnitEvaluation[], roots: string[]): Map<string, UnitEvaluation> {
  const out = new Map<string, UnitEvaluation>();
  for (const e of items) {
    const have = out.get(e.indicator);
    if (!have || (roots.includes(e.unit) && !roots.includes(have.unit))) out.set(e.indicator, e);
  }
  return out;
}

export function useIndicator(code: string) {
  return useQuery({
    queryKey: ['indicator', code],
    queryFn: ({ signal }) => api<Indicator>(`/indicators/${encodeURIComponent(code)}`, { signal }),
  });
}

export function useTargets(code: string) {
  return useQuery({
    queryKey: ['targets', code],
    queryFn: ({ signal }) =>
      api<{ items: Target[] }>(`/indicators/${encodeURIComponent(code)}/targets`, { signal }).then((r) => r.items),
  });
}

export function useEvaluation(code: string, unit: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['evaluation', code, unit ?? null],
    enabled,
    queryFn: ({ signal }) =>
      api<UnitEvaluation>(`/indicators/${encodeURIComponent(code)}/evaluation`, { query: { unit }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useValues(
  code: string,
  q: {
    unit?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    level: number;
    periodType?: string | undefined;
  },
  enabled = true,
) {
  return useQuery({
    queryKey: ['values', code, q],
    enabled: enabled && !!q.from && !!q.to,
    queryFn: ({ signal }) => api<ValueRows>(`/indicators/${encodeURIComponent(code)}/values`, { query: q, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useComposites() {
  return useQuery({
    queryKey: ['composites'],
    queryFn: ({ signal }) => api<{ items: CompositeIndex[] }>('/composite-indices', { signal }).then((r) => r.items),
    staleTime: 300_000,
  });
}

export function useRanking(index: string, period: string) {
  return useQuery({
    queryKey: ['ranking', index, period],
    queryFn: ({ signal }) => api<Ranking>(`/rankings/${encodeURIComponent(index)}`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useExplanation(index: string, period: string, unit: string | null) {
  return useQuery({
    queryKey: ['explain', index, period, unit],
    enabled: !!unit,
    queryFn: ({ signal }) =>
      api<Explanation>(`/rankings/${encodeURIComponent(index)}/explain`, { query: { unit: unit!, period }, signal }),
  });
}

export const CLASSIFICATION_COLOR: Record<Classification, string> = {
  achieved: 'green',
  on_track: 'blue',
  at_risk: 'orange',
  off_track: 'red',
  no_data: 'gray',
};
