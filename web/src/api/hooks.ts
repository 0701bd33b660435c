import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { api, type Query } from './client';
import type {
  Assignment,
  AssignmentDetail,
  Counts,
  ListPage,
  OrgUnit,
  Programme,
  ProgrammeNode,
  ReviewItem,
  Rollup,
  ReturnedItem,
  ApprovalFiguresWire,
} from './types';

export function usePrograms() {
  return useQuery({
    queryKey: ['programmes'],
    queryFn: ({ signal }) => api<{ items: Programme[] }>('/programmes', { signal }).then((r) => r.items),
    staleTime: 60_000,
  });
}

/** Every org unit (names for codes, filter options). `enabled: false` defers the load until needed. */
export function useOrgUnits(enabled = true) {
  return useQuery({
    queryKey: ['org-units'],
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: OrgUnit[] }>('/org-units', { query: { limit: 5000 }, signal }).then((r) => r.items),
    staleTime: 300_000,
  });
}

export function useRollup(query: Query) {
  return useQuery({
    queryKey: ['rollup', query],
    queryFn: ({ signal }) => api<Rollup>('/supervision/rollup', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOverdue(query: Query) {
  return useQuery({
    queryKey: ['overdue', query],
    queryFn: ({ signal }) => api<ListPage>('/supervision/overdue', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAssignmentList(query: Query) {
  return useQuery({
    queryKey: ['assignment-list', query],
    queryFn: ({ signal }) => api<ListPage>('/web/assignments', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useTree(programme: string | undefined) {
  return useQuery({
    queryKey: ['tree', programme],
    enabled: !!programme,
    queryFn: ({ signal }) =>
      api<{ items: ProgrammeNode[] }>(`/programmes/${encodeURIComponent(programme!)}/tree`, { signal }).then(
        (r) => r.items,
      ),
  });
}

export function useNodeStatus(query: Query & { programme?: string | undefined }) {
  return useQuery({
    queryKey: ['node-status', query],
    enabled: !!query.programme,
    queryFn: ({ signal }) =>
      api<{ asOf: string; items: Array<{ node: string; counts: Counts }> }>('/web/node-status', { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useNodeAssignments(programme: string, node: string, enabled: boolean) {
  return useQuery({
    queryKey: ['node-assignments', programme, node],
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: Assignment[] }>(
        `/programmes/${encodeURIComponent(programme)}/nodes/${encodeURIComponent(node)}/assignments`,
        { signal },
      ).then((r) => r.items),
  });
}

export function useNode(programme: string | undefined, node: string | undefined) {
  return useQuery({
    queryKey: ['node', programme, node],
    enabled: !!programme && !!node,
    queryFn: ({ signal }) =>
      api<ProgrammeNode>(`/programmes/${encodeURIComponent(programme!)}/nodes/${encodeURIComponent(node!)}`, {
        signal,
      }),
  });
}

export function useAssignment(id: number) {
  return useQuery({
    queryKey: ['assignment', id],
    queryFn: ({ signal }) => api<AssignmentDetail>(`/assignments/${id}`, { signal }),
  });
}

export function useReviews(query: Query) {
  return useQuery({
    queryKey: ['reviews', query],
    queryFn: ({ signal }) =>
      api<{ total: number; items: ReviewItem[]; waitingByLevel: Array<{ level: string; n: number }> }>('/reviews', {
        query,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Reports returned to the signed-in user that are not resubmitted yet. */
export function useReturned() {
  return useQuery({
    queryKey: ['returned'],
    queryFn: ({ signal }) => api<{ items: ReturnedItem[] }>('/approvals/returned', { signal }).then((r) => r.items),
  });
}

/** Figures by approval level for a programme / unit filter. */
export function useApprovalFigures(query: Query) {
  return useQuery({
    queryKey: ['approval-figures', query],
    queryFn: ({ signal }) => api<ApprovalFiguresWire>('/supervision/approvals', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
