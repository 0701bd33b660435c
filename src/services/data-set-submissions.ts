/**
 * The one place that changes the state of a data set submission (a unit's form for a
 * period): save (draft), submit, return, approve, reopen. Who may: a reporter or
 * secretariat over the unit saves and submits; a secretariat over the unit returns,
 * approves or reopens — never its own submission. Every change goes to the audit trail.
 * Approval levels (issue 13) hook in here.
 */
import { dataSetsRepository, type DataSetRow, type SubmissionRow } from '../db/repositories/data-sets.repository.js';
import { SUBMISSION_TRANSITIONS, type SubmissionAction, type SubmissionState } from '../domain/data-sets.js';
import { ConflictError } from '../domain/errors.js';
import { formatPeriod, periodStart, type Period } from '../domain/period.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { mustBeAllowed } from '../policies/assert.js';
import { isUnrestricted } from '../policies/scope.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';

export interface SubmissionKey {
  dataSet: DataSetRow;
  unit: { id: number; code: string; path: string };
  period: Period;
}

export interface SubmissionView {
  dataSet: string;
  unit: string;
  period: string;
  state: SubmissionState;
  submittedAt: string | null;
  submittedBy: string | null;
  comment: string | null;
  updatedBy: string;
  updatedAt: string;
  version: number;
}

export function toSubmissionView(ds: string, unit: string, r: SubmissionRow): SubmissionView {
  return {
    dataSet: ds,
    unit,
    period: r.period,
    state: r.state as SubmissionState,
    submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
    submittedBy: r.submitted_by,
    comment: r.comment,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
    version: r.version,
  };
}

const submissionId = (k: SubmissionKey) => `${k.dataSet.code}/${k.unit.code}/${formatPeriod(k.period)}`;

/** Applies one action to a submission; returns it as stored, and whether anything changed. */
export async function changeSubmissionState(
  ctx: ServiceContext,
  key: SubmissionKey,
  action: SubmissionAction,
  options: { comment?: string | null | undefined; expectedVersion?: number | undefined } = {},
): Promise<{ submission: SubmissionView; changed: boolean }> {
  const move = SUBMISSION_TRANSITIONS[action]!;
  const entering = action === 'save' || action === 'submit';
  mustBeAllowed(
    entering ? indicatorPolicy.canEnter(ctx.actor, key.unit) : indicatorPolicy.canCorrect(ctx.actor, key.unit),
    entering ? 'filling a form needs the reporter or secretariat role' : 'reviewing a form needs the secretariat role',
  );
  return inTransaction(ctx, async (tx) => {
    const start = periodStart(key.period);
    const current = await dataSetsRepository.submission(tx.db, key.dataSet.id, key.unit.id, start);
    const from = (current?.state ?? null) as SubmissionState | null;
    if (options.expectedVersion !== undefined && current !== undefined && current.version !== options.expectedVersion)
      throw new ConflictError(`${submissionId(key)} was changed by someone else (version ${current.version})`);
    // Saving a draft again, or submitting what is submitted, changes nothing.
    if (current && from === move.to && (action === 'save' || action === 'submit'))
      return { submission: toSubmissionView(key.dataSet.code, key.unit.code, current), changed: false };
    if (!move.from.includes(from))
      throw new ConflictError(
        `${submissionId(key)} is ${from ?? 'not started'}: it cannot be ${action === 'save' ? 'saved' : `${action}${action.endsWith('e') ? 'd' : 'ed'}`}`,
      );
    if (
      (action === 'approve' || action === 'return') &&
      !isUnrestricted(ctx.actor) &&
      current?.submitted_by === ctx.actor.name
    )
      mustBeAllowed(false, 'nobody reviews their own submission');
    const at = ctx.now();
    const submitted = action === 'submit';
    const ok = await dataSetsRepository.putSubmission(
      tx.db,
      {
        dataSetId: key.dataSet.id,
        unitId: key.unit.id,
        period: formatPeriod(key.period),
        periodStart: start,
        state: move.to,
        submittedAt: submitted ? at : (current?.submitted_at ?? null),
        submittedBy: submitted ? ctx.actor.name : (current?.submitted_by ?? null),
        comment: options.comment !== undefined ? options.comment : (current?.comment ?? null),
        by: ctx.actor.name,
        at,
      },
      current ? current.version : null,
    );
    if (!ok) throw new ConflictError(`${submissionId(key)} was changed by someone else`);
    const after = (await dataSetsRepository.submission(tx.db, key.dataSet.id, key.unit.id, start))!;
    await recordChange(tx, {
      action,
      type: 'data_set_submission',
      id: submissionId(key),
      before: current ? { state: current.state, version: current.version } : null,
      after: { state: after.state, comment: after.comment, version: after.version },
    });
    return { submission: toSubmissionView(key.dataSet.code, key.unit.code, after), changed: true };
  });
}
