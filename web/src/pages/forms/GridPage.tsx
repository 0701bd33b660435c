/**
 * A parent's grid (issue 12): a province secretariat or reporter picks a data set, its own
 * unit and a period, and fills one grid — rows are the units below that owe the form,
 * columns the data set's indicators. Each cell is checked as the single form checks it
 * (type and range; an outlier needs a confirming comment); "save draft" and "submit all"
 * send every editable row at once, and the server keeps all or nothing, naming the bad
 * cells (`forms[i].values[j].value`), which show on the cell itself. Enter moves to the
 * next cell, the arrow keys up and down move along a column. Below 600 px every unit is a
 * card, so nothing scrolls sideways.
 */
import { Alert, Anchor, Box, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CAPABILITY_ROLES } from '../../../../src/domain/capabilities';
import { ApiError } from '../../api/client';
import { useDataSets, useGrid, useSaveGrid } from '../../api/figures';
import type { Form, FormRow } from '../../api/types';
import { OrgUnitPicker } from '../../components/OrgUnitPicker';
import { PageHeader } from '../../components/PageHeader';
import { PeriodSelect, recentPeriods } from '../../components/PeriodSelect';
import { ErrorBlock, LoadingBlock } from '../../components/QueryState';
import { useAuth } from '../../lib/auth';
import { useFormat } from '../../lib/format';
import { useProblemText } from '../../lib/problems';
import { Link, useSearchParams } from '../../lib/router';
import { FormStateBadge } from './FormStateBadge';
import { EntryForm, ValueInput } from './EntryForm';
import {
  checkRow,
  entriesOf,
  entryProblem,
  entryValue,
  valueProblemKey,
  type Entry,
  type RowCheck,
} from './form-model';
import { formHref } from './MyForms';

const ENTRY_ROLES: readonly string[] = CAPABILITY_ROLES.enterValues;

/** The unit whose subtree the user enters for (its first entry grant), or '' for an admin's whole tree. */
export function useEntryRoot(): string {
  const { user } = useAuth();
  const grant = user?.grants.find((g) => ENTRY_ROLES.includes(g.role) && g.unit);
  return grant?.unit ?? '';
}

export const gridHref = (q: { dataSet?: string; unit?: string; period?: string }) => {
  const s = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return s ? `/grids?${s}` : '/grids';
};

export default function GridPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [params, setParams] = useSearchParams();
  const root = useEntryRoot();
  const sets = useDataSets();
  const dataSet = params.get('dataSet') ?? sets.data?.[0]?.code ?? '';
  const ds = sets.data?.find((d) => d.code === dataSet);
  const unit = params.get('unit') ?? root;
  const today = new Date().toISOString().slice(0, 10);
  const period = params.get('period') ?? (ds ? recentPeriods(today, ds.periodType, 2)[1]! : '');
  const grid = useGrid(ds ? dataSet : '', unit, period);
  const [saved, setSaved] = useState<{ submit: boolean; count: number } | null>(null);

  return (
    <Box>
      <PageHeader
        title={t('grid.title')}
        subtitle={t('grid.subtitle')}
        back={{ to: '/forms', label: t('forms.title') }}
      />
      <Group gap="sm" wrap="wrap" align="flex-end" mb="sm">
        <NativeSelect
          label={t('forms.dataSet')}
          value={dataSet}
          onChange={(e) => {
            setSaved(null);
            setParams({ dataSet: e.currentTarget.value, period: null });
          }}
          data={(sets.data ?? []).map((d) => ({ value: d.code, label: f.text(d.name) || d.code }))}
          data-testid="grid-data-set"
          style={{ maxWidth: '100%' }}
        />
        <OrgUnitPicker
          label={t('grid.unit')}
          value={unit}
          under={root || undefined}
          onChange={(code) => {
            setSaved(null);
            setParams({ unit: code });
          }}
          testId="grid-unit"
        />
        {ds && (
          <PeriodSelect
            label={t('grid.period')}
            value={period}
            types={[ds.periodType]}
            onChange={(code) => {
              setSaved(null);
              setParams({ period: code });
            }}
            testId="grid-period"
          />
        )}
      </Group>
      {sets.isError ? (
        <ErrorBlock error={sets.error} onRetry={() => void sets.refetch()} />
      ) : !unit || !period || !ds ? (
        sets.data ? (
          <Text size="sm" c="dimmed">
            {t('grid.pick')}
          </Text>
        ) : (
          <LoadingBlock rows={4} />
        )
      ) : grid.isError ? (
        <ErrorBlock error={grid.error} onRetry={() => void grid.refetch()} />
      ) : !grid.data ? (
        <LoadingBlock rows={8} />
      ) : grid.data.forms.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="grid-empty">
          {t('grid.none')}
        </Text>
      ) : (
        <GridBody
          key={`${dataSet}|${unit}|${period}|${grid.data.forms.map((x) => `${x.state}:${x.submission?.version ?? 0}`).join()}`}
          forms={grid.data.forms}
          ids={{ dataSet, unit, period }}
          saved={saved}
          setSaved={setSaved}
        />
      )}
    </Box>
  );
}

type Entries = Record<string, Record<string, Entry>>;
type CellErrors = Record<string, { value?: string | undefined; comment?: string | undefined }>;

const cellKey = (unit: string, indicator: string) => `${unit}|${indicator}`;
const cellId = (unit: string, indicator: string, part: 'value' | 'comment' = 'value') =>
  `grid-${part}-${unit}-${indicator}`;

function GridBody({
  forms,
  ids,
  saved,
  setSaved,
}: {
  forms: Form[];
  ids: { dataSet: string; unit: string; period: string };
  saved: { submit: boolean; count: number } | null;
  setSaved: (s: { submit: boolean; count: number } | null) => void;
}) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const phone = useMediaQuery('(max-width: 600px)');
  const columns = forms[0]!.rows;
  const [entries, setEntries] = useState<Entries>(() =>
    Object.fromEntries(forms.map((x) => [x.unit, entriesOf(x.rows)])),
  );
  const [tried, setTried] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ cells: CellErrors; rows: Record<string, string> }>({
    cells: {},
    rows: {},
  });
  const save = useSaveGrid(ids.dataSet, ids.unit, ids.period);
  const editable = forms.filter((x) => x.editable);
  /** The rows a save sends: editable ones with something entered now or stored before (an untouched row waits). */
  const toSend = editable.filter(
    (x) =>
      x.state !== 'not_started' ||
      Object.values(entries[x.unit]!).some((e) => e.value.trim() !== '' || e.comment.trim() !== ''),
  );
  const check = (form: Form, r: FormRow): RowCheck => checkRow(r, entries[form.unit]![r.indicator]!);

  const set = (unit: string, indicator: string, change: Partial<Entry>) => {
    setEntries((e) => ({ ...e, [unit]: { ...e[unit]!, [indicator]: { ...e[unit]![indicator]!, ...change } } }));
    setBlocked(false);
    setServerErrors((s) => (Object.keys(s.cells).length || Object.keys(s.rows).length ? { cells: {}, rows: {} } : s));
  };

  const localErrors = (submit: boolean): CellErrors => {
    const out: CellErrors = {};
    for (const form of toSend)
      for (const r of form.rows) {
        const p = entryProblem(check(form, r), entries[form.unit]![r.indicator]!, submit);
        if (p.value || p.comment)
          out[cellKey(form.unit, r.indicator)] = {
            value: p.value && t(p.value),
            comment: p.comment && t(p.comment),
          };
      }
    return out;
  };
  const local = localErrors(tried);

  const run = (submit: boolean) => {
    setTried(submit);
    setSaved(null);
    const errors = localErrors(submit);
    const first = Object.entries(errors)[0];
    setBlocked(Boolean(first));
    if (first) {
      const [unit, indicator] = first[0].split('|') as [string, string];
      document.getElementById(cellId(unit, indicator, first[1].value ? 'value' : 'comment'))?.focus();
      return;
    }
    if (toSend.length === 0) {
      setServerErrors({ cells: {}, rows: {} });
      setSaved({ submit, count: 0 });
      return;
    }
    const sent = toSend.map((form) => ({
      unit: form.unit,
      values: form.rows.map((r) => ({
        indicator: r.indicator,
        value: entryValue(check(form, r)),
        comment: entries[form.unit]![r.indicator]!.comment.trim() || null,
      })),
    }));
    save.mutate(
      { forms: sent, submit },
      {
        onSuccess: () => setSaved({ submit, count: sent.length }),
        onError: (error) => {
          if (!(error instanceof ApiError)) return;
          const cells: CellErrors = {};
          const rows: Record<string, string> = {};
          for (const p of error.problems) {
            const m = /^(?:body\.)?forms\[(\d+)\](?:\.values\[(\d+)\]\.(value|comment))?/.exec(p.path);
            const row = m ? sent[Number(m[1])] : undefined;
            if (!row) continue;
            const text = valueProblemKey(p.message) ? t(valueProblemKey(p.message)!) : problemText(p.message);
            const indicator = m![2] !== undefined ? row.values[Number(m![2])]?.indicator : undefined;
            if (indicator) {
              const c = (cells[cellKey(row.unit, indicator)] ??= {});
              c[m![3] as 'value' | 'comment'] ??= text;
            } else rows[row.unit] ??= text;
          }
          setServerErrors({ cells, rows });
          const first = Object.keys(cells)[0];
          if (first) document.getElementById(cellId(...(first.split('|') as [string, string])))?.focus();
        },
      },
    );
  };

  /** Enter: the next cell (along the row, then the next row); up and down: the same column. */
  const onKey = (e: KeyboardEvent<HTMLElement>, row: number, col: number) => {
    const move = (r: number, c: number) => {
      const form = forms[r];
      const ind = columns[c];
      if (!form || !ind) return false;
      const el = document.getElementById(cellId(form.unit, ind.indicator)) as HTMLInputElement | null;
      if (!el || el.disabled) return false;
      el.focus();
      el.select?.();
      return true;
    };
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      for (let i = row * columns.length + col + 1; i < forms.length * columns.length; i++)
        if (move(Math.floor(i / columns.length), i % columns.length)) return;
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      for (let r = row + step; r >= 0 && r < forms.length; r += step)
        if (move(r, col)) {
          e.preventDefault();
          return;
        }
    }
  };

  const cellProps = (form: Form, r: FormRow, row: number, col: number): CellProps => {
    const key = cellKey(form.unit, r.indicator);
    return {
      form,
      row: r,
      entry: entries[form.unit]![r.indicator]!,
      check: check(form, r),
      valueError: local[key]?.value ?? serverErrors.cells[key]?.value,
      commentError: local[key]?.comment ?? serverErrors.cells[key]?.comment,
      onChange: (change) => set(form.unit, r.indicator, change),
      onKeyDown: (e) => onKey(e, row, col),
    };
  };

  const refused = blocked || Object.keys(serverErrors.cells).length > 0 || Object.keys(serverErrors.rows).length > 0;
  return (
    <Stack gap="sm">
      {saved && (
        <Alert color={saved.count ? 'green' : 'yellow'} variant="light" role="status" data-testid="grid-saved">
          {saved.count === 0
            ? t('grid.nothingEntered')
            : t(saved.submit ? 'grid.submitted' : 'grid.savedDraft', { count: saved.count })}
        </Alert>
      )}
      {refused && (
        <Alert color="red" variant="light" role="alert" data-testid="grid-refused">
          {t('grid.refused')}
        </Alert>
      )}
      <EntryForm
        save={save}
        run={run}
        tried={tried}
        canSave={editable.length > 0}
        submitLabel={t('grid.submitAll')}
        testId="grid"
      >
        {phone ? (
          <Stack gap="xs" data-testid="grid-cards">
            {forms.map((form, i) => (
              <Paper key={form.unit} withBorder radius="sm" p="xs" data-testid="grid-row" data-unit={form.unit}>
                <RowHead form={form} error={serverErrors.rows[form.unit]} />
                <Stack gap={6} mt={6}>
                  {columns.map((r, j) => (
                    <Cell key={r.indicator} {...cellProps(form, form.rows[j] ?? r, i, j)} label />
                  ))}
                </Stack>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={300}>
            <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="grid-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('grid.unitColumn')}</Table.Th>
                  {columns.map((r) => (
                    <ColumnHead key={r.indicator} row={r} />
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {forms.map((form, i) => (
                  <Table.Tr key={form.unit} data-testid="grid-row" data-unit={form.unit}>
                    <Table.Th scope="row" style={{ fontWeight: 'normal', minWidth: 160 }}>
                      <RowHead form={form} error={serverErrors.rows[form.unit]} />
                    </Table.Th>
                    {columns.map((r, j) => (
                      <Table.Td key={r.indicator} style={{ verticalAlign: 'top', minWidth: 130 }}>
                        <Cell {...cellProps(form, form.rows[j] ?? r, i, j)} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </EntryForm>
    </Stack>
  );
}

function ColumnHead({ row }: { row: FormRow }) {
  const f = useFormat();
  return (
    <Table.Th scope="col" style={{ verticalAlign: 'bottom' }}>
      <Text size="sm" fw={600}>
        {f.text(row.name) || row.indicator}
      </Text>
      {row.unit && (
        <Text size="xs" c="dimmed">
          {row.unit}
        </Text>
      )}
    </Table.Th>
  );
}

function RowHead({ form, error }: { form: Form; error: string | undefined }) {
  const f = useFormat();
  return (
    <Box>
      <Group justify="space-between" gap={4} wrap="wrap">
        <Anchor component={Link} to={formHref(form)} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {f.text(form.unitName) || form.unit}
        </Anchor>
        <FormStateBadge form={form} />
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert" data-testid="grid-row-error">
          {error}
        </Text>
      )}
    </Box>
  );
}

interface CellProps {
  form: Form;
  row: FormRow;
  entry: Entry;
  check: RowCheck;
  valueError: string | undefined;
  commentError: string | undefined;
  onChange: (change: Partial<Entry>) => void;
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  /** On a card, each cell carries its indicator's name. */
  label?: boolean;
}

function Cell({ form, row, entry, check, valueError, commentError, onChange, onKeyDown, label }: CellProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const locked = !form.editable;
  const isOutlier = check.kind === 'ok' && check.outlier !== null;
  const name = `${f.text(row.name) || row.indicator}${row.unit ? ` (${row.unit})` : ''}`;
  const aria = `${f.text(form.unitName) || form.unit}: ${name}`;
  const common = {
    id: cellId(form.unit, row.indicator),
    size: 'xs' as const,
    disabled: locked,
    error: valueError,
    onKeyDown,
    ...(label ? { label: name } : { 'aria-label': aria }),
  };
  return (
    <Box
      data-testid="grid-cell"
      data-indicator={row.indicator}
      data-outlier={isOutlier || undefined}
      data-invalid={valueError || commentError ? true : undefined}
      style={
        isOutlier ? { borderInlineStart: '3px solid var(--mantine-color-orange-6)', paddingInlineStart: 4 } : undefined
      }
    >
      <ValueInput
        milestone={row.valueType === 'milestone'}
        value={entry.value}
        onValue={(value) => onChange({ value })}
        testId="grid-value"
        field={common}
      />
      {isOutlier && check.kind === 'ok' && (
        <Text size="xs" c="orange.8" mt={2} data-testid="grid-outlier">
          {t('grid.outlier', { median: f.number(check.outlier!.median) })}
        </Text>
      )}
      {(isOutlier || entry.comment || commentError) && (
        <TextInput
          id={cellId(form.unit, row.indicator, 'comment')}
          size="xs"
          mt={2}
          disabled={locked}
          maxLength={2000}
          placeholder={isOutlier ? t('forms.commentRequired') : t('forms.comment')}
          aria-label={`${aria} — ${isOutlier ? t('forms.commentRequired') : t('forms.comment')}`}
          value={entry.comment}
          onChange={(e) => onChange({ comment: e.currentTarget.value })}
          onKeyDown={onKeyDown}
          error={commentError}
          data-testid="grid-comment"
        />
      )}
    </Box>
  );
}
