import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classify, statusAsOf, REPORT_STATES, type ReportFact } from '../../src/domain/timeliness.js';
import { addDays } from '../../src/domain/dates.js';

const opts = { dueSoonDays: 14, backlogPeriod: 'year' as const };
const at = (day: string, hour = 9) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('classify', () => {
  it('covers each state at its boundaries', () => {
    const due = '2024-12-31';
    expect(classify(due, null, '2024-12-01', opts).state).toBe('not_started');
    expect(classify(due, null, '2024-12-17', opts).state).toBe('due_soon');
    expect(classify(due, null, '2024-12-16', opts).state).toBe('not_started');
    expect(classify(due, { percent: 40, state: 'in_progress', completedOn: null }, '2024-06-01', opts).state).toBe(
      'on_track',
    );
    expect(classify(due, { percent: 40, state: 'blocked', completedOn: null }, '2024-06-01', opts).state).toBe(
      'on_track',
    );
    expect(classify(due, { percent: 40, state: 'in_progress', completedOn: null }, '2024-12-31', opts).state).toBe(
      'due_soon',
    );
    // Due in 2024 and still open in 2025: carried over from an earlier year, so backlog.
    expect(classify(due, { percent: 40, state: 'in_progress', completedOn: null }, '2025-01-01', opts)).toEqual({
      state: 'overdue',
      backlog: true,
      daysLate: 1,
    });
    expect(classify('2025-03-31', null, '2025-04-02', opts)).toEqual({ state: 'overdue', backlog: false, daysLate: 2 });
    expect(classify(due, null, '2026-01-01', opts)).toEqual({ state: 'overdue', backlog: true, daysLate: 366 });
    expect(
      classify(due, { percent: 100, state: 'completed', completedOn: '2024-12-31' }, '2025-03-01', opts).state,
    ).toBe('completed_on_time');
    expect(classify(due, { percent: 100, state: 'completed', completedOn: '2025-01-05' }, '2025-03-01', opts)).toEqual({
      state: 'completed_late',
      backlog: false,
      daysLate: 5,
    });
  });

  it('backlog means overdue and due before the current period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.constantFrom('year' as const, 'quarter' as const, 'month' as const),
        (d, a, period) => {
          const due = addDays('2022-01-01', d);
          const asOf = addDays('2022-01-01', a);
          const r = classify(due, null, asOf, { dueSoonDays: 14, backlogPeriod: period });
          if (r.backlog) expect(r.state).toBe('overdue');
          if (r.state === 'overdue') expect(r.daysLate).toBeGreaterThan(0);
          else expect(r.backlog).toBe(false);
        },
      ),
    );
  });
});

describe('statusAsOf', () => {
  it('takes the newest non-returned report on or before the day, and the start of the last completed run', () => {
    const reports: ReportFact[] = [
      { at: at('2024-01-10'), id: 1, percent: 30, state: 'in_progress', returned: false },
      { at: at('2024-02-10'), id: 2, percent: 100, state: 'completed', returned: false },
      { at: at('2024-03-10'), id: 3, percent: 90, state: 'in_progress', returned: false },
      { at: at('2024-04-10'), id: 4, percent: 100, state: 'completed', returned: false },
      { at: at('2024-05-10'), id: 5, percent: 100, state: 'completed', returned: false },
      { at: at('2024-06-10'), id: 6, percent: 10, state: 'in_progress', returned: true },
    ];
    expect(statusAsOf(reports, '2024-01-09')).toBeNull();
    expect(statusAsOf(reports, '2024-02-10')).toEqual({ percent: 100, state: 'completed', completedOn: '2024-02-10' });
    expect(statusAsOf(reports, '2024-03-31')).toEqual({ percent: 90, state: 'in_progress', completedOn: null });
    expect(statusAsOf(reports, '2024-12-31')).toEqual({ percent: 100, state: 'completed', completedOn: '2024-04-10' });
  });

  it('ignores the order reports are given in', () => {
    const factArb = fc.record({
      at: fc.integer({ min: at('2024-01-01'), max: at('2024-12-31') }),
      id: fc.nat(),
      percent: fc.integer({ min: 0, max: 100 }),
      state: fc.constantFrom(...REPORT_STATES),
      returned: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(factArb, { selector: (f) => f.id, maxLength: 8 }), (facts) => {
        const reversed = [...facts].reverse();
        expect(statusAsOf(reversed, '2024-07-01')).toEqual(statusAsOf(facts, '2024-07-01'));
      }),
    );
  });
});
