/**
 * An indicator over time: actual values, baseline, milestones, the target (marker and a
 * line at the target date), the planned path and the forecast trend. The chart lives in
 * the lazily loaded indicator page.
 */
import type { ScatterSeriesOption } from 'echarts/charts';
import { dayMs, measuredLine, TimeChart, type TimeChartProps } from './TimeChart';

export interface ChartPoint {
  date: string;
  value: number;
}

/** The date formats, direction and label come as the time chart takes them. */
export interface IndicatorChartProps extends Pick<TimeChartProps, 'formatDate' | 'formatTick' | 'rtl' | 'ariaLabel'> {
  actual: ChartPoint[];
  baseline: ChartPoint | null;
  target: ChartPoint | null;
  milestones: ChartPoint[];
  forecast: ChartPoint[];
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

const xy = (p: ChartPoint): [number, number] => [dayMs(p.date), p.value];

/** A series of markers: one symbol and colour for every point. */
const markers = (name: string, points: ChartPoint[], symbol: string, symbolSize: number, color: string) =>
  ({
    name,
    type: 'scatter',
    data: points.map(xy),
    symbol,
    symbolSize,
    itemStyle: { color },
  }) satisfies ScatterSeriesOption;

export default function IndicatorChart(props: IndicatorChartProps) {
  const { labels } = props;
  const planned = [props.baseline, ...props.milestones, props.target]
    .filter((p): p is ChartPoint => !!p)
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  return (
    <TimeChart
      {...props} // the date formats, direction and label
      series={[
        measuredLine(labels.actual, props.actual.map(xy)),
        {
          name: labels.planned,
          type: 'line',
          data: planned.map(xy),
          symbol: 'none',
          lineStyle: { type: 'dotted', color: '#868e96', width: 1.5 },
          itemStyle: { color: '#868e96' },
        },
        {
          name: labels.forecast,
          type: 'line',
          data: props.forecast.map(xy),
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 2, color: '#e8590c' },
          itemStyle: { color: '#e8590c' },
        },
        markers(labels.baseline, props.baseline ? [props.baseline] : [], 'diamond', 12, '#495057'),
        markers(labels.milestones, props.milestones, 'triangle', 11, '#1098ad'),
        {
          ...markers(labels.target, props.target ? [props.target] : [], 'pin', 26, '#2f9e44'),
          markLine: props.target
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#2f9e44', type: 'solid', width: 1 },
                label: { formatter: labels.targetDate, fontSize: 10 },
                data: [{ xAxis: dayMs(props.target.date) }],
              }
            : undefined,
        },
      ]}
      valueAxis={{ scale: true }}
      axisWidth={56}
      formatValue={props.format}
      testId="indicator-chart"
      height={340}
    />
  );
}
