/**
 * The approval state machine on both stores, as a property: random sequences of
 * submit / approve / accept / return / unapprove by random actors (reporters,
 * secretariats at every level, admins, an actor who both reports and approves) on a
 * commune's assignment and the province assignment above it. Whatever happens:
 * nobody approves or accepts their own submission, nothing is submitted for a locked
 * period, no level is skipped, and bad requests are typed errors, never crashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { systemContext, type ServiceContext } from '../../src/services/context.js';
import { cascadeTask, listNodeAssignments } from '../../src/services/assignments.js';
import { setApprovalLevels } from '../../src/services/approvals/approval-levels.js';
import { submitReport } from '../../src/services/progress-reports.js';
import { decideOnReport, type ReportDecision } from '../../src/services/approvals/report-approval.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Actor, Role } from '../../src/domain/actor.js';

const NOW = () => new Date('2024-09-01T10:00:00Z');

const ACTORS: Array<[string, Array<[Role, string | null]>]> = [
  ['rep-c1', [['reporter', 'VN-HN-C1']]],
  ['rep-hn', [['reporter', 'VN-HN']]],
  ['sec-c1', [['secretariat', 'VN-HN-C1']]],
  ['sec-hn', [['secretariat', 'VN-HN']]],
  ['sec-vn', [['secretariat', 'VN']]],
  ['admin', [['admin', null]]],
  // Reports and approves over the same commune: a reporter for what they submit.
  [
    'dual',
    [
      ['reporter', 'VN-HN-C1'],
      ['secretariat', 'VN-HN-C1'],
    ],
  ],
  ['admin-rep', [['admin', null]]],
];

type Op =
  | { kind: 'submit'; actor: number; target: number }
  | { kind: 'approve' | 'accept'; actor: number; target: number }
  | { kind: 'return'; actor: number; target: number }
  | { kind: 'unapprove'; actor: number; target: number; step: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('submit' as const), actor: fc.nat(ACTORS.length - 1), target: fc.nat(1) }),
  fc.record({
    kind: fc.constantFrom('approve' as const, 'accept' as const),
    actor: fc.nat(ACTORS.length - 1),
    target: fc.nat(1),
  }),
  fc.record({ kind: fc.constant('return' as const), actor: fc.nat(ACTORS.length - 1), target: fc.nat(1) }),
  fc.record({
    kind: fc.constant('unapprove' as const),
    actor: fc.nat(ACTORS.length - 1),
    target: fc.nat(1),
    step: fc.nat(3),
  }),
);

describe.each(STORE_KINDS)('approval state machine on %s (property)', (kind) => {
  let store: TestStore;
  let actors: Actor[];
  let targets: [number, number]; // [commune C1, province HN]
  let run = 0;
  const seen = { approvals: 0, lockedRefusals: 0, ownRefusals: 0 };

  beforeAll(async () => {
    store = await createTestStore(kind);
    await loadFixtures(store);
    const ctx = systemContext(store.db, NOW);
    const provinces = await listNodeAssignments(ctx, 'VN-NDX-TEST', 'DEAD-ZONES');
    const hn = provinces.find((a) => a.unit === 'VN-HN')!.id;
    const communes = await cascadeTask(ctx, 'VN-NDX-TEST', 'DEAD-ZONES', { kind: 'commune', under: 'VN-HN' });
    targets = [communes.assignments[0]!, hn];
    await setApprovalLevels(ctx, 'VN-NDX-TEST', { levels: ['commune', 'province', 'committee'], accept: true });
    const units = await store.db.selectFrom('org_units').select(['code', 'path']).execute();
    const pathOf = new Map(units.map((u) => [u.code, u.path]));
    actors = ACTORS.map(([name, grants]) => ({
      name,
      grants: grants.map(([role, unit]) => ({ role, unit, unitPath: unit ? pathOf.get(unit)! : '/' })),
    }));
  }, 240_000);
  afterAll(async () => {
    await store?.close();
  });

  /** Latest report of the period on an assignment, with its approval. */
  async function latest(assignmentId: number, period: string) {
    return store.db
      .selectFrom('progress_reports as r')
      .leftJoin('approvals as ap', (j) => j.on('ap.subject_type', '=', 'report').onRef('ap.subject_id', '=', 'r.id'))
      .select(['r.id', 'r.reporter', 'ap.approved', 'ap.status'])
      .where('r.assignment_id', '=', assignmentId)
      .where('r.period', '=', period)
      .orderBy('r.reported_at', 'desc')
      .orderBy('r.id', 'desc')
      .executeTakeFirst();
  }

  it('never lets a submitter approve their own, never changes a locked period, never skips a level', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        run++;
        const period = `${2030 + Math.floor(run / 12)}M${String((run % 12) + 1).padStart(2, '0')}`;
        const touched = new Set<number>();
        for (const op of ops) {
          const actor = actors[op.actor]!;
          const ctx: ServiceContext = { db: store.db, actor, now: NOW };
          const assignment = targets[op.target]!;
          if (op.kind === 'submit') {
            // Locked: the period's latest report here, or on the province above the commune, is approved somewhere.
            const own = await latest(assignment, period);
            const above = op.target === 0 ? await latest(targets[1], period) : undefined;
            const locked = [own, above].some((r) => r && r.status !== 'returned' && (r.approved ?? 0) > 0);
            try {
              const r = await submitReport(ctx, assignment, {
                period,
                percent: 10,
                state: 'in_progress',
                narrative: 'x',
              });
              touched.add(r.id);
              expect(locked, `submitted ${period} on ${assignment} while locked`).toBe(false);
            } catch (error) {
              expect(error).toBeInstanceOf(DomainError);
              if (locked) seen.lockedRefusals++;
            }
            continue;
          }
          const report = await latest(assignment, period);
          if (!report) continue;
          const decision: ReportDecision =
            op.kind === 'return'
              ? { action: 'return', comment: 'fix it' }
              : op.kind === 'unapprove'
                ? { action: 'unapprove', reason: 'reopen', step: op.step }
                : { action: op.kind };
          try {
            await decideOnReport(ctx, report.id, decision);
            if (op.kind !== 'unapprove') expect(report.reporter).not.toBe(actor.name);
            if (op.kind === 'approve' || op.kind === 'accept') seen.approvals++;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            if ((error as Error).message.includes('their own submission')) seen.ownRefusals++;
          }
        }
        // Replay each touched report's steps: approvals climb one step at a time, never by the submitter.
        for (const id of touched) {
          const steps = await store.db
            .selectFrom('approval_steps')
            .select(['action', 'step', 'actor'])
            .where('subject_type', '=', 'report')
            .where('subject_id', '=', id)
            .orderBy('id')
            .execute();
          const ap = await store.db
            .selectFrom('approvals')
            .select(['submitted_by', 'approved', 'status', 'chain'])
            .where('subject_type', '=', 'report')
            .where('subject_id', '=', id)
            .executeTakeFirstOrThrow();
          let next = 0;
          let open = true;
          for (const s of steps) {
            if (s.action === 'submit') continue;
            if (s.action === 'approve' || s.action === 'accept') {
              expect(open).toBe(true);
              expect(s.actor).not.toBe(ap.submitted_by);
              expect(s.step, `report ${id} skipped to step ${s.step} from ${next}`).toBe(next);
              next++;
            } else if (s.action === 'unapprove') {
              expect(s.step!).toBeLessThan(next);
              next = s.step!;
            } else if (s.action === 'return') {
              expect(s.step).toBe(next);
              open = false;
            }
          }
          expect(ap.approved).toBe(open ? next : 0);
          const chainLength = (ap.chain as unknown[]).length;
          expect(ap.status).toBe(!open ? 'returned' : next === chainLength ? 'accepted' : 'pending');
        }
      }),
      {
        numRuns: kind === 'pglite' ? 30 : 20,
        // One sequence that surely meets a self-approval, an approval and a locked period.
        examples: [
          [
            [
              { kind: 'submit', actor: 0, target: 0 },
              { kind: 'approve', actor: 0, target: 0 },
              { kind: 'approve', actor: 2, target: 0 },
              { kind: 'submit', actor: 0, target: 0 },
            ],
          ],
        ],
      },
    );
    // The sequences reached the interesting states.
    expect(seen.approvals).toBeGreaterThan(0);
    expect(seen.lockedRefusals).toBeGreaterThan(0);
    expect(seen.ownRefusals).toBeGreaterThan(0);
  }, 240_000);
});
