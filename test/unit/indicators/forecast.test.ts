import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dateTrendReaches,
  fitTrend,
  forecastStatus,
  periodPoints,
  subtractMonths,
  theilSen,
  trendValueAt,
  windowPoints,
  type TimePoint,
} from '../../../src/domain/indicators/forecast.js';
import { addDays } from '../../../src/domain/dates.js';

/** Monthly values from 2024M01; null = month not reported. */
function monthly(values: Array<number | null>, startYear = 2024): TimePoint[] {
  return periodPoints(
    values.map((value, i) => ({
      period: `${startYear + Math.floor(i / 12)}M${String((i % 12) + 1).padStart(2, '0')}`,
      value,
    })),
  );
}

describe('Theil–Sen', () => {
  it('fits a straight line exactly and shrugs off an outlier', () => {
    const line = [1, 2, 3, 4, 5, 6].map((x) => ({ x, y: 2 * x + 1 }));
    expect(theilSen(line)).toEqual({ slope: 2, intercept: 1 });
    const spoiled = line.map((p) => (p.x === 4 ? { x: 4, y: 1000 } : p));
    expect(theilSen(spoiled)).toEqual({ slope: 2, intercept: 1 });
  });

  it('needs two distinct x', () => {
    expect(theilSen([{ x: 1, y: 1 }])).toBeNull();
    expect(
      theilSen([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeNull();
  });

  it('property: recovers any line, whatever the gaps between points', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: -100, max: 100 }),
        fc.integer({ min: -1000, max: 1000 }),
        (xs, a, b) => {
          const line = theilSen(xs.map((x) => ({ x, y: a * x + b })))!;
          expect(line.slope).toBeCloseTo(a, 9);
          expect(line.intercept).toBeCloseTo(b, 6);
        },
      ),
    );
  });
});

describe('trend window', () => {
  it('uses the last windowMonths months up to the latest value', () => {
    const pts = monthly([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(windowPoints(pts).map((p) => p.date)[0]).toBe('2024-03-31');
    expect(windowPoints(pts, { windowMonths: 3 }).map((p) => p.value)).toEqual([12, 13, 14]);
    expect(windowPoints(pts, { windowMonths: 3, asOf: '2024-06-30' }).map((p) => p.value)).toEqual([4, 5, 6]);
    expect(subtractMonths('2024-03-31', 1)).toBe('2024-02-29');
    expect(subtractMonths('2024-01-15', 13)).toBe('2022-12-15');
    expect(subtractMonths('2025-02-28', 12)).toBe('2024-02-29');
    expect(subtractMonths('2024-04-30', 1)).toBe('2024-03-31');
  });

  it('tolerates missing months: the slope follows real time', () => {
    const pts = monthly([10, null, null, 40, null, 60]); // about +10 a month, with gaps
    const trend = fitTrend(pts)!;
    expect(trend.used).toHaveLength(3);
    expect(trend.slope * 30.44).toBeCloseTo(10, 0); // per average month
    expect(trendValueAt(trend, '2024-12-31')).toBeCloseTo(121, -1);
    expect(dateTrendReaches(trend, 100)).toBe('2024-10-29'); // 90 more at 50/151 a day
    expect(dateTrendReaches(trend, 60)).toBe('2024-06-30');
    expect(dateTrendReaches(trend, 0)).toBeNull(); // behind it
  });
});

describe('classification', () => {
  const up = { target: { value: 100, date: '2024-12-31' }, direction: 'higher_is_better' as const };

  it('on track when the trend reaches the target by the target date', () => {
    const r = forecastStatus({ ...up, points: monthly([10, 20, 30, 40, 50, 60]) });
    expect(r.status).toBe('on_track');
    expect(r.reason).toBe('trend_meets_target');
    expect(r.forecast!).toBeGreaterThan(100);
    expect(r.pointsUsed).toBe(6);
    expect(r.slopePerYear!).toBeCloseTo(120, -1);
  });

  it('at risk when the trend closes most (≥ 80 %) of the gap, off track when less', () => {
    // 60 in June, +5.9 a month → about 95.5 by December: closes ~89 % of the 40 missing.
    const close = forecastStatus({ ...up, points: monthly([30.5, 36.4, 42.3, 48.2, 54.1, 60]) });
    expect(close.status).toBe('at_risk');
    expect(close.gapClosed!).toBeGreaterThan(0.8);
    expect(close.gapClosed!).toBeLessThan(1);
    const slow = forecastStatus({ ...up, points: monthly([50, 52, 54, 56, 58, 60]) });
    expect(slow.status).toBe('off_track');
    expect(slow.reason).toBe('trend_short_of_target');
    expect(
      forecastStatus({ ...up, points: monthly([30.5, 36.4, 42.3, 48.2, 54.1, 60]) }, { atRiskShare: 0.95 }).status,
    ).toBe('off_track');
  });

  it('flat series: off track (the gap never closes)', () => {
    const r = forecastStatus({ ...up, points: monthly([50, 50, 50, 50]) });
    expect(r.status).toBe('off_track');
    expect(r.slopePerDay).toBe(0);
    expect(r.gapClosed).toBe(0);
  });

  it('single point: no data, unless it already meets the target', () => {
    expect(forecastStatus({ ...up, points: monthly([50]) }).status).toBe('no_data');
    expect(forecastStatus({ ...up, points: monthly([50]) }).reason).toBe('too_few_points');
    expect(forecastStatus({ ...up, points: monthly([120]) }).status).toBe('achieved');
    expect(forecastStatus({ ...up, points: [] }).status).toBe('no_data');
    expect(forecastStatus({ ...up, points: monthly([null, null]) }).reason).toBe('no_values');
    expect(forecastStatus({ ...up, points: monthly([10, 20, 30]) }, { minPoints: 4 }).status).toBe('no_data');
  });

  it('target already met: achieved even on a falling trend', () => {
    expect(forecastStatus({ ...up, points: monthly([130, 120, 110, 100]) }).status).toBe('achieved');
  });

  it('lower-is-better: a falling rank is progress', () => {
    const rank = { target: { value: 50, date: '2026-06-30' }, direction: 'lower_is_better' as const };
    const years = (vals: number[]) => vals.map((value, i) => ({ date: `${2020 + 2 * i}-07-01`, value }));
    expect(
      forecastStatus({ ...rank, points: years([78, 69, 60]) }, { windowMonths: 60, asOf: '2024-12-31' }).status,
    ).toBe('at_risk');
    expect(
      forecastStatus({ ...rank, points: years([86, 70, 58]) }, { windowMonths: 60, asOf: '2024-12-31' }).status,
    ).toBe('on_track');
    expect(
      forecastStatus({ ...rank, points: years([86, 88, 90]) }, { windowMonths: 60, asOf: '2024-12-31' }).status,
    ).toBe('off_track');
    expect(forecastStatus({ ...rank, points: years([86, 60, 49]) }, { windowMonths: 60 }).status).toBe('achieved');
    // PUE 1.9 → 1.4 falling 0.05 a month from January: reaches 1.4 in November.
    const pue = { target: { value: 1.4, date: '2024-12-31' }, direction: 'lower_is_better' as const };
    expect(forecastStatus({ ...pue, points: monthly([1.9, 1.85, 1.8, 1.75]) }).status).toBe('on_track');
  });

  it('target date in the past: off track unless met', () => {
    const late = { target: { value: 100, date: '2024-03-31' }, direction: 'higher_is_better' as const };
    const r = forecastStatus({ ...late, points: monthly([10, 20, 30, 40, 50, 60]) });
    expect(r.status).toBe('off_track');
    expect(r.reason).toBe('deadline_passed');
    expect(r.daysToTarget).toBe(-91);
    expect(
      forecastStatus({ ...late, points: monthly([10, 20, 30, 40, 50, 60]) }, { asOf: '2025-01-01' }).daysToTarget,
    ).toBeLessThan(0);
    expect(forecastStatus({ ...late, points: monthly([10, 20, 30, 40, 50, 110]) }).status).toBe('achieved');
  });

  it('evaluates as of a date, ignoring later values', () => {
    const pts = monthly([10, 20, 30, 40, 50, 120]);
    expect(forecastStatus({ ...up, points: pts }).status).toBe('achieved');
    const then = forecastStatus({ ...up, points: pts }, { asOf: '2024-05-31' });
    expect(then.status).toBe('on_track');
    expect(then.latest).toEqual({ date: '2024-05-31', value: 50 });
  });

  it('a boolean milestone: achieved, pending (on track) or off track after its date', () => {
    const m = {
      target: { value: 1, date: '2024-12-31' },
      direction: 'higher_is_better' as const,
      valueType: 'milestone' as const,
    };
    expect(forecastStatus({ ...m, points: monthly([0, 0, 1]) }).status).toBe('achieved');
    expect(forecastStatus({ ...m, points: monthly([0, 0, 0]) }).reason).toBe('milestone_pending');
    expect(forecastStatus({ ...m, points: monthly([0, 0, 0]) }, { asOf: '2025-01-15' }).status).toBe('off_track');
  });

  it('property: the status is a pure function of the trend against the target', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { freq: 4 }), { minLength: 0, maxLength: 24 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -200, max: 800 }),
        fc.constantFrom<'higher_is_better' | 'lower_is_better'>('higher_is_better', 'lower_is_better'),
        (values, targetValue, offsetDays, direction) => {
          const points = monthly(values);
          const present = points.filter((p) => p.value !== null);
          const last = present[present.length - 1];
          const target = { value: targetValue, date: addDays(last?.date ?? '2024-01-31', offsetDays) };
          const r = forecastStatus({ points, target, direction });
          const met =
            last && (direction === 'higher_is_better' ? last.value! >= targetValue : last.value! <= targetValue);
          if (!last) expect(r.status).toBe('no_data');
          else if (met) expect(r.status).toBe('achieved');
          else if (offsetDays < 0) expect(r.status).toBe('off_track');
          else if (r.status === 'on_track')
            expect(direction === 'higher_is_better' ? r.forecast! >= targetValue : r.forecast! <= targetValue).toBe(
              true,
            );
          else if (r.status === 'at_risk') expect(r.gapClosed!).toBeGreaterThanOrEqual(0.8);
          else if (r.status === 'off_track') expect(r.gapClosed!).toBeLessThan(0.8);
          else if (r.status === 'no_data') expect(r.pointsUsed).toBeLessThan(2);
          else expect.unreachable(r.status);
        },
      ),
      { numRuns: 500 },
    );
  });
});
