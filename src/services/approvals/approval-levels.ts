/**
 * A programme's approval levels: read by anyone who sees the programme; changed by a
 * secretariat over every issuer (as any programme change), audited. Submissions
 * already open keep the chain they were submitted with.
 */
import { approvalsRepository } from '../../db/repositories/approvals.repository.js';
import { programmesRepository } from '../../db/repositories/programmes.repository.js';
import { approvalConfigSchema, type ApprovalConfig, type ApprovalConfigInput } from '../../domain/approval.js';
import { ValidationError, problemsFromZod } from '../../domain/errors.js';
import { programmePolicy } from '../../policies/programmes.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { requireVisibleProgramme } from '../programmes.js';
import { programmeApprovalConfig } from './approval-state.js';

export async function getApprovalLevels(ctx: ServiceContext, programmeCode: string): Promise<ApprovalConfig> {
  const programme = await requireVisibleProgramme(ctx, programmeCode);
  return programmeApprovalConfig(ctx.db, programme.id);
}

export async function setApprovalLevels(
  ctx: ServiceContext,
  programmeCode: string,
  input: ApprovalConfigInput,
): Promise<ApprovalConfig> {
  const parsed = approvalConfigSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues, 'body'));
  return inTransaction(ctx, async (tctx) => {
    const programme = await requireVisibleProgramme(tctx, programmeCode);
    const paths = await programmesRepository.issuerPaths(tctx.db, programme.id);
    mustBeAllowed(
      programmePolicy.canWrite(tctx.actor, paths),
      `changing the approval levels of ${programmeCode} needs the secretariat role over every issuer`,
    );
    const before = await programmeApprovalConfig(tctx.db, programme.id);
    await approvalsRepository.setProgrammeConfig(tctx.db, programme.id, parsed.data);
    await recordChange(tctx, {
      action: 'approval_levels',
      type: 'programme',
      id: programmeCode,
      before,
      after: parsed.data,
    });
    return parsed.data;
  });
}
