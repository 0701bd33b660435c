/** Queries of the early warning (issue 18): the "heading for late" view and one assignment's projection. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Query } from './client';
import type { HeadingForLateView, ProjectionView } from '../../../src/api/schemas/early-warning';

export type {
  HeadingForLateView,
  HeadingItem,
  HeadingCount,
  ProjectionView,
} from '../../../src/api/schemas/early-warning';

export function useHeadingForLate(query: Query, enabled = true) {
  return useQuery({
    queryKey: ['heading-for-late', query],
    enabled,
    queryFn: ({ signal }) => api<HeadingForLateView>('/supervision/heading-for-late', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useProjection(id: number, enabled = true) {
  return useQuery({
    queryKey: ['projection', id],
    enabled,
    queryFn: ({ signal }) => api<ProjectionView>(`/assignments/${id}/projection`, { signal }),
  });
}
