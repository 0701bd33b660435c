/**
 * What the indicator and progress charts share, as plain ECharts options (no React, no
 * ECharts runtime, so the rules are unit-tested): a time axis that runs left to right in
 * every language (as DHIS2 and Power BI draw it, so a rising trend reads as a rise in
 * Arabic too), a legend below the plot that lists only the series actually drawn and
 * starts on the reading side, and a tooltip with the localised date and value.
 *
 * A period's value is drawn at the middle of its period, and when the chart spans years
 * the axis is cut into year bands labelled in their middle: the 2024 value stands above
 * "2024", a target dated 31 December 2024 at the end of that band.
 */
import { parsePeriod, periodEnd, periodStart } from '../../../src/domain/period';

export const DAY_MS = 86_400_000;

/** Midnight UTC of an ISO date, in milliseconds. */
export function dayMs(iso: string): number {
  return Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
}

/** The middle of a period (2024 → 2 July 2024, 2024M03 → 16 March 2024); a date stays itself. */
export function periodMidMs(period: string): number {
  const p = parsePeriod(period);
  if (!p) return dayMs(period);
  const start = dayMs(periodStart(p));
  const end = dayMs(periodEnd(p)) + DAY_MS;
  return Math.round((start + end) / 2 / DAY_MS) * DAY_MS;
}

/** Year bands over [min, max]: boundaries (1 January) as ticks, the middle of each year as its label. */
export function yearBands(
  minMs: number,
  maxMs: number,
): { min: number; max: number; ticks: number[]; labels: number[] } {
  const first = new Date(minMs).getUTCFullYear();
  const last = new Date(maxMs).getUTCFullYear();
  const ticks: number[] = [];
  const labels: number[] = [];
  for (let y = first; y <= last + 1; y++) ticks.push(Date.UTC(y, 0, 1));
  for (let y = first; y <= last; y++) labels.push(periodMidMs(String(y)));
  return { min: ticks[0]!, max: ticks[ticks.length - 1]!, ticks, labels };
}

/** The fraction digits that show every value as given, at most `max` (one count for a whole series, table and axis). */
export function decimalsOf(values: readonly number[], max = 2): number {
  let d = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    for (let k = d; k < max && Math.abs(Math.round(v * 10 ** k) - v * 10 ** k) > 1e-9 * Math.max(1, Math.abs(v)); k++)
      d = k + 1;
  }
  return d;
}

export interface TimeSeries {
  name: string;
  type: 'line' | 'scatter';
  data: Array<[number, number]>;
  [option: string]: unknown;
}

/** The language's side of a chart: dates and ticks in its words, the legend on its reading side. */
export interface ChartLocale {
  formatDate: (iso: string) => string;
  /** A tick of the default time axis: the year on 1 January, else month and year. */
  formatTick: (ms: number) => string;
  rtl: boolean;
}

export interface TimeChartBase extends ChartLocale {
  series: TimeSeries[];
  formatValue: (n: number) => string;
  /** Draw year bands (ticks on 1 January, labels mid-year) instead of ECharts' own ticks. */
  years?: boolean;
  yAxis: Record<string, unknown>;
  /** Room on the start side for the value labels. */
  left?: number;
}

/** The ECharts option of a time chart: only series with points are drawn and listed in the legend. */
export function timeChartOption(base: TimeChartBase) {
  const drawn = base.series.filter((s) => s.data.length > 0 || s.markLine !== undefined);
  const listed = drawn.filter((s) => s.data.length > 0).map((s) => s.name);
  const xs = drawn.flatMap((s) => s.data.map((p) => p[0]));
  const bands = base.years && xs.length > 0 ? yearBands(Math.min(...xs), Math.max(...xs)) : null;
  const yearLabel = (ms: number) => base.formatTick(Date.UTC(new Date(ms).getUTCFullYear(), 0, 1));
  return {
    animation: false,
    // The legend sits below the plot, so neither a mark label nor the top of the line runs into it.
    grid: { left: base.left ?? 56, right: 24, top: 24, bottom: 64 },
    legend: {
      data: listed,
      bottom: 0,
      // Starts on the reading side: the legend flips with the language, the time axis does not.
      left: base.rtl ? undefined : 0,
      right: base.rtl ? 0 : undefined,
      textStyle: { fontSize: 11 },
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; value: [number, number] }) =>
        `${p.seriesName}<br/>${base.formatDate(new Date(p.value[0]).toISOString().slice(0, 10))}: <b>${base.formatValue(p.value[1])}</b>`,
    },
    xAxis: bands
      ? {
          type: 'time',
          min: bands.min,
          max: bands.max,
          axisTick: { show: true, customValues: bands.ticks },
          splitLine: { show: true, customValues: bands.ticks, lineStyle: { color: '#f1f3f5' } },
          axisLabel: { customValues: bands.labels, formatter: yearLabel, hideOverlap: true },
        }
      : {
          type: 'time',
          axisLabel: { formatter: (v: number) => base.formatTick(v), hideOverlap: true },
          splitNumber: 6,
        },
    yAxis: {
      type: 'value',
      position: 'left',
      axisLabel: { formatter: (v: number) => base.formatValue(v) },
      ...base.yAxis,
    },
    series: drawn,
  };
}

/** A vertical line at a date, its label inside the plot along the line (never cut at the edge, never on the legend). */
export function dateLine(ms: number, label: string, color: string, width: number) {
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { color, type: 'solid', width },
    label: { formatter: label, fontSize: 10, position: 'insideEndTop', color },
    data: [{ xAxis: ms }],
  };
}
