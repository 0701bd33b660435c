/**
 * The SQL aggregation agrees with the pure domain: along random org trees (every unit's
 * subtree aggregate equals aggregateTree, and for sums a parent is its own value plus its
 * children's), and over time (roll-ups month → quarter → year equal rollupPeriods).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { systemContext } from '../../src/services/context.js';
import { orgUnitsRepository } from '../../src/db/repositories/org-units.repository.js';
import { createIndicator } from '../../src/services/indicators.js';
import { enterValues } from '../../src/services/data-values.js';
import { aggregateSeries, loadCatalogue } from '../../src/services/indicator-aggregation.js';
import {
  aggregateAcrossUnits,
  aggregateTree,
  evaluateFormula,
  parseFormula,
  rollupPeriods,
  type TimeAggregation,
  type UnitAggregation,
} from '../../src/domain/indicators/index.js';
import { formatPeriod, parsePeriod, periodOf, periodStart, type PeriodType } from '../../src/domain/period.js';

const close = (a: number | null | undefined, b: number | null | undefined) => {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
};

const methods: fc.Arbitrary<UnitAggregation> = fc.oneof(
  fc.constant({ method: 'sum' } as const),
  fc.constant({ method: 'mean' } as const),
  fc.constant({ method: 'min' } as const),
  fc.constant({ method: 'max' } as const),
  fc.constant({ method: 'weighted_mean', weightIndicator: 'w' } as const),
  fc.record({
    method: fc.constant('share_meeting_threshold' as const),
    threshold: fc.integer({ min: -50, max: 50 }),
    comparison: fc.constantFrom('gte', 'gt', 'lte', 'lt', 'eq' as const),
  }),
);

/** A random tree: unit i > 0 has a parent among 0 … i−1; each unit may have a value and a weight. */
const trees = fc.integer({ min: 1, max: 18 }).chain((n) =>
  fc.record({
    parents: fc.tuple(
      ...Array.from({ length: n }, (_, i) => (i === 0 ? fc.constant(-1) : fc.integer({ min: 0, max: i - 1 }))),
    ),
    values: fc.array(
      fc.option(
        fc.integer({ min: -10_000, max: 10_000 }).map((v) => v / 100),
        { nil: null },
      ),
      { minLength: n, maxLength: n },
    ),
    weights: fc.array(fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }), { minLength: n, maxLength: n }),
  }),
);

describe.each(STORE_KINDS)('SQL aggregation on %s', (kind) => {
  let store: TestStore;
  let run = 0;

  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('along the tree: every subtree aggregate equals aggregateTree; a sum is own value + children', async () => {
    const ctx = systemContext(store.db);
    await fc.assert(
      fc.asyncProperty(trees, methods, async (tree, method) => {
        run++;
        const codes = tree.parents.map((_, i) => `T${run}-${i}`);
        const ids: number[] = [];
        const paths: string[] = [];
        for (const [i, p] of tree.parents.entries()) {
          const id = await orgUnitsRepository.insert(store.db, {
            code: codes[i]!,
            kind: 'province',
            parentId: p < 0 ? null : ids[p]!,
            parentPath: p < 0 ? '/' : paths[p]!,
            depth: p < 0 ? 0 : (await orgUnitsRepository.byId(store.db, ids[p]!))!.depth + 1,
            name: { en: codes[i]! },
            aliases: [],
          });
          ids.push(id);
          paths.push((await orgUnitsRepository.byId(store.db, id))!.path);
        }
        const w = `w${run}`;
        const v = `v${run}`;
        await createIndicator(ctx, { code: w, name: { en: 'weight' }, unit: 'people', valueType: 'number' });
        const aggregation =
          method.method === 'weighted_mean' ? { method: 'weighted_mean' as const, weightIndicator: w } : method;
        await createIndicator(ctx, { code: v, name: { en: 'value' }, unit: 'x', valueType: 'number', aggregation });
        const entries = [];
        for (const [i, code] of codes.entries()) {
          if (tree.values[i] !== null)
            entries.push({ indicator: v, orgUnit: code, period: '2024M05', value: tree.values[i] });
          if (tree.weights[i] !== null)
            entries.push({ indicator: w, orgUnit: code, period: '2024M05', value: tree.weights[i] });
        }
        await enterValues(ctx, entries);

        const expected = aggregateTree(
          aggregation,
          codes.map((code, i) => ({ code, parent: tree.parents[i]! < 0 ? null : codes[tree.parents[i]!]! })),
          new Map(codes.map((code, i) => [code, { value: tree.values[i], weight: tree.weights[i] }])),
        );
        const cat = await loadCatalogue(store.db);
        const series = await aggregateSeries(store.db, cat, v, {
          rootPath: paths[0]!,
          group: { ids },
          periodType: 'month',
          from: '2024-05-01',
          to: '2024-05-31',
        });
        for (const [i, code] of codes.entries()) {
          const got = series.get(ids[i]!)?.get('2024-05-01') ?? null;
          if (!close(got, expected.get(code)))
            throw new Error(`${code}: SQL ${got} ≠ domain ${expected.get(code)} (${JSON.stringify(method)})`);
        }
        // Grouping by depth (the API's level) agrees with grouping by unit.
        const byLevel = await aggregateSeries(store.db, cat, v, {
          rootPath: paths[0]!,
          group: { depth: 1 },
          periodType: 'year',
          from: '2024-01-01',
          to: '2024-12-31',
        });
        for (const [i, p] of tree.parents.entries())
          if (p === 0 && !close(byLevel.get(ids[i]!)?.get('2024-01-01') ?? null, expected.get(codes[i]!)))
            throw new Error(`level 1 ${codes[i]}`);
        if (method.method === 'sum') {
          for (const [i, code] of codes.entries()) {
            const children = tree.parents
              .map((p, k) => (p === i ? codes[k]! : null))
              .filter((c): c is string => c !== null);
            const parts = [tree.values[i] ?? null, ...children.map((c) => expected.get(c) ?? null)].filter(
              (x): x is number => x !== null,
            );
            expect(close(expected.get(code) ?? null, parts.length ? parts.reduce((a, b) => a + b, 0) : null)).toBe(
              true,
            );
          }
        }
      }),
      { numRuns: kind === 'pglite' ? 25 : 25 },
    );
  });

  it('a formula computed per unit in SQL agrees with evaluateFormula, then the aggregation', async () => {
    const ctx = systemContext(store.db);
    const rootId = await orgUnitsRepository.insert(store.db, {
      code: 'F',
      kind: 'province',
      parentId: null,
      parentPath: '/',
      depth: 0,
      name: { en: 'f' },
      aliases: [],
    });
    const root = (await orgUnitsRepository.byId(store.db, rootId))!;
    const codes = Array.from({ length: 8 }, (_, i) => `F-${i}`);
    for (const c of codes)
      await orgUnitsRepository.insert(store.db, {
        code: c,
        kind: 'commune',
        parentId: rootId,
        parentPath: root.path,
        depth: 1,
        name: { en: c },
        aliases: [],
      });
    await createIndicator(ctx, { code: 'fa', name: { en: 'a' }, unit: 'x', valueType: 'number' });
    await createIndicator(ctx, { code: 'fb', name: { en: 'b' }, unit: 'x', valueType: 'number' });
    const formula = 'round(fa / fb * 100, 1) + min(fa, fb) - abs(fa) / 2';
    const values = fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), {
      minLength: 16,
      maxLength: 16,
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        values,
        fc.constantFrom<UnitAggregation>(
          { method: 'mean' },
          { method: 'sum' },
          { method: 'share_meeting_threshold', threshold: 10, comparison: 'gte' },
        ),
        async (vals, method) => {
          n++;
          await createIndicator(ctx, {
            code: `ff${n}`,
            name: { en: 'f' },
            unit: 'x',
            valueType: 'number',
            formula,
            aggregation: method,
          });
          await store.db
            .deleteFrom('data_values')
            .where('period', '=', `${2000 + n}`)
            .execute();
          const entries = [];
          for (const [i, c] of codes.entries()) {
            if (vals[i] !== null) entries.push({ indicator: 'fa', orgUnit: c, period: `${2000 + n}`, value: vals[i] });
            if (vals[8 + i] !== null)
              entries.push({ indicator: 'fb', orgUnit: c, period: `${2000 + n}`, value: vals[8 + i] });
          }
          await enterValues(ctx, entries);
          const ast = parseFormula(formula);
          const perUnit = codes.map((_, i) => ({
            value: evaluateFormula(
              ast,
              new Map([
                ['fa', vals[i]],
                ['fb', vals[8 + i]],
              ]),
            ),
          }));
          const expected = aggregateAcrossUnits(method, perUnit);
          const cat = await loadCatalogue(store.db);
          const series = await aggregateSeries(store.db, cat, `ff${n}`, {
            rootPath: root.path,
            group: { depth: 0 },
            periodType: 'year',
            from: `${2000 + n}-01-01`,
            to: `${2000 + n}-12-31`,
          });
          const got = series.get(rootId)?.get(`${2000 + n}-01-01`) ?? null;
          if (!close(got, expected))
            throw new Error(`SQL ${got} ≠ domain ${expected} (${JSON.stringify(method)}, ${JSON.stringify(vals)})`);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('over time: roll-ups to quarters and years agree with rollupPeriods', async () => {
    const ctx = systemContext(store.db);
    const unitId = await orgUnitsRepository.insert(store.db, {
      code: 'TIME',
      kind: 'province',
      parentId: null,
      parentPath: '/',
      depth: 0,
      name: { en: 'time' },
      aliases: [],
    });
    const unit = (await orgUnitsRepository.byId(store.db, unitId))!;
    const monthsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 35 }), fc.integer({ min: -1000, max: 1000 })), {
      maxLength: 30,
    });
    const quartersArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: -1000, max: 1000 })), {
      maxLength: 6,
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<TimeAggregation>('last', 'sum', 'mean'),
        monthsArb,
        quartersArb,
        fc.constantFrom<PeriodType>('quarter', 'year'),
        async (time, months, quarters, to) => {
          n++;
          const code = `t${n}`;
          await createIndicator(ctx, {
            code,
            name: { en: 'time' },
            unit: 'x',
            valueType: 'number',
            timeAggregation: time,
          });
          const values = new Map<string, number>();
          for (const [m, v] of months)
            values.set(formatPeriod({ type: 'month', year: 2022 + Math.floor(m / 12), index: (m % 12) + 1 }), v / 10);
          if (to === 'year')
            for (const [q, v] of quarters)
              values.set(formatPeriod({ type: 'quarter', year: 2022 + Math.floor(q / 4), index: (q % 4) + 1 }), v / 10);
          await enterValues(
            ctx,
            [...values].map(([period, value]) => ({ indicator: code, orgUnit: 'TIME', period, value })),
          );
          const expected = rollupPeriods(
            time,
            [...values].map(([period, value]) => ({ period, value })),
            to,
          );
          const cat = await loadCatalogue(store.db);
          const series = await aggregateSeries(store.db, cat, code, {
            rootPath: unit.path,
            group: { depth: 0 },
            periodType: to,
            from: '2022-01-01',
            to: '2024-12-31',
          });
          const got = [...(series.get(unitId) ?? new Map<string, number | null>())]
            .map(([p, value]) => ({ period: formatPeriod(periodOf(p, to)), value }))
            .sort((a, b) => periodStart(parsePeriod(a.period)!).localeCompare(periodStart(parsePeriod(b.period)!)));
          expect(got.map((g) => g.period)).toEqual(expected.map((e) => e.period));
          got.forEach((g, i) => {
            if (!close(g.value, expected[i]!.value))
              throw new Error(`${g.period}: SQL ${g.value} ≠ domain ${expected[i]!.value} (${time})`);
          });
        },
      ),
      { numRuns: 30 },
    );
  });
});
