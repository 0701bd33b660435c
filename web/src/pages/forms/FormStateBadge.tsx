import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MyForm } from '../../api/types';

const COLOR: Record<MyForm['state'], string> = {
  not_started: 'gray',
  draft: 'blue',
  submitted: 'teal',
  returned: 'red',
  approved: 'green',
};

const BADGE = { textTransform: 'none', flexShrink: 0, minWidth: 'max-content' } as const;

/** A form's state, with "overdue" or "due soon" beside it when it is not received yet. */
export function FormStateBadge({ form }: { form: Pick<MyForm, 'state' | 'overdue' | 'dueSoon'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      <Badge color={COLOR[form.state]} variant="light" size="sm" radius="sm" style={BADGE} data-testid="form-state">
        {t(`forms.state.${form.state}`)}
      </Badge>
      {form.overdue && (
        <Badge color="red" variant="filled" size="sm" radius="sm" style={BADGE} data-testid="form-overdue">
          {t('forms.overdue')}
        </Badge>
      )}
      {form.dueSoon && (
        <Badge color="orange" variant="light" size="sm" radius="sm" style={BADGE}>
          {t('forms.dueSoon')}
        </Badge>
      )}
    </Group>
  );
}
