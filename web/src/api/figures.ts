/** Queries of the figures pages (issue 12): "My forms", a unit's form, completeness, a unit's scorecard. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Completeness, Form, FormSaveResult, MyForms } from './types';
import type { Scorecard } from '../../../src/api/schemas/indicators';
import type { DataSet, GridSaveResult } from '../../../src/api/schemas/data-sets';

export type { Scorecard };

export function useMyForms(query: { unit?: string | undefined; dataSet?: string | undefined }) {
  return useQuery({
    queryKey: ['my-forms', query],
    queryFn: ({ signal }) => api<MyForms>('/forms', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

const formPath = (dataSet: string, unit: string, period: string) =>
  `/forms/${encodeURIComponent(dataSet)}/${encodeURIComponent(unit)}/${encodeURIComponent(period)}`;

export function useForm(dataSet: string, unit: string, period: string) {
  return useQuery({
    queryKey: ['form', dataSet, unit, period],
    queryFn: ({ signal }) => api<Form>(formPath(dataSet, unit, period), { signal }),
  });
}

export interface FormBody {
  values: Array<{ indicator: string; value: number | null; comment: string | null }>;
  submit?: boolean;
}

/** Saves a draft or submits; on success the form, "My forms" and completeness are fetched again. */
export function useSaveForm(dataSet: string, unit: string, period: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: FormBody) => api<FormSaveResult>(formPath(dataSet, unit, period), { method: 'PUT', body }),
    onSuccess: (result) => {
      client.setQueryData(['form', dataSet, unit, period], result.form);
      void client.invalidateQueries({ queryKey: ['my-forms'] });
      void client.invalidateQueries({ queryKey: ['completeness'] });
    },
  });
}

export function useCompleteness(
  query: {
    unit?: string | undefined;
    level?: number | undefined;
    dataSet?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: ['completeness', query],
    queryFn: ({ signal }) => api<Completeness>('/completeness', { query, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useScorecard(unit: string, period?: string) {
  return useQuery({
    queryKey: ['scorecard', unit, period ?? null],
    queryFn: ({ signal }) => api<Scorecard>(`/scorecards/${encodeURIComponent(unit)}`, { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDataSets() {
  return useQuery({
    queryKey: ['data-sets'],
    queryFn: ({ signal }) => api<{ items: DataSet[] }>('/data-sets', { signal }).then((r) => r.items),
    staleTime: 300_000,
  });
}

const gridPath = (dataSet: string, unit: string, period: string) =>
  `/grids/${encodeURIComponent(dataSet)}/${encodeURIComponent(unit)}/${encodeURIComponent(period)}`;

/** A parent's grid: the form of every unit under it that owes the data set, for one period. */
export function useGrid(dataSet: string, unit: string, period: string) {
  return useQuery({
    queryKey: ['grid', dataSet, unit, period],
    enabled: Boolean(dataSet && unit && period),
    queryFn: ({ signal }) => api<Omit<GridSaveResult, 'warnings'>>(gridPath(dataSet, unit, period), { signal }),
  });
}

export interface GridBody {
  forms: Array<{ unit: string } & Pick<FormBody, 'values'>>;
  submit?: boolean;
}

/** Saves or submits a grid (all or nothing); on success the grid, the forms and completeness are fetched again. */
export function useSaveGrid(dataSet: string, unit: string, period: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GridBody) => api<GridSaveResult>(gridPath(dataSet, unit, period), { method: 'PUT', body }),
    onSuccess: (result) => {
      client.setQueryData(['grid', dataSet, unit, period], result);
      void client.invalidateQueries({ queryKey: ['form'] });
      void client.invalidateQueries({ queryKey: ['my-forms'] });
      void client.invalidateQueries({ queryKey: ['completeness'] });
    },
  });
}
