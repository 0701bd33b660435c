import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatPeriod,
  nextPeriod,
  parentPeriod,
  parsePeriod,
  periodEnd,
  periodOf,
  periodStart,
  type Period,
} from '../../src/domain/period.js';
import { addDays, daysBetween, fromDayNumber, isIsoDate, toDayNumber } from '../../src/domain/dates.js';

const dayArb = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2060-12-31') }).map(fromDayNumber);
const typeArb = fc.constantFrom('year' as const, 'quarter' as const, 'month' as const);

describe('dates', () => {
  it('accepts real dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-01')).toBe(false);
  });
  it('adds and subtracts days consistently', () => {
    fc.assert(
      fc.property(
        dayArb,
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => daysBetween(d, addDays(d, n)) === n && isIsoDate(addDays(d, n)),
      ),
    );
  });
});

describe('periods', () => {
  it('parses and formats codes', () => {
    expect(parsePeriod('2024M03')).toEqual({ type: 'month', year: 2024, index: 3 });
    expect(parsePeriod('202403')).toEqual({ type: 'month', year: 2024, index: 3 });
    expect(parsePeriod('2024Q4')).toEqual({ type: 'quarter', year: 2024, index: 4 });
    expect(parsePeriod('2024')).toEqual({ type: 'year', year: 2024, index: 0 });
    for (const bad of ['2024M13', '2024Q5', '24', '2024-03', '2024M3', '']) expect(parsePeriod(bad)).toBeNull();
    expect(periodEnd(parsePeriod('2024M02')!)).toBe('2024-02-29');
    expect(periodEnd(parsePeriod('2024Q4')!)).toBe('2024-12-31');
  });

  it('every day lies in exactly the period periodOf gives, whose bounds are consistent', () => {
    fc.assert(
      fc.property(dayArb, typeArb, (d, type) => {
        const p = periodOf(d, type);
        const next: Period = nextPeriod(p);
        return (
          periodStart(p) <= d &&
          d <= periodEnd(p) &&
          addDays(periodEnd(p), 1) === periodStart(next) &&
          formatPeriod(parsePeriod(formatPeriod(p))!) === formatPeriod(p)
        );
      }),
    );
  });

  it('rolls months into quarters into years', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const month = periodOf(d, 'month');
        const viaQuarter = parentPeriod(parentPeriod(month, 'quarter'), 'year');
        return (
          formatPeriod(viaQuarter) === formatPeriod(parentPeriod(month, 'year')) &&
          formatPeriod(parentPeriod(month, 'quarter')) === formatPeriod(periodOf(d, 'quarter'))
        );
      }),
    );
  });
});
