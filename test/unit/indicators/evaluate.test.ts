import { describe, expect, it } from 'vitest';
import { evaluateIndicator } from '../../../src/domain/indicators/evaluate.js';
import { scorecard } from '../../../src/domain/indicators/scorecard.js';

describe('evaluating one indicator for one unit', () => {
  const indicator = { valueType: 'count' as const, direction: 'higher_is_better' as const };
  const target = {
    baseline: { value: 0, period: '2023' },
    target: { value: 100, date: '2024-12-31' },
    milestones: [{ value: 40, date: '2024-06-30' }],
  };
  const values = [
    { period: '2024M01', value: 10 },
    { period: '2024M02', value: 20 },
    { period: '2024M03', value: null },
    { period: '2024M04', value: 40 },
    { period: '2024M05', value: 50 },
    { period: '2024M06', value: 60 },
  ];

  it('combines the latest value, achievement, plan and forecast', () => {
    const e = evaluateIndicator({ indicator, target, values });
    expect(e.latest).toEqual({ period: '2024M06', date: '2024-06-30', value: 60 });
    expect(e.achievement.achievement).toBe(0.6);
    expect(e.planned).toBe(40);
    expect(e.forecast.status).toBe('on_track');
  });

  it('as of an earlier date, ignores later values', () => {
    const e = evaluateIndicator({ indicator, target, values, asOf: '2024-02-29' });
    expect(e.latest?.period).toBe('2024M02');
    expect(e.achievement.achievement).toBe(0.2);
    expect(e.forecast.latest?.value).toBe(20);
  });

  it('without values: no data', () => {
    const e = evaluateIndicator({ indicator, target, values: [] });
    expect(e.latest).toBeNull();
    expect(e.achievement.achievement).toBeNull();
    expect(e.forecast.status).toBe('no_data');
    expect(e.planned).toBe(0);
  });
});

describe('scorecard', () => {
  it('counts work and indicators, with an on-time completion rate over work that has come due', () => {
    const s = scorecard(
      [
        { state: 'completed_on_time', backlog: false },
        { state: 'completed_on_time', backlog: false },
        { state: 'completed_late', backlog: false },
        { state: 'overdue', backlog: true },
        { state: 'due_soon', backlog: false },
        { state: 'not_started', backlog: false },
      ],
      [
        { achievement: 1, status: 'achieved' },
        { achievement: 0.5, status: 'at_risk' },
        { achievement: null, status: 'no_data' },
      ],
    );
    expect(s.assignments).toMatchObject({ total: 6, overdue: 1, backlog: 1, onTimeCompletionRate: 0.5 });
    expect(s.assignments.byState.due_soon).toBe(1);
    expect(s.indicators).toEqual({
      total: 3,
      byStatus: { achieved: 1, on_track: 0, at_risk: 1, off_track: 0, no_data: 1 },
      meanAchievement: 0.75,
    });
    expect(scorecard([{ state: 'on_track', backlog: false }], []).assignments.onTimeCompletionRate).toBeNull();
    expect(scorecard([], []).indicators.meanAchievement).toBeNull();
  });
});
