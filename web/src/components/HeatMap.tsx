/**
 * Areas (or programmes) × lead agencies, coloured by the share of overdue work. Only
 * the ECharts parts used here are imported, to keep the overview's bundle small.
 */
import { useEffect, useRef } from 'react';
import { init, use as registerECharts, type ECharts } from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

registerECharts([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Overdue share 0 → 1: pale green (nothing overdue) through orange to dark red. */
export const HEAT_STOPS = ['#ebfbee', '#ffe8cc', '#ffa94d', '#f03e3e', '#a61e1e'];

export interface HeatCell {
  x: number;
  y: number;
  share: number;
  overdue: number;
  total: number;
}

export interface HeatMapProps {
  columns: string[];
  columnsFull: string[];
  rows: string[];
  rowsFull: string[];
  cells: HeatCell[];
  rtl: boolean;
  /** Colour by the overdue count (the biggest problem darkest) or by the overdue share of each cell. */
  colourBy: 'count' | 'share';
  labels: { share: string; overdue: string; total: string; none: string };
  formatShare: (v: number) => string;
  formatNumber: (v: number) => string;
  onCell: (x: number, y: number) => void;
  ariaLabel: string;
  fontFamily: string;
}

export function HeatMap(props: HeatMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const handler = useRef(props.onCell);
  useEffect(() => {
    handler.current = props.onCell;
  });

  useEffect(() => {
    if (!ref.current) return;
    const c = init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => {
      const v = e.value as [number, number, number] | undefined;
      if (v) handler.current(v[0], v[1]);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const { columns, rows, cells, rtl, labels, formatShare, formatNumber } = props;
    const maxCount = Math.max(1, ...cells.map((c) => c.overdue));
    const colour = (cell: HeatCell) => (props.colourBy === 'count' ? cell.overdue / maxCount : cell.share);
    c.setOption(
      {
        textStyle: { fontFamily: props.fontFamily },
        animation: false,
        grid: { top: 8, bottom: 8, left: rtl ? 16 : 8, right: rtl ? 8 : 16, containLabel: true },
        tooltip: {
          position: 'top',
          formatter: (p: { value: [number, number, number, number, number, number] }) => {
            const [x, y, , overdue, total, share] = p.value;
            const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
            return `<div style="max-width:320px;white-space:normal"><b>${esc(props.rowsFull[y] ?? '')}</b><br/>${esc(props.columnsFull[x] ?? '')}<br/>${labels.share}: <b>${formatShare(share)}</b><br/>${labels.overdue}: ${formatNumber(overdue)} / ${labels.total}: ${formatNumber(total)}</div>`;
          },
        },
        xAxis: {
          type: 'category',
          data: columns,
          inverse: rtl,
          splitArea: { show: true },
          axisLabel: { rotate: 35, fontSize: 11, color: '#495057', interval: 0 },
          axisTick: { show: false },
        },
        yAxis: {
          type: 'category',
          data: rows,
          inverse: true,
          position: rtl ? 'right' : 'left',
          splitArea: { show: true },
          axisLabel: { fontSize: 11, color: '#495057' },
          axisTick: { show: false },
        },
        // ECharts' heat map needs a visual map; ours is hidden and the legend drawn below in HTML.
        visualMap: { show: false, min: 0, max: 1, dimension: 2, inRange: { color: HEAT_STOPS } },
        series: [
          {
            type: 'heatmap',
            data: cells.map((cell) => ({
              value: [cell.x, cell.y, colour(cell), cell.overdue, cell.total, cell.share],
              label: { color: colour(cell) > 0.6 ? '#fff' : '#212529' },
            })),
            label: {
              show: true,
              fontSize: 10,
              formatter: (p: { value: [number, number, number, number] }) =>
                p.value[3] ? formatNumber(p.value[3]) : '',
            },
            itemStyle: { borderColor: '#fff', borderWidth: 2, borderRadius: 3 },
            emphasis: { itemStyle: { borderColor: '#1c3d6e', borderWidth: 2 } },
            cursor: 'pointer',
          },
        ],
      },
      { notMerge: true },
    );
  }, [props]);

  return (
    <>
      <div
        ref={ref}
        role="img"
        aria-label={props.ariaLabel}
        style={{ width: '100%', height: Math.max(200, props.rows.length * 26 + 90) }}
      />
      <div
        aria-hidden="true"
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          gap: 8,
          fontSize: 11,
          color: '#5c636a',
          marginTop: 4,
        }}
      >
        <span>{props.colourBy === 'count' ? props.formatNumber(0) : props.formatShare(0)}</span>
        <span
          style={{
            width: 160,
            height: 10,
            borderRadius: 5,
            background: `linear-gradient(to ${props.rtl ? 'left' : 'right'}, ${HEAT_STOPS.join(',')})`,
          }}
        />
        <span>
          {props.colourBy === 'count'
            ? props.formatNumber(Math.max(1, ...props.cells.map((c) => c.overdue)))
            : props.formatShare(1)}
        </span>
      </div>
    </>
  );
}
