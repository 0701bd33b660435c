import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldErrors } from '../api/client';
import { useApprovalFigures, useReviews } from '../api/hooks';
import type { ReviewItem } from '../api/types';
import { FilterBar } from '../components/FilterBar';
import { ListHeader, ListPagination, usePaging } from '../components/ListPagination';
import { PeriodPercentCells, ReportedAtCell } from '../components/ReportCells';
import { ReportNarrativeCell } from '../components/ReportNarrative';
import { ErrorBlock, LoadingBlock } from '../components/QueryState';
import { useFormat } from '../lib/format';
import { Link, useSearchParams } from '../lib/router';
import { useProblemText } from '../lib/problems';
import { useErrorText } from '../lib/errors';
import { ApprovalChain } from './Assignment';
import { QUEUE_SORTS } from '../../../src/domain/approval';
import type { BulkApproveResult } from '../../../src/api/schemas/approvals';
import { problemMatch } from '../lib/problems';

export default function Reviews() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const programme = params.get('programme') ?? undefined;
  const unit = params.get('unit') ?? undefined;
  const level = params.get('level') ?? undefined;
  const state = params.get('state') ?? 'waiting';
  const sort = params.get('sort') ?? 'oldest';
  const q = params.get('q') ?? undefined;
  const mine = params.get('mine') === 'true';
  const { offset, limit } = usePaging(25);
  const queue = useReviews({ programme, unit, level, state, sort, q, mine: mine || undefined, limit, offset });
  const figures = useApprovalFigures({ programme, unit });
  const [returning, setReturning] = useState<ReviewItem | null>(null);
  const [unapproving, setUnapproving] = useState<ReviewItem | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkComment, setBulkComment] = useState('');
  // Reports a bulk approval could not approve, each with the reason in the user's language.
  const [refused, setRefused] = useState<Array<{ report: number; label: string; reason: string }>>([]);
  const [message, setMessage] = useState<string | null>(null);
  // A refused action is an error, in red: never in the green box of a done one.
  const [failure, setFailure] = useState<string | null>(null);
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const approve = useMutation({
    mutationFn: (r: ReviewItem) =>
      api(`/reports/${r.id}/approval`, {
        method: 'POST',
        body: { action: r.approval.waiting?.action === 'accept' ? 'accept' : 'approve' },
      }),
    onSuccess: async (_d, r) => {
      setFailure(null);
      setMessage(
        t(r.approval.waiting?.action === 'accept' ? 'review.acceptedMessage' : 'review.approvedMessage', {
          task: f.text(r.title),
          unit: f.text(r.unitName),
        }),
      );
      await queryClient.invalidateQueries();
    },
    onError: (e) => {
      setMessage(null);
      setFailure(errorText(e));
    },
  });
  const bulk = useMutation({
    mutationFn: (ids: number[]) =>
      api<BulkApproveResult>('/approvals/approve', {
        method: 'POST',
        body: { reports: ids, each: true, ...(bulkComment.trim() ? { comment: bulkComment.trim() } : {}) },
      }),
    onSuccess: async (d) => {
      const items = new Map((queue.data?.items ?? []).map((r) => [r.id, r]));
      setSelected(d.failed.map((x) => x.report));
      setBulkOpen(false);
      setBulkComment('');
      setRefused(
        d.failed.map((x) => {
          const r = items.get(x.report);
          const known = problemMatch(x.message.replace(/^report \d+: /, ''));
          return {
            report: x.report,
            label: r ? `${f.text(r.title)} — ${f.text(r.unitName)}` : `#${x.report}`,
            reason: known ? t(`problems.${known.key}`, known.values) : t(`errors.code.${x.code}`),
          };
        }),
      );
      setFailure(null);
      setMessage(
        d.failed.length
          ? t('review.bulkPartial', { n: f.number(d.approved), failed: f.number(d.failed.length) })
          : t('review.bulkMessage', { n: f.number(d.approved), count: d.approved }),
      );
      await queryClient.invalidateQueries();
    },
    onError: (e) => {
      setMessage(null);
      setFailure(errorText(e));
    },
  });
  const set = (key: string, value: string | null) => setParams({ [key]: value, offset: null }, false);
  const total = queue.data?.total ?? 0;

  return (
    <Box>
      <ListHeader title={t('review.title')} countKey="review.count" query={queue} />
      <Paper withBorder p="sm" mb="md" radius="md">
        <Stack gap="sm">
          <FilterBar show={['programme', 'unit']} />
          <Group gap="sm" wrap="wrap" align="flex-end">
            <NativeSelect
              label={t('review.filter.state')}
              value={state}
              onChange={(e) => set('state', e.currentTarget.value === 'waiting' ? null : e.currentTarget.value)}
              data={['waiting', 'blocked', 'returned', 'approved', 'final'].map((v) => ({
                value: v,
                label: t(`review.queueState.${v}`),
              }))}
              data-testid="review-state"
            />
            <NativeSelect
              label={t('review.filter.level')}
              value={level ?? ''}
              onChange={(e) => set('level', e.currentTarget.value || null)}
              data={[
                { value: '', label: t('review.filter.anyLevel') },
                ...(queue.data?.waitingByLevel ?? []).map((l) => ({
                  value: l.level,
                  label: `${t(`approval.level.${l.level}`, { defaultValue: l.level })} (${f.number(l.n)})`,
                })),
              ]}
              data-testid="review-level"
            />
            <NativeSelect
              label={t('review.filter.sort')}
              value={sort}
              onChange={(e) => set('sort', e.currentTarget.value === 'oldest' ? null : e.currentTarget.value)}
              data-testid="review-sort"
              data={QUEUE_SORTS.map((v) => ({
                value: v,
                label: t(`review.sort.${v}`),
              }))}
            />
            <TextInput
              label={t('review.filter.search')}
              defaultValue={q ?? ''}
              onKeyDown={(e) => {
                if (e.key === 'Enter') set('q', e.currentTarget.value.trim() || null);
              }}
              onBlur={(e) => set('q', e.currentTarget.value.trim() || null)}
              data-testid="review-search"
            />
            <Checkbox
              label={t('review.filter.mine')}
              checked={mine}
              onChange={(e) => set('mine', e.currentTarget.checked ? 'true' : null)}
            />
          </Group>
          {figures.data && (
            <Group gap={6} wrap="wrap" data-testid="approval-figures">
              <Text size="xs" c="dimmed">
                {t('review.figures.title')}
              </Text>
              {Object.entries(figures.data.byLevel)
                .filter(([l]) => l !== 'accepted')
                .map(([l, n]) => (
                  <Badge
                    key={l}
                    size="sm"
                    variant="light"
                    color="green"
                    style={{ textTransform: 'none' }}
                    data-level={l}
                  >
                    {t('review.figures.approvedAt', { level: t(`approval.level.${l}`, { defaultValue: l }) })}:{' '}
                    <span data-value>{f.number(n)}</span>
                  </Badge>
                ))}
              <Badge size="sm" variant="light" color="teal" style={{ textTransform: 'none' }} data-level="accepted">
                {t('review.figures.final')}: <span data-value>{f.number(figures.data.final)}</span>
              </Badge>
              <Badge size="sm" variant="light" color="orange" style={{ textTransform: 'none' }} data-level="waiting">
                {t('review.figures.waiting')}: <span data-value>{f.number(figures.data.waiting)}</span>
              </Badge>
              <Badge size="sm" variant="light" color="red" style={{ textTransform: 'none' }} data-level="returned">
                {t('review.figures.returned')}: <span data-value>{f.number(figures.data.returned)}</span>
              </Badge>
            </Group>
          )}
        </Stack>
      </Paper>
      {selected.length > 0 && (
        <Group mb="sm">
          <Button color="#216e31" onClick={() => setBulkOpen(true)} data-testid="bulk-approve">
            {t('review.bulkApprove', { n: f.number(selected.length), count: selected.length })}
          </Button>
        </Group>
      )}
      <div role="status" aria-live="polite">
        {message && (
          <Paper withBorder p="xs" mb="sm" radius="md" bg="green.0" data-testid="review-message">
            <Text size="sm">{message}</Text>
          </Paper>
        )}
        {refused.length > 0 && (
          <Alert color="red" variant="light" mb="sm" data-testid="bulk-refused" title={t('review.bulkRefused')}>
            <Stack gap={2}>
              {refused.map((x) => (
                <Text size="sm" key={x.report} data-report={x.report}>
                  <bdi>{x.label}</bdi>: {x.reason}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
        {failure && (
          <Alert color="red" variant="light" mb="sm" role="alert" data-testid="review-error">
            {failure}
          </Alert>
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
          <Table.ScrollContainer minWidth={1300}>
            <Table striped verticalSpacing={8} fz="sm" data-testid="review-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Checkbox
                      aria-label={t('review.selectAll')}
                      checked={
                        queue.data.items.some((r) => r.approval.canDecide) &&
                        queue.data.items.filter((r) => r.approval.canDecide).every((r) => selected.includes(r.id))
                      }
                      onChange={(e) =>
                        setSelected(
                          e.currentTarget.checked
                            ? queue.data.items.filter((r) => r.approval.canDecide).map((r) => r.id)
                            : [],
                        )
                      }
                    />
                  </Table.Th>
                  <Table.Th>{t('columns.task')}</Table.Th>
                  <Table.Th>{t('review.level')}</Table.Th>
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
                    <Table.Td>
                      <Checkbox
                        aria-label={t('review.select', { task: f.text(r.title), unit: f.text(r.unitName) })}
                        disabled={!r.approval.canDecide}
                        checked={selected.includes(r.id)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setSelected((list) => (on ? [...list, r.id] : list.filter((x) => x !== r.id)));
                        }}
                      />
                    </Table.Td>
                    <Table.Td style={{ minWidth: 240, maxWidth: 360 }}>
                      <Anchor component={Link} to={`/assignments/${r.assignment}`} size="sm" lineClamp={2} dir="auto">
                        {f.text(r.title)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        <bdi>{r.programme}</bdi> · <bdi>{r.node}</bdi> ·{' '}
                        <bdi>{t('review.due', { date: f.date(r.due) })}</bdi>
                        {daysLate(r) > 0 && (
                          <Text span size="xs" c="red.9" data-testid="days-late">
                            {' · '}
                            {t('review.daysLate', { n: f.number(daysLate(r)), count: daysLate(r) })}
                          </Text>
                        )}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ minWidth: 160 }} data-testid="review-level-cell">
                      <Text size="xs">
                        {r.approval.waiting
                          ? t('review.waitsAt', {
                              level:
                                r.approval.waiting.action === 'accept'
                                  ? t('approval.accepted')
                                  : t(`approval.level.${r.approval.waiting.level}`, {
                                      defaultValue: r.approval.waiting.level,
                                    }),
                              unit: r.approval.waiting.unit,
                            })
                          : t(`approval.status.${r.approval.status}`)}
                      </Text>
                      <ApprovalChain approval={r.approval} />
                      {r.approval.comment && (
                        <Text size="xs" c="dimmed">
                          {r.approval.comment}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <bdi>{f.text(r.unitName)}</bdi>
                    </Table.Td>
                    <PeriodPercentCells r={r} />
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
                    <ReportedAtCell r={r} />
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {r.approval.canDecide && (
                          <Button
                            size="compact-sm"
                            color="#216e31"
                            onClick={() => approve.mutate(r)}
                            loading={approve.isPending && approve.variables?.id === r.id}
                            aria-label={t(
                              r.approval.waiting?.action === 'accept' ? 'review.acceptLabel' : 'review.approveLabel',
                              { task: f.text(r.title), unit: f.text(r.unitName) },
                            )}
                          >
                            {r.approval.waiting?.action === 'accept' ? t('review.accept') : t('review.approve')}
                          </Button>
                        )}
                        {r.approval.canDecide && (
                          <Button
                            size="compact-sm"
                            variant="default"
                            onClick={() => setReturning(r)}
                            aria-label={t('review.returnLabel', { task: f.text(r.title), unit: f.text(r.unitName) })}
                          >
                            {t('review.return')}
                          </Button>
                        )}
                        {r.approval.canUnapprove && (
                          <Button
                            size="compact-sm"
                            variant="default"
                            color="orange"
                            onClick={() => setUnapproving(r)}
                            aria-label={t('review.unapproveLabel', { task: f.text(r.title), unit: f.text(r.unitName) })}
                          >
                            {t('review.unapprove')}
                          </Button>
                        )}
                        {!r.approval.canDecide && !r.approval.canUnapprove && (
                          <Text size="xs" c="dimmed">
                            {r.approval.own ? t('review.own') : '—'}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination total={total} pageSize={limit} offset={offset} />
        </Paper>
      )}
      <Modal opened={bulkOpen} onClose={() => setBulkOpen(false)} title={t('review.bulkTitle')} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            bulk.mutate(selected);
          }}
        >
          <Stack>
            <Text size="sm">{t('review.bulkHint', { n: f.number(selected.length), count: selected.length })}</Text>
            <Textarea
              label={t('review.bulkComment')}
              value={bulkComment}
              onChange={(e) => setBulkComment(e.currentTarget.value)}
              autosize
              minRows={2}
              data-autofocus
              data-testid="bulk-comment"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setBulkOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="#216e31" loading={bulk.isPending} data-testid="bulk-confirm">
                {t('review.approve')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ReturnDialog
        mode="unapprove"
        report={unapproving}
        onClose={() => setUnapproving(null)}
        onDone={(r) => {
          setUnapproving(null);
          setMessage(t('review.unapprovedMessage', { task: f.text(r.title), unit: f.text(r.unitName) }));
        }}
      />
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

/** Whole days between the due date and the report, when it came after. */
function daysLate(r: ReviewItem): number {
  return Math.max(0, Math.round((Date.parse(r.reportedAt) - Date.parse(`${r.due}T23:59:59Z`)) / 86_400_000));
}

function ReturnDialog({
  report,
  onClose,
  onDone,
  mode = 'return',
}: {
  report: ReviewItem | null;
  onClose: () => void;
  onDone: (r: ReviewItem) => void;
  mode?: 'return' | 'unapprove';
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (r: ReviewItem) =>
      mode === 'return'
        ? api(`/reports/${r.id}/approval`, { method: 'POST', body: { action: 'return', comment } })
        : api(`/reports/${r.id}/approval`, { method: 'POST', body: { action: 'unapprove', reason: comment, step: 0 } }),
    onSuccess: async (_d, r) => {
      setComment('');
      setError(null);
      onDone(r);
      await queryClient.invalidateQueries();
    },
    onError: (e) =>
      setError(
        e instanceof ApiError
          ? (fieldErrors(e.problems).comment ?? fieldErrors(e.problems).reason ?? errorText(e))
          : String(e),
      ),
  });
  return (
    <Modal
      opened={!!report}
      onClose={onClose}
      title={mode === 'return' ? t('review.returnTitle') : t('review.unapproveTitle')}
      centered
    >
      {report && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!comment.trim()) {
              setError(
                mode === 'return' ? 'a returned report needs a comment saying what to fix' : 'say why it is unapproved',
              );
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
              label={mode === 'return' ? t('review.comment') : t('review.reason')}
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
              <Button type="submit" color={mode === 'return' ? 'red' : 'orange'} loading={send.isPending}>
                {mode === 'return' ? t('review.return') : t('review.unapprove')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
