/** The time charts' rules (issue 16, complaint 8): legend, target label, rank axis, period positions, decimals; and the values-by-unit table. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  indicatorChartOption,
  progressChartOption,
  type IndicatorChartData,
} from '../../web/src/components/chart-options.js';
import { dayMs, decimalsOf, periodMidMs, yearBands } from '../../web/src/components/time-chart.js';
import { sortUnits, tone, valueTable } from '../../web/src/pages/indicators/values-table.js';

const LABELS = {
  actual: 'Actual',
  baseline: 'Baseline',
  target: 'Target',
  milestones: 'Milestones',
  forecast: 'Forecast',
  planned: 'Planned path',
  targetDate: 'target date',
};
const base: IndicatorChartData = {
  actual: [],
  baseline: null,
  target: null,
  milestones: [],
  forecast: null,
  inverse: false,
  labels: LABELS,
  format: String,
  formatDate: String,
  formatTick: (ms) => String(new Date(ms).getUTCFullYear()),
  rtl: false,
};
const EGDI: IndicatorChartData = {
  ...base,
  actual: [
    { period: '2018', value: 88 },
    { period: '2020', value: 86 },
    { period: '2022', value: 86 },
    { period: '2024', value: 71 },
  ],
  baseline: { period: '2022', value: 86 },
  target: { date: '2024-12-31', value: 81 },
  inverse: true,
};
const year = (ms: number) => new Date(ms).getUTCFullYear();

describe('indicator chart', () => {
  it('lists in the legend only the series it draws', () => {
    const only = indicatorChartOption({ ...base, actual: [{ period: '2024', value: 3 }] });
    expect(only.legend.data).toEqual(['Actual']);
    expect(only.series.map((s) => s.name)).toEqual(['Actual']);
    const all = indicatorChartOption({
      ...EGDI,
      milestones: [{ date: '2023-12-31', value: 84 }],
      forecast: 70,
    });
    expect(all.legend.data).toEqual(['Actual', 'Planned path', 'Forecast', 'Baseline', 'Milestones', 'Target']);
    // No forecast without a value for it; no planned path from a single point.
    const noForecast = indicatorChartOption({ ...EGDI, baseline: null, forecast: null });
    expect(noForecast.legend.data).toEqual(['Actual', 'Target']);
  });

  it('keeps the legend below the plot and the target label inside it, on the reading side in Arabic', () => {
    const o = indicatorChartOption(EGDI);
    expect(o.legend.bottom).toBe(0);
    expect((o.legend as Record<string, unknown>).top).toBeUndefined();
    expect(o.grid.bottom).toBeGreaterThanOrEqual(48);
    const target = o.series.find((s) => s.name === 'Target') as unknown as {
      markLine: { label: { position: string } };
    };
    expect(target.markLine.label.position).toMatch(/^inside/);
    expect(o.legend.left).toBe(0);
    const ar = indicatorChartOption({ ...EGDI, rtl: true });
    expect(ar.legend.right).toBe(0);
    expect(ar.legend.left).toBeUndefined();
    // Time runs left to right in every language.
    expect((ar.xAxis as { inverse?: boolean }).inverse).toBeUndefined();
  });

  it('puts rank 1 on top for a rank indicator, and not otherwise', () => {
    expect((indicatorChartOption(EGDI).yAxis as Record<string, unknown>).inverse).toBe(true);
    expect((indicatorChartOption({ ...EGDI, inverse: false }).yAxis as Record<string, unknown>).inverse).toBe(false);
  });

  it('draws each period in the middle of its year band, the label of that year above it', () => {
    const o = indicatorChartOption(EGDI);
    const actual = o.series[0]!.data;
    const labels = (o.xAxis as { axisLabel: { customValues: number[] } }).axisLabel.customValues;
    for (const [x] of actual) expect(labels).toContain(x);
    expect(actual.map(([x]) => year(x))).toEqual([2018, 2020, 2022, 2024]);
    // The baseline of 2022 stands where the 2022 value stands; the target dated 31 December 2024 in the 2024 band.
    const baseline = o.series.find((s) => s.name === 'Baseline')!.data[0]!;
    expect(baseline[0]).toBe(actual[2]![0]);
    const target = o.series.find((s) => s.name === 'Target')!.data[0]!;
    expect(year(target[0])).toBe(2024);
    // The forecast starts at the latest value's point.
    const f = indicatorChartOption({ ...EGDI, forecast: 75 }).series.find((s) => s.name === 'Forecast')!;
    expect(f.data[0]).toEqual(actual[3]);
  });

  it('places any period inside its own period, in the middle of its year band', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2060 }),
        fc.constantFrom('', 'Q1', 'Q2', 'Q3', 'Q4', 'M01', 'M02', 'M06', 'M12'),
        (y, suffix) => {
          const x = periodMidMs(`${y}${suffix}`);
          expect(year(x)).toBe(y);
          const bands = yearBands(x, x);
          expect(bands.ticks).toEqual([Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)]);
          expect(bands.labels).toEqual([periodMidMs(String(y))]);
          expect(x).toBeGreaterThanOrEqual(bands.min);
          expect(x).toBeLessThan(bands.max);
        },
      ),
    );
  });
});

describe('progress chart', () => {
  it('shares the base: legend lists drawn series only, due line labelled inside the plot', () => {
    const o = progressChartOption({
      reported: [{ date: '2025-01-10', percent: 20 }],
      projection: [],
      range: [],
      due: '2025-06-30',
      late: false,
      labels: { reported: 'Reported', projection: 'Projection', range: 'Range', due: 'Due date' },
      formatDate: String,
      formatPercent: String,
      formatTick: String,
      rtl: true,
    });
    expect(o.legend.data).toEqual(['Reported']);
    expect(o.legend.right).toBe(0);
    const reported = o.series[0] as unknown as {
      markLine: { data: Array<{ xAxis: number }>; label: { position: string } };
    };
    expect(reported.markLine.data[0]!.xAxis).toBe(dayMs('2025-06-30'));
    expect(reported.markLine.label.position).toMatch(/^inside/);
    expect(o.yAxis).toMatchObject({ min: 0, max: 100 });
  });
});

describe('decimals', () => {
  it('one count for a whole series: enough for every value, at most two', () => {
    expect(decimalsOf([1, 2, 3])).toBe(0);
    expect(decimalsOf([12.5, 13, 14])).toBe(1);
    expect(decimalsOf([1.45, 2])).toBe(2);
    expect(decimalsOf([1 / 3])).toBe(2);
    expect(decimalsOf([0.1 + 0.2])).toBe(1);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.integer({ min: 0, max: 2 }),
        (ints, d) => {
          const values = ints.map((i) => i / 10 ** d);
          const got = decimalsOf(values);
          expect(got).toBeLessThanOrEqual(d);
          for (const v of values) expect(Number(v.toFixed(got))).toBeCloseTo(v, 9);
        },
      ),
    );
  });
});

describe('values by unit', () => {
  const rows = [
    { unit: 'B', name: { en: 'Bac Ninh' }, period: '2023', value: 10 },
    { unit: 'B', name: { en: 'Bac Ninh' }, period: '2024', value: 30 },
    { unit: 'A', name: { en: 'An Giang' }, period: '2024', value: 50 },
    { unit: 'C', name: { en: 'Ca Mau' }, period: '2024', value: null },
  ];
  const table = valueTable(rows, (n, c) => n.en ?? c);

  it('sorts by name and by a period value, units without a value last either way', () => {
    expect(table.periods).toEqual(['2023', '2024']);
    expect(sortUnits(table.units, { period: null, desc: false }, 'en').map((u) => u.unit)).toEqual(['A', 'B', 'C']);
    expect(sortUnits(table.units, { period: null, desc: true }, 'en').map((u) => u.unit)).toEqual(['C', 'B', 'A']);
    expect(sortUnits(table.units, { period: '2024', desc: true }, 'en').map((u) => u.unit)).toEqual(['A', 'B', 'C']);
    expect(sortUnits(table.units, { period: '2024', desc: false }, 'en').map((u) => u.unit)).toEqual(['B', 'A', 'C']);
    expect(sortUnits(table.units, { period: '2023', desc: false }, 'en').map((u) => u.unit)).toEqual(['B', 'A', 'C']);
  });

  it('marks a value against its target in the indicator direction', () => {
    expect(tone(50, 40, 'higher_is_better')).toBe('met');
    expect(tone(30, 40, 'higher_is_better')).toBe('not_met');
    expect(tone(71, 81, 'lower_is_better')).toBe('met');
    expect(tone(86, 81, 'lower_is_better')).toBe('not_met');
    expect(tone(null, 81, 'lower_is_better')).toBe('none');
    expect(tone(3, undefined, 'higher_is_better')).toBe('none');
  });
});

describe('indicator units', () => {
  it('every word unit of the demo indicators is translated in all four catalogues, not copied from English', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('../../demo/indicators/', import.meta.url);
    const units = new Set<string>();
    for (const file of readdirSync(dir).filter((x) => x.endsWith('.yaml')))
      for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/^ {4}unit: '?([^'\n]+)'?$/gm))
        units.add(m[1]!);
    const words = [...units].filter((u) => /^[a-z][a-z_]*$/.test(u));
    expect(words.length).toBeGreaterThan(0);
    const catalogue = (lang: string) =>
      JSON.parse(readFileSync(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as {
        measureUnit: Record<string, string>;
      };
    const en = catalogue('en');
    for (const u of words) {
      expect(en.measureUnit[u], u).toBeTruthy();
      for (const lang of ['vi', 'zh', 'ar']) {
        const text = catalogue(lang).measureUnit[u];
        expect(text, `${lang} ${u}`).toBeTruthy();
        expect(text, `${lang} ${u}`).not.toBe(en.measureUnit[u]);
      }
    }
  });
});
