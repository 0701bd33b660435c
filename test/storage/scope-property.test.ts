/**
 * Property: for random org trees, random users with random scoped grants and random
 * requests, no response reveals or changes anything outside the user's scope —
 * lists contain only in-scope items (and rollups count exactly the in-scope work),
 * single objects outside the scope are 404, and writes outside the scope (or
 * without the role) fail and leave the database unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { testApp } from '../helpers/app.js';
import { createUser, tokenFor } from '../helpers/auth.js';
import { systemContext } from '../../src/services/context.js';
import type { Role } from '../../src/domain/actor.js';
import { createOrgUnit } from '../../src/services/org-units.js';
import { createNode, createProgramme } from '../../src/services/programmes.js';
import { cascadeTask } from '../../src/services/assignments.js';
import { submitReport } from '../../src/services/progress-reports.js';

const NOW = () => new Date('2024-09-01T10:00:00Z');
const ROLES: Role[] = ['secretariat', 'reporter', 'viewer'];

interface World {
  /** parent index of unit i (i ≥ 1); unit 0 is the root. */
  parents: number[];
  users: Array<Array<{ role: Role; unit: number }>>;
  reports: number[];
  requests: Array<{ user: number; kind: number; target: number }>;
}

const worldArb: fc.Arbitrary<World> = fc.integer({ min: 3, max: 10 }).chain((n) =>
  fc.record({
    parents: fc
      .tuple(...Array.from({ length: n - 1 }, (_, i) => fc.integer({ min: 0, max: i })))
      .map((p) => [-1, ...p]),
    users: fc.array(
      fc.array(fc.record({ role: fc.constantFrom(...ROLES), unit: fc.integer({ min: 0, max: n - 1 }) }), {
        minLength: 0,
        maxLength: 2,
      }),
      { minLength: 1, maxLength: 3 },
    ),
    reports: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }),
    requests: fc.array(fc.record({ user: fc.nat(), kind: fc.integer({ min: 0, max: 9 }), target: fc.nat() }), {
      minLength: 4,
      maxLength: 12,
    }),
  }),
);

describe.each(STORE_KINDS)('scope property on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let run = 0;
  beforeAll(async () => {
    store = await createTestStore(kind);
    app = await testApp(store, NOW);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('finds no read or write outside a user’s scope', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const r = ++run;
        const ctx = systemContext(store.db, NOW);
        const codes = world.parents.map((_, i) => `R${r}-U${i}`);
        const paths: string[] = [];
        for (const [i, parent] of world.parents.entries()) {
          const unit = await createOrgUnit(ctx, {
            code: codes[i]!,
            kind: i === 0 ? 'committee' : 'agency',
            parent: i === 0 ? undefined : codes[parent]!,
            name: { en: codes[i]! },
          });
          paths.push(unit.path);
        }
        const programme = `R${r}-P`;
        await createProgramme(ctx, {
          code: programme,
          name: { en: programme },
          issuers: [codes[0]!],
          period: { start: '2024-01-01', end: '2025-12-31' },
        });
        await createNode(ctx, programme, {
          code: 'T',
          kind: 'task',
          title: { en: 'task' },
          lead: codes[0]!,
          due: '2024-06-30',
        });
        await cascadeTask(ctx, programme, 'T', { kind: 'agency', under: codes[0]! });
        const assignmentRows = await store.db
          .selectFrom('assignments as a')
          .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
          .innerJoin('programmes as p', 'p.id', 'a.programme_id')
          .select(['a.id', 'u.path', 'u.code', 'a.child_count'])
          .where('p.code', '=', programme)
          .orderBy('a.id')
          .execute();
        const byUnit = new Map(assignmentRows.map((a) => [a.code, a]));
        for (const u of world.reports)
          await submitReport(ctx, byUnit.get(codes[u]!)!.id, {
            period: '2024M05',
            percent: 50,
            state: 'in_progress',
            narrative: 'x',
            evidence: [],
          });

        const users = world.users.map((grants, i) => ({
          name: `r${r}-user${i}`,
          grants: grants.map((g) => ({ role: g.role, unit: codes[g.unit]!, path: paths[g.unit]! })),
        }));
        const headers: Array<Record<string, string>> = [];
        for (const u of users) {
          await createUser(
            store,
            u.name,
            u.grants.map((g) => ({ role: g.role, unit: g.unit })),
          );
          headers.push({ authorization: `Bearer ${await tokenFor(store, u.name, undefined, NOW)}` });
        }
        const sees = (u: (typeof users)[number], path: string, roles: Role[] = ROLES) =>
          u.grants.some((g) => roles.includes(g.role) && path.startsWith(g.path));
        // The root unit of a grant is changed only from above it.
        const seesFromAbove = (u: (typeof users)[number], path: string, roles: Role[]) =>
          u.grants.some((g) => roles.includes(g.role) && path.startsWith(g.path) && path !== g.path);
        const pathOfUnit = new Map(codes.map((c, i) => [c, paths[i]!]));
        const reportCount = async () =>
          Number(
            (
              await store.db
                .selectFrom('progress_reports')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );

        for (const req of world.requests) {
          const u = users[req.user % users.length]!;
          const h = headers[req.user % users.length]!;
          const a = assignmentRows[req.target % assignmentRows.length]!;
          const unitIndex = req.target % codes.length;
          const get = async (url: string) => app.inject({ url, headers: h });
          switch (req.kind) {
            case 0: {
              const res = await get(`/api/org-units?q=${encodeURIComponent(`R${r}-`)}`);
              expect(res.statusCode).toBe(200);
              const got = res
                .json()
                .items.map((x: { path: string }) => x.path)
                .sort();
              expect(got).toEqual(paths.filter((p) => sees(u, p)).sort());
              break;
            }
            case 1: {
              const res = await get(`/api/programmes/${programme}/nodes/T/assignments`);
              const visible = assignmentRows.filter((x) => sees(u, x.path));
              // The programme is visible when its issuer (the root) or one of its assignments is in scope.
              if (visible.length === 0 && !sees(u, paths[0]!)) expect(res.statusCode).toBe(404);
              else
                expect(
                  res
                    .json()
                    .items.map((x: { id: number }) => x.id)
                    .sort(),
                ).toEqual(visible.map((x) => x.id).sort());
              break;
            }
            case 2: {
              const res = await get(`/api/assignments/${a.id}`);
              expect(res.statusCode).toBe(sees(u, a.path) ? 200 : 404);
              break;
            }
            case 3: {
              const res = await get(`/api/supervision/rollup?dueTo=2024-06-30&dueFrom=2024-06-30`);
              expect(res.statusCode).toBe(200);
              // Leaf assignments due that day in scope, across every run's programme so far.
              const all = await store.db
                .selectFrom('assignments as a')
                .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
                .select(['o.path', 'a.child_count', 'a.due_date'])
                .execute();
              const expected = all.filter(
                (x) => x.child_count === 0 && x.due_date === '2024-06-30' && sees(u, x.path),
              ).length;
              expect(res.json().counts.total).toBe(expected);
              for (const g of res.json().worstOffenders)
                if (g.keys[0].code) expect(sees(u, pathOfUnit.get(g.keys[0].code) ?? '/nowhere/')).toBe(true);
              break;
            }
            case 4: {
              const res = await get(`/api/supervision/overdue?limit=500`);
              for (const item of res.json().items) {
                const p = pathOfUnit.get(item.unit);
                if (p) expect(sees(u, p)).toBe(true);
                else expect(u.grants.length).toBeGreaterThan(0); // another run's unit: only if some grant could cover it (never, by construction)
              }
              for (const item of res.json().items) expect(item.unit.startsWith(`R${r}-`)).toBe(true);
              break;
            }
            case 5: {
              const res = await get(`/api/reviews?limit=500`);
              for (const item of res.json().items) expect(sees(u, pathOfUnit.get(item.unit) ?? '/nowhere/')).toBe(true);
              break;
            }
            case 6: {
              const before = await reportCount();
              const res = await app.inject({
                method: 'POST',
                url: `/api/assignments/${a.id}/reports`,
                headers: h,
                payload: { period: '2024M08', percent: 10, state: 'in_progress', narrative: 'p' },
              });
              const allowed = sees(u, a.path, ['reporter']);
              expect(res.statusCode).toBe(allowed ? 201 : sees(u, a.path) ? 403 : 404);
              expect(await reportCount()).toBe(before + (allowed ? 1 : 0));
              break;
            }
            case 7: {
              const pending = await store.db
                .selectFrom('progress_reports')
                .select('id')
                .where('assignment_id', '=', a.id)
                .where('review_state', '=', 'submitted')
                .executeTakeFirst();
              if (!pending) break;
              const res = await app.inject({
                method: 'POST',
                url: `/api/reports/${pending.id}/review`,
                headers: h,
                payload: { decision: 'return', comment: 'no' },
              });
              const allowed = sees(u, a.path, ['secretariat']);
              if (res.statusCode === 403 && allowed)
                expect(res.json().error.message).toMatch(/own (report|submission)/);
              else expect(res.statusCode).toBe(allowed ? 200 : sees(u, a.path) ? 403 : 404);
              const state = (
                await store.db
                  .selectFrom('progress_reports')
                  .select('review_state')
                  .where('id', '=', pending.id)
                  .executeTakeFirstOrThrow()
              ).review_state;
              expect(state).toBe(res.statusCode === 200 ? 'returned' : 'submitted');
              break;
            }
            case 8: {
              const code = codes[unitIndex]!;
              const before = await store.db
                .selectFrom('org_units')
                .select(['version', 'aliases'])
                .where('code', '=', code)
                .executeTakeFirstOrThrow();
              const res = await app.inject({
                method: 'PATCH',
                url: `/api/org-units/${code}`,
                headers: h,
                payload: { aliases: ['changed'] },
              });
              const p = paths[unitIndex]!;
              expect(res.statusCode).toBe(seesFromAbove(u, p, ['secretariat']) ? 200 : sees(u, p) ? 403 : 404);
              const after = await store.db
                .selectFrom('org_units')
                .select(['version'])
                .where('code', '=', code)
                .executeTakeFirstOrThrow();
              expect(after.version).toBe(before.version + (res.statusCode === 200 ? 1 : 0));
              break;
            }
            case 9: {
              const res = await get(`/api/history/assignment/${a.id}`);
              expect(res.statusCode).toBe(sees(u, a.path) ? 200 : 404);
              break;
            }
          }
        }
      }),
      { numRuns: 20, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
  });
});
