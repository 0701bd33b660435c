/** Small pieces shared by the inspection pages: the status badge, the typed-text helper and the error line. */
import { Badge, Button, Group, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { InspectionDetail, InspectionSummary } from '../../api/inspections';
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
export function SubmitRow({
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
