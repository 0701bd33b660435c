/**
 * Inspections (issue 19): the plan form for the secretariat, the calendar of visits and
 * every inspection in scope with its status, units and dates.
 */
import { Anchor, Box, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePrograms } from '../../api/hooks';
import { useInspections, type InspectionDetail, type InspectionSummary } from '../../api/inspections';
import { PageHeader, Section } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useAuth } from '../../lib/auth';
import { useFormat } from '../../lib/format';
import { Link, navigate, useSearchParams } from '../../lib/router';
import { InspectionStatusBadge, SubmitRow, typed } from './shared';

export default function InspectionsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  const list = useInspections({ unit });
  const { user } = useAuth();
  const plans = !!user?.grants.some((g) => g.role === 'admin' || g.role === 'secretariat');
  return (
    <Box>
      <PageHeader title={t('inspections.title')} subtitle={t('inspections.subtitle')} />
      <Stack gap="md">
        {plans && <PlanForm />}
        {list.isError ? (
          <ErrorBlock error={list.error} onRetry={() => void list.refetch()} />
        ) : !list.data ? (
          <LoadingBlock rows={6} />
        ) : (
          <>
            <Calendar items={list.data} />
            <InspectionTable items={list.data} />
          </>
        )}
      </Stack>
    </Box>
  );
}

function InspectionTable({ items }: { items: InspectionSummary[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Section id="inspection-list" title={t('inspections.list')}>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inspections.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={6} fz="sm" data-testid="inspection-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('inspections.inspection')}</Table.Th>
                <Table.Th>{t('inspections.issuer')}</Table.Th>
                <Table.Th>{t('inspections.units')}</Table.Th>
                <Table.Th>{t('inspections.dates')}</Table.Th>
                <Table.Th>{t('inspections.statusLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.code} data-code={i.code}>
                  <Table.Td>
                    <Anchor component={Link} to={`/inspections/${encodeURIComponent(i.code)}`} size="sm">
                      {f.text(i.title)}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {i.code} · {i.programme}
                    </Text>
                  </Table.Td>
                  <Table.Td>{f.text(i.issuerName)}</Table.Td>
                  <Table.Td>{i.units.map((u) => f.text(u.name)).join(', ')}</Table.Td>
                  <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
                    {f.date(i.start)} – {f.date(i.end)}
                  </Table.Td>
                  <Table.Td>
                    <InspectionStatusBadge status={i.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

/** The visits by month: each unit on its day (or the inspection's first day). */
function Calendar({ items }: { items: InspectionSummary[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  const visits = items
    .flatMap((i) => i.units.map((u) => ({ day: u.visit ?? i.start, unit: u.name, code: i.code, title: i.title })))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const months = [...new Set(visits.map((v) => v.day.slice(0, 7)))];
  if (visits.length === 0) return null;
  return (
    <Section id="inspection-calendar" title={t('inspections.calendar')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" data-testid="inspection-calendar">
        {months.map((m) => (
          <Paper key={m} withBorder p="xs" radius="sm">
            <Text fw={600} size="sm" mb={4}>
              {f.date(`${m}-01`).replace(/^\d+\s*/, '')}
            </Text>
            {visits
              .filter((v) => v.day.startsWith(m))
              .map((v, n) => (
                <Text key={n} size="xs">
                  <span className="num">{f.date(v.day)}</span> ·{' '}
                  <Anchor component={Link} to={`/inspections/${encodeURIComponent(v.code)}`} size="xs">
                    {f.text(v.unit)}
                  </Anchor>{' '}
                  <Text span c="dimmed" size="xs">
                    ({f.text(v.title)})
                  </Text>
                </Text>
              ))}
          </Paper>
        ))}
      </SimpleGrid>
    </Section>
  );
}

function PlanForm() {
  const { t, i18n } = useTranslation();
  const programmes = usePrograms();
  const client = useQueryClient();
  const [form, setForm] = useState({ code: '', title: '', issuer: '', programme: '', start: '', end: '', units: '' });
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  const plan = useMutation({
    mutationFn: () =>
      api<InspectionDetail>('/inspections', {
        method: 'POST',
        body: {
          code: form.code.trim(),
          title: typed(i18n.resolvedLanguage, form.title.trim()),
          issuer: form.issuer.trim(),
          programme: form.programme || programmes.data?.[0]?.code,
          start: form.start,
          end: form.end,
          units: form.units
            .split(/[,\s]+/)
            .filter(Boolean)
            .map((unit) => ({ unit })),
        },
      }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['inspections'] });
      navigate(`/inspections/${encodeURIComponent(created.code)}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    plan.mutate();
  };
  return (
    <Section id="plan-inspection" title={t('inspections.plan')}>
      <form onSubmit={submit} data-testid="plan-form">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput label={t('inspections.code')} value={form.code} onChange={set('code')} required name="code" />
          <TextInput
            label={t('inspections.titleLabel')}
            value={form.title}
            onChange={set('title')}
            required
            name="title"
          />
          <TextInput
            label={t('inspections.issuer')}
            value={form.issuer}
            onChange={set('issuer')}
            required
            name="issuer"
          />
          <NativeSelect
            label={t('inspections.programme')}
            name="programme"
            value={form.programme}
            onChange={set('programme')}
            data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.code }))}
          />
          <TextInput
            label={t('inspections.startLabel')}
            type="date"
            value={form.start}
            onChange={set('start')}
            required
            name="start"
          />
          <TextInput
            label={t('inspections.end')}
            type="date"
            value={form.end}
            onChange={set('end')}
            required
            name="end"
          />
          <TextInput
            label={t('inspections.unitsHint')}
            value={form.units}
            onChange={set('units')}
            required
            name="units"
            placeholder="VN-HN, VN-HP"
          />
        </SimpleGrid>
        <SubmitRow
          label={t('inspections.planButton')}
          pending={plan.isPending}
          error={plan.error}
          testId="plan-submit"
        />
      </form>
    </Section>
  );
}
