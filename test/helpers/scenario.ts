/**
 * The permission scenario: the fixture tree (VN → ministries, provinces, Hà Nội's
 * communes), the fixture programme issued by VN and cascaded to the provinces and on
 * to Hà Nội's communes, a programme issued by Hải Phòng alone, and one user per role
 * scoped to Hà Nội (plus a national secretariat, an admin and a user without grants).
 */
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { StoreKind } from '../../src/db/connect.js';
import { systemContext } from '../../src/services/context.js';
import { createProgramme, createNode } from '../../src/services/programmes.js';
import { cascadeTask, listNodeAssignments } from '../../src/services/assignments.js';
import { submitReport } from '../../src/services/progress-reports.js';
import { createToken } from '../../src/services/users.js';
import { loadFixtures, testApp } from './app.js';
import { createUser, tokenFor, type GrantSpec } from './auth.js';
import { createTestStore, type TestStore } from './stores.js';

export const MATRIX_USERS = {
  admin: [{ role: 'admin' }],
  'sec-vn': [{ role: 'secretariat', unit: 'VN' }],
  'sec-hn': [{ role: 'secretariat', unit: 'VN-HN' }],
  'rep-hn': [{ role: 'reporter', unit: 'VN-HN' }],
  'view-hn': [{ role: 'viewer', unit: 'VN-HN' }],
  nobody: [],
} satisfies Record<string, GrantSpec[]>;
export type MatrixUser = keyof typeof MATRIX_USERS | 'anonymous';

export interface Scenario {
  app: FastifyInstance;
  headers: Record<string, Record<string, string>>;
  /** Assignment ids: DEAD-ZONES in Hà Nội and in a Hà Nội commune (in scope), in Hải Phòng (out of scope). */
  hn: number;
  hnCommune: number;
  hp: number;
  /** A token of another user (`victim`), for revocation attempts. */
  victimToken(): Promise<number>;
  /** A fresh submitted report on the assignment (made by the system), for review attempts. */
  freshReport(assignment: number): Promise<number>;
}

export async function buildScenario(store: TestStore, now = () => new Date('2024-09-01T10:00:00Z')): Promise<Scenario> {
  await loadFixtures(store);
  const ctx = systemContext(store.db, now);
  await createProgramme(ctx, {
    code: 'HP-PLAN',
    name: { en: 'Hai Phong DX plan' },
    issuers: ['VN-HP'],
    period: { start: '2024-01-01', end: '2025-12-31' },
  });
  await createNode(ctx, 'HP-PLAN', {
    code: 'HP-TASK',
    kind: 'task',
    title: { en: 'Hai Phong smart city' },
    lead: 'VN-HP',
    due: '2024-12-31',
  });
  const provinces = await listNodeAssignments(ctx, 'VN-NDX-TEST', 'DEAD-ZONES');
  const hn = provinces.find((a) => a.unit === 'VN-HN')!.id;
  const hp = provinces.find((a) => a.unit === 'VN-HP')!.id;
  const communes = await cascadeTask(ctx, 'VN-NDX-TEST', 'DEAD-ZONES', { kind: 'commune', under: 'VN-HN' });
  const headers: Record<string, Record<string, string>> = { anonymous: {} };
  for (const [username, grants] of Object.entries(MATRIX_USERS)) {
    await createUser(store, username, grants);
    // `nobody` gets a token too, with no grants in it.
    headers[username] = { authorization: `Bearer ${await tokenFor(store, username, undefined, now)}` };
  }
  await createUser(store, 'victim', [{ role: 'viewer', unit: 'VN-DN' }]);
  const app = await testApp(store, now);
  return {
    app,
    headers,
    hn,
    hnCommune: communes.assignments[0]!,
    hp,
    async victimToken() {
      return (await createToken(ctx, { name: 'victim' }, 'victim')).id;
    },
    async freshReport(assignment) {
      return (
        await submitReport(ctx, assignment, {
          period: '2024M08',
          percent: 10,
          state: 'in_progress',
          narrative: 'x',
          evidence: [],
        })
      ).id;
    },
  };
}

/** The scenario on a fresh store of the kind, built in beforeAll and closed in afterAll (read the fields inside tests). */
export function scenarioOnStore(kind: StoreKind): Scenario & { store: TestStore } {
  const self = {} as Scenario & { store: TestStore };
  beforeAll(async () => {
    self.store = await createTestStore(kind);
    Object.assign(self, await buildScenario(self.store));
  });
  afterAll(async () => {
    await self.app?.close();
    await self.store?.close();
  });
  return self;
}
