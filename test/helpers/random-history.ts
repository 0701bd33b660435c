/**
 * The harness of the agreement properties (SQL = TypeScript): a store with one committee
 * (ROOT) and one programme (P, 2020–2030), tasks made on it one by one, and drawn report
 * histories stored as they were sent — `day` days after BASE, `minute` into that day, a
 * returned one reviewed as returned.
 */
import { afterAll, beforeAll } from 'vitest';
import type { StoreKind } from '../../src/db/connect.js';
import type { Db } from '../../src/db/database.js';
import { addDays } from '../../src/domain/dates.js';
import type { ReportState } from '../../src/domain/timeliness.js';
import { reportsRepository } from '../../src/db/repositories/reports.repository.js';
import { systemContext } from '../../src/services/context.js';
import { createOrgUnit } from '../../src/services/org-units.js';
import { createNode, createProgramme } from '../../src/services/programmes.js';
import { assignmentIdOf } from './assignments.js';
import { createTestStore, type TestStore } from './stores.js';

export const BASE = '2024-01-01';

export interface DrawnReport {
  day: number;
  minute: number;
  state: ReportState;
  percent: number;
  returned: boolean;
}

/** The store of the property, made in beforeAll and closed in afterAll (read `store` inside tests). */
export function programmeOnStore(kind: StoreKind): { store: TestStore } {
  const self = {} as { store: TestStore };
  beforeAll(async () => {
    self.store = await createTestStore(kind);
    const ctx = systemContext(self.store.db);
    await createOrgUnit(ctx, { code: 'ROOT', kind: 'committee', name: { en: 'Root' } });
    await createProgramme(ctx, {
      code: 'P',
      name: { en: 'P' },
      issuers: ['ROOT'],
      period: { start: '2020-01-01', end: '2030-12-31' },
    });
  });
  afterAll(async () => self.store?.close());
  return self;
}

/** Makes a task of P led by ROOT (code = title) and answers its assignment's id. */
export async function addTask(db: Db, code: string, due: string, start?: string | null): Promise<number> {
  await createNode(systemContext(db), 'P', {
    code,
    kind: 'task',
    title: { en: code },
    lead: 'ROOT',
    due,
    ...(start ? { start } : {}),
  });
  return assignmentIdOf(db, code);
}

/** The percent a drawn report says: 100 when completed, 0 when not started. */
export function drawnPercent(r: Pick<DrawnReport, 'state' | 'percent'>): number {
  return r.state === 'completed' ? 100 : r.state === 'not_started' ? 0 : r.percent;
}

/** When a drawn report was sent. */
export function drawnTime(day: number, minute: number): Date {
  return new Date(Date.parse(`${addDays(BASE, day)}T00:00:00Z`) + minute * 60_000);
}

/** Stores a drawn report directly (as a migration or an import would), returned ones reviewed as returned. */
export async function insertDrawnReport(db: Db, assignmentId: number, r: DrawnReport): Promise<void> {
  const row = await reportsRepository.insert(db, {
    assignmentId,
    period: '2024',
    percent: drawnPercent(r),
    state: r.state,
    narrative: 'x',
    evidence: [],
    reporter: 'test',
    reportedAt: drawnTime(r.day, r.minute),
  });
  if (r.returned)
    await reportsRepository.review(db, row.id, { state: 'returned', comment: 'no', by: 't', at: new Date() });
}
