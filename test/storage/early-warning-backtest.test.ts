/**
 * The backtest in CI size: a small fixed history whose answer is worked out by hand,
 * on PGlite and PostgreSQL — and the "heading for late" view on the same history.
 *
 * Every task starts 2024-01-01 and (but F) is due 2024-06-30; the warning is replayed
 * 30 and 60 days before (2024-05-31, 2024-05-01) with the default settings
 * (tolerance 14 days, silence 90 days):
 *   A  20 % a month, on pace for the end of May; completed 2024-06-15   not warned, on time   (true negative)
 *   B  10 % a month: projected for late 2024; completed 2024-09-01      warned, late          (true positive)
 *   C  like A, then blocked in June and never completed                 not warned, late      (false negative)
 *   D  like B, then a sprint: completed 2024-06-20                      warned, on time       (false positive)
 *   G  one report in January, then silence; never completed            warned (silent), late (true positive)
 *   E  completed 2024-04-20, before either as-of day                   left out
 *   F  due 2025-03-01, after the end of the history                   left out
 * → 5 open, 3 late, 3 warned, 2 right: precision 2/3, recall 2/3; the naive rule 3/5 and 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { assignmentIdOf } from '../helpers/assignments.js';
import { reportsRepository } from '../../src/db/repositories/reports.repository.js';
import { refreshAssignmentStatus } from '../../src/services/progress-reports.js';
import { systemContext } from '../../src/services/context.js';
import { createOrgUnit } from '../../src/services/org-units.js';
import { createNode, createProgramme } from '../../src/services/programmes.js';
import { backtestEarlyWarning, backtestTable } from '../../src/services/early-warning-backtest.js';
import { headingForLate } from '../../src/services/early-warning.js';
import type { ReportState } from '../../src/domain/timeliness.js';
import { statusText } from '../../src/cli/status.js';
import { buildMeetingReport } from '../../src/services/meeting-report/meeting-report.js';
import { addContact, addRule } from '../../src/services/notifications/settings.js';
import { planNotices } from '../../src/services/notifications/planner.js';

type R = [day: string, percent: number, state?: ReportState];
/** 20 % a month (on pace for the end of May) and 10 % a month (projected for late 2024). */
const ON_PACE: R[] = [
  ['2024-02-01', 20],
  ['2024-03-01', 40],
  ['2024-04-01', 60],
  ['2024-05-01', 80],
];
const SLOW: R[] = [
  ['2024-02-01', 10],
  ['2024-03-01', 20],
  ['2024-04-01', 30],
  ['2024-05-01', 40],
];
const HISTORY: Record<string, { due: string; reports: R[] }> = {
  A: { due: '2024-06-30', reports: [...ON_PACE, ['2024-06-15', 100, 'completed']] },
  B: { due: '2024-06-30', reports: [...SLOW, ['2024-09-01', 100, 'completed']] },
  C: { due: '2024-06-30', reports: [...ON_PACE, ['2024-06-10', 85, 'blocked']] },
  D: { due: '2024-06-30', reports: [...SLOW, ['2024-06-20', 100, 'completed']] },
  G: { due: '2024-06-30', reports: [['2024-01-15', 10]] },
  E: {
    due: '2024-06-30',
    reports: [
      ['2024-02-01', 50],
      ['2024-04-20', 100, 'completed'],
    ],
  },
  F: {
    due: '2025-03-01',
    reports: [
      ['2024-02-01', 10],
      ['2024-05-01', 20],
    ],
  },
};

describe.each(STORE_KINDS)('early-warning backtest with a known answer on %s', (kind) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore(kind);
    const ctx = systemContext(store.db);
    await createOrgUnit(ctx, { code: 'ROOT', kind: 'committee', name: { en: 'Root' } });
    await createOrgUnit(ctx, { code: 'M1', kind: 'ministry', parent: 'ROOT', name: { en: 'Ministry one' } });
    await createProgramme(ctx, {
      code: 'P',
      name: { en: 'P' },
      issuers: ['ROOT'],
      period: { start: '2024-01-01', end: '2025-12-31' },
    });
    for (const [code, spec] of Object.entries(HISTORY)) {
      await createNode(ctx, 'P', {
        code,
        kind: 'task',
        title: { en: `Task ${code}` },
        lead: 'M1',
        start: '2024-01-01',
        due: spec.due,
      });
      const id = await assignmentIdOf(store.db, code);
      for (const [day, percent, state] of spec.reports)
        await reportsRepository.insert(store.db, {
          assignmentId: id,
          period: day.slice(0, 4),
          percent,
          state: state ?? 'in_progress',
          narrative: 'x',
          evidence: [],
          reporter: 'test',
          reportedAt: new Date(`${day}T10:00:00Z`),
        });
      await refreshAssignmentStatus(store.db, id);
    }
  });
  afterAll(async () => store?.close());

  it('scores the warning and the naive rule 30 and 60 days before due', async () => {
    const result = await backtestEarlyWarning(systemContext(store.db), { end: '2025-01-01', horizons: [60, 30] });
    const expected = {
      population: 5,
      asOfDays: 1,
      late: 3,
      warning: { flagged: 3, hits: 2, precision: 2 / 3, recall: 2 / 3 },
      naive: { flagged: 5, hits: 3, precision: 3 / 5, recall: 1 },
    };
    expect(result.lines).toEqual([
      { daysBeforeDue: 60, ...expected },
      { daysBeforeDue: 30, ...expected },
    ]);
    expect(backtestTable(result)).toContain('| 30 | 5 | 3 | 3 | 67 % | 67 % | 60 % | 100 % |');
  });

  it('a larger tolerance forgives a projected slip', async () => {
    // B and D are projected ~180 days late: no tolerance under that changes them; 400 days forgives both.
    const result = await backtestEarlyWarning(systemContext(store.db), {
      end: '2025-01-01',
      horizons: [30],
      toleranceDays: 400,
    });
    expect(result.lines[0]!.warning).toEqual({ flagged: 1, hits: 1, precision: 1, recall: 1 / 3 });
  });

  it('lists the work heading for late as of a day, by unit and lead agency', async () => {
    const view = await headingForLate(systemContext(store.db), { asOf: '2024-05-31' });
    expect(view.total).toBe(4);
    expect(view.items.map((i) => [i.node, i.basis]).sort()).toEqual([
      ['B', 'projected'],
      ['D', 'projected'],
      ['F', 'projected'],
      ['G', 'silent'],
    ]);
    expect(view.leads).toEqual([{ code: 'M1', name: { en: 'Ministry one' }, count: 4 }]);
    const b = view.items.find((i) => i.node === 'B')!;
    expect(b.projectedFinish! > '2024-10-01').toBe(true);
    expect(b.slipDays).toBeGreaterThan(14);
  });

  it('shows in mandate status', async () => {
    const text = await statusText(systemContext(store.db), { asOf: '2024-05-31', lang: 'en', top: 10 });
    expect(text).toContain('Heading for late (4; tolerance 14 days, silence 90 days):');
    expect(text).toContain('G Task G — M1, due 2024-06-30, 10 %: silent since 2024-01-15');
    expect(text).toMatch(/B Task B — M1, due 2024-06-30, 40 %: projected 2024-1\d-\d\d \(\d+ days late\)/);
    expect(text).toContain('By lead agency: M1 4');
  });

  it('the meeting report lists what is likely to slip before the next meeting', async () => {
    const report = await buildMeetingReport(
      systemContext(store.db, () => new Date('2024-07-15T00:00:00Z')),
      { programme: 'P', period: '2024M05', format: 'json' },
    );
    expect(report.nextMeeting).toBe('2024-06-30');
    expect(report.likelyToSlipTotal).toBe(3);
    expect(report.likelyToSlip.map((t) => [t.node, t.basis]).sort()).toEqual([
      ['B', 'projected'],
      ['D', 'projected'],
      ['G', 'silent'],
    ]);
  });

  it('a heading_for_late rule warns the unit and its parent, once per due date', async () => {
    const ctx = systemContext(store.db);
    await addContact(ctx, { unit: 'M1', email: 'm1@example.org', language: 'vi' });
    await addContact(ctx, { unit: 'ROOT', email: 'head@example.org', language: 'ar', role: 'head' });
    await addRule(ctx, 'P', { kind: 'heading_for_late', params: { horizonDays: 45 } });
    const plan = await planNotices(ctx, '2024-05-31', { dryRun: true });
    const early = plan.notices.filter((n) => n.kind === 'heading_for_late');
    expect(early).toHaveLength(6); // B, D and G, each to M1's reporter and ROOT's head; F is due too far ahead
    expect(new Set(early.map((n) => n.recipient))).toEqual(new Set(['m1@example.org', 'head@example.org']));
    expect(new Set(early.map((n) => n.occasion))).toEqual(new Set(['2024-06-30']));
  });
});
