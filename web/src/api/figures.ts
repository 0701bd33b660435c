/** Queries of the figures pages (issue 12): "My forms", a unit's form, completeness, a unit's scorecard. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Completeness, Form, FormSaveResult, MyForms } from './types';
import type { Scorecard } from '../../../src/api/schemas/indicators';

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
