/**
 * Inspections (issue 19): the plan form for the secretariat, the calendar of visits and
 * every inspection in scope with its status, units and dates.
 */
import { Anchor, Box, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { usePrograms } from '../../api/hooks';
import { useInspections, type InspectionDetail, type InspectionSummary } from '../../api/inspections';
import { PageHeader, Section } from '../../components/PageHeader';
import { DateField } from '../../components/DateField';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { SectionTable } from '../../components/SectionTable';
import { useAuth } from '../../lib/auth';
import { useFormat } from '../../lib/format';
import { Link, navigate, useSearchParams } from '../../lib/router';
import { FormSection, InspectionStatusBadge, typed, useFormFields } from './shared';

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
      <SectionTable
        testId="inspection-table"
        minWidth={640}
        verticalSpacing={6}
        empty={items.length === 0 && t('inspections.none')}
        head={
          <>
            <Table.Th>{t('inspections.inspection')}</Table.Th>
            <Table.Th>{t('inspections.issuer')}</Table.Th>
            <Table.Th>{t('inspections.units')}</Table.Th>
            <Table.Th>{t('inspections.dates')}</Table.Th>
            <Table.Th>{t('inspections.statusLabel')}</Table.Th>
          </>
        }
      >
        {items.map((i) => (
          <Table.Tr key={i.code} data-code={i.code}>
            <Table.Td>
              <Anchor component={Link} to={`/inspections/${encodeURIComponent(i.code)}`} size="sm" dir="auto">
                {f.text(i.title)}
              </Anchor>
              <Text size="xs" c="dimmed">
                <bdi>{i.code}</bdi> · <bdi>{i.programme}</bdi>
              </Text>
            </Table.Td>
            <Table.Td>
              <bdi>{f.text(i.issuerName)}</bdi>
            </Table.Td>
            <Table.Td>
              <bdi>{i.units.map((u) => f.text(u.name)).join(', ')}</bdi>
            </Table.Td>
            <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
              <bdi>{f.date(i.start)}</bdi> – <bdi>{f.date(i.end)}</bdi>
            </Table.Td>
            <Table.Td>
              <InspectionStatusBadge status={i.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </SectionTable>
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
                  <bdi className="num">{f.date(v.day)}</bdi> ·{' '}
                  <Anchor component={Link} to={`/inspections/${encodeURIComponent(v.code)}`} size="xs">
                    <bdi>{f.text(v.unit)}</bdi>
                  </Anchor>{' '}
                  <Text span c="dimmed" size="xs">
                    (<bdi>{f.text(v.title)}</bdi>)
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
  const { form, input, date } = useFormFields({
    code: '',
    title: '',
    issuer: '',
    programme: '',
    start: '',
    end: '',
    units: '',
  });
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
  return (
    <FormSection
      id="plan-inspection"
      name="plan"
      title={t('inspections.plan')}
      submitLabel={t('inspections.planButton')}
      cols={{ base: 1, sm: 2, lg: 4 }}
      write={plan}
    >
      <TextInput label={t('inspections.code')} required {...input('code')} />
      <TextInput label={t('inspections.titleLabel')} required {...input('title')} />
      <TextInput label={t('inspections.issuer')} required {...input('issuer')} />
      <NativeSelect
        label={t('inspections.programme')}
        data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.code }))}
        {...input('programme')}
      />
      <DateField label={t('inspections.startLabel')} required {...date('start')} />
      <DateField label={t('inspections.end')} required {...date('end')} />
      <TextInput label={t('inspections.unitsHint')} required placeholder="VN-HN, VN-HP" {...input('units')} />
    </FormSection>
  );
}
