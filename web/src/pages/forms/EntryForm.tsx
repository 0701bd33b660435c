/** What a unit's form and a parent's grid share: the form element with its save error, and the buttons. */
import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import type { KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ErrorBlock } from '../../components/QueryState';

/**
 * The entry form: Enter or "submit" runs `run(true)`; a failed save without field problems shows above it;
 * below the fields, when the user may save, the "submit" and "save draft" buttons.
 */
export function EntryForm({
  save,
  run,
  tried,
  canSave,
  submitLabel,
  testId,
  children,
}: {
  save: { error: Error | null; isPending: boolean };
  /** Saves the entries: submitted (true) or as a draft (false). */
  run: (submit: boolean) => void;
  /** Whether the last save asked was a submit (its button spins) or a draft. */
  tried: boolean;
  canSave: boolean;
  submitLabel: string;
  /** `${testId}-submit` and `${testId}-save`. */
  testId: string;
  children: ReactNode;
}) {
  const error = save.error;
  return (
    <>
      {error && !(error instanceof ApiError && error.problems.length) && <ErrorBlock error={error} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(true);
        }}
        noValidate
      >
        <Stack gap="sm">
          {children}
          {canSave && (
            <SaveButtons
              pending={save.isPending}
              submitting={tried}
              onDraft={() => run(false)}
              submitLabel={submitLabel}
              testId={testId}
            />
          )}
        </Stack>
      </form>
    </>
  );
}

/** A form's (or a grid's) "submit" and "save draft" buttons; the submit one submits the enclosing form. */
function SaveButtons({
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

/** An indicator's value field: "reached" / "not yet" for a milestone, a decimal text field otherwise. */
export function ValueInput({
  milestone,
  value,
  onValue,
  testId,
  field,
}: {
  milestone: boolean;
  value: string;
  onValue: (value: string) => void;
  /** The text field's data-testid. */
  testId: string;
  /** What both kinds of field take: id, label or aria-label, size, disabled, error, keyboard handler. */
  field: {
    id: string;
    label?: string;
    'aria-label'?: string;
    size?: 'xs';
    disabled: boolean;
    error?: ReactNode;
    onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
  };
}) {
  const { t } = useTranslation();
  return milestone ? (
    <NativeSelect
      {...field}
      value={value}
      onChange={(e) => onValue(e.currentTarget.value)}
      data={[
        { value: '', label: '—' },
        { value: '1', label: t('forms.milestoneReached') },
        { value: '0', label: t('forms.milestoneNotYet') },
      ]}
    />
  ) : (
    <TextInput
      {...field}
      inputMode="decimal"
      autoComplete="off"
      value={value}
      onChange={(e) => onValue(e.currentTarget.value)}
      data-testid={testId}
    />
  );
}
