/**
 * An assignment's progress over time: the reported percentages, the early warning's
 * projection to 100 % (dashed) with its range (dotted), and the due date. Only the
 * ECharts parts used here are imported; the chart is loaded lazily by the assignment page.
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

export interface ProgressPoint {
  date: string;
  percent: number;
}

export interface ProgressChartProps {
  reported: ProgressPoint[];
  /** From the last report to the projected finish at 100 %; empty without a projection. */
  projection: ProgressPoint[];
  /** The early and late ends of the range at 100 %. */
  range: ProgressPoint[];
  due: string;
  late: boolean;
  labels: { reported: string; projection: string; range: string; due: string };
  formatDate: (iso: string) => string;
  formatPercent: (p: number) => string;
  formatTick: (ms: number) => string;
  rtl: boolean;
  ariaLabel: string;
}

const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);

export default function ProgressChart(props: ProgressChartProps) {
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
    const { labels } = props;
    const xy = (p: ProgressPoint): [number, number] => [ms(p.date), p.percent];
    const warn = props.late ? '#c92a2a' : '#2f9e44';
    c.setOption(
      {
        animation: false,
        // Time runs left to right in every language (as DHIS2 and Power BI draw it): a rising trend reads as a rise in Arabic too.
        grid: { left: 48, right: 24, top: 40, bottom: 32 },
        legend: {
          top: 0,
          right: props.rtl ? undefined : 0,
          left: props.rtl ? 0 : undefined,
          textStyle: { fontSize: 11 },
        },
        tooltip: {
          trigger: 'item',
          formatter: (p: { seriesName: string; value: [number, number] }) =>
            `${p.seriesName}<br/>${props.formatDate(new Date(p.value[0]).toISOString().slice(0, 10))}: <b>${props.formatPercent(p.value[1])}</b>`,
        },
        xAxis: {
          type: 'time',
          axisLabel: { formatter: (v: number) => props.formatTick(v), hideOverlap: true },
          splitNumber: 6,
        },
        yAxis: {
          type: 'value',
          min: 0,
          max: 100,
          position: 'left',
          axisLabel: { formatter: (v: number) => props.formatPercent(v) },
        },
        series: [
          {
            name: labels.reported,
            type: 'line',
            data: props.reported.map(xy),
            symbolSize: 7,
            lineStyle: { width: 3, color: '#1c3d6e' },
            itemStyle: { color: '#1c3d6e' },
            z: 5,
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#495057', type: 'solid', width: 1.5 },
              label: { formatter: labels.due, fontSize: 10 },
              data: [{ xAxis: ms(props.due) }],
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
      data-testid="progress-chart"
      style={{ width: '100%', height: 280 }}
    />
  );
}
