/**
 * A unit's form for a period: one row per indicator with a typed input, the unit's own
 * history, a comment; "save draft" and "submit". Before a submit every row is checked as
 * the server checks it (type and range; a value beyond 3 median absolute deviations of the
 * unit's history must be confirmed with a comment). One column, so it fits a 390 px phone.
 */
import { Alert, Box, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useForm, useSaveForm } from '../../api/figures';
import type { Form, FormRow } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useFormat } from '../../lib/format';
import { useProblemText } from '../../lib/problems';
import { FormStateBadge } from './FormStateBadge';
import { EntryForm, ValueInput } from './EntryForm';
import { checkRow, entriesOf, entryProblem, type Entry, type RowCheck } from './form-model';

export default function FormPage({ dataSet, unit, period }: { dataSet: string; unit: string; period: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const form = useForm(dataSet, unit, period);
  // Outlives the form body, which starts afresh (from the stored values) when the state changes.
  const [saved, setSaved] = useState<'draft' | 'submitted' | null>(null);
  return (
    <Box maw={720}>
      <PageHeader
        title={form.data ? f.text(form.data.dataSetName) : dataSet}
        back={{ to: '/forms', label: t('forms.title') }}
        subtitle={
          form.data && (
            <>
              <bdi>{f.text(form.data.unitName)}</bdi> · <bdi>{period}</bdi>
            </>
          )
        }
      />
      {form.isError ? (
        <ErrorBlock error={form.error} onRetry={() => void form.refetch()} />
      ) : !form.data ? (
        <LoadingBlock rows={8} />
      ) : (
        <FormBody
          key={`${form.data.state}|${form.data.submission?.version ?? 0}`}
          form={form.data}
          saved={saved}
          setSaved={setSaved}
        />
      )}
    </Box>
  );
}

function FormBody({
  form,
  saved,
  setSaved,
}: {
  form: Form;
  saved: 'draft' | 'submitted' | null;
  setSaved: (saved: 'draft' | 'submitted' | null) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const problemText = useProblemText();
  const [entries, setEntries] = useState<Record<string, Entry>>(() => entriesOf(form.rows));
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const save = useSaveForm(form.dataSet, form.unit, form.period);
  const checks = new Map(form.rows.map((r) => [r.indicator, checkRow(r, entries[r.indicator]!)]));

  const set = (code: string, change: Partial<Entry>) => {
    setEntries((e) => ({ ...e, [code]: { ...e[code]!, ...change } }));
    setServerErrors((errors) => (Object.keys(errors).length ? {} : errors));
  };

  /** Field errors before a submit (or, for invalid values, before any save). */
  const errorOf = (r: FormRow, c: RowCheck, submit: boolean): { value?: string; comment?: string } => {
    const p = entryProblem(c, entries[r.indicator]!, submit);
    return { ...(p.value ? { value: t(p.value) } : {}), ...(p.comment ? { comment: t(p.comment) } : {}) };
  };

  const run = (submit: boolean) => {
    setTried(submit);
    setSaved(null);
    const bad = form.rows.find((r) => {
      const e = errorOf(r, checks.get(r.indicator)!, submit);
      return e.value || e.comment;
    });
    if (bad) {
      const e = errorOf(bad, checks.get(bad.indicator)!, submit);
      document.getElementById(`${e.value ? 'value' : 'comment'}-${bad.indicator}`)?.focus();
      return;
    }
    const values = form.rows.map((r) => {
      const c = checks.get(r.indicator)!;
      return {
        indicator: r.indicator,
        value: c.kind === 'ok' ? c.value : null,
        comment: entries[r.indicator]!.comment.trim() || null,
      };
    });
    save.mutate(
      { values, submit },
      {
        onSuccess: () => setSaved(submit ? 'submitted' : 'draft'),
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          const out: Record<string, string> = {};
          for (const p of error.problems) {
            const m = /^(?:body\.)?(?:values\[(\d+)\]|rows\.([^.]+))\.(value|comment)$/.exec(p.path);
            const code = m ? (m[1] !== undefined ? values[Number(m[1])]?.indicator : m[2]) : undefined;
            if (code) out[`${m![3]}-${code}`] ??= problemText(p.message);
          }
          setServerErrors(out);
        },
      },
    );
  };

  const locked = !form.editable;
  return (
    <Stack gap="sm">
      <Paper withBorder radius="md" p="sm">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <FormStateBadge form={form} />
          <Text size="xs" c="dimmed">
            {t('forms.due', { date: f.date(form.due) })}
            {form.closes ? ` · ${t('forms.closes', { date: f.date(form.closes) })}` : ''}
          </Text>
        </Group>
        {form.submission?.comment && form.state === 'returned' && (
          <Alert color="red" variant="light" mt="xs" p="xs" title={t('forms.returnedBecause')}>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {form.submission.comment}
            </Text>
          </Alert>
        )}
        {locked && (
          <Text size="sm" mt="xs" data-testid="form-locked">
            {t('forms.locked')}
          </Text>
        )}
      </Paper>
      {saved && (
        <Alert color="green" variant="light" role="status" data-testid="form-saved">
          {t(saved === 'submitted' ? 'forms.submitted' : 'forms.savedDraft')}
        </Alert>
      )}
      <EntryForm save={save} run={run} tried={tried} canSave={!locked} submitLabel={t('forms.submit')} testId="form">
        {form.rows.map((r) => {
          const c = checks.get(r.indicator)!;
          const err = errorOf(r, c, tried);
          return (
            <RowField
              key={r.indicator}
              row={r}
              entry={entries[r.indicator]!}
              check={c}
              locked={locked}
              valueError={err.value ?? serverErrors[`value-${r.indicator}`]}
              commentError={err.comment ?? serverErrors[`comment-${r.indicator}`]}
              onChange={(change) => set(r.indicator, change)}
            />
          );
        })}
      </EntryForm>
    </Stack>
  );
}

function RowField({
  row,
  entry,
  check,
  locked,
  valueError,
  commentError,
  onChange,
}: {
  row: FormRow;
  entry: Entry;
  check: RowCheck;
  locked: boolean;
  valueError: string | undefined;
  commentError: string | undefined;
  onChange: (change: Partial<Entry>) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const isOutlier = check.kind === 'ok' && check.outlier !== null;
  const label = `${f.text(row.name) || row.indicator}${row.unit ? ` (${row.unit})` : ''}`;
  const last = row.history[row.history.length - 1];
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      data-testid="form-row"
      data-indicator={row.indicator}
      style={isOutlier ? { borderColor: 'var(--mantine-color-orange-6)' } : undefined}
    >
      <ValueInput
        milestone={row.valueType === 'milestone'}
        value={entry.value}
        onValue={(value) => onChange({ value })}
        testId="form-value"
        field={{ id: `value-${row.indicator}`, label, disabled: locked, error: valueError }}
      />
      <Text size="xs" c="dimmed" mt={4}>
        {last
          ? t('forms.history', {
              last: f.number(last.value),
              period: last.period,
              median: row.median === null ? '—' : f.number(row.median),
            })
          : t('forms.noHistory')}
      </Text>
      {isOutlier && check.kind === 'ok' && (
        <Alert color="orange" variant="light" p="xs" mt={6} data-testid="outlier-warning">
          <Text size="sm">
            {t('forms.outlier', { median: f.number(check.outlier!.median), mad: f.number(check.outlier!.mad) })}
          </Text>
        </Alert>
      )}
      {(!locked || entry.comment) && (
        <Textarea
          id={`comment-${row.indicator}`}
          label={isOutlier ? t('forms.commentRequired') : t('forms.comment')}
          autosize
          minRows={1}
          maxLength={2000}
          disabled={locked}
          value={entry.comment}
          onChange={(e) => onChange({ comment: e.currentTarget.value })}
          error={commentError}
          mt={6}
          size="xs"
          data-testid="form-comment"
        />
      )}
    </Paper>
  );
}
