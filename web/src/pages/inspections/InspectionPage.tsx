/**
 * One inspection (issue 19): its plan and status, the findings by inspected unit (with
 * the flag each discrepancy puts on a report or value, and its resolution), the
 * recommendations with the timeliness of the assignment each became, and the forms of
 * the cycle — start, record a finding, issue a recommendation, conclude.
 */
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FINDING_KINDS } from '../../../../src/domain/inspection';
import { api } from '../../api/client';
import { useInspection, type Finding, type InspectionDetail } from '../../api/inspections';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { SectionTable } from '../../components/SectionTable';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { FormSection, InspectionStatusBadge, typed, UnitSelect, useFormFields, WriteError } from './shared';

export default function InspectionPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useInspection(code);
  if (q.isError) return <ErrorBlock error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <LoadingBlock rows={10} />;
  const i = q.data;
  return (
    <Box>
      <PageHeader
        title={<span data-testid="inspection-title">{f.text(i.title)}</span>}
        subtitle={`${i.code} · ${f.text(i.issuerName)} · ${i.programme} · ${f.date(i.start)} – ${f.date(i.end)}`}
        right={
          <Group gap="xs">
            <InspectionStatusBadge status={i.status} />
            {i.can.manage && i.status === 'planned' && <Move code={code} action="start" />}
          </Group>
        }
      />
      <Stack gap="md">
        <Section id="inspected-units" title={t('inspections.units')}>
          <Group gap="md">
            {i.units.map((u) => (
              <Text key={u.unit} size="sm">
                <b>{f.text(u.name)}</b> ({u.unit}){u.visit ? ` · ${f.date(u.visit)}` : ''}
              </Text>
            ))}
          </Group>
          {i.team.length > 0 && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('inspections.team')}: {i.team.map((m) => m.name).join(', ')}
            </Text>
          )}
        </Section>
        <Findings inspection={i} />
        {i.can.record && i.status === 'in_progress' && <FindingForm inspection={i} />}
        <Recommendations inspection={i} />
        {i.can.manage && i.status !== 'planned' && <RecommendationForm inspection={i} />}
        <Conclusion inspection={i} />
      </Stack>
    </Box>
  );
}

/**
 * A write on this inspection, `POST /inspections/:code/<path>` with `body()`; once done, `done()`
 * (a form empties itself) and this page, the list and the open recommendations refresh.
 */
function useInspectionPost(code: string, path: string, body?: () => unknown, done?: () => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/inspections/${encodeURIComponent(code)}/${path}`, { method: 'POST', body: body?.() }),
    onSuccess: async () => {
      done?.();
      await client.invalidateQueries({ queryKey: ['inspection', code] });
      await client.invalidateQueries({ queryKey: ['inspections'] });
      await client.invalidateQueries({ queryKey: ['open-recommendations'] });
    },
  });
}

function Move({ code, action }: { code: string; action: 'start' }) {
  const { t } = useTranslation();
  const m = useInspectionPost(code, action);
  return (
    <>
      <Button size="xs" onClick={() => m.mutate()} loading={m.isPending} data-testid={`inspection-${action}`}>
        {t(`inspections.${action}`)}
      </Button>
      <WriteError error={m.error} />
    </>
  );
}

function Findings({ inspection: i }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section id="findings" title={t('inspections.findings', { n: f.number(i.findings.length) })}>
      {i.findings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inspections.noFindings')}
        </Text>
      ) : (
        <Stack gap="sm" data-testid="findings">
          {i.units
            .filter((u) => i.findings.some((x) => x.unit === u.unit))
            .map((u) => (
              <Box key={u.unit} data-unit={u.unit}>
                <Text fw={600} size="sm" mb={4}>
                  {f.text(u.name)}
                </Text>
                <Stack gap={6}>
                  {i.findings
                    .filter((x) => x.unit === u.unit)
                    .map((x) => (
                      <FindingRow key={x.id} finding={x} inspection={i} />
                    ))}
                </Stack>
              </Box>
            ))}
        </Stack>
      )}
    </Section>
  );
}

const KIND_COLOR: Record<Finding['kind'], string> = {
  confirmed: 'green',
  discrepancy: 'red',
  risk: 'orange',
  good_practice: 'teal',
};

function FindingRow({ finding: x, inspection: i }: { finding: Finding; inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [note, setNote] = useState('');
  const resolve = useInspectionPost(i.code, `findings/${x.id}/flag`, () => ({ flagged: false, note }));
  const openFlag = x.flagged && !x.resolved;
  return (
    <Box p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }} data-finding={x.id}>
      <Group gap={6} mb={2}>
        <Badge color={KIND_COLOR[x.kind]} variant="light" size="sm" style={{ textTransform: 'none' }}>
          {t(`inspections.kind.${x.kind}`)}
        </Badge>
        {openFlag && (
          <Badge color="red" variant="filled" size="sm" style={{ textTransform: 'none' }} data-testid="finding-flag">
            {t('inspections.flagged')}
          </Badge>
        )}
        {x.resolved && (
          <Badge color="gray" variant="light" size="sm" style={{ textTransform: 'none' }}>
            {t('inspections.resolved')}
          </Badge>
        )}
        {x.task && (
          <Text size="xs" c="dimmed">
            {x.assignment ? (
              <Anchor component={Link} to={`/assignments/${x.assignment}`} size="xs">
                {x.task}
                {x.reportPeriod ? ` · ${x.reportPeriod}` : ''}
              </Anchor>
            ) : (
              x.task
            )}
          </Text>
        )}
        {x.value && (
          <Text size="xs" c="dimmed">
            {x.value.indicator} · {x.value.unit} · {x.value.period}
          </Text>
        )}
      </Group>
      <Text size="sm">{x.narrative}</Text>
      {x.evidence.map((e) => (
        <Anchor key={e.url} href={e.url} size="xs" target="_blank" rel="noreferrer" me="sm">
          {e.title ?? e.url}
        </Anchor>
      ))}
      {x.resolved && (
        <Text size="xs" c="dimmed">
          {t('inspections.resolvedBy', { who: x.resolved.by, date: f.date(x.resolved.at) })}: {x.resolved.note}
        </Text>
      )}
      {openFlag && i.can.manage && (
        <Group gap="xs" mt={4}>
          <TextInput
            size="xs"
            placeholder={t('inspections.resolutionNote')}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            aria-label={t('inspections.resolutionNote')}
          />
          <Button size="xs" variant="light" disabled={!note.trim()} onClick={() => resolve.mutate()}>
            {t('inspections.resolve')}
          </Button>
          <WriteError error={resolve.error} />
        </Group>
      )}
    </Box>
  );
}

function FindingForm({ inspection: i }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const { form, setForm, input, reset } = useFormFields({
    unit: i.units[0]?.unit ?? '',
    kind: 'confirmed',
    task: '',
    reportPeriod: '',
    narrative: '',
    flag: false,
  });
  const m = useInspectionPost(
    i.code,
    'findings',
    () => ({
      unit: form.unit,
      kind: form.kind,
      ...(form.task.trim() ? { task: form.task.trim() } : {}),
      ...(form.reportPeriod.trim() ? { reportPeriod: form.reportPeriod.trim() } : {}),
      narrative: form.narrative,
      flag: form.kind === 'discrepancy' && form.flag,
    }),
    reset,
  );
  return (
    <FormSection
      id="finding-form"
      name="finding"
      title={t('inspections.recordFinding')}
      cols={{ base: 1, sm: 2, lg: 4 }}
      write={m}
      below={
        <>
          <Textarea mt="sm" label={t('inspections.narrative')} required autosize minRows={2} {...input('narrative')} />
          {form.kind === 'discrepancy' && (
            <Checkbox
              mt="sm"
              name="flag"
              label={t('inspections.flagReport')}
              checked={form.flag}
              onChange={(e) => setForm({ ...form, flag: e.currentTarget.checked })}
            />
          )}
        </>
      }
    >
      <UnitSelect inspection={i} value={form.unit} onChange={(unit) => setForm({ ...form, unit })} />
      <NativeSelect
        label={t('inspections.kindLabel')}
        data={FINDING_KINDS.map((k) => ({ value: k, label: t(`inspections.kind.${k}`) }))}
        {...input('kind')}
      />
      <TextInput label={t('inspections.task')} {...input('task')} />
      <TextInput label={t('inspections.reportPeriod')} placeholder="2024Q3" {...input('reportPeriod')} />
    </FormSection>
  );
}

function Recommendations({ inspection: i }: { inspection: InspectionDetail }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section id="recommendations" title={t('inspections.recommendations', { n: f.number(i.recommendations.length) })}>
      <SectionTable
        testId="recommendations"
        minWidth={600}
        striped={false}
        verticalSpacing={6}
        empty={i.recommendations.length === 0 && t('inspections.noRecommendations')}
        head={
          <>
            <Table.Th>{t('inspections.unit')}</Table.Th>
            <Table.Th>{t('inspections.recommendation')}</Table.Th>
            <Table.Th>{t('inspections.due')}</Table.Th>
            <Table.Th style={{ textAlign: 'end' }}>{t('columns.progress')}</Table.Th>
            <Table.Th>{t('inspections.statusLabel')}</Table.Th>
          </>
        }
      >
        {i.recommendations.map((r) => (
          <Table.Tr key={r.id} data-recommendation={r.id} data-open={r.open}>
            <Table.Td>{f.text(r.unitName)}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/assignments/${r.assignment}`} size="sm">
                {f.text(r.text)}
              </Anchor>
            </Table.Td>
            <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
              {f.date(r.due)}
            </Table.Td>
            <Table.Td className="num" style={{ textAlign: 'end' }}>
              {f.wholePercent(r.percent)}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <StatusBadge state={r.timeliness} size="xs" />
                <Badge
                  size="xs"
                  variant="outline"
                  color={r.open ? 'orange' : 'green'}
                  style={{ textTransform: 'none' }}
                >
                  {t(r.open ? 'inspections.open' : 'inspections.closed')}
                </Badge>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </SectionTable>
    </Section>
  );
}

function RecommendationForm({ inspection: i }: { inspection: InspectionDetail }) {
  const { t, i18n } = useTranslation();
  const { form, setForm, input, reset } = useFormFields({ unit: i.units[0]?.unit ?? '', text: '', due: '' });
  const m = useInspectionPost(
    i.code,
    'recommendations',
    () => ({ unit: form.unit, text: typed(i18n.resolvedLanguage, form.text.trim()), due: form.due }),
    reset,
  );
  return (
    <FormSection
      id="recommendation-form"
      name="recommendation"
      title={t('inspections.issueRecommendation')}
      cols={{ base: 1, sm: 3 }}
      write={m}
    >
      <UnitSelect inspection={i} value={form.unit} onChange={(unit) => setForm({ ...form, unit })} />
      <TextInput label={t('inspections.recommendation')} required {...input('text')} />
      <TextInput label={t('inspections.due')} type="date" required {...input('due')} />
    </FormSection>
  );
}

function Conclusion({ inspection: i }: { inspection: InspectionDetail }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState('');
  const m = useInspectionPost(i.code, 'conclude', () => ({ text: typed(i18n.resolvedLanguage, text.trim()) }));
  if (i.status === 'concluded')
    return (
      <Section id="conclusion" title={t('inspections.conclusion')}>
        <Alert color="green" variant="light" title={f.date(i.concludedOn)} data-testid="conclusion">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {f.text(i.conclusion)}
          </Text>
          {i.conclusionLinks.map((l) => (
            <Anchor key={l.url} href={l.url} size="xs" target="_blank" rel="noreferrer" me="sm">
              {l.title ?? l.url}
            </Anchor>
          ))}
        </Alert>
      </Section>
    );
  if (!(i.can.manage && i.status === 'in_progress')) return null;
  return (
    <Section id="conclusion" title={t('inspections.conclude')}>
      <Textarea
        label={t('inspections.conclusion')}
        autosize
        minRows={3}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <Group mt="sm">
        <Button
          disabled={!text.trim()}
          onClick={() => m.mutate()}
          loading={m.isPending}
          data-testid="inspection-conclude"
        >
          {t('inspections.conclude')}
        </Button>
        <WriteError error={m.error} />
      </Group>
    </Section>
  );
}
