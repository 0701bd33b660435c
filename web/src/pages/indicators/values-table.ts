/**
 * The values-by-unit table's model: one row per org unit with its value per period,
 * sorted by name or by any period's value (units without a value last), each cell marked
 * against the target that applies to its unit (its own, else the one shown above).
 */
import { meetsTarget } from '../../../../src/domain/indicators/achievement';
import type { Direction } from '../../../../src/domain/indicators/indicator';
import type { ValueRows } from '../../api/indicators';

/** By the unit's name (period null) or by one period's value. */
export interface ValueSort {
  period: string | null;
  desc: boolean;
}
export type Tone = 'met' | 'not_met' | 'none';

export interface ValueTableRow {
  unit: string;
  name: ValueRows['rows'][number]['name'];
  label: string;
  cells: Map<string, number | null>;
}

export function valueTable(
  rows: ValueRows['rows'],
  label: (name: ValueTableRow['name'], unit: string) => string,
): { periods: string[]; units: ValueTableRow[] } {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const byUnit = new Map<string, ValueTableRow>();
  for (const r of rows) {
    const u = byUnit.get(r.unit) ?? { unit: r.unit, name: r.name, label: label(r.name, r.unit), cells: new Map() };
    u.cells.set(r.period, r.value);
    byUnit.set(r.unit, u);
  }
  return { periods, units: [...byUnit.values()] };
}

export function sortUnits(units: ValueTableRow[], sort: ValueSort, locale: string): ValueTableRow[] {
  const collator = new Intl.Collator(locale);
  const { period, desc } = sort;
  const byName = (a: ValueTableRow, b: ValueTableRow) => collator.compare(a.label, b.label);
  if (period === null) return [...units].sort((a, b) => (desc ? -byName(a, b) : byName(a, b)));
  return [...units].sort((a, b) => {
    const x = a.cells.get(period);
    const y = b.cells.get(period);
    const xn = x === null || x === undefined;
    const yn = y === null || y === undefined;
    if (xn || yn) return xn === yn ? byName(a, b) : xn ? 1 : -1;
    return (desc ? y - x : x - y) || byName(a, b);
  });
}

/** Whether a value meets its target in the indicator's direction; 'none' without a value or a target. */
export function tone(value: number | null | undefined, target: number | null | undefined, direction: Direction): Tone {
  if (value === null || value === undefined || target === null || target === undefined) return 'none';
  return meetsTarget(value, target, direction) ? 'met' : 'not_met';
}
