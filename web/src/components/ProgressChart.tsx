/**
 * An assignment's progress over time: the reported percentages, the early warning's
 * projection to 100 % (dashed) with its range (dotted), and the due date (chart-options.ts).
 */
import { useMemo } from 'react';
import { progressChartOption, type ProgressChartData } from './chart-options';
import { TimeChart } from './TimeChart';

export type ProgressChartProps = ProgressChartData & { ariaLabel: string };

export default function ProgressChart(props: ProgressChartProps) {
  const option = useMemo(() => progressChartOption(props), [props]);
  return <TimeChart option={option} ariaLabel={props.ariaLabel} testId="progress-chart" height={300} />;
}
