/**
 * The SQL early warning (early-warning.repository) and the TypeScript rules
 * (domain/early-warning) agree — kind, projected finish and "heading for late" — for
 * random assignments, report histories and as-of days, on PGlite and PostgreSQL, both
 * for one as-of day and for "N days before each due date" (the backtest's form).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STORE_KINDS } from '../helpers/stores.js';
import { addTask, BASE, insertDrawnReport, programmeOnStore } from '../helpers/random-history.js';
import { addDays } from '../../src/domain/dates.js';
import { projectFinish, type EarlyWarningOptions } from '../../src/domain/early-warning.js';
import type { ReportState } from '../../src/domain/timeliness.js';
import { earlyWarningRepository, type ProjectionDay } from '../../src/db/repositories/early-warning.repository.js';
import { reportsRepository } from '../../src/db/repositories/reports.repository.js';
import { refreshAssignmentStatus, reportFacts } from '../../src/services/progress-reports.js';

const reportArb = fc.record({
  day: fc.integer({ min: 0, max: 400 }),
  // Several reports on one day are common (a correction the same afternoon): favour them.
  sameDayAs: fc.option(fc.nat(), { freq: 3 }),
  minute: fc.integer({ min: 0, max: 1439 }),
  state: fc.constantFrom<ReportState>(
    'in_progress',
    'in_progress',
    'in_progress',
    'completed',
    'blocked',
    'not_started',
  ),
  percent: fc.integer({ min: 0, max: 10_000 }).map((p) => p / 100),
  returned: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
});

const assignmentArb = fc.record({
  due: fc.integer({ min: 30, max: 450 }),
  start: fc.option(fc.integer({ min: -60, max: 200 })),
  reports: fc.array(reportArb, { maxLength: 9 }),
});

const optionsArb = fc.record({
  windowReports: fc.integer({ min: 2, max: 8 }),
  silenceDays: fc.integer({ min: 20, max: 200 }),
  toleranceDays: fc.integer({ min: 0, max: 30 }),
});

describe.each(STORE_KINDS)('early warning SQL = TypeScript on %s', (kind) => {
  const t = programmeOnStore(kind);
  let nodeSeq = 0;

  it('for random histories, days and settings', { timeout: 300_000 }, async () => {
    const db = t.store.db;
    await fc.assert(
      fc.asyncProperty(
        fc.array(assignmentArb, { minLength: 1, maxLength: 6 }),
        fc.oneof(
          fc.integer({ min: 0, max: 460 }).map((d): ProjectionDay => ({ date: addDays(BASE, d) })),
          fc.integer({ min: 0, max: 90 }).map((n): ProjectionDay => ({ daysBeforeDue: n })),
        ),
        optionsArb,
        async (specs, at, options: EarlyWarningOptions) => {
          const expected = new Map<number, { kind: string; finish: string | null; heading: boolean }>();
          for (const spec of specs) {
            const due = addDays(BASE, spec.due);
            const start = spec.start === null ? null : addDays(BASE, Math.min(spec.start, spec.due));
            const id = await addTask(db, `T${++nodeSeq}`, due, start);
            const days: number[] = [];
            for (const r of spec.reports) {
              const day = r.sameDayAs !== null && days.length ? days[r.sameDayAs % days.length]! : r.day;
              days.push(day);
              await insertDrawnReport(db, id, { ...r, day });
            }
            await refreshAssignmentStatus(db, id);
            const reports = reportFacts(await reportsRepository.forAssignment(db, id));
            const asOf = 'date' in at ? at.date : addDays(due, -at.daysBeforeDue);
            const p = projectFinish({ reports, due, start }, asOf, options);
            expected.set(id, { kind: p.kind, finish: p.finish, heading: p.headingForLate });
          }
          const rows = await earlyWarningRepository.byIds(db, at, [...expected.keys()], options);
          expect(rows).toHaveLength(expected.size);
          for (const row of rows)
            expect({ id: row.id, kind: row.kind, finish: row.finish, heading: row.heading }).toEqual({
              id: row.id,
              ...expected.get(row.id),
            });
        },
      ),
      { numRuns: 100 },
    );
  });
});
