/**
 * An indicator over time: actual values, baseline, milestones, the target (marker and a
 * line at the target date), the planned path and the forecast trend. Only the ECharts
 * parts used here are imported; the chart lives in the lazily loaded indicator page.
 */
import { useEffect, useRef } from 'react';
import { init, use as registerECharts, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

registerECharts([
  LineChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface ChartPoint {
  date: string;
  value: number;
}

export interface IndicatorChartProps {
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
  formatDate: (iso: string) => string;
  /** An axis tick: a year on 1 January, else month and year. */
  formatTick: (ms: number) => string;
  rtl: boolean;
  ariaLabel: string;
}

export default function IndicatorChart(props: IndicatorChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const { labels, format, formatDate } = props;
    const t = (p: ChartPoint): [number, number] => [Date.parse(`${p.date}T00:00:00Z`), p.value];
    const planned = [props.baseline, ...props.milestones, props.target]
      .filter((p): p is ChartPoint => !!p)
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    c.setOption(
      {
        animation: false,
        // Time runs left to right in every language (as DHIS2 and Power BI draw it): a rising trend reads as a rise in Arabic too.
        grid: { left: 56, right: 24, top: 40, bottom: 32 },
        legend: {
          top: 0,
          right: props.rtl ? undefined : 0,
          left: props.rtl ? 0 : undefined,
          textStyle: { fontSize: 11 },
        },
        tooltip: {
          trigger: 'item',
          formatter: (p: { seriesName: string; value: [number, number] }) =>
            `${p.seriesName}<br/>${formatDate(new Date(p.value[0]).toISOString().slice(0, 10))}: <b>${format(p.value[1])}</b>`,
        },
        xAxis: {
          type: 'time',
          axisLabel: { formatter: (v: number) => props.formatTick(v), hideOverlap: true },
          splitNumber: 6,
        },
        yAxis: {
          type: 'value',
          scale: true,
          position: 'left',
          axisLabel: { formatter: (v: number) => format(v) },
        },
        series: [
          {
            name: labels.actual,
            type: 'line',
            data: props.actual.map(t),
            symbolSize: 7,
            lineStyle: { width: 3, color: '#1c3d6e' },
            itemStyle: { color: '#1c3d6e' },
            z: 5,
          },
          {
            name: labels.planned,
            type: 'line',
            data: planned.map(t),
            symbol: 'none',
            lineStyle: { type: 'dotted', color: '#868e96', width: 1.5 },
            itemStyle: { color: '#868e96' },
          },
          {
            name: labels.forecast,
            type: 'line',
            data: props.forecast.map(t),
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 2, color: '#e8590c' },
            itemStyle: { color: '#e8590c' },
          },
          {
            name: labels.baseline,
            type: 'scatter',
            data: props.baseline ? [t(props.baseline)] : [],
            symbol: 'diamond',
            symbolSize: 12,
            itemStyle: { color: '#495057' },
          },
          {
            name: labels.milestones,
            type: 'scatter',
            data: props.milestones.map(t),
            symbol: 'triangle',
            symbolSize: 11,
            itemStyle: { color: '#1098ad' },
          },
          {
            name: labels.target,
            type: 'scatter',
            data: props.target ? [t(props.target)] : [],
            symbol: 'pin',
            symbolSize: 26,
            itemStyle: { color: '#2f9e44' },
            markLine: props.target
              ? {
                  symbol: 'none',
                  silent: true,
                  lineStyle: { color: '#2f9e44', type: 'solid', width: 1 },
                  label: { formatter: labels.targetDate, fontSize: 10 },
                  data: [{ xAxis: Date.parse(`${props.target.date}T00:00:00Z`) }],
                }
              : undefined,
          },
        ],
      },
      { notMerge: true },
    );
  }, [props]);

  return (
    <div
      ref={el}
      role="img"
      aria-label={props.ariaLabel}
      data-testid="indicator-chart"
      style={{ width: '100%', height: 340 }}
    />
  );
}
