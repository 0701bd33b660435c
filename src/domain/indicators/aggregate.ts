/**
 * Aggregation of indicator values across org units and over time.
 *
 * Across units (one period), over the units that have a value — a unit without a value
 * is left out, never counted as 0:
 *   sum                      Σ v
 *   mean                     Σ v / n
 *   weighted_mean            Σ w·v / Σ w, over units with a value and a weight ≥ 0
 *                            (the weight is the unit's value of another indicator,
 *                            e.g. population); null when Σ w = 0
 *   min, max                 the smallest / largest value
 *   share_meeting_threshold  100 × (units whose value meets the threshold) / (units
 *                            with a value) — a percent, e.g. "share of provinces with 5G"
 * With no value at all the result is null ("no data"), for every method, sum included.
 *
 * Along the org tree, a unit's aggregate covers its own value and the values of every
 * unit below it (DHIS2's rule); data are normally entered at one level per indicator.
 * Means are over all reporting units of the subtree, not means of the children's means.
 *
 * Over time (one unit), over the periods that have a value:
 *   last  the value of the latest period   sum  Σ v   mean  Σ v / n
 * Roll-ups month → quarter → year carry how many base periods each value stands for,
 * so a mean over a year is the mean of its reported months whichever way it is rolled up.
 */
import type { TimeAggregation, UnitAggregation } from './indicator.js';
import { compare } from './indicator.js';
import {
  comparePeriods,
  formatPeriod,
  isFiner,
  parentPeriod,
  parsePeriod,
  periodEnd,
  type Period,
  type PeriodType,
} from '../period.js';

/** One unit's value (null: not reported) and, for weighted means, its weight. */
export interface UnitValue {
  value: number | null | undefined;
  weight?: number | null | undefined;
}

/**
 * A mergeable summary of a set of unit values: any aggregation can be read from it, and
 * the summary of a union is the merge of the summaries. This is what makes tree
 * aggregation linear in the number of units — and it is the set-based form for SQL:
 * count(value), sum(value), min(value), max(value), sum(weight*value) and sum(weight)
 * over rows with a value and a weight ≥ 0, count(*) FILTER (WHERE value meets the threshold), grouped
 * by ancestor through the org units' materialised path; readAccumulator is then the
 * final step. A SQL implementation should be tested for agreement with aggregateTree.
 */
export interface UnitAccumulator {
  count: number;
  sum: number;
  min: number;
  max: number;
  weightedSum: number;
  weightTotal: number;
  meeting: number;
}

export function emptyAccumulator(): UnitAccumulator {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, weightedSum: 0, weightTotal: 0, meeting: 0 };
}

/** Adds one unit's value to an accumulator (in place); missing values are ignored. */
export function accumulate(acc: UnitAccumulator, method: UnitAggregation, uv: UnitValue): UnitAccumulator {
  const v = uv.value;
  if (v === null || v === undefined || !Number.isFinite(v)) return acc;
  acc.count += 1;
  acc.sum += v;
  if (v < acc.min) acc.min = v;
  if (v > acc.max) acc.max = v;
  if (method.method === 'weighted_mean') {
    const w = uv.weight;
    if (w !== null && w !== undefined && Number.isFinite(w) && w >= 0) {
      acc.weightedSum += w * v;
      acc.weightTotal += w;
    }
  }
  if (method.method === 'share_meeting_threshold' && compare(v, method.comparison, method.threshold)) acc.meeting += 1;
  return acc;
}

/** Merges `b` into `a` (in place). */
export function mergeAccumulators(a: UnitAccumulator, b: UnitAccumulator): UnitAccumulator {
  a.count += b.count;
  a.sum += b.sum;
  a.min = Math.min(a.min, b.min);
  a.max = Math.max(a.max, b.max);
  a.weightedSum += b.weightedSum;
  a.weightTotal += b.weightTotal;
  a.meeting += b.meeting;
  return a;
}

/** The aggregate an accumulator stands for; null when no unit had a value. */
export function readAccumulator(acc: UnitAccumulator, method: UnitAggregation): number | null {
  if (acc.count === 0) return null;
  switch (method.method) {
    case 'sum':
      return acc.sum;
    // A mean lies between min and max; clamping keeps rounding from breaking that
    // (the mean of a constant is exactly the constant).
    case 'mean':
      return clampTo(acc.sum / acc.count, acc.min, acc.max);
    case 'weighted_mean':
      return acc.weightTotal > 0 ? clampTo(acc.weightedSum / acc.weightTotal, acc.min, acc.max) : null;
    case 'min':
      return acc.min;
    case 'max':
      return acc.max;
    case 'share_meeting_threshold':
      return (100 * acc.meeting) / acc.count;
  }
}

function clampTo(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Aggregates the values of a set of units (one period) with one method. */
export function aggregateAcrossUnits(method: UnitAggregation, values: Iterable<UnitValue>): number | null {
  const acc = emptyAccumulator();
  for (const uv of values) accumulate(acc, method, uv);
  return readAccumulator(acc, method);
}

export interface TreeUnit {
  code: string;
  /** Null (or absent) for a root. */
  parent?: string | null | undefined;
}

/**
 * Aggregates along an org tree: for every unit, the aggregate of its own value and those
 * of all units below it. `values` holds each unit's own value (and weight). Units whose
 * parent is not in `units` are roots. Returns a value (null = no data) for every unit.
 * Throws on a cycle in the parent links.
 */
export function aggregateTree(
  method: UnitAggregation,
  units: ReadonlyArray<TreeUnit>,
  values: ReadonlyMap<string, UnitValue>,
): Map<string, number | null> {
  const accs = new Map<string, UnitAccumulator>();
  const children = new Map<string, string[]>();
  for (const u of units) {
    accs.set(u.code, accumulate(emptyAccumulator(), method, values.get(u.code) ?? { value: null }));
  }
  const roots: string[] = [];
  for (const u of units) {
    if (u.parent != null && accs.has(u.parent)) {
      const list = children.get(u.parent);
      if (list) list.push(u.code);
      else children.set(u.parent, [u.code]);
    } else roots.push(u.code);
  }
  // Iterative post-order so that deep trees do not exhaust the stack.
  let visited = 0;
  for (const root of roots) {
    const stack: Array<{ code: string; expanded: boolean }> = [{ code: root, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      if (!top.expanded) {
        top.expanded = true;
        for (const c of children.get(top.code) ?? []) stack.push({ code: c, expanded: false });
      } else {
        stack.pop();
        visited++;
        const acc = accs.get(top.code)!;
        for (const c of children.get(top.code) ?? []) mergeAccumulators(acc, accs.get(c)!);
      }
    }
  }
  if (visited !== accs.size) throw new RangeError('the parent links contain a cycle (or a duplicate code)');
  const out = new Map<string, number | null>();
  for (const [code, acc] of accs) out.set(code, readAccumulator(acc, method));
  return out;
}

// ---------------------------------------------------------------------------------------
// Over time

/**
 * A value of one period. `count` is how many base periods (e.g. months) the value stands
 * for — 1 when absent; roll-ups set it so that they compose.
 */
export interface PeriodValue {
  period: string;
  value: number | null | undefined;
  count?: number | undefined;
}

/**
 * Aggregates a unit's values over time: `last` is the value of the latest period with a
 * value; `sum` adds; `mean` averages, each value weighted by its `count`. Null when no
 * period has a value. "Latest" is by end date (at equal ends the finer period wins).
 */
export function aggregateOverTime(method: TimeAggregation, values: ReadonlyArray<PeriodValue>): number | null {
  const present = values.filter(
    (v): v is PeriodValue & { value: number } => v.value !== null && v.value !== undefined && Number.isFinite(v.value),
  );
  if (present.length === 0) return null;
  switch (method) {
    case 'last': {
      let best = present[0]!;
      let bestP = parsePeriodOrThrow(best.period);
      for (const v of present.slice(1)) {
        const p = parsePeriodOrThrow(v.period);
        if (laterEnd(p, bestP)) {
          best = v;
          bestP = p;
        }
      }
      return best.value;
    }
    case 'sum':
      return present.reduce((s, v) => s + v.value, 0);
    case 'mean': {
      let sum = 0;
      let n = 0;
      for (const v of present) {
        const c = v.count ?? 1;
        sum += v.value * c;
        n += c;
      }
      return n > 0 ? sum / n : null;
    }
  }
}

/** Whether period a ends after b (at equal ends, the finer one counts as later: 2024M12 after 2024). */
function laterEnd(a: Period, b: Period): boolean {
  const ea = periodEnd(a);
  const eb = periodEnd(b);
  return ea !== eb ? ea > eb : isFiner(a.type, b.type);
}

function parsePeriodOrThrow(code: string): Period {
  const p = parsePeriod(code);
  if (!p) throw new RangeError(`not a period: '${code}'`);
  return p;
}

/**
 * Rolls period values up to a coarser period type (months → quarters or years, quarters
 * → years) with the indicator's time aggregation. Values already of the target type pass
 * through (grouped with any finer values of the same period). Each result carries the
 * number of base periods with a value (`count`), so rolling months → quarters → year
 * gives the same as months → year, for `mean` too. Periods with no value are left out;
 * the result is sorted by period.
 */
export function rollupPeriods(
  method: TimeAggregation,
  values: ReadonlyArray<PeriodValue>,
  to: PeriodType,
): Array<PeriodValue & { value: number; count: number }> {
  const groups = new Map<string, PeriodValue[]>();
  for (const v of values) {
    if (v.value === null || v.value === undefined || !Number.isFinite(v.value)) continue;
    const p = parsePeriodOrThrow(v.period);
    if (p.type !== to && !isFiner(p.type, to))
      throw new RangeError(`cannot roll ${p.type} '${v.period}' up to a ${to}`);
    const key = formatPeriod(parentPeriod(p, to));
    const g = groups.get(key);
    if (g) g.push(v);
    else groups.set(key, [v]);
  }
  const out: Array<PeriodValue & { value: number; count: number }> = [];
  for (const [period, group] of groups) {
    out.push({
      period,
      value: aggregateOverTime(method, group)!,
      count: group.reduce((s, v) => s + (v.count ?? 1), 0),
    });
  }
  return out.sort((a, b) => comparePeriods(parsePeriodOrThrow(a.period), parsePeriodOrThrow(b.period)));
}
