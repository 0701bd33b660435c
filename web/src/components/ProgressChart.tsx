/**
 * An assignment's progress over time: the reported percentages, the early warning's
 * projection to 100 % (dashed) with its range (dotted), and the due date. The chart is
 * loaded lazily by the assignment page.
 */
import { dayMs, measuredLine, TimeChart, type TimeChartProps } from './TimeChart';

export interface ProgressPoint {
  date: string;
  percent: number;
}

/** The date formats, direction and label come as the time chart takes them. */
export interface ProgressChartProps extends Pick<TimeChartProps, 'formatDate' | 'formatTick' | 'rtl' | 'ariaLabel'> {
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

const xy = (p: ProgressPoint): [number, number] => [dayMs(p.date), p.percent];

export default function ProgressChart(props: ProgressChartProps) {
  const { labels } = props;
  const warn = props.late ? '#c92a2a' : '#2f9e44';
  return (
    <TimeChart
      {...props} // the date formats, direction and label
      series={[
        {
          ...measuredLine(labels.reported, props.reported.map(xy)),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#495057', type: 'solid', width: 1.5 },
            label: { formatter: labels.due, fontSize: 10 },
            data: [{ xAxis: dayMs(props.due) }],
          },
        },
        {
          name: labels.projection,
          type: 'line',
          data: props.projection.map(xy),
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { type: 'dashed', width: 2, color: warn },
          itemStyle: { color: warn },
        },
        {
          name: labels.range,
          type: 'scatter',
          data: props.range.map(xy),
          symbol: 'rect',
          symbolSize: [3, 14],
          itemStyle: { color: warn, opacity: 0.7 },
        },
      ]}
      valueAxis={{ min: 0, max: 100 }}
      axisWidth={48}
      formatValue={props.formatPercent}
      testId="progress-chart"
      height={280}
    />
  );
}
