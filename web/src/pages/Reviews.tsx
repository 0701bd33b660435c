import { Anchor, Badge, Box, Button, Group, Modal, Paper, Stack, Table, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldErrors } from '../api/client';
import { useReviews } from '../api/hooks';
import type { ReviewItem } from '../api/types';
import { FilterBar } from '../components/FilterBar';
import { ListPagination } from '../components/ListPagination';
import { PageHeader } from '../components/PageHeader';
import { ReportNarrativeCell } from '../components/ReportNarrative';
import { ErrorBlock, InlineLoader, LoadingBlock } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { Link, useSearchParams } from '../lib/router';
import { useProblemText } from '../lib/problems';

const PAGE = 25;

export default function Reviews() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params] = useSearchParams();
  const programme = params.get('programme') ?? undefined;
  const unit = params.get('unit') ?? undefined;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const queue = useReviews({ programme, unit, limit: PAGE, offset });
  const [returning, setReturning] = useState<ReviewItem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const approve = useMutation({
    mutationFn: (r: ReviewItem) => api(`/reports/${r.id}/review`, { method: 'POST', body: { decision: 'approve' } }),
    onSuccess: async (_d, r) => {
      setMessage(t('review.approvedMessage', { task: f.text(r.title), unit: f.text(r.unitName) }));
      await queryClient.invalidateQueries();
    },
    onError: (e) => setMessage(e instanceof ApiError ? e.message : String(e)),
  });
  const total = queue.data?.total ?? 0;

  return (
    <Box>
      <PageHeader
        title={t('review.title')}
        subtitle={queue.data ? t('review.count', { count: total, n: f.number(total) }) : ' '}
        right={queue.isFetching && queue.data ? <InlineLoader /> : null}
      />
      <Paper withBorder p="sm" mb="md" radius="md">
        <FilterBar show={['programme', 'unit']} />
      </Paper>
      <div role="status" aria-live="polite">
        {message && (
          <Paper withBorder p="xs" mb="sm" radius="md" bg="green.0" data-testid="review-message">
            <Text size="sm">{message}</Text>
          </Paper>
        )}
      </div>
      {queue.isError ? (
        <ErrorBlock error={queue.error} onRetry={() => void queue.refetch()} />
      ) : !queue.data ? (
        <LoadingBlock rows={10} />
      ) : queue.data.items.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Text c="dimmed" ta="center">
            {t('review.empty')}
          </Text>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={1100}>
            <Table striped verticalSpacing={8} fz="sm" data-testid="review-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('columns.task')}</Table.Th>
                  <Table.Th>{t('columns.unit')}</Table.Th>
                  <Table.Th>{t('report.period')}</Table.Th>
                  <Table.Th style={{ textAlign: 'end' }}>{t('report.percent')}</Table.Th>
                  <Table.Th>{t('report.state')}</Table.Th>
                  <Table.Th>{t('report.narrative')}</Table.Th>
                  <Table.Th>{t('report.reportedAt')}</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">{t('review.actions')}</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.items.map((r) => (
                  <Table.Tr key={r.id} data-report={r.id} data-assignment={r.assignment}>
                    <Table.Td style={{ minWidth: 240, maxWidth: 360 }}>
                      <Anchor component={Link} to={`/assignments/${r.assignment}`} size="sm" lineClamp={2}>
                        {f.text(r.title)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {r.programme} · {r.node} · {t('review.due', { date: f.date(r.due) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>{f.text(r.unitName)}</Table.Td>
                    <Table.Td className="num">{r.period}</Table.Td>
                    <Table.Td className="num" style={{ textAlign: 'end' }}>
                      {f.wholePercent(r.percent)}
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        size="xs"
                        variant="light"
                        color={r.state === 'completed' ? 'green' : r.state === 'blocked' ? 'red' : 'blue'}
                        style={{ textTransform: 'none', minWidth: 'max-content' }}
                      >
                        {t(`reportState.${r.state}`)}
                      </Badge>
                    </Table.Td>
                    <ReportNarrativeCell narrative={r.narrative} evidence={r.evidence} minWidth={220} />
                    <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                      {f.dateTime(r.reportedAt)}
                      <Text size="xs" c="dimmed">
                        {r.reporter}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          color="#216e31"
                          onClick={() => approve.mutate(r)}
                          loading={approve.isPending && approve.variables?.id === r.id}
                          aria-label={t('review.approveLabel', { task: f.text(r.title), unit: f.text(r.unitName) })}
                        >
                          {t('review.approve')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setReturning(r)}
                          aria-label={t('review.returnLabel', { task: f.text(r.title), unit: f.text(r.unitName) })}
                        >
                          {t('review.return')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination total={total} pageSize={PAGE} offset={offset} />
        </Paper>
      )}
      <ReturnDialog
        report={returning}
        onClose={() => setReturning(null)}
        onDone={(r) => {
          setReturning(null);
          setMessage(t('review.returnedMessage', { task: f.text(r.title), unit: f.text(r.unitName) }));
        }}
      />
    </Box>
  );
}

function ReturnDialog({
  report,
  onClose,
  onDone,
}: {
  report: ReviewItem | null;
  onClose: () => void;
  onDone: (r: ReviewItem) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (r: ReviewItem) =>
      api(`/reports/${r.id}/review`, { method: 'POST', body: { decision: 'return', comment } }),
    onSuccess: async (_d, r) => {
      setComment('');
      setError(null);
      onDone(r);
      await queryClient.invalidateQueries();
    },
    onError: (e) => setError(e instanceof ApiError ? (fieldErrors(e.problems).comment ?? e.message) : String(e)),
  });
  return (
    <Modal opened={!!report} onClose={onClose} title={t('review.returnTitle')} centered>
      {report && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) {
              setError('a returned report needs a comment saying what to fix');
              return;
            }
            send.mutate(report);
          }}
        >
          <Stack>
            <Text size="sm">
              {f.text(report.title)} — {f.text(report.unitName)}
            </Text>
            <Textarea
              label={t('review.comment')}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={error ? problemText(error) : undefined}
              autosize
              minRows={3}
              required
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={send.isPending}>
                {t('review.return')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
