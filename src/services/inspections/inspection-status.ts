/**
 * Shared by starting and concluding: the version check and the status move of an
 * inspection the actor manages (secretariat over its issuer).
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { ConflictError } from '../../domain/errors.js';
import type { InspectionStatus } from '../../domain/inspection.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { getInspection, requireVisibleInspection, type InspectionDetail } from './inspection-views.js';

export async function moveInspection(
  ctx: ServiceContext,
  code: string,
  move: {
    action: string;
    from: readonly InspectionStatus[];
    to: InspectionStatus;
    conclusion?: { text: LocalizedText; links: Array<{ url: string; title?: string | undefined }>; date: string };
  },
): Promise<InspectionDetail> {
  return inTransaction(ctx, async (tctx) => {
    const loaded = await requireVisibleInspection(tctx, code);
    mustBeAllowed(
      inspectionPolicy.canManage(tctx.actor, loaded.scope),
      `${move.action === 'start' ? 'starting' : 'concluding'} inspection ${code} needs the secretariat role over ${loaded.row.issuer_code}`,
    );
    if (!move.from.includes(loaded.row.status as InspectionStatus))
      throw new ConflictError(`inspection ${code} is ${loaded.row.status.replace('_', ' ')}: it cannot ${move.action}`);
    const ok = await inspectionsRepository.setStatus(tctx.db, loaded.row.id, loaded.row.version, {
      status: move.to,
      ...(move.conclusion
        ? { conclusion: move.conclusion.text, links: move.conclusion.links, concludedOn: move.conclusion.date }
        : {}),
    });
    if (!ok) throw new ConflictError(`inspection ${code} was changed by someone else`);
    const after = await getInspection(tctx, code);
    await recordChange(tctx, {
      action: move.action,
      type: 'inspection',
      id: code,
      before: { status: loaded.row.status },
      after: { status: after.status, conclusion: after.conclusion, concludedOn: after.concludedOn },
    });
    return after;
  });
}
