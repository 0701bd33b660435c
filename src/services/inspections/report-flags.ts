/**
 * The open discrepancy flags on an assignment's reports: wherever a report is shown,
 * the web app shows its flag (the inspection and what was found) until it is resolved.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { reportsRepository } from '../../db/repositories/reports.repository.js';
import type { ServiceContext } from '../context.js';
import { requireVisibleAssignment } from '../assignments.js';

export interface ReportFlagView {
  finding: number;
  report: number;
  inspection: string;
  narrative: string;
  recordedAt: string;
}

export async function assignmentReportFlags(ctx: ServiceContext, assignmentId: number): Promise<ReportFlagView[]> {
  await requireVisibleAssignment(ctx, assignmentId);
  const reports = await reportsRepository.forAssignment(ctx.db, assignmentId);
  const flags = await inspectionsRepository.reportFlags(
    ctx.db,
    reports.map((r) => Number(r.id)),
  );
  return flags.map((f) => ({
    finding: f.finding,
    report: Number(f.report),
    inspection: f.inspection,
    narrative: f.narrative,
    recordedAt: f.recorded_at.toISOString(),
  }));
}
