import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { achievement, achievementDetail, plannedValueAt } from '../../../src/domain/indicators/achievement.js';

const higher = (baseline: number, target: number, value: number | null) =>
  achievement({ baseline, target, value, direction: 'higher_is_better' });
const lower = (baseline: number, target: number, value: number | null) =>
  achievement({ baseline, target, value, direction: 'lower_is_better' });

describe('achievement', () => {
  it('is the share of the way from baseline to target', () => {
    expect(higher(20, 100, 60)).toBe(0.5);
    expect(higher(20, 100, 20)).toBe(0);
    expect(higher(20, 100, 100)).toBe(1);
  });

  it('is clamped: beyond the target is 1, worse than the baseline is 0', () => {
    expect(higher(20, 100, 130)).toBe(1);
    expect(
      achievementDetail({ baseline: 20, target: 100, value: 130, direction: 'higher_is_better' }).progress,
    ).toBeCloseTo(1.375, 12);
    expect(higher(20, 100, 5)).toBe(0);
  });

  it('works for lower-is-better: UN EGDI rank 86 → 50', () => {
    expect(lower(86, 50, 68)).toBe(0.5);
    expect(lower(86, 50, 40)).toBe(1);
    expect(lower(86, 50, 90)).toBe(0);
    expect(lower(2.0, 1.4, 1.7)).toBeCloseTo(0.5, 12); // data-centre PUE
  });

  it('baseline = target, or already met at baseline: 1 while met, else 0', () => {
    expect(higher(100, 100, 100)).toBe(1);
    expect(higher(100, 100, 99)).toBe(0);
    expect(higher(120, 100, 110)).toBe(1); // maintain at least 100
    expect(higher(120, 100, 90)).toBe(0);
    expect(lower(30, 50, 45)).toBe(1); // rank 30, target "top 50": keep it
    expect(lower(30, 50, 51)).toBe(0);
    const d = achievementDetail({ baseline: 120, target: 100, value: 110, direction: 'higher_is_better' });
    expect(d).toEqual({ achievement: 1, progress: null, met: true, needed: -20, remaining: -10 });
  });

  it('boolean milestone: reached or not, whatever the baseline and direction', () => {
    expect(
      achievement({ baseline: 0, target: 1, value: 1, direction: 'higher_is_better', valueType: 'milestone' }),
    ).toBe(1);
    expect(
      achievement({ baseline: 0, target: 1, value: 0, direction: 'higher_is_better', valueType: 'milestone' }),
    ).toBe(0);
    expect(
      achievement({ baseline: 1, target: 1, value: 0, direction: 'lower_is_better', valueType: 'milestone' }),
    ).toBe(0);
  });

  it('no value: null, not zero', () => {
    expect(higher(0, 10, null)).toBeNull();
    expect(
      achievement({ baseline: 0, target: 1, value: undefined, direction: 'higher_is_better', valueType: 'milestone' }),
    ).toBeNull();
    expect(higher(0, 10, Number.NaN)).toBeNull();
  });

  const num = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  const dir = fc.constantFrom<'higher_is_better' | 'lower_is_better'>('higher_is_better', 'lower_is_better');

  it('property: always in [0, 1]; 1 exactly when the target is met', () => {
    fc.assert(
      fc.property(num, num, num, dir, (baseline, target, value, direction) => {
        const d = achievementDetail({ baseline, target, value, direction });
        expect(d.achievement).toBeGreaterThanOrEqual(0);
        expect(d.achievement).toBeLessThanOrEqual(1);
        expect(d.achievement === 1).toBe(d.met);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a better value never lowers achievement, and mirroring the scale swaps the direction', () => {
    fc.assert(
      fc.property(num, num, num, num, dir, (baseline, target, a, b, direction) => {
        const [worse, better] =
          direction === 'higher_is_better' ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
        expect(achievement({ baseline, target, value: better, direction })!).toBeGreaterThanOrEqual(
          achievement({ baseline, target, value: worse, direction })!,
        );
        const flipped = direction === 'higher_is_better' ? 'lower_is_better' : 'higher_is_better';
        expect(achievement({ baseline: -baseline, target: -target, value: -a, direction: flipped })).toBeCloseTo(
          achievement({ baseline, target, value: a, direction })!,
          9,
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('planned value', () => {
  const baseline = { value: 0, date: '2024-12-31' };
  const target = { value: 100, date: '2025-12-31' };

  it('interpolates through the milestones', () => {
    const ms = [{ value: 80, date: '2025-06-30' }];
    expect(plannedValueAt(baseline, target, ms, '2024-06-30')).toBe(0);
    expect(plannedValueAt(baseline, target, ms, '2025-06-30')).toBe(80);
    expect(plannedValueAt(baseline, target, [], '2025-07-02')).toBeCloseTo(50, 0);
    expect(plannedValueAt(baseline, target, ms, '2025-09-30')).toBeCloseTo(90, 0);
    expect(plannedValueAt(baseline, target, ms, '2027-01-01')).toBe(100);
  });
});
