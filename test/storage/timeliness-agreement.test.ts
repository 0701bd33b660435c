/**
 * The SQL timeliness (supervision.repository) and the TypeScript rules
 * (domain/timeliness) agree for random assignments, report histories and as-of dates,
 * on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { addDays } from '../../src/domain/dates.js';
import { periodOf, periodStart } from '../../src/domain/period.js';
import { classify, statusAsOf, REPORT_STATES, type ReportFact, type ReportState } from '../../src/domain/timeliness.js';
import { supervisionRepository } from '../../src/db/repositories/supervision.repository.js';
import { reportsRepository } from '../../src/db/repositories/reports.repository.js';
import { refreshAssignmentStatus, reportFacts, submitReport } from '../../src/services/progress-reports.js';
import { systemContext } from '../../src/services/context.js';
import { createOrgUnit } from '../../src/services/org-units.js';
import { createNode, createProgramme } from '../../src/services/programmes.js';

const BASE = '2024-01-01';

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
  let store: TestStore;
  let nodeSeq = 0;

  beforeAll(async () => {
    store = await createTestStore(kind);
    const ctx = systemContext(store.db);
    await createOrgUnit(ctx, { code: 'ROOT', kind: 'committee', name: { en: 'Root' } });
    await createProgramme(ctx, {
      code: 'P',
      name: { en: 'P' },
      issuers: ['ROOT'],
      period: { start: '2020-01-01', end: '2030-12-31' },
    });
  });
  afterAll(async () => store?.close());

  it('for random histories and dates', { timeout: 300_000 }, async () => {
    const ctx = systemContext(store.db);
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
            const code = `T${++nodeSeq}`;
            await createNode(ctx, 'P', {
              code,
              kind: 'task',
              title: { en: code },
              lead: 'ROOT',
              due: addDays(BASE, spec.due),
            });
            const { id } = await store.db
              .selectFrom('assignments as a')
              .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
              .select('a.id')
              .where('n.code', '=', code)
              .executeTakeFirstOrThrow();
            for (const r of spec.reports) {
              const percent = r.state === 'completed' ? 100 : r.state === 'not_started' ? 0 : r.percent;
              const row = await reportsRepository.insert(store.db, {
                assignmentId: id,
                period: '2024',
                percent,
                state: r.state,
                narrative: 'x',
                evidence: [],
                reporter: 'test',
                reportedAt: new Date(Date.parse(`${addDays(BASE, r.day)}T00:00:00Z`) + r.minute * 60_000),
              });
              if (r.returned)
                await reportsRepository.review(store.db, row.id, {
                  state: 'returned',
                  comment: 'no',
                  by: 't',
                  at: new Date(),
                });
            }
            await refreshAssignmentStatus(store.db, id);
            const facts: ReportFact[] = reportFacts(await reportsRepository.forAssignment(store.db, id));
            expected.set(
              id,
              classify(addDays(BASE, spec.due), statusAsOf(facts, asOf), asOf, { dueSoonDays, backlogPeriod }),
            );
          }
          const rows = await supervisionRepository.byIds(
            store.db,
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
      const ctx = systemContext(store.db);
      await fc.assert(
        fc.asyncProperty(assignmentArb, async (spec) => {
          const code = `S${++nodeSeq}`;
          await createNode(ctx, 'P', {
            code,
            kind: 'task',
            title: { en: code },
            lead: 'ROOT',
            due: addDays(BASE, spec.due),
          });
          const { id } = await store.db
            .selectFrom('assignments as a')
            .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
            .select('a.id')
            .where('n.code', '=', code)
            .executeTakeFirstOrThrow();
          const stored = async () => {
            const a = await store.db
              .selectFrom('assignments')
              .select(['current_percent', 'current_state', 'completed_on', 'last_reported_at'])
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            return { ...a, last_reported_at: a.last_reported_at?.getTime() ?? null };
          };
          // Through the submission path, in the drawn order (some reports back-dated before earlier ones).
          for (const r of spec.reports) {
            const percent = r.state === 'completed' ? 100 : r.state === 'not_started' ? 0 : r.percent;
            await submitReport(
              ctx,
              id,
              { period: '2024', percent, state: r.state, narrative: 'x', evidence: [] },
              { reportedAt: new Date(Date.parse(`${addDays(BASE, r.day)}T00:00:00Z`) + r.minute * 60_000) },
            );
            const incremental = await stored();
            await refreshAssignmentStatus(store.db, id);
            expect(incremental).toEqual(await stored());
          }
        }),
        { numRuns: 60 },
      );
    },
  );
});
