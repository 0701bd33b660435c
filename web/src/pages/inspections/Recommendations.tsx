/**
 * An inspection's recommendations, each with the timeliness of the assignment it became, and
 * the form that issues one.
 */
import { Anchor, Badge, Group, Table, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InspectionDetail } from '../../api/inspections';
import { Section } from '../../components/PageHeader';
import { DateField } from '../../components/DateField';
import { SectionTable } from '../../components/SectionTable';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../lib/format';
import { Link } from '../../lib/router';
import { FormSection, typed, UnitSelect, useFormFields, useInspectionPost } from './shared';

export function Recommendations({ inspection: i }: { inspection: InspectionDetail }) {
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
            <Table.Td>
              <bdi>{f.text(r.unitName)}</bdi>
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/assignments/${r.assignment}`} size="sm" dir="auto">
                {f.text(r.text)}
              </Anchor>
            </Table.Td>
            <Table.Td className="num" style={{ whiteSpace: 'nowrap' }}>
              <bdi>{f.date(r.due)}</bdi>
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

export function RecommendationForm({ inspection: i }: { inspection: InspectionDetail }) {
  const { t, i18n } = useTranslation();
  const { form, setForm, input, date, reset } = useFormFields({ unit: i.units[0]?.unit ?? '', text: '', due: '' });
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
      <DateField label={t('inspections.due')} required {...date('due')} />
    </FormSection>
  );
}
