/**
 * The scorecard of one org unit for one period: how its assigned work and its indicators
 * stand. Pure: the caller brings each assignment's timeliness (src/domain/timeliness.ts)
 * and each indicator's evaluation (evaluate.ts).
 *
 * On-time completion rate = completed on time / work that has come due, where work that
 * has come due = completed (on time or late) + overdue. Work not yet due and not done
 * (not started, on track, due soon) is not counted either way. Null when nothing has come
 * due. Backlog is overdue work carried from an earlier period (it is counted in overdue too).
 *
 * Indicator achievement = the mean achievement of the indicators that have one (0–1).
 */
import type { Timeliness } from '../timeliness.js';
import { FORECAST_STATUSES, type ForecastStatus } from './forecast.js';

export interface Scorecard {
  assignments: {
    total: number;
    byState: Record<Timeliness, number>;
    overdue: number;
    backlog: number;
    /** Completed on time / (completed + overdue); null when nothing has come due. */
    onTimeCompletionRate: number | null;
  };
  indicators: {
    total: number;
    byStatus: Record<ForecastStatus, number>;
    /** Mean achievement (0–1) of the indicators with a value; null when none has one. */
    meanAchievement: number | null;
  };
}

export function scorecard(
  assignments: ReadonlyArray<{ state: Timeliness; backlog: boolean }>,
  indicators: ReadonlyArray<{ achievement: number | null; status: ForecastStatus }>,
): Scorecard {
  const byState: Record<Timeliness, number> = {
    not_started: 0,
    on_track: 0,
    due_soon: 0,
    overdue: 0,
    completed_on_time: 0,
    completed_late: 0,
  };
  let backlog = 0;
  for (const a of assignments) {
    byState[a.state] += 1;
    if (a.backlog) backlog += 1;
  }
  const due = byState.completed_on_time + byState.completed_late + byState.overdue;
  const byStatus = Object.fromEntries(FORECAST_STATUSES.map((s) => [s, 0])) as Record<ForecastStatus, number>;
  let sum = 0;
  let n = 0;
  for (const i of indicators) {
    byStatus[i.status] += 1;
    if (i.achievement !== null && Number.isFinite(i.achievement)) {
      sum += i.achievement;
      n += 1;
    }
  }
  return {
    assignments: {
      total: assignments.length,
      byState,
      overdue: byState.overdue,
      backlog,
      onTimeCompletionRate: due > 0 ? byState.completed_on_time / due : null,
    },
    indicators: { total: indicators.length, byStatus, meanAchievement: n > 0 ? sum / n : null },
  };
}
