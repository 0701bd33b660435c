/** Queries of inspections (issue 19): the list, one inspection, open recommendations, a report's flags. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from './client';
import type {
  InspectionDetail,
  InspectionSummary,
  OpenRecommendations,
  ReportFlag,
} from '../../../src/api/schemas/inspections';

export type {
  Finding,
  InspectionDetail,
  InspectionSummary,
  OpenRecommendations,
  Recommendation,
  ReportFlag,
} from '../../../src/api/schemas/inspections';

export function useInspections(query: Query) {
  return useQuery({
    queryKey: ['inspections', query],
    queryFn: ({ signal }) =>
      api<{ items: InspectionSummary[] }>('/inspections', { query, signal }).then((r) => r.items),
  });
}

export function useInspection(code: string) {
  return useQuery({
    queryKey: ['inspection', code],
    queryFn: ({ signal }) => api<InspectionDetail>(`/inspections/${encodeURIComponent(code)}`, { signal }),
  });
}

export function useOpenRecommendations(query: Query) {
  return useQuery({
    queryKey: ['open-recommendations', query],
    queryFn: ({ signal }) => api<OpenRecommendations>('/inspections/recommendations/open', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReportFlags(assignment: number) {
  return useQuery({
    queryKey: ['inspection-flags', assignment],
    queryFn: ({ signal }) =>
      api<{ items: ReportFlag[] }>(`/assignments/${assignment}/inspection-flags`, { signal }).then((r) => r.items),
  });
}
