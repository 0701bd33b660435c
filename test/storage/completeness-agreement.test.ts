/**
 * Completeness in SQL (dataSetsRepository.completeness) and the pure completeness() of
 * src/domain/data-sets.ts agree for random trees, data set schedules, submissions, ranges
 * and as-of days, on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { addDays } from '../../src/domain/dates.js';
import { parsePeriod, periodOf, periodStart, formatPeriod, type PeriodType } from '../../src/domain/period.js';
import { completeness, SUBMISSION_STATES, type CompletenessDataSet } from '../../src/domain/data-sets.js';
import { dataSetsRepository } from '../../src/db/repositories/data-sets.repository.js';
import { systemContext } from '../../src/services/context.js';
import { createOrgUnit } from '../../src/services/org-units.js';

const BASE = '2024-01-01';
const day = (n: number) => addDays(BASE, n);

const dataSetArb = fc.record({
  periodType: fc.constantFrom<PeriodType>('month', 'quarter', 'year'),
  unitKind: fc.constantFrom('province', 'commune'),
  scope: fc.constantFrom('R', 'P1', 'P2'),
  openOffsetDays: fc.integer({ min: -40, max: 40 }),
  dueDays: fc.integer({ min: 0, max: 40 }),
  firstPeriodDay: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});

const submissionArb = fc.record({
  ds: fc.nat(),
  unit: fc.nat(),
  periodDay: fc.integer({ min: -60, max: 760 }),
  state: fc.constantFrom(...SUBMISSION_STATES),
  submittedDay: fc.option(fc.integer({ min: -30, max: 800 }), { nil: null }),
  minute: fc.integer({ min: 0, max: 1439 }),
});

const caseArb = fc.record({
  dataSets: fc.array(dataSetArb, { minLength: 1, maxLength: 3 }),
  submissions: fc.array(submissionArb, { maxLength: 25 }),
  from: fc.integer({ min: -60, max: 500 }),
  span: fc.integer({ min: 0, max: 400 }),
  asOf: fc.integer({ min: -30, max: 800 }),
  root: fc.constantFrom('R', 'P1', 'P2'),
  level: fc.integer({ min: 0, max: 2 }),
});

describe.each(STORE_KINDS)('completeness SQL = pure function on %s', (kind) => {
  let store: TestStore;
  let units: Array<{ id: number; code: string; path: string; kind: string; depth: number }>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    const ctx = systemContext(store.db);
    await createOrgUnit(ctx, { code: 'R', kind: 'committee', name: { en: 'R' } });
    for (const [p, n] of [
      ['P1', 3],
      ['P2', 2],
      ['P3', 0],
    ] as const) {
      await createOrgUnit(ctx, { code: p, kind: 'province', parent: 'R', name: { en: p } });
      for (let i = 1; i <= n; i++)
        await createOrgUnit(ctx, { code: `${p}-C${i}`, kind: 'commune', parent: p, name: { en: `${p}-C${i}` } });
    }
    units = await store.db
      .selectFrom('org_units')
      .select(['id', 'code', 'path', 'kind', 'depth'])
      .orderBy('id')
      .execute();
  });
  afterAll(async () => store?.close());

  it('for random schedules, submissions, ranges and dates', { timeout: 300_000 }, async () => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const db = store.db;
        await db.deleteFrom('data_set_submissions').execute();
        await db.deleteFrom('data_sets').execute();
        const sets: CompletenessDataSet[] = [];
        for (const [i, d] of c.dataSets.entries()) {
          const first = d.firstPeriodDay === null ? null : periodOf(day(d.firstPeriodDay), d.periodType);
          const schedule = {
            periodType: d.periodType,
            unitKind: d.unitKind,
            openOffsetDays: d.openOffsetDays,
            dueDays: d.dueDays,
            expiryDays: null,
            firstPeriodStart: first ? periodStart(first) : null,
          };
          const id = await dataSetsRepository.insert(db, `DS${i}`, {
            ...schedule,
            name: { en: `DS${i}` },
            description: {},
            scopeId: byCode.get(d.scope)!.id,
            firstPeriod: first ? formatPeriod(first) : null,
            synthetic: false,
          });
          sets.push({ ...schedule, id, scopePath: byCode.get(d.scope)!.path });
        }
        const subs = [];
        const seen = new Set<string>();
        for (const s of c.submissions) {
          const ds = sets[s.ds % sets.length]!;
          const unit = units[s.unit % units.length]!;
          const p = periodOf(day(s.periodDay), ds.periodType);
          const key = `${ds.id}|${unit.id}|${periodStart(p)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const at =
            s.submittedDay === null ? null : new Date(`${day(s.submittedDay)}T00:00:00Z`).getTime() + s.minute * 60_000;
          await dataSetsRepository.putSubmission(
            db,
            {
              dataSetId: ds.id,
              unitId: unit.id,
              period: formatPeriod(p),
              periodStart: periodStart(p),
              state: s.state,
              submittedAt: at === null ? null : new Date(at),
              submittedBy: 'x',
              comment: null,
              by: 'x',
              at: new Date(),
            },
            null,
          );
          subs.push({
            dataSetId: ds.id,
            unitId: unit.id,
            periodStart: periodStart(p),
            state: s.state,
            submittedOn: at === null ? null : new Date(at).toISOString().slice(0, 10),
          });
        }
        const from = day(c.from);
        const to = day(c.from + c.span);
        const asOf = day(c.asOf);
        const root = byCode.get(c.root)!;
        const depth = root.depth + c.level;
        const range = { dataSetIds: sets.map((s) => s.id), from, to, asOf, rootPath: root.path };
        const sql = await dataSetsRepository.completeness(db, { ...range, group: { depth } });
        const groups = units.filter((u) => u.depth === depth && u.path.startsWith(root.path));
        const pure = completeness(sets, units, subs, { from, to, asOf, groups });
        expect(
          sql.map((r) => ({
            unitId: r.unit_id,
            dataSetId: r.data_set_id,
            periodStart: r.period_start,
            expected: r.expected,
            received: r.received,
            onTime: r.on_time,
          })),
        ).toEqual(pure);
        // And grouped by explicit units (each unit's subtree).
        const ids = groups.map((g) => g.id);
        const byIds = await dataSetsRepository.completeness(db, { ...range, group: { ids } });
        expect(byIds.map((r) => [r.unit_id, r.data_set_id, r.period_start, r.expected, r.received, r.on_time])).toEqual(
          pure.map((r) => [r.unitId, r.dataSetId, r.periodStart, r.expected, r.received, r.onTime]),
        );
        void parsePeriod;
      }),
      { numRuns: 60 },
    );
  });
});
