/** The demo data set loads on both stores and shows every timeliness state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { systemContext } from '../../src/services/context.js';
import { loadDemo } from '../../src/services/demo.js';
import { rollup } from '../../src/services/supervision.js';
import { listProgrammes } from '../../src/services/programmes.js';

describe.each(STORE_KINDS)('demo data on %s', (kind) => {
  let store: TestStore;
  const now = () => new Date('2026-11-25T08:00:00Z');
  beforeAll(async () => {
    store = await createTestStore(kind);
  }, 300_000);
  afterAll(async () => store?.close());

  it(
    'loads five real programmes, once, with synthetic progress covering every state',
    { timeout: 300_000 },
    async () => {
      const ctx = { ...systemContext(store.db), now };
      const summary = await loadDemo(ctx);
      expect(summary.loaded).toBe(true);
      expect(summary.programmes.sort()).toEqual([
        'cn-digital-china-2522',
        'cn-digital-green-2025',
        'vn-dx-plan-2021',
        'vn-ndx-2024',
        'vn-resolution-57',
      ]);
      expect((await loadDemo(ctx)).loaded).toBe(false);
      expect((await listProgrammes(ctx)).length).toBe(5);

      const { counts } = await rollup(ctx, {});
      for (const state of [
        'notStarted',
        'onTrack',
        'dueSoon',
        'overdue',
        'completedOnTime',
        'completedLate',
        'backlog',
      ] as const) {
        expect(counts[state], state).toBeGreaterThan(0);
      }
      const { rows } = await sql<{
        all: number;
        synthetic: number;
        submitted: number;
        returned: number;
      }>`SELECT count(*) AS all,
      count(*) FILTER (WHERE synthetic AND narrative LIKE '[synthetic]%') AS synthetic,
      count(*) FILTER (WHERE review_state = 'submitted') AS submitted,
      count(*) FILTER (WHERE review_state = 'returned') AS returned FROM progress_reports`.execute(store.db);
      expect(rows[0]!.synthetic).toBe(rows[0]!.all);
      expect(rows[0]!.submitted).toBeGreaterThan(0);
      expect(rows[0]!.returned).toBeGreaterThan(0);
      // Dead zones removed before 12/2024 ("trước tháng 12/2024": due 2024-11-30), cascaded to every province of Viet Nam.
      const deadZones = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM assignments a JOIN programme_nodes n ON n.id = a.node_id
      JOIN org_units u ON u.id = a.org_unit_id WHERE n.due_date = '2024-11-30' AND u.kind = 'province' AND n.title->>'en' ILIKE '%dead zone%'`.execute(
        store.db,
      );
      expect(deadZones.rows[0]!.n).toBeGreaterThanOrEqual(34);
    },
  );
});
