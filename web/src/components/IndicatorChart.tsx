/**
 * An indicator over time: actual values, baseline, milestones, the target (marker and a
 * line at the target date), the planned path and the forecast trend (chart-options.ts).
 */
import { useMemo } from 'react';
import { indicatorChartOption, type IndicatorChartData } from './chart-options';
import { TimeChart } from './TimeChart';

export type IndicatorChartProps = IndicatorChartData & { ariaLabel: string };

export default function IndicatorChart(props: IndicatorChartProps) {
  const option = useMemo(() => indicatorChartOption(props), [props]);
  return <TimeChart option={option} ariaLabel={props.ariaLabel} testId="indicator-chart" height={360} />;
}
