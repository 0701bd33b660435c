/**
 * "Open recommendations" and "overdue recommendations" by unit, for the overview and
 * the meeting report: a recommendation is open until its assignment is completed with
 * an approved report, overdue when open past its due date. Scoped like every view.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { dateOf } from '../../domain/dates.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import type { ServiceContext } from '../context.js';
import { readableUnitPath } from './inspection-views.js';

export interface OpenRecommendations {
  asOf: string;
  open: number;
  overdue: number;
  byUnit: Array<{ unit: string; name: LocalizedText; open: number; overdue: number }>;
}

export async function openRecommendations(
  ctx: ServiceContext,
  q: { unit?: string | undefined } = {},
): Promise<OpenRecommendations> {
  const underPath = await readableUnitPath(ctx, q.unit);
  return openRecommendationsOf(ctx, { underPath, asOf: dateOf(ctx.now()) });
}

/** The counts under a unit (by path) and of one programme, as of a day (the meeting report's section). */
export async function openRecommendationsOf(
  ctx: ServiceContext,
  q: { underPath?: string | undefined; programmeId?: number | undefined; asOf: string },
): Promise<OpenRecommendations> {
  const { asOf } = q;
  const byUnit = await inspectionsRepository.openByUnit(ctx.db, {
    scope: inspectionPolicy.readScope(ctx.actor),
    underPath: q.underPath,
    programmeId: q.programmeId,
    asOf,
  });
  return {
    asOf,
    open: byUnit.reduce((s, r) => s + r.open, 0),
    overdue: byUnit.reduce((s, r) => s + r.overdue, 0),
    byUnit,
  };
}
