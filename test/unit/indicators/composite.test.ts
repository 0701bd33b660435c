import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../../src/domain/errors.js';
import { problemsFromZod } from '../../../src/domain/errors.js';
import {
  competitionRanking,
  compositeConfigSchema,
  computeComposite,
  computeCompositeByPeriod,
  effectiveWeights,
  explainUnit,
  type CompositeConfig,
  type CompositeRow,
} from '../../../src/domain/indicators/composite.js';

const dti: CompositeConfig = compositeConfigSchema.parse({
  code: 'DTI',
  normalisation: 'min_max',
  missing: { rule: 'reweight' },
  pillars: [
    {
      code: 'gov',
      weight: 2,
      indicators: [
        { indicator: 'online_share', weight: 3 },
        { indicator: 'processing_days', weight: 1, direction: 'lower_is_better' },
      ],
    },
    { code: 'economy', weight: 1, indicators: [{ indicator: 'digital_gdp' }] },
  ],
});

const rows: CompositeRow[] = [
  { unit: 'HN', values: { online_share: 90, processing_days: 5, digital_gdp: 20 } },
  { unit: 'HCM', values: { online_share: 70, processing_days: 3, digital_gdp: 30 } },
  { unit: 'DN', values: { online_share: 50, processing_days: 7, digital_gdp: 10 } },
];

describe('composite index', () => {
  it('normalises, weights and ranks (min-max)', () => {
    const r = computeComposite(dti, rows);
    // HN: gov = 0.75·100 + 0.25·50 = 87.5; economy = 50 → 2/3·87.5 + 1/3·50 = 75
    // HCM: gov = 0.75·50 + 0.25·100 = 62.5; economy = 100 → 75
    // DN: 0
    expect(r.units.map((u) => [u.unit, u.score, u.rank])).toEqual([
      ['HCM', 75, 1],
      ['HN', 75, 1],
      ['DN', 0, 3],
    ]);
    const stats = r.indicators.find((s) => s.indicator === 'processing_days')!;
    expect(stats).toMatchObject({ min: 3, max: 7, direction: 'lower_is_better', count: 3 });
  });

  it('explains a score: raw → normalised → weighted, adding up to the score', () => {
    const e = explainUnit(computeComposite(dti, rows), 'HN')!;
    expect(e.score).toBe(75);
    const gov = e.pillars.find((p) => p.pillar === 'gov')!;
    expect(gov.weight).toBeCloseTo(2 / 3, 12);
    expect(gov.score).toBe(87.5);
    expect(
      gov.indicators.map((i) => [i.indicator, i.raw, i.normalised, i.appliedWeight, i.pillarContribution]),
    ).toEqual([
      ['online_share', 90, 100, 0.75, 75],
      ['processing_days', 5, 50, 0.25, 12.5],
    ]);
    const total = e.pillars.flatMap((p) => p.indicators).reduce((s, i) => s + i.indexContribution, 0);
    expect(total).toBeCloseTo(75, 9);
    expect(e.pillars.reduce((s, p) => s + p.contribution, 0)).toBeCloseTo(75, 9);
    expect(explainUnit(computeComposite(dti, rows), 'nowhere')).toBeNull();
  });

  it('missing data, reweight: the others in the pillar share the weight; an empty pillar is skipped', () => {
    const r = computeComposite(dti, [...rows, { unit: 'HP', values: { online_share: 70 } }]);
    const hp = explainUnit(r, 'HP')!;
    expect(hp.coverage).toBeCloseTo(0.5, 12); // online_share: 2/3 · 3/4
    expect(hp.pillars[0]!.indicators[1]!.status).toBe('missing_skipped');
    expect(hp.pillars[0]!.score).toBe(50); // online_share alone
    expect(hp.pillars[1]!.score).toBeNull();
    expect(hp.pillars[1]!.appliedWeight).toBe(0);
    expect(hp.score).toBe(50);
    expect(hp.rank).toBe(3);
  });

  it('missing data, zero: a missing indicator scores 0 on the normalised scale', () => {
    const zero = { ...dti, missing: { rule: 'zero' as const } };
    const hp = explainUnit(computeComposite(zero, [...rows, { unit: 'HP', values: { online_share: 70 } }]), 'HP')!;
    expect(hp.pillars[0]!.indicators[1]).toMatchObject({ status: 'missing_zero', normalised: 0 });
    expect(hp.pillars[0]!.score).toBe(37.5);
    expect(hp.score).toBe(25);
  });

  it('missing data, coverage threshold: an incomplete unit keeps its score but is not ranked', () => {
    const strict = { ...dti, missing: { rule: 'reweight' as const, minCoverage: 0.6 } };
    const r = computeComposite(strict, [...rows, { unit: 'HP', values: { online_share: 90 } }]);
    const hp = explainUnit(r, 'HP')!;
    expect(hp.complete).toBe(false);
    expect(hp.score).toBe(100);
    expect(hp.rank).toBeNull();
    expect(r.units[r.units.length - 1]!.unit).toBe('HP');
    expect(r.units.slice(0, 3).map((u) => u.rank)).toEqual([1, 1, 3]);
    expect(
      explainUnit(
        computeComposite({ ...strict, missing: { rule: 'reweight', minCoverage: 0.5 } }, [
          ...rows,
          { unit: 'HP', values: { online_share: 90 } },
        ]),
        'HP',
      )!.complete,
    ).toBe(true);
  });

  it('a unit with no value at all has no score under reweight', () => {
    const r = computeComposite(dti, [...rows, { unit: 'XX', values: {} }]);
    expect(explainUnit(r, 'XX')).toMatchObject({ score: null, rank: null, coverage: 0 });
  });

  it('distance to target: share of the way from reference to target, capped', () => {
    const cfg = compositeConfigSchema.parse({
      normalisation: 'distance_to_target',
      pillars: [
        {
          code: 'p',
          indicators: [
            { indicator: 'online_share', target: 80 },
            { indicator: 'pue', target: 1.4, reference: 2.0, direction: 'lower_is_better' },
          ],
        },
      ],
    });
    const r = computeComposite(cfg, [
      { unit: 'A', values: { online_share: 40, pue: 1.7 } },
      { unit: 'B', values: { online_share: 100, pue: 2.5 } },
    ]);
    expect(explainUnit(r, 'A')!.pillars[0]!.indicators.map((i) => i.normalised)).toEqual([50, expect.closeTo(50, 9)]);
    expect(explainUnit(r, 'B')!.pillars[0]!.indicators.map((i) => i.normalised)).toEqual([100, 0]);
  });

  it('z-scores: direction-aware, centred on 0, 0 when all are equal', () => {
    const cfg = compositeConfigSchema.parse({
      normalisation: 'z_score',
      pillars: [{ code: 'p', indicators: [{ indicator: 'rank' }, { indicator: 'flat' }] }],
    });
    const r = computeComposite(
      cfg,
      [
        { unit: 'A', values: { rank: 10, flat: 5 } },
        { unit: 'B', values: { rank: 20, flat: 5 } },
        { unit: 'C', values: { rank: 30, flat: 5 } },
      ],
      { directions: new Map([['rank', 'lower_is_better']]) },
    );
    const z = (u: string) => explainUnit(r, u)!.pillars[0]!.indicators.map((i) => i.normalised);
    expect(z('A')[0]).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(z('C')[0]).toBeCloseTo(-Math.sqrt(1.5), 12);
    expect(z('B')).toEqual([0, 0]);
    expect(r.units.map((u) => u.unit)).toEqual(['A', 'B', 'C']);
  });

  it('uses fixed goalposts for min-max when given, clamping outside values', () => {
    const cfg = compositeConfigSchema.parse({
      normalisation: 'min_max',
      pillars: [{ code: 'p', indicators: [{ indicator: 'x', bounds: { min: 0, max: 200 } }] }],
    });
    const r = computeComposite(cfg, [
      { unit: 'A', values: { x: 50 } },
      { unit: 'B', values: { x: 250 } },
    ]);
    expect(r.units.map((u) => [u.unit, u.score])).toEqual([
      ['B', 100],
      ['A', 25],
    ]);
  });

  it('gives every unit 100 when all values are equal (min-max)', () => {
    const cfg = compositeConfigSchema.parse({
      normalisation: 'min_max',
      pillars: [{ code: 'p', indicators: [{ indicator: 'x' }] }],
    });
    expect(
      computeComposite(cfg, [
        { unit: 'A', values: { x: 3 } },
        { unit: 'B', values: { x: 3 } },
      ]).units.map((u) => [u.score, u.rank]),
    ).toEqual([
      [100, 1],
      [100, 1],
    ]);
  });

  it('rejects inconsistent configurations with paths', () => {
    const bad = compositeConfigSchema.safeParse({
      normalisation: 'distance_to_target',
      pillars: [
        {
          code: 'p',
          weight: 0,
          indicators: [
            { indicator: 'a', weight: 0 },
            { indicator: 'b', target: 1, reference: 2, direction: 'higher_is_better' },
          ],
        },
        {
          code: 'p',
          weight: 0,
          indicators: [
            { indicator: 'b', target: 5, bounds: { min: 1, max: 1 } },
            { indicator: 'c', target: 1, direction: 'lower_is_better' },
          ],
        },
      ],
    });
    expect(bad.success).toBe(false);
    expect(problemsFromZod(bad.error!.issues)).toEqual([
      { path: 'pillars', message: 'the pillar weights add up to 0' },
      { path: 'pillars[0].indicators[0].target', message: 'distance-to-target needs a target' },
      {
        path: 'pillars[0].indicators[1].target',
        message: 'for a higher-is-better indicator the target must be above the reference',
      },
      { path: 'pillars[1].code', message: "pillar 'p' appears twice" },
      { path: 'pillars[1].indicators[0].indicator', message: "'b' is already in pillar 'p' (it would count twice)" },
      { path: 'pillars[1].indicators[0].bounds', message: 'bounds.max must be greater than bounds.min' },
      {
        path: 'pillars[1].indicators[1].reference',
        message: 'a lower-is-better indicator needs a reference (the value that scores 0)',
      },
      {
        path: 'pillars[1].indicators[1].target',
        message: 'for a lower-is-better indicator the target must be below the reference',
      },
    ]);
    // A direction known only from the indicator definitions is checked at computation.
    const cfg = compositeConfigSchema.parse({
      normalisation: 'distance_to_target',
      pillars: [{ code: 'p', indicators: [{ indicator: 'rank', target: 50 }] }],
    });
    let error: unknown;
    try {
      computeComposite(cfg, [], { directions: new Map([['rank', 'lower_is_better']]) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      {
        path: 'pillars[0].indicators[0].reference',
        message: 'a lower-is-better indicator needs a reference (the value that scores 0)',
      },
      {
        path: 'pillars[0].indicators[0].target',
        message: 'for a lower-is-better indicator the target must be below the reference',
      },
    ]);
  });

  it('ranks each period separately', () => {
    const byPeriod = computeCompositeByPeriod(
      dti,
      new Map([
        ['2024', rows],
        [
          '2025',
          rows.map((r) =>
            r.unit === 'DN' ? { unit: 'DN', values: { online_share: 100, processing_days: 1, digital_gdp: 40 } } : r,
          ),
        ],
      ]),
    );
    expect(byPeriod.get('2024')!.units[0]!.unit).toBe('HCM');
    expect(byPeriod.get('2025')!.units[0]).toMatchObject({ unit: 'DN', rank: 1 });
  });
});

describe('competition ranking', () => {
  it('is 1, 2, 2, 4 with ties by code, unscored last', () => {
    const r = competitionRanking([
      { code: 'd', score: 10 },
      { code: 'c', score: 20 },
      { code: 'x', score: null },
      { code: 'b', score: 20 },
      { code: 'a', score: 30 },
    ]);
    expect(r.map((i) => [i.code, i.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
      ['x', null],
    ]);
    expect(
      competitionRanking([
        { code: 'a', score: 0.1 + 0.2 },
        { code: 'b', score: 0.3 },
      ]).map((i) => i.rank),
    ).toEqual([1, 1]);
    expect(
      competitionRanking(
        [
          { code: 'a', score: 2 },
          { code: 'b', score: 1 },
        ],
        { ascending: true },
      ).map((i) => i.code),
    ).toEqual(['b', 'a']);
  });
});

// ---------------------------------------------------------------------------------------
// Properties over random configurations and data

const indicatorCodes = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5'];
const configArb: fc.Arbitrary<CompositeConfig> = fc
  .record({
    split: fc.integer({ min: 1, max: 3 }),
    pillarWeights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 3, maxLength: 3 }),
    weights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }),
    lower: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    rule: fc.constantFrom<'reweight' | 'zero'>('reweight', 'zero'),
    minCoverage: fc.constantFrom(0, 0.5),
  })
  .map(({ split, pillarWeights, weights, lower, rule, minCoverage }) => ({
    normalisation: 'min_max' as const,
    missing: { rule, minCoverage },
    pillars: Array.from({ length: split }, (_, p) => ({
      code: `p${p}`,
      weight: pillarWeights[p]!,
      indicators: indicatorCodes
        .filter((_, i) => i % split === p)
        .map((indicator, k) => ({
          indicator,
          weight: weights[k]!,
          direction: lower[k] ? ('lower_is_better' as const) : ('higher_is_better' as const),
        })),
    })),
  }));

const rowsArb: fc.Arbitrary<CompositeRow[]> = fc
  .uniqueArray(fc.stringMatching(/^[A-Z]{2}$/), { minLength: 1, maxLength: 25 })
  .chain((units) =>
    fc.tuple(
      ...units.map((unit) =>
        fc
          .tuple(
            ...indicatorCodes.map(() =>
              fc.option(
                fc.integer({ min: -50, max: 50 }).map((x) => x * 2.5),
                { freq: 5 },
              ),
            ),
          )
          .map((vals) => ({ unit, values: Object.fromEntries(indicatorCodes.map((c, i) => [c, vals[i]])) })),
      ),
    ),
  );

describe('composite properties', () => {
  it('weights are sum-normalised', () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const w = effectiveWeights(cfg);
        expect([...w.pillars.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect([...w.overall.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        for (const p of cfg.pillars)
          expect(p.indicators.reduce((s, i) => s + w.withinPillar.get(i.indicator)!, 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('min-max scores lie in [0, 100], contributions add up to the score, ranking is a consistent permutation', () => {
    fc.assert(
      fc.property(configArb, rowsArb, (cfg, data) => {
        const r = computeComposite(cfg, data);
        expect(r.units.map((u) => u.unit).sort()).toEqual(data.map((d) => d.unit).sort());
        for (const u of r.units) {
          if (u.score === null) continue;
          expect(u.score).toBeGreaterThanOrEqual(0);
          expect(u.score).toBeLessThanOrEqual(100);
          expect(u.pillars.reduce((s, p) => s + p.contribution, 0)).toBeCloseTo(u.score, 9);
          expect(u.pillars.flatMap((p) => p.indicators).reduce((s, i) => s + i.indexContribution, 0)).toBeCloseTo(
            u.score,
            9,
          );
          for (const i of u.pillars.flatMap((p) => p.indicators))
            if (i.normalised !== null) expect(i.normalised >= 0 && i.normalised <= 100).toBe(true);
        }
        const ranked = r.units.filter((u) => u.rank !== null);
        ranked.forEach((u, k) => {
          expect(u.complete).toBe(true);
          const better = ranked.filter((o) => Math.round(o.score! * 1e9) > Math.round(u.score! * 1e9)).length;
          expect(u.rank).toBe(better + 1); // competition rank: 1 + how many did better
          if (k > 0) {
            const prev = ranked[k - 1]!;
            expect(prev.score!).toBeGreaterThanOrEqual(u.score! - 1e-9);
            if (prev.rank === u.rank) expect(prev.unit < u.unit).toBe(true);
          }
        });
        for (const u of r.units.filter((x) => x.rank === null)) expect(u.score === null || !u.complete).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('units with identical values share a rank', () => {
    fc.assert(
      fc.property(configArb, rowsArb, (cfg, data) => {
        const twin = { unit: 'zz-twin', values: { ...data[0]!.values } };
        const r = computeComposite(cfg, [...data, twin]);
        const a = explainUnit(r, data[0]!.unit)!;
        const b = explainUnit(r, 'zz-twin')!;
        expect(b.score).toBe(a.score);
        expect(b.rank).toBe(a.rank);
      }),
      { numRuns: 200 },
    );
  });
});

describe('composite input checks', () => {
  it('refuses a unit listed twice in a period', () => {
    expect(() => computeComposite(dti, [...rows, rows[0]!])).toThrow(/unit 'HN' appears twice/);
  });
});

describe('distance-to-target and z-score properties', () => {
  it('distance-to-target scores lie in [0, 100]; z-score contributions still add up', () => {
    fc.assert(
      fc.property(
        configArb,
        rowsArb,
        fc.array(fc.integer({ min: -60, max: 60 }), { minLength: 6, maxLength: 6 }),
        (base, data, goal) => {
          const dtt: CompositeConfig = {
            ...base,
            normalisation: 'distance_to_target',
            pillars: base.pillars.map((p) => ({
              ...p,
              indicators: p.indicators.map((i) => {
                const k = indicatorCodes.indexOf(i.indicator);
                const lower = i.direction === 'lower_is_better';
                // reference 0 (the default) for higher-is-better; a target on the right side of it
                return lower
                  ? { ...i, target: goal[k]!, reference: goal[k]! + 10 }
                  : { ...i, target: Math.abs(goal[k]!) + 1 };
              }),
            })),
          };
          for (const u of computeComposite(dtt, data).units) {
            if (u.score === null) continue;
            expect(u.score).toBeGreaterThanOrEqual(0);
            expect(u.score).toBeLessThanOrEqual(100);
          }
          for (const u of computeComposite({ ...base, normalisation: 'z_score' }, data).units) {
            if (u.score === null) continue;
            expect(u.pillars.reduce((s, p) => s + p.contribution, 0)).toBeCloseTo(u.score, 9);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
