/** The form that records a finding of an inspection in progress (a discrepancy may flag the report). */
import { Checkbox, NativeSelect, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FINDING_KINDS } from '../../../../src/domain/inspection';
import type { InspectionDetail } from '../../api/inspections';
import { FormSection, UnitSelect, useFormFields, useInspectionPost } from './shared';

export function FindingForm({ inspection: i }: { inspection: InspectionDetail }) {
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
