/**
 * "My work" (issue 17): a reporter's first screen on a phone — the reports waiting in this
 * device's outbox, reports returned for changes, then overdue and due-soon assignments, as
 * cards (no table, no sideways scroll at 390 px). No chart code: it loads fast on 3G, and
 * everything on it is read from the service worker's cache when there is no network.
 */
import { Alert, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAssignmentList } from '../../api/hooks';
import type { AssignmentDetail, ListItem, ListPage } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { ReturnedCard } from '../../components/ReturnedCard';
import { useFormat } from '../../lib/format';
import { rememberQuery, shownAsOf } from '../../lib/last-work';
import { useOnline } from '../../lib/online';
import { MY_WORK_KEY, MY_WORK_QUERY } from '../../lib/home';
import { OutboxList } from './OutboxList';
import { releaseFirstScreen } from '../../first-screen/handover';
import { WorkSection } from './WorkSection';

/** Assignments whose details are fetched ahead, so they open without a network. */
const KEEP_OFFLINE = 20;

export default function MyWork() {
  const { t } = useTranslation();
  const online = useOnline();
  const list = useAssignmentList(MY_WORK_QUERY);
  const items = list.data?.items ?? [];
  useKeepForOffline(items, online);
  const f = useFormat();
  const asOf = useLastKnown(list.data, list.dataUpdatedAt, list.isPlaceholderData, f.dateTime);

  // Drawn with its list (or its error): the first screen drawn before the app goes in the same frame.
  const shown = !!list.data || list.isError;
  useLayoutEffect(() => {
    if (shown) releaseFirstScreen();
  }, [shown]);

  const overdue = items.filter((i) => i.timeliness === 'overdue');
  const dueSoon = items.filter((i) => i.timeliness === 'due_soon');
  return (
    <Stack gap="md" maw={720} data-testid="my-work">
      <PageHeader title={t('myWork.title')} subtitle={t('myWork.subtitle')} />
      {!online && (
        <Alert color="gray" variant="light" role="status" data-testid="offline-banner">
          {t('myWork.offline')}
        </Alert>
      )}
      {asOf !== null && (
        <Text size="xs" c="dimmed" role="status" data-testid="my-work-as-of">
          {t('myWork.asOf', { time: f.dateTime(new Date(asOf).toISOString()) })}
        </Text>
      )}
      <OutboxList />
      <ReturnedCard />
      {list.isError && !list.data ? (
        <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data ? (
        <LoadingBlock rows={6} />
      ) : (
        <>
          <WorkSection testId="my-overdue" title={t('myWork.overdue', { n: overdue.length })} items={overdue} />
          <WorkSection testId="my-due-soon" title={t('myWork.dueSoon', { n: dueSoon.length })} items={dueSoon} />
          {items.length === 0 && (
            <Text c="dimmed" data-testid="my-work-empty">
              {t('myWork.nothing')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

/**
 * The list kept on this device for the next visit (lib/last-work.ts), each time a fresh answer
 * arrives; while the page still shows the copy from the last visit, when that copy was received.
 * The "as of" time the next visit will show is formatted once this screen is drawn, so that visit
 * finds it among the formatted strings kept (lib/format.ts) and builds no Intl formatter.
 */
function useLastKnown(
  data: ListPage | undefined,
  updatedAt: number,
  placeholder: boolean,
  dateTime: (iso: string) => string,
): number | null {
  const key = MY_WORK_KEY;
  const asOf = shownAsOf(key, updatedAt);
  const fresh = !!data && !placeholder && asOf === null;
  useEffect(() => {
    if (!fresh) return;
    rememberQuery(MY_WORK_KEY, data, updatedAt);
    // After the next frame: building the formatter must not hold up this one.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => dateTime(new Date(updatedAt).toISOString()), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [fresh, data, updatedAt, dateTime]);
  return asOf;
}

/** Once the list is drawn and the network is up, fetch the first assignments' details (the service worker keeps them). */
function useKeepForOffline(items: ListItem[], online: boolean): void {
  const queryClient = useQueryClient();
  const ids = items
    .slice(0, KEEP_OFFLINE)
    .map((i) => i.assignment)
    .join(',');
  useEffect(() => {
    if (!online || !ids) return;
    const timer = setTimeout(() => {
      for (const id of ids.split(',').map(Number))
        void queryClient.prefetchQuery({
          queryKey: ['assignment', id],
          queryFn: ({ signal }) => api<AssignmentDetail>(`/assignments/${id}`, { signal }),
        });
    }, 1_500);
    return () => clearTimeout(timer);
  }, [ids, online, queryClient]);
}
