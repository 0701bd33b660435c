/** The projected finish and "heading for late" (src/domain/early-warning.ts): examples and properties. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from '../../src/domain/dates.js';
import { projectFinish, DEFAULT_EARLY_WARNING } from '../../src/domain/early-warning.js';
import { statusAsOf, type ReportFact, type ReportState } from '../../src/domain/timeliness.js';

const BASE = '2024-01-01';
let seq = 0;
function report(day: number, percent: number, state: ReportState = 'in_progress', returned = false): ReportFact {
  return { at: Date.parse(`${addDays(BASE, day)}T09:00:00Z`), id: ++seq, percent, state, returned };
}

describe('projectFinish examples', () => {
  it('projects a steady pace to 100 % and flags a finish beyond due + tolerance', () => {
    // 10 % every 10 days: 1 %/day; at 50 % on day 50 → 100 % on day 100.
    const reports = [10, 20, 30, 40, 50].map((d) => report(d, d));
    const onTime = projectFinish({ reports, due: addDays(BASE, 100), start: BASE }, addDays(BASE, 55));
    expect(onTime).toMatchObject({ kind: 'projected', finish: addDays(BASE, 100), slipDays: 0, headingForLate: false });
    expect(onTime.ratePerDay).toBeCloseTo(1);
    const late = projectFinish({ reports, due: addDays(BASE, 80), start: BASE }, addDays(BASE, 55));
    expect(late).toMatchObject({ kind: 'projected', slipDays: 20, headingForLate: true });
    const tolerated = projectFinish({ reports, due: addDays(BASE, 90), start: BASE }, addDays(BASE, 55));
    expect(tolerated).toMatchObject({ slipDays: 10, headingForLate: false });
  });

  it('one odd report barely moves the trend (Theil–Sen)', () => {
    const reports = [report(10, 10), report(20, 20), report(30, 90), report(40, 40), report(50, 50)];
    expect(projectFinish({ reports, due: addDays(BASE, 200), start: null }, addDays(BASE, 50)).finish).toBe(
      addDays(BASE, 100),
    );
  });

  it('completed work finishes on its completion day', () => {
    const reports = [report(10, 30), report(40, 100, 'completed'), report(45, 100, 'completed')];
    expect(projectFinish({ reports, due: addDays(BASE, 30), start: null }, addDays(BASE, 60))).toMatchObject({
      kind: 'completed',
      finish: addDays(BASE, 40),
      headingForLate: false,
    });
  });

  it('blocked, silent and stalled work is heading for late; work not yet started or begun is not', () => {
    const due = addDays(BASE, 300);
    const at = addDays(BASE, 100);
    expect(projectFinish({ reports: [report(90, 40, 'blocked')], due, start: BASE }, at)).toMatchObject({
      kind: 'blocked',
      headingForLate: true,
    });
    expect(projectFinish({ reports: [report(5, 10)], due, start: BASE }, at)).toMatchObject({
      kind: 'silent',
      headingForLate: true,
    });
    expect(projectFinish({ reports: [], due, start: BASE }, at)).toMatchObject({
      kind: 'silent',
      headingForLate: true,
    });
    expect(projectFinish({ reports: [], due, start: addDays(BASE, 50) }, at)).toMatchObject({
      kind: 'not_started',
      headingForLate: false,
    });
    expect(projectFinish({ reports: [], due, start: addDays(BASE, 150) }, at)).toMatchObject({
      kind: 'before_start',
      headingForLate: false,
    });
    expect(projectFinish({ reports: [report(60, 30), report(90, 30)], due, start: BASE }, at)).toMatchObject({
      kind: 'stalled',
      headingForLate: true,
    });
  });

  it('one report and a start date: the pace since the start', () => {
    // 25 % in 50 days from the start → 0.5 %/day → 150 more days.
    const p = projectFinish({ reports: [report(50, 25)], due: addDays(BASE, 400), start: BASE }, addDays(BASE, 60));
    expect(p).toMatchObject({ kind: 'projected', finish: addDays(BASE, 200), headingForLate: false });
    expect(
      projectFinish({ reports: [report(50, 25)], due: addDays(BASE, 400), start: null }, addDays(BASE, 60)).kind,
    ).toBe('too_few_reports');
  });

  it('overdue work is not "heading" for late: it is late', () => {
    const p = projectFinish(
      { reports: [report(10, 10), report(20, 20)], due: addDays(BASE, 25), start: null },
      addDays(BASE, 30),
    );
    expect(p).toMatchObject({ kind: 'projected', headingForLate: false });
  });
});

const reportArb = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  percent: fc.integer({ min: 0, max: 10_000 }).map((p) => p / 100),
  state: fc.constantFrom<ReportState>('in_progress', 'in_progress', 'completed', 'blocked', 'not_started'),
  returned: fc.boolean(),
});

const historyArb = fc.record({
  reports: fc.array(reportArb, { maxLength: 10 }),
  due: fc.integer({ min: 0, max: 500 }),
  start: fc.option(fc.integer({ min: -100, max: 200 })),
  asOf: fc.integer({ min: 0, max: 520 }),
});

function facts(
  spec: Array<{ day: number; minute: number; percent: number; state: ReportState; returned: boolean }>,
): ReportFact[] {
  return spec.map((r, i) => ({
    at: Date.parse(`${addDays(BASE, r.day)}T00:00:00Z`) + r.minute * 60_000,
    id: i + 1,
    percent: r.state === 'completed' ? 100 : r.state === 'not_started' ? 0 : r.percent,
    state: r.state,
    returned: r.returned,
  }));
}

describe('projectFinish properties', () => {
  it('never before the last report nor the as-of day; completed work finishes on its completion day', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const reports = facts(h.reports);
        const asOf = addDays(BASE, h.asOf);
        const p = projectFinish(
          { reports, due: addDays(BASE, h.due), start: h.start === null ? null : addDays(BASE, h.start) },
          asOf,
        );
        const status = statusAsOf(reports, asOf);
        if (status?.state === 'completed') {
          expect(p.kind).toBe('completed');
          expect(p.finish).toBe(status.completedOn);
          expect(p.headingForLate).toBe(false);
          return;
        }
        if (p.finish !== null) {
          expect(p.finish >= p.last!.date).toBe(true);
          expect(p.finish >= asOf).toBe(true);
          expect(p.low! <= p.finish).toBe(true);
          if (p.high !== null) expect(p.high >= p.finish).toBe(true);
        }
        if (asOf > addDays(BASE, h.due)) expect(p.headingForLate).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('monotone in progress: a higher latest percent never projects a later finish nor raises the warning', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: 1, max: 10_000 }).map((p) => p / 100),
        (h, extra) => {
          const reports = facts(h.reports).filter((r) => !r.returned && r.state === 'in_progress');
          fc.pre(reports.length > 0);
          const asOf = addDays(BASE, 520);
          const newest = reports.reduce((a, b) => (b.at > a.at || (b.at === a.at && b.id > a.id) ? b : a));
          const raised = reports.map((r) => (r === newest ? { ...r, percent: Math.min(100, r.percent + extra) } : r));
          const input = { due: addDays(BASE, h.due), start: h.start === null ? null : addDays(BASE, h.start) };
          const options = { ...DEFAULT_EARLY_WARNING, silenceDays: 10_000 };
          const before = projectFinish({ ...input, reports }, asOf, options);
          const after = projectFinish({ ...input, reports: raised }, asOf, options);
          const at = (p: typeof before) => (p.finish === null ? Infinity : Date.parse(p.finish));
          expect(at(after)).toBeLessThanOrEqual(at(before));
          if (!before.headingForLate) expect(after.headingForLate).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
