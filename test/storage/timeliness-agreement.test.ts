/**
 * The SQL timeliness (supervision.repository) and the TypeScript rules
 * (domain/timeliness) agree for random assignments, report histories and as-of dates,
 * on PGlite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { STORE_KINDS } from '../helpers/stores.js';
import {
  addTask,
  BASE,
  drawnPercent,
  drawnTime,
  insertDrawnReport,
  programmeOnStore,
} from '../helpers/random-history.js';
import { addDays } from '../../src/domain/dates.js';
import { periodOf, periodStart } from '../../src/domain/period.js';
import { classify, statusAsOf, REPORT_STATES, type ReportFact, type ReportState } from '../../src/domain/timeliness.js';
import { supervisionRepository } from '../../src/db/repositories/supervision.repository.js';
import { reportsRepository } from '../../src/db/repositories/reports.repository.js';
import { refreshAssignmentStatus, reportFacts, submitReport } from '../../src/services/progress-reports.js';
import { systemContext } from '../../src/services/context.js';

/** Days near a boundary (the due date) are where off-by-one mistakes hide: favour them. */
const dayNear = (anchor: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: 760 }),
    fc.integer({ min: -3, max: 3 }).map((d) => Math.max(0, anchor + d)),
  );

const reportArb = (due: number) =>
  fc.record({
    day: dayNear(due),
    minute: fc.integer({ min: 0, max: 1439 }),
    state: fc.oneof(fc.constant<ReportState>('completed'), fc.constantFrom<ReportState>(...REPORT_STATES)),
    percent: fc.integer({ min: 0, max: 100 }),
    returned: fc.boolean(),
  });

const assignmentArb = fc
  .integer({ min: 0, max: 700 })
  .chain((due) => fc.record({ due: fc.constant(due), reports: fc.array(reportArb(due), { maxLength: 6 }) }));

describe.each(STORE_KINDS)('timeliness SQL = TypeScript on %s', (kind) => {
  const t = programmeOnStore(kind);
  let nodeSeq = 0;

  it('for random histories and dates', { timeout: 300_000 }, async () => {
    const db = t.store.db;
    await fc.assert(
      fc.asyncProperty(
        fc.array(assignmentArb, { minLength: 1, maxLength: 8 }),
        fc.oneof(
          fc.integer({ min: 0, max: 760 }),
          fc.integer({ min: -40, max: 40 }).map((d) => -1000 + d),
        ),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom('year' as const, 'quarter' as const, 'month' as const),
        async (specs, asOfDay, dueSoonDays, backlogPeriod) => {
          // A negative draw means "near the first assignment's due date" (the due-soon window edge).
          const asOf = addDays(
            BASE,
            asOfDay >= 0 ? asOfDay : Math.max(0, specs[0]!.due + asOfDay + 1000 - dueSoonDays),
          );
          const expected = new Map<number, ReturnType<typeof classify>>();
          for (const spec of specs) {
            const id = await addTask(db, `T${++nodeSeq}`, addDays(BASE, spec.due));
            for (const r of spec.reports) await insertDrawnReport(db, id, r);
            await refreshAssignmentStatus(db, id);
            const facts: ReportFact[] = reportFacts(await reportsRepository.forAssignment(db, id));
            expected.set(
              id,
              classify(addDays(BASE, spec.due), statusAsOf(facts, asOf), asOf, { dueSoonDays, backlogPeriod }),
            );
          }
          const rows = await supervisionRepository.byIds(
            db,
            { asOf, dueSoonDays, backlogStart: periodStart(periodOf(asOf, backlogPeriod)) },
            [...expected.keys()],
          );
          expect(rows).toHaveLength(expected.size);
          for (const row of rows) {
            const want = expected.get(row.id)!;
            expect({ id: row.id, state: row.timeliness, backlog: row.backlog, daysLate: row.days_late }).toEqual({
              id: row.id,
              ...want,
            });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it(
    'a submission advances the stored status from the previous one exactly as the whole history would',
    { timeout: 300_000 },
    async () => {
      const db = t.store.db;
      const ctx = systemContext(db);
      await fc.assert(
        fc.asyncProperty(assignmentArb, async (spec) => {
          const id = await addTask(db, `S${++nodeSeq}`, addDays(BASE, spec.due));
          const stored = async () => {
            const a = await db
              .selectFrom('assignments')
              .select(['current_percent', 'current_state', 'completed_on', 'last_reported_at'])
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            return { ...a, last_reported_at: a.last_reported_at?.getTime() ?? null };
          };
          // Through the submission path, in the drawn order (some reports back-dated before earlier ones).
          for (const r of spec.reports) {
            await submitReport(
              ctx,
              id,
              { period: '2024', percent: drawnPercent(r), state: r.state, narrative: 'x', evidence: [] },
              { reportedAt: drawnTime(r.day, r.minute) },
            );
            const incremental = await stored();
            await refreshAssignmentStatus(db, id);
            expect(incremental).toEqual(await stored());
          }
        }),
        { numRuns: 60 },
      );
    },
  );
});
