/** Completeness figures as the pages show them: a rate's colour and the unit × period grid. */
import type { Completeness, CompletenessCounts } from '../../api/types';

/** Red below 50 %, orange below 80 %, green from 80 % (DHIS2's usual bands); grey when nothing is expected. */
export function rateColor(rate: number | null): string {
  if (rate === null) return 'gray';
  return rate < 50 ? 'red' : rate < 80 ? 'orange' : 'green';
}

const TILE = ['#e03131', '#ffa94d', '#ffe066', '#8ce99a', '#2b8a3e'];
/** A tile's background for a rate 0–100 (null: no form expected). */
export function tileColor(rate: number | null): string {
  if (rate === null) return '#e9ecef';
  return TILE[Math.min(TILE.length - 1, Math.floor((rate / 100) * TILE.length))]!;
}

type Counts = Pick<CompletenessCounts, 'expected' | 'received' | 'onTime'>;

function rateOf(c: Counts): number | null {
  return c.expected ? Math.round((1000 * c.received) / c.expected) / 10 : null;
}

/** Per unit and period, all data sets together: the reporting rate (percent) and its counts. */
export function unitPeriodGrid(data: Completeness): {
  periods: string[];
  cells: Map<string, Map<string, Counts & { rate: number | null }>>;
} {
  const periods = [...new Set(data.rows.map((r) => r.period))].sort();
  const cells = new Map<string, Map<string, Counts & { rate: number | null }>>();
  for (const r of data.rows) {
    const byPeriod = cells.get(r.unit) ?? new Map<string, Counts & { rate: number | null }>();
    cells.set(r.unit, byPeriod);
    const c = byPeriod.get(r.period) ?? { expected: 0, received: 0, onTime: 0, rate: null };
    c.expected += r.expected;
    c.received += r.received;
    c.onTime += r.onTime;
    c.rate = rateOf(c);
    byPeriod.set(r.period, c);
  }
  return { periods, cells };
}
