/**
 * The base of the time charts (an assignment's progress, an indicator over time): ECharts
 * with only the parts they use, drawn on a canvas that follows the window's size, with a
 * legend, an item tooltip ("series, date: value") and a time axis that runs right to left
 * in Arabic. A chart gives its series and value axis; the option is set anew on each render.
 */
import { useEffect, useRef } from 'react';
import { init, use as registerECharts, type ECharts } from 'echarts/core';
import { LineChart, ScatterChart, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
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

/** The x of a day (YYYY-MM-DD): its UTC midnight in milliseconds. */
export const dayMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The measured series (reported percentages, actual values): a thick navy line over the others. */
export const measuredLine = (name: string, data: Array<[number, number]>) =>
  ({
    name,
    type: 'line',
    data,
    symbolSize: 7,
    lineStyle: { width: 3, color: '#1c3d6e' },
    itemStyle: { color: '#1c3d6e' },
    z: 5,
  }) satisfies LineSeriesOption;

export interface TimeChartProps {
  series: Array<LineSeriesOption | ScatterSeriesOption>;
  /** The value axis beyond its side and labels: a fixed range or `scale`. */
  valueAxis: { min?: number; max?: number; scale?: boolean };
  /** Room for the value axis' labels, in pixels. */
  axisWidth: number;
  formatValue: (v: number) => string;
  formatDate: (iso: string) => string;
  formatTick: (ms: number) => string;
  rtl: boolean;
  ariaLabel: string;
  testId: string;
  height: number;
}

export function TimeChart(props: TimeChartProps) {
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
    const { rtl, axisWidth, formatValue, formatDate } = props;
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: rtl ? 24 : axisWidth, right: rtl ? axisWidth : 24, top: 40, bottom: 32 },
        legend: { top: 0, right: rtl ? undefined : 0, left: rtl ? 0 : undefined, textStyle: { fontSize: 11 } },
        tooltip: {
          trigger: 'item',
          formatter: (p: { seriesName: string; value: [number, number] }) =>
            `${p.seriesName}<br/>${formatDate(new Date(p.value[0]).toISOString().slice(0, 10))}: <b>${formatValue(p.value[1])}</b>`,
        },
        xAxis: {
          type: 'time',
          inverse: rtl,
          axisLabel: { formatter: (v: number) => props.formatTick(v), hideOverlap: true },
          splitNumber: 6,
        },
        yAxis: {
          type: 'value',
          ...props.valueAxis,
          position: rtl ? 'right' : 'left',
          axisLabel: { formatter: (v: number) => formatValue(v) },
        },
        series: props.series,
      },
      { notMerge: true },
    );
  }, [props]);

  return (
    <div
      ref={el}
      role="img"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      style={{ width: '100%', height: props.height }}
    />
  );
}
