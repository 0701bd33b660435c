/**
 * The options of the two time charts (indicator over time, assignment progress), built on
 * the shared base in time-chart.ts; pure, so the rules are unit-tested.
 */
import { dateLine, dayMs, periodMidMs, timeChartOption, type ChartLocale, type TimeSeries } from './time-chart';

export interface PeriodPoint {
  period: string;
  value: number;
}
export interface DatedPoint {
  date: string;
  value: number;
}

export interface IndicatorChartData extends ChartLocale {
  actual: PeriodPoint[];
  baseline: PeriodPoint | null;
  target: DatedPoint | null;
  milestones: DatedPoint[];
  /** The value the trend reaches at the target date; drawn from the latest actual value. */
  forecast: number | null;
  /** A rank: 1 is best and is drawn on top. */
  inverse: boolean;
  labels: {
    actual: string;
    baseline: string;
    target: string;
    milestones: string;
    forecast: string;
    planned: string;
    targetDate: string;
  };
  format: (n: number) => string;
}

type XY = Array<[number, number]>;

/** A thin line without point symbols (planned path, forecast). */
function line(name: string, data: XY, type: 'dotted' | 'dashed', width: number, color: string): TimeSeries {
  return { name, type: 'line', data, symbol: 'none', lineStyle: { type, width, color }, itemStyle: { color } };
}

/** Single marked points (baseline, milestones, target). */
function marker(name: string, data: XY, symbol: string, symbolSize: number, color: string): TimeSeries {
  return { name, type: 'scatter', data, symbol, symbolSize, itemStyle: { color } };
}

export function indicatorChartOption(props: IndicatorChartData) {
  const labels = props.labels;
  const ofPeriod = (p: PeriodPoint): [number, number] => [periodMidMs(p.period), p.value];
  const ofDate = (p: DatedPoint): [number, number] => [dayMs(p.date), p.value];
  const actual = props.actual.map(ofPeriod).sort((a, b) => a[0] - b[0]);
  const planned = [
    ...(props.baseline ? [ofPeriod(props.baseline)] : []),
    ...props.milestones.map(ofDate),
    ...(props.target ? [ofDate(props.target)] : []),
  ].sort((a, b) => a[0] - b[0]);
  const last = actual[actual.length - 1];
  const forecast =
    props.forecast !== null && props.target && last ? [last, [dayMs(props.target.date), props.forecast]] : [];
  const series: TimeSeries[] = [
    {
      name: labels.actual,
      type: 'line',
      data: actual,
      symbolSize: 7,
      lineStyle: { width: 3, color: '#1c3d6e' },
      itemStyle: { color: '#1c3d6e' },
      z: 5,
    },
    line(labels.planned, planned.length > 1 ? planned : [], 'dotted', 1.5, '#868e96'),
    line(labels.forecast, forecast as Array<[number, number]>, 'dashed', 2, '#e8590c'),
    marker(labels.baseline, props.baseline ? [ofPeriod(props.baseline)] : [], 'diamond', 12, '#495057'),
    marker(labels.milestones, props.milestones.map(ofDate), 'triangle', 11, '#1098ad'),
    {
      ...marker(labels.target, props.target ? [ofDate(props.target)] : [], 'pin', 26, '#2f9e44'),
      ...(props.target ? { markLine: dateLine(dayMs(props.target.date), labels.targetDate, '#2f9e44', 1) } : {}),
    },
  ];
  return timeChartOption({
    series,
    ...props,
    formatValue: props.format,
    years: true,
    yAxis: { scale: true, inverse: props.inverse },
  });
}

export interface ProgressPoint {
  date: string;
  percent: number;
}

const xy = (p: ProgressPoint): [number, number] => [dayMs(p.date), p.percent];

export interface ProgressChartData extends ChartLocale {
  reported: ProgressPoint[];
  /** From the last report to the projected finish at 100 %; empty without a projection. */
  projection: ProgressPoint[];
  /** The early and late ends of the range at 100 %. */
  range: ProgressPoint[];
  due: string;
  late: boolean;
  labels: { reported: string; projection: string; range: string; due: string };
  formatPercent: (p: number) => string;
}

export function progressChartOption(props: ProgressChartData) {
  const warn = props.late ? '#c92a2a' : '#2f9e44';
  return timeChartOption({
    series: [
      {
        name: props.labels.reported,
        type: 'line',
        data: props.reported.map(xy),
        symbolSize: 7,
        lineStyle: { width: 3, color: '#1c3d6e' },
        itemStyle: { color: '#1c3d6e' },
        z: 5,
        markLine: dateLine(dayMs(props.due), props.labels.due, '#495057', 1.5),
      },
      {
        name: props.labels.projection,
        type: 'line',
        data: props.projection.map(xy),
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { type: 'dashed', width: 2, color: warn },
        itemStyle: { color: warn },
      },
      {
        name: props.labels.range,
        type: 'scatter',
        data: props.range.map(xy),
        symbol: 'rect',
        symbolSize: [3, 14],
        itemStyle: { color: warn, opacity: 0.7 },
      },
    ],
    ...props,
    formatValue: props.formatPercent,
    left: 48,
    yAxis: { min: 0, max: 100 },
  });
}
