/** The demo indicators load on both stores and show every classification, a formula, and a ranking. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { systemContext } from '../../src/services/context.js';
import { loadDemo } from '../../src/services/demo.js';
import { atRisk, explainRanking, ranking } from '../../src/services/evaluation.js';
import { aggregatedValues } from '../../src/services/indicator-aggregation.js';
import { statusText } from '../../src/cli/status.js';
import { FORECAST_STATUSES } from '../../src/domain/indicators/index.js';

describe.each(STORE_KINDS)('demo indicators on %s', (kind) => {
  let store: TestStore;
  const ctx = () => ({ ...systemContext(store.db), now: () => new Date('2026-11-25T10:00:00Z') });

  beforeAll(async () => {
    store = await createTestStore(kind);
    const summary = await loadDemo(ctx());
    expect(summary.indicators).toBe(11);
  }, 180_000);
  afterAll(async () => {
    await store?.close();
  });

  it('has at least one national indicator in each classification', async () => {
    const statuses = new Map<string, string>();
    for (const unit of ['VN', 'CN']) {
      const r = await atRisk(ctx(), { unit, statuses: [...FORECAST_STATUSES] });
      for (const i of r.items.filter((i) => i.unit === unit)) statuses.set(i.indicator, i.status!);
    }
    expect(Object.fromEntries(statuses)).toMatchObject({
      vn_egdi_rank: 'achieved',
      vn_5g_population_coverage: 'on_track',
      vn_budget_st_dx_share: 'at_risk',
      vn_essential_services_online: 'off_track',
      cn_green_base_station_share: 'no_data',
    });
    expect(new Set(statuses.values())).toEqual(new Set(FORECAST_STATUSES));
  });

  it('serves the published EGDI ranks and computes the formula indicator', async () => {
    const egdi = await aggregatedValues(ctx(), 'vn_egdi_rank', { unit: 'VN', from: '2014', to: '2024' });
    expect(egdi.rows.map((r) => [r.period, r.value])).toEqual([
      ['2014', 99],
      ['2016', 89],
      ['2018', 88],
      ['2020', 86],
      ['2022', 86],
      ['2024', 71],
    ]);
    const share = await aggregatedValues(ctx(), 'vn_essential_services_share', {
      unit: 'VN',
      from: '2025M03',
      to: '2025M03',
    });
    expect(share.rows[0]!.value).toBeCloseTo((49 / 53) * 100, 9);
  });

  it('ranks the 34 provinces by the DTI-like index and explains a score', async () => {
    const r = await ranking(ctx(), 'vn-dti-provinces', '2025');
    expect(r.units).toHaveLength(34);
    expect(r.units[0]!.rank).toBe(1);
    const first = r.units[0]!.unit;
    const ex = await explainRanking(ctx(), 'vn-dti-provinces', first, '2025');
    expect(ex.score).toBeCloseTo(r.units[0]!.score!, 9);
    expect(ex.pillars.map((p) => p.pillar)).toEqual(['infrastructure', 'government', 'economy']);
  });

  it('lists the indicators at risk in mandate status', async () => {
    const text = await statusText(ctx(), { lang: 'en', top: 3 });
    expect(text).toMatch(/Indicators at risk — VN: \d+ off track, \d+ at risk/);
    expect(text).toContain('OFF TRACK  vn_dead_zone_villages');
  });
});
