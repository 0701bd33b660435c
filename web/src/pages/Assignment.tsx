import {
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  NativeSelect,
  NumberInput,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Alert,
  ActionIcon,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reportInputSchema, type ReportInput } from '../../../src/domain/report';
import { formatPeriod, periodOf } from '../../../src/domain/period';
import { REPORT_STATES } from '../../../src/domain/timeliness';
import { ApiError, fieldErrors } from '../api/client';
import { useAssignment, useNode, useOrgUnits, usePrograms } from '../api/hooks';
import type { AssignmentDetail, Report, ReportState, ReviewItem } from '../api/types';
import { PageHeader, Section } from '../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../components/QueryState';
import { ReportNarrativeCell } from '../components/ReportNarrative';
import { PeriodPercentCells, ReportedAtCell } from '../components/ReportCells';
import { SectionTable } from '../components/SectionTable';
import { BacklogBadge, StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../lib/format';
import { problemsFromIssues, useProblemText } from '../lib/problems';
import { useErrorText } from '../lib/errors';
import { useCan, useMayOpen } from '../lib/auth';
import { PeriodSelect } from '../components/PeriodSelect';
import { EarlyWarningPanel } from '../components/EarlyWarningPanel';
import { href, Link, navigate, useLocation } from '../lib/router';
import { submitThroughOutbox, useOutbox, type OutboxItem } from '../lib/outbox';
import { ReportFlag } from './inspections/ReportFlag';

export const REVIEW_COLOR = { submitted: 'yellow', approved: 'green', returned: 'red' } as const;

export default function AssignmentPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { canOn } = useCan();
  const mayOpen = useMayOpen();
  const f = useFormat();
  const assignment = useAssignment(id);
  const a = assignment.data;
  const node = useNode(a?.programme, a?.node);
  const units = useOrgUnits();
  const programmes = usePrograms();
  // `?outbox=<id>`: a report kept in this device's outbox, opened to be edited or fixed.
  const outboxId = useLocation().params.get('outbox');
  const queued = useOutbox('report').find((i) => i.id === outboxId);
  const unitName = useMemo(() => {
    const m = new Map((units.data ?? []).map((u) => [u.code, u.name]));
    return (code: string | null) => (code ? f.text(m.get(code)) || code : '—');
  }, [units.data, f]);

  if (assignment.isError) return <ErrorBlock error={assignment.error} onRetry={() => void assignment.refetch()} />;
  if (!a) return <LoadingBlock rows={10} />;
  const programme = programmes.data?.find((p) => p.code === a.programme);
  const n = node.data;
  // The newest report was returned: it needs its reporter's changes (shown first, and loaded in the form).
  const returned = a.reports[0]?.review.state === 'returned' ? a.reports[0] : undefined;
  const returnedLevel = returned
    ? (a.approvals
        .find((x) => x.report === returned.id)
        ?.steps.filter((s) => s.action === 'return')
        .pop()?.level ?? null)
    : null;

  return (
    <Box>
      <Anchor component={Link} to={href('/tree', { programme: a.programme, q: a.node })} size="sm">
        <span className="flip" style={{ display: 'inline-block' }} aria-hidden="true">
          ←
        </span>{' '}
        {programme ? f.text(programme.name) : a.programme}
      </Anchor>
      <PageHeader
        title={<span data-testid="assignment-title">{f.text(a.title)}</span>}
        subtitle={
          <>
            <bdi>{a.node}</bdi> · <bdi>{f.text(a.unitName)}</bdi>
          </>
        }
        right={
          <Group gap={6}>
            {returned && (
              <Badge color="red" variant="filled" size="md" style={{ textTransform: 'none' }}>
                {t('returned.badge')}
              </Badge>
            )}
            <StatusBadge state={a.timeliness} size="md" />
            {a.backlog && <BacklogBadge size="md" />}
          </Group>
        }
      />
      {returned && (
        <Alert color="red" variant="light" mb="md" title={t('returned.badge')} data-testid="returned-alert">
          <Text size="sm">
            {t('returned.by', {
              who: returned.review.by ?? '—',
              level: returnedLevel ? t(`approval.level.${returnedLevel}`, { defaultValue: returnedLevel }) : '—',
              date: f.date(returned.review.at?.slice(0, 10) ?? null),
            })}
          </Text>
          {returned.review.comment && (
            <Text size="sm" fw={600} mt={4} style={{ overflowWrap: 'anywhere' }} data-testid="returned-comment">
              {returned.review.comment}
            </Text>
          )}
          <Text size="xs" mt={4}>
            {t('returned.hint')}
          </Text>
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section id="details" title={t('assignment.details')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
                <Field label={t('assignment.unit')} value={<bdi>{f.text(a.unitName)}</bdi>} />
                <Field label={t('assignment.lead')} value={n ? unitName(n.lead) : '…'} />
                <Field
                  label={t('assignment.coordinators')}
                  value={n ? (n.coordinators.length ? n.coordinators.map(unitName).join('; ') : '—') : '…'}
                />
                <Field
                  label={t('assignment.due')}
                  value={`${f.date(a.due)}${a.daysLate && a.timeliness === 'overdue' ? ` · ${t('assignment.daysLate', { n: f.number(a.daysLate), count: a.daysLate })}` : ''}`}
                />
                <Field label={t('assignment.start')} value={<bdi>{f.date(a.start)}</bdi>} />
                <Field
                  label={t('assignment.priority')}
                  value={n?.priority ? t(`priority.${n.priority}`, { defaultValue: n.priority }) : '—'}
                />
                <Field
                  label={t('assignment.tags')}
                  value={
                    n?.tags.length ? (
                      <Group gap={4}>
                        {n.tags.map((tag) => (
                          <Badge key={tag} size="xs" variant="outline" color="gray" style={{ textTransform: 'none' }}>
                            {t(`tags.${tag}`, { defaultValue: tag })}
                          </Badge>
                        ))}
                      </Group>
                    ) : (
                      '—'
                    )
                  }
                />
                <Field
                  label={t('assignment.progress')}
                  value={
                    <Group gap={8} wrap="nowrap">
                      <Progress
                        value={a.percent}
                        w={120}
                        color={a.timeliness === 'overdue' ? 'red' : 'blue'}
                        aria-label={t('assignment.progress')}
                      />
                      <Text size="sm" className="num">
                        {f.wholePercent(a.percent)} · {t(`reportState.${a.state}`)}
                      </Text>
                    </Group>
                  }
                />
                {a.parentAssignment && (
                  <Field
                    label={t('assignment.parent')}
                    value={
                      <Anchor component={Link} to={`/assignments/${a.parentAssignment}`} size="sm">
                        #{a.parentAssignment}
                      </Anchor>
                    }
                  />
                )}
                {a.children > 0 && <Field label={t('assignment.children')} value={f.number(a.children)} />}
              </SimpleGrid>
              {n && f.text(n.description) && (
                <Text size="sm" mt="sm" c="dimmed" dir="auto">
                  {f.text(n.description)}
                </Text>
              )}
            </Section>
            {a.children === 0 && <EarlyWarningPanel id={a.id} reports={a.reports} name={f.text(a.title)} />}
            <History
              assignment={a.id}
              reports={a.reports}
              approvals={a.approvals}
              reviewHref={mayOpen('reviews') ? href('/reviews', { programme: a.programme, unit: a.unit }) : null}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          {a.children > 0 ? (
            <Section id="report-form" title={t('report.title')}>
              <Text size="sm" c="dimmed">
                {t('report.cascaded')}
              </Text>
            </Section>
          ) : !canOn('report', a.unitPath) ? (
            <Section id="report-form" title={t('report.title')}>
              <Text size="sm" c="dimmed" data-testid="cannot-report">
                {t('access.cannotReport')}
              </Text>
            </Section>
          ) : (
            <ReportForm key={queued?.id ?? 'new'} assignment={a} returned={returned} queued={queued} />
          )}
        </Grid.Col>
      </Grid>
    </Box>
  );
}

function Field({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Box fz="sm">{value}</Box>
    </div>
  );
}

function History({
  assignment,
  reports,
  approvals,
  reviewHref,
}: {
  assignment: number;
  reports: Report[];
  approvals: AssignmentDetail['approvals'];
  reviewHref: string | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section
      id="history"
      title={t('assignment.history', { n: f.number(reports.length) })}
      right={
        reviewHref && reports.some((r) => r.review.state === 'submitted') ? (
          <Anchor component={Link} to={reviewHref} size="sm">
            {t('assignment.openReview')}
          </Anchor>
        ) : null
      }
    >
      <SectionTable
        testId="history-table"
        minWidth={620}
        striped={false}
        verticalSpacing={6}
        empty={reports.length === 0 && t('assignment.noReports')}
        head={
          <>
            <Table.Th>{t('report.reportedAt')}</Table.Th>
            <Table.Th>{t('report.period')}</Table.Th>
            <Table.Th style={{ textAlign: 'end' }}>{t('report.percent')}</Table.Th>
            <Table.Th>{t('report.state')}</Table.Th>
            <Table.Th>{t('report.review')}</Table.Th>
            <Table.Th>{t('report.narrative')}</Table.Th>
          </>
        }
      >
        {reports.map((r) => (
          <Table.Tr key={r.id}>
            <ReportedAtCell r={r} />
            <PeriodPercentCells r={r} />
            <Table.Td>{t(`reportState.${r.state}`)}</Table.Td>
            <Table.Td>
              <Badge
                size="xs"
                color={REVIEW_COLOR[r.review.state]}
                variant="light"
                style={{ textTransform: 'none', minWidth: 'max-content' }}
              >
                {t(`review.state.${r.review.state}`)}
              </Badge>
              <ApprovalChain approval={approvals.find((x) => x.report === r.id)} />
              <ReportFlag assignment={assignment} report={r.id} />
              {r.review.comment && (
                <Text size="xs" c="dimmed" mt={2}>
                  {r.review.comment}
                </Text>
              )}
            </Table.Td>
            <ReportNarrativeCell narrative={r.narrative} evidence={r.evidence} minWidth={200} />
          </Table.Tr>
        ))}
      </SectionTable>
    </Section>
  );
}

interface Evidence {
  url: string;
  title: string;
}

function ReportForm({
  assignment,
  returned,
  queued,
}: {
  assignment: AssignmentDetail;
  returned?: Report | undefined;
  queued?: OutboxItem | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  // A queued report opens with its content, a returned one with its own text, to be corrected and sent again.
  const start = (queued?.body as ReportInput | undefined) ?? returned;
  const [period, setPeriod] = useState(
    () => start?.period ?? formatPeriod(periodOf(new Date().toISOString().slice(0, 10), 'month')),
  );
  const [percent, setPercent] = useState<number | string>(start?.percent ?? assignment.percent);
  const [state, setState] = useState<ReportState>(
    start?.state ?? (assignment.state === 'not_started' ? 'in_progress' : assignment.state),
  );
  const [narrative, setNarrative] = useState(start?.narrative ?? '');
  const [evidence, setEvidence] = useState<Evidence[]>(
    () => start?.evidence?.map((e) => ({ url: e.url, title: e.title ?? '' })) ?? [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<'sent' | 'queued' | null>(null);

  const body = () => ({
    period: period.trim(),
    percent: typeof percent === 'number' ? percent : Number.NaN,
    state,
    narrative,
    evidence: evidence
      .filter((e) => e.url.trim() || e.title.trim())
      .map((e) => (e.title.trim() ? { url: e.url.trim(), title: e.title.trim() } : { url: e.url.trim() })),
  });

  // Through the outbox (lib/outbox.ts): with an Idempotency-Key, and kept on the device when there is no network.
  const submit = useMutation({
    mutationFn: (input: ReturnType<typeof body>) =>
      submitThroughOutbox(
        {
          kind: 'report',
          path: `/assignments/${assignment.id}/reports`,
          body: input,
          title: f.text(assignment.title),
          link: `/assignments/${assignment.id}`,
        },
        queued?.id,
      ),
    onSuccess: async (item) => {
      if (item.refusal) {
        const r = item.refusal;
        // The message is shown through problemText below: known refusals (a lock, …) in the user's language.
        setErrors(r.problems.length ? fieldErrors(r.problems) : { _: r.message });
        return;
      }
      setErrors({});
      setDone(item.status === 'sent' ? 'sent' : 'queued');
      setNarrative('');
      setEvidence([]);
      if (queued) navigate('/my-work');
      await queryClient.invalidateQueries();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.problems.length) setErrors(fieldErrors(error.problems));
      else setErrors({ _: errorText(error) });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const input = body();
    // The same schema as the API: most mistakes are caught before the round trip;
    // whatever the server still finds is shown next to the field the same way.
    const local = reportInputSchema.safeParse(input);
    if (!local.success) {
      setErrors(fieldErrors(problemsFromIssues(local.error.issues)));
      return;
    }
    submit.mutate(input);
  };

  const err = (key: string) => (errors[key] ? problemText(errors[key]) : undefined);
  const general =
    errors._ ??
    Object.entries(errors).find(
      ([k]) => !['period', 'percent', 'state', 'narrative'].includes(k) && !k.startsWith('evidence'),
    )?.[1];

  return (
    <Section id="report-form" title={t('report.title')}>
      <form onSubmit={onSubmit} noValidate aria-labelledby="report-form">
        <Stack gap="sm">
          {done === 'sent' && (
            <Alert color="green" variant="light" role="status" data-testid="report-done">
              {t('report.submitted')}
            </Alert>
          )}
          {done === 'queued' && (
            <Alert color="yellow" variant="light" role="status" data-testid="report-queued">
              {t('outbox.queued')} <Link to="/my-work">{t('outbox.see')}</Link>
            </Alert>
          )}
          {queued && (
            <Alert color="blue" variant="light" data-testid="report-editing-queued">
              {t('outbox.editing')}
            </Alert>
          )}
          {general && (
            <Alert color="red" variant="light" role="alert">
              {problemText(general)}
            </Alert>
          )}
          <Group grow align="flex-start">
            <PeriodSelect label={t('report.period')} value={period} onChange={setPeriod} error={err('period')} />
            <NumberInput
              label={t('report.percent')}
              value={percent}
              onChange={setPercent}
              min={0}
              max={100}
              clampBehavior="none"
              suffix=" %"
              error={err('percent')}
              required
              name="percent"
            />
          </Group>
          <NativeSelect
            label={t('report.state')}
            data={REPORT_STATES.map((s) => ({ value: s, label: t(`reportState.${s}`) }))}
            value={state}
            onChange={(e) => setState(e.currentTarget.value as ReportState)}
            error={err('state')}
            required
            name="state"
          />
          <Textarea
            label={t('report.narrative')}
            value={narrative}
            onChange={(e) => setNarrative(e.currentTarget.value)}
            autosize
            minRows={3}
            maxRows={10}
            error={err('narrative')}
            name="narrative"
          />
          <Stack gap={6}>
            <Text size="sm" fw={500} id="evidence-label">
              {t('report.evidence')}
            </Text>
            {evidence.map((ev, i) => (
              <Group
                key={i}
                gap={6}
                align="flex-start"
                wrap="nowrap"
                role="group"
                aria-label={t('report.evidenceN', { n: i + 1 })}
              >
                <TextInput
                  aria-label={t('report.evidenceUrl', { n: i + 1 })}
                  placeholder="https://"
                  value={ev.url}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEvidence((list) => list.map((x, j) => (j === i ? { ...x, url: v } : x)));
                  }}
                  error={err(`evidence[${i}].url`) ?? err(`evidence[${i}]`)}
                  style={{ flex: 2 }}
                  dir="ltr"
                />
                <TextInput
                  aria-label={t('report.evidenceTitle', { n: i + 1 })}
                  placeholder={t('report.evidenceTitlePlaceholder')}
                  value={ev.title}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setEvidence((list) => list.map((x, j) => (j === i ? { ...x, title: v } : x)));
                  }}
                  error={err(`evidence[${i}].title`)}
                  style={{ flex: 1.4 }}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  aria-label={t('report.removeEvidence', { n: i + 1 })}
                  onClick={() => setEvidence((list) => list.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="light"
              size="xs"
              onClick={() => setEvidence((list) => [...list, { url: '', title: '' }])}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('report.addEvidence')}
            </Button>
          </Stack>
          <Group justify="flex-end">
            <Button type="submit" loading={submit.isPending}>
              {returned ? t('returned.resubmit') : t('report.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** The levels a report climbs: done steps in green with who did them, the one it waits at highlighted. */
export function ApprovalChain({
  approval,
}: {
  approval: AssignmentDetail['approvals'][number] | ReviewItem['approval'] | undefined;
}) {
  const { t } = useTranslation();
  if (!approval || (approval.chain.length === 1 && approval.chain[0]!.level === 'review')) return null;
  return (
    <Group gap={4} mt={4} wrap="wrap" data-testid="approval-chain">
      {approval.chain.map((c, i) => {
        const waiting = approval.waiting?.step === i;
        const label =
          c.action === 'accept' ? t('approval.accepted') : t(`approval.level.${c.level}`, { defaultValue: c.level });
        return (
          <Badge
            key={i}
            size="xs"
            variant={c.done ? 'filled' : waiting ? 'outline' : 'light'}
            color={c.done ? 'green' : waiting ? 'orange' : 'gray'}
            style={{ textTransform: 'none', maxWidth: '100%' }}
            title={c.by ?? undefined}
          >
            {c.done ? '✓ ' : waiting ? '… ' : ''}
            {label} · {c.unit}
            {c.by ? ` · ${c.by}` : ''}
          </Badge>
        );
      })}
    </Group>
  );
}
