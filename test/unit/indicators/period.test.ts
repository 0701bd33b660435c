import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  childPeriods,
  comparePeriods,
  formatPeriod,
  formatPeriodRange,
  parentPeriod,
  parsePeriod,
  parsePeriodRange,
  periodContains,
  periodFromOrdinal,
  periodOrdinal,
  periodRangeSchema,
  periodsBetween,
  type Period,
} from '../../../src/domain/period.js';

const p = (code: string): Period => parsePeriod(code)!;
const codes = (ps: Period[]): string[] => ps.map(formatPeriod);

const monthArb = fc
  .record({ year: fc.integer({ min: 1990, max: 2100 }), index: fc.integer({ min: 1, max: 12 }) })
  .map((m) => ({ type: 'month' as const, ...m }));

describe('period ranges', () => {
  it('enumerates months between two codes across a year boundary', () => {
    expect(codes(periodsBetween(p('2024M11'), p('2025M02')))).toEqual(['2024M11', '2024M12', '2025M01', '2025M02']);
  });

  it('enumerates finer or coarser periods over a span', () => {
    expect(codes(periodsBetween(p('2024Q1'), p('2024Q2'), 'month'))).toEqual([
      '2024M01',
      '2024M02',
      '2024M03',
      '2024M04',
      '2024M05',
      '2024M06',
    ]);
    expect(codes(periodsBetween(p('2024M02'), p('2024M04'), 'quarter'))).toEqual(['2024Q1', '2024Q2']);
    expect(codes(periodsBetween(p('2023M12'), p('2025M01'), 'year'))).toEqual(['2023', '2024', '2025']);
  });

  it('takes codes too', () => {
    expect(codes(periodsBetween('2024M12', '2025Q1'))).toEqual(['2024M12', '2025M01', '2025M02', '2025M03']);
    expect(() => periodsBetween('2024M13', '2025')).toThrow(/not a period/);
  });

  it('is empty when the end comes before the start', () => {
    expect(periodsBetween(p('2024M05'), p('2024M04'))).toEqual([]);
  });

  it('lists the children of a quarter and a year', () => {
    expect(codes(childPeriods(p('2024Q4'), 'month'))).toEqual(['2024M10', '2024M11', '2024M12']);
    expect(codes(childPeriods(p('2024'), 'quarter'))).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(childPeriods(p('2024'), 'month')).toHaveLength(12);
    expect(() => childPeriods(p('2024M01'), 'quarter')).toThrow(RangeError);
  });

  it('parses and formats ranges', () => {
    expect(formatPeriodRange(parsePeriodRange('2024M01..2024M12')!)).toBe('2024M01..2024M12');
    expect(formatPeriodRange(parsePeriodRange('2024Q2')!)).toBe('2024Q2..2024Q2');
    expect(parsePeriodRange('2024M03..2024M01')).toBeNull();
    expect(parsePeriodRange('2024M01..2024Q4')).toBeNull();
    expect(parsePeriodRange('2024..2025..2026')).toBeNull();
    expect(parsePeriodRange('nope')).toBeNull();
    expect(parsePeriodRange('202401..202403')).toEqual({ from: p('2024M01'), to: p('2024M03') });
    expect(periodRangeSchema.parse('2024Q1..2024Q3').to).toEqual(p('2024Q3'));
    expect(periodRangeSchema.safeParse('2024Q3..2024Q1').success).toBe(false);
  });

  it('orders periods by start, finer first at equal starts', () => {
    const sorted = ['2024', '2024Q2', '2023M12', '2024M01', '2024Q1'].map(p).sort(comparePeriods);
    expect(codes(sorted)).toEqual(['2023M12', '2024M01', '2024Q1', '2024', '2024Q2']);
  });

  it('knows containment', () => {
    expect(periodContains(p('2024'), p('2024M07'))).toBe(true);
    expect(periodContains(p('2024Q3'), p('2024M07'))).toBe(true);
    expect(periodContains(p('2024Q2'), p('2024M07'))).toBe(false);
    expect(periodContains(p('2024M07'), p('2024'))).toBe(false);
    expect(periodContains(p('2024Q3'), p('2024Q3'))).toBe(true);
  });

  it('property: ordinals of consecutive months differ by one and invert', () => {
    fc.assert(
      fc.property(monthArb, (m) => {
        const o = periodOrdinal(m);
        expect(periodFromOrdinal('month', o)).toEqual(m);
        const next = periodFromOrdinal('month', o + 1);
        expect(comparePeriods(m, next)).toBeLessThan(0);
      }),
    );
  });

  it('property: month → quarter → year equals month → year', () => {
    fc.assert(
      fc.property(monthArb, (m) => {
        expect(parentPeriod(parentPeriod(m, 'quarter'), 'year')).toEqual(parentPeriod(m, 'year'));
        expect(periodContains(parentPeriod(m, 'quarter'), m)).toBe(true);
      }),
    );
  });

  it('property: the months of a random range are consecutive and complete', () => {
    fc.assert(
      fc.property(monthArb, fc.integer({ min: 0, max: 60 }), (m, n) => {
        const to = periodFromOrdinal('month', periodOrdinal(m) + n);
        const list = periodsBetween(m, to);
        expect(list).toHaveLength(n + 1);
        list.forEach((x, i) => expect(periodOrdinal(x)).toBe(periodOrdinal(m) + i));
      }),
    );
  });
});
