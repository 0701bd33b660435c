/**
 * Takes a snapshot of a meeting report's figures: the baseline ("previous report") the
 * next report of the same view compares with. An explicit, audited act of a secretariat
 * (or admin) — reading a report never stores anything.
 */
import { z } from 'zod';
import { meetingReportRepository } from '../../db/repositories/meeting-report.repository.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { meetingReportPolicy } from '../../policies/meeting-report.js';
import { recordChange } from '../audit.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { computeMeetingReport, meetingReportQuerySchema } from './meeting-report.js';

export const snapshotRequestSchema = meetingReportQuerySchema.pick({ programme: true, unit: true, period: true });
export type SnapshotRequest = z.input<typeof snapshotRequestSchema>;

export interface TakenSnapshot {
  programme: string;
  unit: string | null;
  period: string;
  asOf: string;
  takenAt: string;
}

export async function takeMeetingReportSnapshot(ctx: ServiceContext, request: SnapshotRequest): Promise<TakenSnapshot> {
  const q = snapshotRequestSchema.parse(request);
  return inTransaction(ctx, async (tctx) => {
    // Scope first (an out-of-scope unit or programme answers like an unknown one), then the role.
    const { report, snapshot, unitPath } = await computeMeetingReport(tctx, q);
    mustBeAllowed(
      meetingReportPolicy.canTakeSnapshot(tctx.actor, unitPath),
      'taking a meeting-report snapshot is for the secretariat of the whole report’s scope',
    );
    await meetingReportRepository.saveSnapshot(tctx.db, snapshot);
    const taken: TakenSnapshot = {
      programme: report.programme.code,
      unit: report.unit?.code ?? null,
      period: report.period,
      asOf: report.asOf,
      takenAt: tctx.now().toISOString(),
    };
    await recordChange(tctx, {
      action: 'snapshot',
      type: 'meeting_report',
      id: `${taken.programme}/${taken.unit ?? '*'}/${taken.period}`,
      after: { ...taken, view: snapshot.unitKey, counts: snapshot.data.counts },
    });
    return taken;
  });
}
