import { describe, expect, it } from 'vitest';
import {
  coerceValue,
  dataValueInputSchema,
  indicatorInputSchema,
  indicatorSchema,
  targetFor,
  targetInputSchema,
  valueProblem,
} from '../../../src/domain/indicators/indicator.js';
import { problemsFromZod } from '../../../src/domain/errors.js';

const name = { vi: 'Dịch vụ công trực tuyến toàn trình', en: 'End-to-end online public services' };

function problems(
  schema: {
    safeParse: (v: unknown) => {
      success: boolean;
      error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
    };
  },
  value: unknown,
) {
  const r = schema.safeParse(value);
  return r.success ? [] : problemsFromZod(r.error!.issues);
}

describe('indicator definitions', () => {
  it('fills defaults: direction by value type, aggregation, time aggregation', () => {
    const rank = indicatorInputSchema.parse({
      code: 'egdi_rank',
      name: { en: 'UN EGDI rank' },
      unit: 'rank',
      valueType: 'rank',
    });
    expect(rank.direction).toBe('lower_is_better');
    expect(rank.aggregation).toEqual({ method: 'mean' });
    expect(rank.timeAggregation).toBe('last');
    expect(rank.programmeNodes).toEqual([]);
    const count = indicatorInputSchema.parse({ code: 'services_online', name, unit: 'services', valueType: 'count' });
    expect(count.direction).toBe('higher_is_better');
    expect(count.aggregation).toEqual({ method: 'sum' });
    const m = indicatorInputSchema.parse({
      code: 'has_5g',
      name: { en: '5G coverage' },
      unit: 'yes/no',
      valueType: 'milestone',
    });
    expect(m.aggregation).toEqual({ method: 'share_meeting_threshold', threshold: 1, comparison: 'gte' });
    expect(indicatorSchema.safeParse(m).success).toBe(true);
  });

  it('a formula indicator without an aggregation is computed from aggregated inputs (aggregation null)', () => {
    const rate = indicatorInputSchema.parse({
      code: 'online_rate',
      name,
      unit: '%',
      valueType: 'percent',
      formula: 'online_services / total_services * 100',
    });
    expect(rate.aggregation).toBeNull();
    expect(indicatorSchema.safeParse(rate).success).toBe(true);
    const share = indicatorInputSchema.parse({
      code: 'online_rate_80',
      name,
      unit: '%',
      valueType: 'percent',
      formula: 'online_services / total_services * 100',
      aggregation: { method: 'share_meeting_threshold', threshold: 80, comparison: 'gte' },
    });
    expect(share.aggregation?.method).toBe('share_meeting_threshold');
  });

  it('keeps what is given', () => {
    const pue = indicatorInputSchema.parse({
      code: 'dc_pue',
      name: { en: 'Data-centre PUE' },
      unit: 'PUE',
      valueType: 'number',
      direction: 'lower_is_better',
      aggregation: { method: 'weighted_mean', weightIndicator: 'dc_power_mw' },
      timeAggregation: 'mean',
      programmeNodes: [{ programme: 'NDX-2025', node: 'green.3' }],
    });
    expect(pue.direction).toBe('lower_is_better');
    expect(pue.aggregation).toEqual({ method: 'weighted_mean', weightIndicator: 'dc_power_mw' });
  });

  it('rejects bad codes, bad formulas and self-weighting with paths', () => {
    expect(problems(indicatorInputSchema, { code: 'a-b', name, unit: 'x', valueType: 'number' })[0]!.path).toBe('code');
    expect(problems(indicatorInputSchema, { code: 'max', name, unit: 'x', valueType: 'number' })[0]!.message).toMatch(
      /formula function/,
    );
    expect(
      problems(indicatorInputSchema, {
        code: 'rate',
        name,
        unit: '%',
        valueType: 'percent',
        formula: 'online / (total',
      }),
    ).toEqual([{ path: 'formula', message: "unclosed '(' at 10" }]);
    expect(
      problems(indicatorInputSchema, {
        code: 'w',
        name,
        unit: 'x',
        valueType: 'number',
        aggregation: { method: 'weighted_mean', weightIndicator: 'w' },
      })[0]!.path,
    ).toBe('aggregation.weightIndicator');
    expect(
      problems(indicatorInputSchema, {
        code: 'm',
        name,
        unit: 'x',
        valueType: 'milestone',
        direction: 'lower_is_better',
      })[0]!.path,
    ).toBe('direction');
    expect(
      problems(indicatorInputSchema, {
        code: 's',
        name,
        unit: '%',
        valueType: 'percent',
        aggregation: { method: 'share_meeting_threshold', threshold: 80 },
      })[0]!.path,
    ).toBe('aggregation.comparison');
  });
});

describe('values', () => {
  it('checks a number against its type', () => {
    expect(valueProblem('count', 3)).toBeNull();
    expect(valueProblem('count', 2.5)).toMatch(/whole/);
    expect(valueProblem('count', -1)).toMatch(/≥ 0/);
    expect(valueProblem('rank', 0)).toMatch(/≥ 1/);
    expect(valueProblem('milestone', 0.5)).toMatch(/1 \(reached\)/);
    expect(valueProblem('percent', 140)).toBeNull();
    expect(valueProblem('number', Number.NaN)).toMatch(/finite/);
  });

  it('coerces raw cells', () => {
    expect(coerceValue('number', '12,5')).toEqual({ ok: true, value: 12.5 });
    expect(coerceValue('number', ' 1.5e3 ')).toEqual({ ok: true, value: 1500 });
    expect(coerceValue('percent', '87.5 %')).toEqual({ ok: true, value: 87.5 });
    expect(coerceValue('milestone', 'có')).toEqual({ ok: true, value: 1 });
    expect(coerceValue('milestone', 'No')).toEqual({ ok: true, value: 0 });
    expect(coerceValue('milestone', true)).toEqual({ ok: true, value: 1 });
    expect(coerceValue('count', 7)).toEqual({ ok: true, value: 7 });
    expect(coerceValue('number', '1,234,567')).toEqual({ ok: false, message: "'1,234,567' is not a number" });
    expect(coerceValue('number', 'abc').ok).toBe(false);
    expect(coerceValue('number', '')).toEqual({ ok: false, message: 'no value' });
    expect(coerceValue('number', true).ok).toBe(false);
    expect(coerceValue('count', '3.5')).toEqual({ ok: false, message: 'a count is a whole number ≥ 0' });
    expect(coerceValue('number', null)).toEqual({ ok: false, message: 'no value' });
  });

  it('validates a data value and normalises its period code', () => {
    const v = dataValueInputSchema.parse({
      indicator: 'services_online',
      orgUnit: 'VN-HN',
      period: '202403',
      value: 45,
      source: 'MIC',
    });
    expect(v.period).toBe('2024M03');
    expect(
      problems(dataValueInputSchema, { indicator: 'x', orgUnit: 'VN', period: '2024M13', value: 1 })[0]!.path,
    ).toBe('period');
  });
});

describe('targets', () => {
  const base = {
    indicator: 'egdi_rank',
    baseline: { value: 86, period: '2022' },
    target: { value: 50, date: '2025-12-31' },
  };

  it('defaults to all units and no milestones', () => {
    const t = targetInputSchema.parse(base);
    expect(t.orgUnit).toBeNull();
    expect(t.milestones).toEqual([]);
  });

  it('checks dates: target after the baseline period, milestones in order and in between', () => {
    expect(problems(targetInputSchema, { ...base, target: { value: 50, date: '2022-06-30' } })[0]!.path).toBe(
      'target.date',
    );
    const bad = problems(targetInputSchema, {
      ...base,
      orgUnit: 'VN',
      milestones: [
        { value: 70, date: '2024-12-31' },
        { value: 60, date: '2023-12-31' },
        { value: 40, date: '2026-01-01' },
      ],
    });
    expect(bad.map((p) => p.path)).toEqual(['milestones[1].date', 'milestones[2].date']);
    expect(
      problems(targetInputSchema, { ...base, milestones: [{ value: 80, date: '2022-10-01' }] })[0]!.message,
    ).toMatch(/after the baseline/);
  });

  it("a unit's own target wins over the all-units target", () => {
    const all = targetInputSchema.parse(base);
    const hn = targetInputSchema.parse({ ...base, orgUnit: 'HN', target: { value: 30, date: '2025-12-31' } });
    const other = targetInputSchema.parse({ ...base, indicator: 'x', orgUnit: 'HCM' });
    expect(targetFor([all, hn, other], 'egdi_rank', 'HN')).toBe(hn);
    expect(targetFor([hn, all, other], 'egdi_rank', 'HCM')).toBe(all);
    expect(targetFor([hn, other], 'egdi_rank', 'HCM')).toBeNull();
  });
});
