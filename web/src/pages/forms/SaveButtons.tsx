/** What a unit's form and a parent's grid share: the form element with its save error, and the buttons. */
import { Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorBlock } from '../../components/QueryState';

/** The entry form: Enter or "submit" runs onSubmit; a failed save without field problems shows above it. */
export function EntryForm({
  error,
  onSubmit,
  children,
}: {
  error: Error | null;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <>
      {error && !(error instanceof ApiError && error.problems.length) && <ErrorBlock error={error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate
      >
        <Stack gap="sm">{children}</Stack>
      </form>
    </>
  );
}

/** A form's (or a grid's) "submit" and "save draft" buttons; the submit one submits the enclosing form. */
export function SaveButtons({
  pending,
  submitting,
  onDraft,
  submitLabel,
  testId,
}: {
  pending: boolean;
  /** Whether the pending save is a submit (its button spins) or a draft. */
  submitting: boolean;
  onDraft: () => void;
  submitLabel: string;
  /** `${testId}-submit` and `${testId}-save`. */
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" wrap="wrap">
      <Button type="submit" loading={pending && submitting} data-testid={`${testId}-submit`}>
        {submitLabel}
      </Button>
      <Button variant="default" onClick={onDraft} loading={pending && !submitting} data-testid={`${testId}-save`}>
        {t('forms.saveDraft')}
      </Button>
    </Group>
  );
}
