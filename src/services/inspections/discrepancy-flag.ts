/**
 * Flags or resolves a discrepancy: while flagged and unresolved, the report or data
 * value it contradicts is shown with the flag and left out of the approved figures
 * (the data-values aggregation and the open-data status read the open flags).
 * Secretariat over the inspection's issuer.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { flagInputSchema, type FlagInput } from '../../domain/inspection.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { requireVisibleInspection, toFinding, type FindingView } from './inspection-views.js';

export async function setDiscrepancyFlag(
  ctx: ServiceContext,
  code: string,
  findingId: number,
  input: FlagInput,
): Promise<FindingView> {
  const v = flagInputSchema.parse(input);
  return inTransaction(ctx, async (tctx) => {
    const loaded = await requireVisibleInspection(tctx, code);
    const row = await inspectionsRepository.findingById(tctx.db, findingId);
    if (!row || row.inspection_id !== loaded.row.id) throw new NotFoundError(`no finding ${findingId} in ${code}`);
    mustBeAllowed(
      inspectionPolicy.canManage(tctx.actor, loaded.scope),
      `flagging or resolving a discrepancy needs the secretariat role over ${loaded.row.issuer_code}`,
    );
    if (row.kind !== 'discrepancy' || (row.report_id === null && row.value_indicator === null))
      throw new ValidationError([
        { path: 'flagged', message: 'only a discrepancy about a report or a value is flagged' },
      ]);
    const before = toFinding(row);
    await inspectionsRepository.setFlag(tctx.db, findingId, {
      flagged: v.flagged,
      resolvedAt: v.flagged ? null : tctx.now(),
      resolvedBy: v.flagged ? null : tctx.actor.name,
      resolution: v.flagged ? null : (v.note ?? null),
    });
    const after = toFinding((await inspectionsRepository.findingById(tctx.db, findingId))!);
    await recordChange(tctx, {
      action: v.flagged ? 'flag' : 'resolve',
      type: 'inspection_finding',
      id: findingId,
      before,
      after,
    });
    return after;
  });
}
