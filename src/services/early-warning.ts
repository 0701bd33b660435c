/**
 * Early warning: which open assignments are heading for late (projected to finish after
 * their due date, blocked, stalled or silent), counted by unit and lead agency and
 * listed — one set-based query per view (src/db/repositories/early-warning.repository.ts)
 * — and the projection of one assignment for its page.
 */
import { earlyWarningRepository } from '../db/repositories/early-warning.repository.js';
import { supervisionRepository } from '../db/repositories/supervision.repository.js';
import { reportsRepository } from '../db/repositories/reports.repository.js';
import { dateOf, daysBetween } from '../domain/dates.js';
import {
  earlyWarningOptions,
  projectFinish,
  type EarlyWarningOptions,
  type EarlyWarningQuery,
  type EarlyWarningSettings,
  type Projection,
  type ProjectionKind,
} from '../domain/early-warning.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { SupervisionQuery } from '../domain/supervision.js';
import { covers } from '../policies/scope.js';
import type { ServiceContext } from './context.js';
import { listRowNames, resolveQuery, type TaskNames } from './supervision.js';
import { requireVisibleAssignment } from './assignments.js';
import { reportFacts } from './progress-reports.js';

export interface HeadingCount {
  code: string;
  name: LocalizedText;
  count: number;
}

export interface HeadingItem extends TaskNames {
  programme: string;
  percent: number;
  state: string;
  /** Why it is heading for late: projected, blocked, stalled or silent. */
  basis: ProjectionKind;
  projectedFinish: string | null;
  /** Projected days past due; null when no finish can be projected. */
  slipDays: number | null;
  lastReport: string | null;
}

export interface HeadingForLate {
  asOf: string;
  settings: EarlyWarningOptions;
  total: number;
  /** Sub-units (children of the subtree root) with the most work heading for late. */
  units: HeadingCount[];
  /** Lead agencies with the most work heading for late. */
  leads: HeadingCount[];
  items: HeadingItem[];
}

function top(counts: Map<number, number>, names: Map<number, { code: string; name: LocalizedText }>, n: number) {
  return [...counts.entries()]
    .flatMap(([id, count]) => {
      const named = names.get(id);
      return named ? [{ code: named.code, name: named.name, count }] : [];
    })
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, n);
}

export async function headingForLate(
  ctx: ServiceContext,
  q: SupervisionQuery & EarlyWarningSettings & { top?: number; limit?: number; offset?: number },
): Promise<HeadingForLate> {
  const { at, filter, rootDepth } = await resolveQuery(ctx, q);
  const o = earlyWarningOptions(q);
  const [tally, rows] = await Promise.all([
    earlyWarningRepository.tally(ctx.db, at.asOf, filter, o, rootDepth),
    (q.limit ?? 50) > 0
      ? earlyWarningRepository.page(ctx.db, at.asOf, filter, o, { limit: q.limit ?? 50, offset: q.offset ?? 0 })
      : Promise.resolve([]),
  ]);
  const byUnit = new Map<number, number>();
  const byLead = new Map<number, number>();
  let total = 0;
  for (const row of tally) {
    total += row.n;
    if (row.subunit !== null) byUnit.set(row.subunit, (byUnit.get(row.subunit) ?? 0) + row.n);
    if (row.lead !== null) byLead.set(row.lead, (byLead.get(row.lead) ?? 0) + row.n);
  }
  const units = await supervisionRepository.unitNames(ctx.db, [...new Set([...byUnit.keys(), ...byLead.keys()])]);
  const names = new Map(units.filter((u) => covers(ctx.actor, u.path)).map((u) => [u.id, u]));
  const leadNames = new Map(units.map((u) => [u.id, u])); // a lead agency may lie outside a province's scope
  return {
    asOf: at.asOf,
    settings: o,
    total,
    units: top(byUnit, names, q.top ?? 10),
    leads: top(byLead, leadNames, q.top ?? 10),
    items: rows.map((r) => ({
      ...listRowNames(r),
      basis: r.kind as ProjectionKind,
      projectedFinish: r.finish,
      slipDays: r.finish ? daysBetween(r.due, r.finish) : null,
      lastReport: r.last_day,
    })),
  };
}

export type { EarlyWarningQuery };

/** The projection of one assignment as of a day (default today), for its page. */
export async function assignmentProjection(
  ctx: ServiceContext,
  id: number,
  q: EarlyWarningSettings & { asOf?: string | undefined } = {},
): Promise<Projection & { due: string; start: string | null; settings: EarlyWarningOptions }> {
  const row = await requireVisibleAssignment(ctx, id);
  const reports = reportFacts(await reportsRepository.forAssignment(ctx.db, id));
  const o = earlyWarningOptions(q);
  const projection = projectFinish(
    { reports, due: row.due_date, start: row.start_date },
    q.asOf ?? dateOf(ctx.now()),
    o,
  );
  return { ...projection, due: row.due_date, start: row.start_date, settings: o };
}
