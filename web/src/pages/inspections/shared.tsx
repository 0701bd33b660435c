/**
 * Small pieces shared by the inspection pages: the status badge, the typed-text helper, the
 * error line, a write on an inspection, a form's state and the form section with its submit button.
 */
import { Badge, Button, Group, NativeSelect, SimpleGrid, Text, type SimpleGridProps } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { InspectionDetail, InspectionSummary } from '../../api/inspections';
import { Section } from '../../components/PageHeader';
import { useFormat } from '../../lib/format';

const STATUS_COLOR: Record<InspectionSummary['status'], string> = {
  planned: 'gray',
  in_progress: 'blue',
  concluded: 'green',
};

export function InspectionStatusBadge({ status }: { status: InspectionSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLOR[status]}
      variant="light"
      size="sm"
      style={{ textTransform: 'none' }}
      data-status={status}
    >
      {t(`inspections.status.${status}`)}
    </Badge>
  );
}

/** A text typed in the user's language, as a localized text. */
export function typed(lang: string | undefined, text: string): Record<string, string> {
  const key = lang === 'vi' || lang === 'zh' || lang === 'ar' ? lang : 'en';
  return { [key]: text };
}

/** The error of a failed write, with every problem at its field. */
export function WriteError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as Error;
  const problems = e instanceof ApiError ? e.problems : [];
  return (
    <Text c="red" size="sm" role="alert" data-testid="write-error">
      {e.message}
      {problems.map((p) => ` · ${p.path}: ${p.message}`).join('')}
    </Text>
  );
}

/** A form's submit button with the write error beside it. */
function SubmitRow({
  label,
  pending,
  error,
  testId,
}: {
  label: string;
  pending: boolean;
  error: unknown;
  testId: string;
}) {
  return (
    <Group mt="sm">
      <Button type="submit" loading={pending} data-testid={testId}>
        {label}
      </Button>
      <WriteError error={error} />
    </Group>
  );
}

type TextKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F];

/**
 * A form's values, starting from `empty`: `input(key)` gives a text field or select its name,
 * value and change handler; `date(key)` the same for a DateField (ISO value); `reset()` empties
 * the form after a write.
 */
export function useFormFields<F extends Record<string, unknown>>(empty: F) {
  const [form, setForm] = useState(empty);
  const input = (key: TextKey<F>) => ({
    name: String(key),
    value: form[key] as string,
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value }),
  });
  const date = (key: TextKey<F>) => ({
    name: String(key),
    value: form[key] as string,
    onChange: (iso: string) => setForm({ ...form, [key]: iso }),
  });
  return { form, setForm, input, date, reset: () => setForm(empty) };
}

/**
 * A form in its own section: the fields in a grid, what goes `below` them, and the submit
 * button with the write's error. Test ids: `<name>-form` and `<name>-submit`.
 */
export function FormSection({
  id,
  name,
  title,
  submitLabel = title,
  cols,
  write,
  below,
  children,
}: {
  id: string;
  name: string;
  title: string;
  submitLabel?: string;
  cols: SimpleGridProps['cols'];
  write: { mutate: () => void; isPending: boolean; error: unknown };
  below?: ReactNode;
  children: ReactNode;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    write.mutate();
  };
  return (
    <Section id={id} title={title}>
      <form onSubmit={submit} data-testid={`${name}-form`}>
        <SimpleGrid cols={cols} spacing="sm">
          {children}
        </SimpleGrid>
        {below}
        <SubmitRow label={submitLabel} pending={write.isPending} error={write.error} testId={`${name}-submit`} />
      </form>
    </Section>
  );
}

/** The inspected unit a finding or recommendation is about. */
export function UnitSelect({
  inspection,
  value,
  onChange,
}: {
  inspection: InspectionDetail;
  value: string;
  onChange: (unit: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <NativeSelect
      label={t('inspections.unit')}
      name="unit"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={inspection.units.map((u) => ({ value: u.unit, label: f.text(u.name) }))}
    />
  );
}

/**
 * A write on an inspection, `POST /inspections/:code/<path>` with `body()`; once done, `done()`
 * (a form empties itself) and the inspection's page, the list and the open recommendations refresh.
 */
export function useInspectionPost(code: string, path: string, body?: () => unknown, done?: () => void) {
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
