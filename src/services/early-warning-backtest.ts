/**
 * The backtest of the early warning: for every assignment that fell due before the end
 * of the history, replay the warning N days before its due date — with only the reports
 * made up to that day — and compare it with what happened (late = not completed by the
 * due date). Beside it the naive rule: "due soon" widened to N days, i.e. every
 * assignment still open N days before its due date (at N = 14 exactly today's rule).
 * One set-based query per horizon and setting; runs on any database.
 */
import { earlyWarningRepository } from '../db/repositories/early-warning.repository.js';
import { dateOf } from '../domain/dates.js';
import { earlyWarningOptions, type EarlyWarningOptions, type EarlyWarningSettings } from '../domain/early-warning.js';
import type { SupervisionQuery } from '../domain/supervision.js';
import type { ServiceContext } from './context.js';
import { resolveQuery } from './supervision.js';

export interface RuleScore {
  flagged: number;
  hits: number;
  /** hits ÷ flagged; null when nothing was flagged. */
  precision: number | null;
  /** hits ÷ late; null when nothing was late. */
  recall: number | null;
}

export interface BacktestLine {
  daysBeforeDue: number;
  /** Assignments still open N days before their due date (due before the end). */
  population: number;
  /** How many distinct as-of days the replay used. */
  asOfDays: number;
  late: number;
  warning: RuleScore;
  naive: RuleScore;
}

export interface Backtest {
  end: string;
  settings: EarlyWarningOptions;
  lines: BacktestLine[];
}

export const BACKTEST_HORIZONS = [60, 30, 14] as const;

function score(flagged: number, hits: number, late: number): RuleScore {
  return { flagged, hits, precision: flagged ? hits / flagged : null, recall: late ? hits / late : null };
}

export async function backtestEarlyWarning(
  ctx: ServiceContext,
  q: SupervisionQuery & EarlyWarningSettings & { end?: string; horizons?: readonly number[] } = {},
): Promise<Backtest> {
  const { filter } = await resolveQuery(ctx, q);
  const settings = earlyWarningOptions(q);
  const end = q.end ?? dateOf(ctx.now());
  const lines: BacktestLine[] = [];
  for (const n of q.horizons ?? BACKTEST_HORIZONS) {
    const r = await earlyWarningRepository.backtest(ctx.db, n, filter, settings, end);
    lines.push({
      daysBeforeDue: n,
      population: r.population,
      asOfDays: r.days,
      late: r.late,
      warning: score(r.flagged, r.hits, r.late),
      naive: score(r.population, r.late, r.late),
    });
  }
  return { end, settings, lines };
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)} %`);

/** The backtest as a Markdown table. */
export function backtestTable(b: Backtest): string {
  const rows = b.lines.map(
    (l) =>
      `| ${l.daysBeforeDue} | ${l.population} | ${l.late} | ${l.warning.flagged} | ${pct(l.warning.precision)} | ${pct(
        l.warning.recall,
      )} | ${pct(l.naive.precision)} | ${pct(l.naive.recall)} |`,
  );
  return [
    '| N days before due | open assignments | late | warned | precision | recall | naive precision | naive recall |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
