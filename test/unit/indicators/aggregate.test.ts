import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  aggregateAcrossUnits,
  aggregateOverTime,
  aggregateTree,
  rollupPeriods,
  type TreeUnit,
  type UnitValue,
} from '../../../src/domain/indicators/aggregate.js';
import type { UnitAggregation } from '../../../src/domain/indicators/indicator.js';
import { formatPeriod, periodFromOrdinal } from '../../../src/domain/period.js';

const vals = (...xs: Array<number | null>): UnitValue[] => xs.map((value) => ({ value }));

describe('aggregation across units', () => {
  it('applies each method over the units that reported', () => {
    const v = vals(10, null, 20, 30);
    expect(aggregateAcrossUnits({ method: 'sum' }, v)).toBe(60);
    expect(aggregateAcrossUnits({ method: 'mean' }, v)).toBe(20);
    expect(aggregateAcrossUnits({ method: 'min' }, v)).toBe(10);
    expect(aggregateAcrossUnits({ method: 'max' }, v)).toBe(30);
  });

  it('weights a mean by another indicator, leaving out units without a weight', () => {
    const m: UnitAggregation = { method: 'weighted_mean', weightIndicator: 'population' };
    expect(
      aggregateAcrossUnits(m, [
        { value: 90, weight: 8_000_000 },
        { value: 50, weight: 2_000_000 },
        { value: 10, weight: null },
        { value: null, weight: 5 },
      ]),
    ).toBe(82);
    expect(aggregateAcrossUnits(m, [{ value: 90, weight: 0 }])).toBeNull();
    expect(aggregateAcrossUnits(m, [{ value: 90, weight: -3 }])).toBeNull();
  });

  it('gives the share of units meeting a threshold as a percent of reporting units', () => {
    const m: UnitAggregation = { method: 'share_meeting_threshold', threshold: 1, comparison: 'gte' };
    expect(aggregateAcrossUnits(m, vals(1, 0, 1, 1, null))).toBe(75);
    expect(
      aggregateAcrossUnits({ method: 'share_meeting_threshold', threshold: 1.5, comparison: 'lt' }, vals(1.4, 1.6)),
    ).toBe(50);
    expect(
      aggregateAcrossUnits({ method: 'share_meeting_threshold', threshold: 2, comparison: 'eq' }, vals(2, 2, 3, 4)),
    ).toBe(50);
    expect(
      aggregateAcrossUnits({ method: 'share_meeting_threshold', threshold: 2, comparison: 'gt' }, vals(2, 3)),
    ).toBe(50);
    expect(
      aggregateAcrossUnits({ method: 'share_meeting_threshold', threshold: 2, comparison: 'lte' }, vals(2, 3)),
    ).toBe(50);
  });

  it('has no data when nobody reported, for every method', () => {
    for (const m of [
      { method: 'sum' },
      { method: 'mean' },
      { method: 'min' },
      { method: 'max' },
    ] as UnitAggregation[]) {
      expect(aggregateAcrossUnits(m, vals(null, null))).toBeNull();
      expect(aggregateAcrossUnits(m, [])).toBeNull();
    }
  });
});

describe('aggregation along the tree', () => {
  const units: TreeUnit[] = [
    { code: 'VN', parent: null },
    { code: 'HN', parent: 'VN' },
    { code: 'HCM', parent: 'VN' },
    { code: 'HN-BD', parent: 'HN' },
    { code: 'HN-HK', parent: 'HN' },
    { code: 'HCM-Q1', parent: 'HCM' },
  ];
  const leafValues = new Map<string, UnitValue>([
    ['HN-BD', { value: 4 }],
    ['HN-HK', { value: 8 }],
    ['HCM-Q1', { value: 3 }],
  ]);

  it('sums and averages over every reporting unit below (not a mean of means)', () => {
    expect(Object.fromEntries(aggregateTree({ method: 'sum' }, units, leafValues))).toEqual({
      VN: 15,
      HN: 12,
      HCM: 3,
      'HN-BD': 4,
      'HN-HK': 8,
      'HCM-Q1': 3,
    });
    expect(aggregateTree({ method: 'mean' }, units, leafValues).get('VN')).toBe(5);
    expect(aggregateTree({ method: 'max' }, units, leafValues).get('HN')).toBe(8);
  });

  it("includes a unit's own value, and has no data for an empty subtree", () => {
    const withOwn = new Map(leafValues).set('HCM', { value: 10 });
    expect(aggregateTree({ method: 'sum' }, units, withOwn).get('VN')).toBe(25);
    const sparse = new Map([['HN-BD', { value: 1 }]]);
    expect(aggregateTree({ method: 'sum' }, units, sparse).get('HCM')).toBeNull();
  });

  it('refuses a cycle in the parent links', () => {
    expect(() =>
      aggregateTree(
        { method: 'sum' },
        [
          { code: 'a', parent: 'b' },
          { code: 'b', parent: 'a' },
        ],
        new Map(),
      ),
    ).toThrow(/cycle/);
  });

  it('handles a deep chain without recursion', () => {
    const chain: TreeUnit[] = Array.from({ length: 50_000 }, (_, i) => ({
      code: `u${i}`,
      parent: i ? `u${i - 1}` : null,
    }));
    const out = aggregateTree({ method: 'sum' }, chain, new Map([[`u49999`, { value: 7 }]]));
    expect(out.get('u0')).toBe(7);
  });

  // A random tree: node i's parent is a random earlier node; integer values so sums are exact.
  const treeArb = fc.integer({ min: 1, max: 80 }).chain((n) =>
    fc.tuple(
      fc.tuple(
        ...Array.from({ length: n }, (_, i) => (i === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: i - 1 }))),
      ),
      fc.array(fc.option(fc.integer({ min: -1_000_000, max: 1_000_000 }), { freq: 4 }), {
        minLength: n,
        maxLength: n,
      }),
      fc.boolean(),
    ),
  );

  it("property: for a sum, a parent's total = its own value + the totals of its children", () => {
    fc.assert(
      fc.property(treeArb, ([parents, values, leavesOnly]) => {
        const units = parents.map((p, i) => ({ code: `u${i}`, parent: p < 0 ? null : `u${p}` }));
        const isParent = new Set(parents.filter((p) => p >= 0));
        const own = new Map<string, UnitValue>(
          values.map((v, i) => [`u${i}`, { value: leavesOnly && isParent.has(i) ? null : v }]),
        );
        const totals = aggregateTree({ method: 'sum' }, units, own);
        units.forEach((u, i) => {
          const kids = units
            .filter((c) => c.parent === u.code)
            .map((c) => totals.get(c.code))
            .filter((t): t is number => t !== null);
          const ownValue = own.get(u.code)!.value;
          const parts = [...kids, ...(ownValue === null || ownValue === undefined ? [] : [ownValue])];
          expect(totals.get(u.code)).toBe(parts.length ? parts.reduce((a, b) => a + b, 0) : null);
          if (i === 0) {
            const all = [...own.values()].map((v) => v.value).filter((v): v is number => v !== null && v !== undefined);
            expect(totals.get('u0')).toBe(all.length ? all.reduce((a, b) => a + b, 0) : null);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('property: the mean, min and max of a constant are the constant, over any tree', () => {
    fc.assert(
      fc.property(treeArb, fc.double({ min: -1e9, max: 1e9, noNaN: true }), ([parents, values], c) => {
        const units = parents.map((p, i) => ({ code: `u${i}`, parent: p < 0 ? null : `u${p}` }));
        const own = new Map<string, UnitValue>(
          values.map((v, i) => [`u${i}`, { value: v === null ? null : c, weight: Math.abs(v ?? 1) + 1 }]),
        );
        for (const m of [
          { method: 'mean' },
          { method: 'min' },
          { method: 'max' },
          { method: 'weighted_mean', weightIndicator: 'w' },
        ] as UnitAggregation[]) {
          for (const [, t] of aggregateTree(m, units, own)) if (t !== null) expect(t === c, `${t} vs ${c}`).toBe(true); // === : -0 and 0 are the same constant
        }
        expect(
          aggregateAcrossUnits(
            { method: 'mean' },
            values.map(() => ({ value: c })),
          ) === c,
        ).toBe(true);
      }),
    );
  });
});

describe('aggregation over time', () => {
  const months = [
    { period: '2024M01', value: 10 },
    { period: '2024M03', value: 30 },
    { period: '2024M02', value: 20 },
    { period: '2024M04', value: null },
  ];

  it('last, sum and mean over the periods with a value', () => {
    expect(aggregateOverTime('last', months)).toBe(30);
    expect(aggregateOverTime('sum', months)).toBe(60);
    expect(aggregateOverTime('mean', months)).toBe(20);
    expect(
      aggregateOverTime('last', [
        { period: '2024', value: 1 },
        { period: '2024M12', value: 2 },
      ]),
    ).toBe(2);
    expect(aggregateOverTime('sum', [])).toBeNull();
  });

  it('rolls months up to quarters and years', () => {
    expect(rollupPeriods('sum', months, 'quarter')).toEqual([{ period: '2024Q1', value: 60, count: 3 }]);
    expect(rollupPeriods('last', [...months, { period: '2024M05', value: 5 }], 'quarter')).toEqual([
      { period: '2024Q1', value: 30, count: 3 },
      { period: '2024Q2', value: 5, count: 1 },
    ]);
    expect(
      rollupPeriods(
        'mean',
        [
          { period: '2024Q1', value: 3 },
          { period: '2024M12', value: 6 },
        ],
        'year',
      ),
    ).toEqual([{ period: '2024', value: 4.5, count: 2 }]);
    expect(() => rollupPeriods('sum', [{ period: '2024', value: 1 }], 'quarter')).toThrow(/cannot roll year/);
    expect(() => rollupPeriods('sum', [{ period: 'x', value: 1 }], 'year')).toThrow(/not a period/);
  });

  const monthsArb = fc.record({
    start: fc.integer({ min: 2000 * 12, max: 2040 * 12 }),
    values: fc.array(fc.option(fc.integer({ min: -10_000, max: 10_000 }), { freq: 3 }), {
      minLength: 1,
      maxLength: 40,
    }),
  });

  it('property: months → year equals months → quarters → year, for last, sum and mean (missing months too)', () => {
    fc.assert(
      fc.property(
        monthsArb,
        fc.constantFrom<'last' | 'sum' | 'mean'>('last', 'sum', 'mean'),
        ({ start, values }, method) => {
          const data = values.map((value, i) => ({
            period: formatPeriod(periodFromOrdinal('month', start + i)),
            value,
          }));
          const direct = rollupPeriods(method, data, 'year');
          const viaQuarters = rollupPeriods(method, rollupPeriods(method, data, 'quarter'), 'year');
          expect(viaQuarters.map((v) => v.period)).toEqual(direct.map((v) => v.period));
          viaQuarters.forEach((v, i) => {
            expect(v.value).toBeCloseTo(direct[i]!.value, 9);
            expect(v.count).toBe(direct[i]!.count);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
