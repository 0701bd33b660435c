/**
 * Loading and storing a submission's approval state — shared by every subject type
 * (progress reports now, data-set submissions next): resolve the chain from the
 * programme's levels and the unit's lineage, open a pending approval on submission,
 * apply a transition with its step row, and present it.
 */
import {
  approvalsRepository,
  type ApprovalRow,
  type ApprovalValues,
} from '../../db/repositories/approvals.repository.js';
import type { Db } from '../../db/database.js';
import {
  approvalConfigSchema,
  approvedLevels,
  DEFAULT_APPROVAL,
  initialState,
  isFinal,
  isLocked,
  levelLabel,
  resolveChain,
  waitingStep,
  type ApprovalConfig,
  type ApprovalState,
  type ApprovalStatus,
  type ApprovalSubjectType,
  type ChainStep,
  type Identity,
} from '../../domain/approval.js';
import type { Actor } from '../../domain/actor.js';
import { approvalPolicy } from '../../policies/approvals.js';

/** A programme's levels (the default single review when none are set). */
export async function programmeApprovalConfig(db: Db, programmeId: number | null): Promise<ApprovalConfig> {
  if (programmeId === null) return DEFAULT_APPROVAL;
  return approvalConfigOf(await approvalsRepository.programmeConfig(db, programmeId));
}

/** A programme's stored approval column as levels (the default single review when unset or unreadable). */
export function approvalConfigOf(stored: unknown): ApprovalConfig {
  if (stored === null || stored === undefined) return DEFAULT_APPROVAL;
  const parsed = approvalConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_APPROVAL;
}

export async function chainFor(db: Db, programmeId: number | null, orgUnitId: number): Promise<ChainStep[]> {
  const [config, lineage] = await Promise.all([
    programmeApprovalConfig(db, programmeId),
    approvalsRepository.lineage(db, orgUnitId),
  ]);
  return resolveChain(config, lineage);
}

export interface Subject {
  type: ApprovalSubjectType;
  id: number;
  programmeId: number | null;
  orgUnitId: number;
  period: string | null;
}

export function stateOf(row: ApprovalRow): ApprovalState {
  return {
    chain: row.chain,
    approved: row.approved,
    status: row.status as ApprovalStatus,
    submitter: { name: row.submitted_by, userId: row.submitted_by_user_id },
    doneBy: row.done_by ?? [],
  };
}

function valuesOf(subject: Subject, state: ApprovalState, submittedAt: Date, comment: string | null) {
  const waiting = waitingStep(state);
  return {
    subjectType: subject.type,
    subjectId: subject.id,
    programmeId: subject.programmeId,
    orgUnitId: subject.orgUnitId,
    period: subject.period,
    submittedBy: state.submitter,
    submittedAt,
    chain: state.chain,
    approved: state.approved,
    status: state.status,
    waitingLevel: waiting ? (waiting.action === 'accept' ? 'accept' : waiting.level) : null,
    waitingUnitPath: waiting?.unitPath ?? null,
    approvedLevels: approvedLevels(state),
    doneBy: state.doneBy,
    comment,
  };
}

/** The values of a new submission's pending approval, its chain already resolved (the caller stores it). */
export function pendingApproval(
  subject: Omit<Subject, 'id'>,
  chain: ChainStep[],
  submitter: Identity,
  at: Date,
): Omit<ApprovalValues, 'subjectId'> {
  return valuesOf({ ...subject, id: 0 }, initialState(chain, submitter), at, null);
}

/**
 * The approval state of a subject made before approval levels existed (or loaded in
 * bulk by the demo): derived from its single review and stored, so every later step
 * goes through the one state machine.
 */
export async function adoptApproval(
  db: Db,
  subject: Subject,
  legacy: {
    reviewState: string;
    submitter: Identity;
    submittedAt: Date;
    reviewedBy: string | null;
    comment: string | null;
  },
): Promise<ApprovalState> {
  const chain = await chainFor(db, subject.programmeId, subject.orgUnitId);
  const base = initialState(chain, legacy.submitter);
  const state: ApprovalState =
    legacy.reviewState === 'approved'
      ? {
          ...base,
          approved: chain.length,
          status: chain[chain.length - 1]!.action === 'accept' ? 'accepted' : 'approved',
          doneBy: chain.map(() => ({ name: legacy.reviewedBy ?? 'unknown', userId: null })),
        }
      : legacy.reviewState === 'returned'
        ? { ...base, status: 'returned' }
        : base;
  await approvalsRepository.insert(db, valuesOf(subject, state, legacy.submittedAt, legacy.comment));
  return state;
}

/** Stores a transition's result and its step. */
export async function saveTransition(
  db: Db,
  subject: Subject,
  row: ApprovalRow,
  next: ApprovalState,
  step: {
    action: 'approve' | 'accept' | 'return' | 'unapprove';
    index: number;
    level: string;
    actor: Identity;
    comment: string | null;
    at: Date;
  },
): Promise<void> {
  await approvalsRepository.update(db, valuesOf(subject, next, row.submitted_at, step.comment), step.at);
  await approvalsRepository.addStep(db, {
    subjectType: subject.type,
    subjectId: subject.id,
    action: step.action,
    step: step.index,
    level: step.level,
    orgUnitId: next.chain[step.index]?.unitId ?? null,
    actor: step.actor,
    comment: step.comment,
    at: step.at,
  });
}

export interface ApprovalView {
  status: ApprovalStatus;
  final: boolean;
  locked: boolean;
  /** Steps done, of chain.length. */
  approved: number;
  approvedLevels: string[];
  chain: Array<{ level: string; action: 'approve' | 'accept'; unit: string; done: boolean; by: string | null }>;
  waiting: { step: number; level: string; action: 'approve' | 'accept'; unit: string; label: string } | null;
  submittedBy: string;
  comment: string | null;
  /** What the asking actor may do now. */
  canDecide: boolean;
  canUnapprove: boolean;
  own: boolean;
}

export function presentApproval(row: ApprovalRow, actor: Actor): ApprovalView {
  const state = stateOf(row);
  const waiting = waitingStep(state);
  const own = approvalPolicy.isOwn(actor, state.submitter);
  return {
    status: state.status,
    final: isFinal(state),
    locked: isLocked(state),
    approved: state.approved,
    approvedLevels: approvedLevels(state),
    chain: state.chain.map((c, i) => ({
      level: c.level,
      action: c.action,
      unit: c.unitCode,
      done: i < state.approved,
      by: i < state.approved ? (state.doneBy[i]?.name ?? null) : null,
    })),
    waiting: waiting
      ? {
          step: state.approved,
          level: waiting.level,
          action: waiting.action,
          unit: waiting.unitCode,
          label: levelLabel(waiting),
        }
      : null,
    submittedBy: state.submitter.name,
    comment: row.comment,
    canDecide: waiting !== undefined && !own && approvalPolicy.canDecideAt(actor, state.chain, state.approved),
    canUnapprove:
      state.approved > 0 &&
      state.status !== 'returned' &&
      approvalPolicy.homeStep(actor, state.chain) >= state.approved - 1,
    own,
  };
}
