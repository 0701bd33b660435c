/** A reporting period picked from a list labelled as people say it ("Quý 1/2024"), never typed as a code. */
import { NativeSelect } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPeriod, periodOf, type Period, type PeriodType } from '../../../src/domain/period-code';
import { useFormat } from '../lib/format';

/** The periods a meeting looks back on: this and the previous months, quarters and years. */
export function recentPeriods(today: string, type: PeriodType, count: number): string[] {
  const out: string[] = [];
  let p: Period = periodOf(today, type);
  for (let i = 0; i < count; i++) {
    out.push(formatPeriod(p));
    p =
      type === 'year'
        ? { type, year: p.year - 1, index: 0 }
        : p.index > 1
          ? { type, year: p.year, index: p.index - 1 }
          : { type, year: p.year - 1, index: type === 'month' ? 12 : 4 };
  }
  return out;
}

/** A period picked from a list labelled as people say it ("Quý 1/2024"), never typed as a code. */
export function PeriodSelect({
  label,
  value,
  onChange,
  testId,
  error,
  description,
  types,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  testId?: string;
  error?: string | undefined;
  description?: string | undefined;
  /** Only periods of these types (a data set's own). */
  types?: readonly PeriodType[] | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const today = new Date().toISOString().slice(0, 10);
  const typeKey = types?.join(',') ?? '';
  const data = useMemo(
    () =>
      (
        [
          ['quarter', 12],
          ['month', 24],
          ['year', 5],
        ] as const
      )
        .filter(([type]) => !typeKey || typeKey.split(',').includes(type))
        .map(([type, n]) => ({
          group: t(`period.kind.${type}`),
          items: recentPeriods(today, type, n).map((code) => ({ value: code, label: f.period(code) })),
        })),
    [f, t, today, typeKey],
  );
  // A period outside the recent ones (a returned report of long ago) is offered too.
  const known = data.some((g) => g.items.some((i) => i.value === value));
  const options = known || !value ? data : [{ group: '', items: [{ value, label: f.period(value) }] }, ...data];
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={options}
      data-testid={testId}
      error={error}
      description={description}
    />
  );
}
