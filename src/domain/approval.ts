/**
 * Review up the tree (DHIS2's data approval): approval levels, the chain of steps a
 * submission climbs, the state machine and separation of duties. Pure: no I/O.
 *
 * A programme (later: a data set) names its approval levels bottom-up as org-unit
 * kinds, e.g. `['commune', 'province', 'committee']`. A submission from unit U is
 * approved at each level in turn by the secretariat of U's nearest ancestor-or-self of
 * that kind (levels with no such ancestor are not in U's chain). With `accept`, the
 * unit above the top approving unit (the nation over a province) accepts last. With no
 * levels (the default) there is one step, "review", by any secretariat over U — the
 * single review Mandate always had.
 *
 * The same chain, state and rules serve every subject type (progress reports today,
 * data-set submissions next), keyed by (subject type, subject id).
 */
import { z } from 'zod';
import { ORG_UNIT_KINDS, type OrgUnitKind } from './org-unit.js';

export const APPROVAL_SUBJECT_TYPES = ['report', 'dataset_submission'] as const;
export type ApprovalSubjectType = (typeof APPROVAL_SUBJECT_TYPES)[number];

export const approvalConfigSchema = z
  .object({
    levels: z
      .array(z.enum(ORG_UNIT_KINDS))
      .max(ORG_UNIT_KINDS.length)
      .default([])
      .refine((l) => new Set(l).size === l.length, 'a kind appears once in the levels')
      .describe('org-unit kinds that approve in turn, lowest first (e.g. commune, province, committee)'),
    accept: z.boolean().default(false).describe('the unit above the top approving unit accepts last'),
  })
  .strict();
export type ApprovalConfig = z.output<typeof approvalConfigSchema>;
export type ApprovalConfigInput = z.input<typeof approvalConfigSchema>;

/** No levels: one review by any secretariat over the submitting unit. */
export const DEFAULT_APPROVAL: ApprovalConfig = { levels: [], accept: false };

/** The name of the only step when a programme configures no levels. */
export const REVIEW_LEVEL = 'review';

export type StepAction = 'approve' | 'accept';

/** One step of a submission's chain: who (which unit's secretariat) approves or accepts, at which level. */
export interface ChainStep {
  /** An org-unit kind of the configured levels, or 'review' (no levels configured). */
  level: OrgUnitKind | typeof REVIEW_LEVEL;
  action: StepAction;
  unitId: number;
  unitCode: string;
  unitPath: string;
}

export interface ChainUnit {
  id: number;
  code: string;
  kind: string;
  path: string;
}

/**
 * The steps a submission from a unit climbs. `lineage` is the unit's ancestors and the
 * unit itself, root first.
 */
export function resolveChain(config: ApprovalConfig, lineage: readonly ChainUnit[]): ChainStep[] {
  const self = lineage[lineage.length - 1];
  if (!self) throw new Error('resolveChain needs the submitting unit');
  const steps: ChainStep[] = [];
  let floor = Infinity; // index in the lineage of the last step's unit: every next step is strictly above it
  for (const level of config.levels) {
    let found = -1;
    for (let i = Math.min(lineage.length, floor) - 1; i >= 0; i--)
      if (lineage[i]!.kind === level) {
        found = i;
        break;
      }
    if (found < 0) continue;
    const u = lineage[found]!;
    steps.push({ level, action: 'approve', unitId: u.id, unitCode: u.code, unitPath: u.path });
    floor = found;
  }
  if (steps.length === 0) {
    steps.push({
      level: REVIEW_LEVEL,
      action: 'approve',
      unitId: self.id,
      unitCode: self.code,
      unitPath: self.path,
    });
    floor = lineage.length - 1;
  }
  if (config.accept) {
    const above = lineage[floor - 1] ?? lineage[floor]!;
    steps.push({
      level: (above.kind as OrgUnitKind) ?? REVIEW_LEVEL,
      action: 'accept',
      unitId: above.id,
      unitCode: above.code,
      unitPath: above.path,
    });
  }
  return steps;
}

export type ApprovalStatus = 'pending' | 'returned' | 'approved' | 'accepted';

/** Who submitted or acts: compared by user id when both have one, else by name. */
export interface Identity {
  name: string;
  userId?: number | null | undefined;
}

/** Separation of duties: nobody approves, accepts or returns their own submission — admins included. */
export function isOwnSubmission(actor: Identity, submitter: Identity): boolean {
  if (actor.userId != null && submitter.userId != null) return actor.userId === submitter.userId;
  return actor.name === submitter.name;
}

export interface ApprovalState {
  chain: ChainStep[];
  /** How many steps of the chain are done (0 … chain.length). */
  approved: number;
  status: ApprovalStatus;
  submitter: Identity;
  /** Who did each done step (same length as `approved`). */
  doneBy: Identity[];
}

export function initialState(chain: ChainStep[], submitter: Identity): ApprovalState {
  return { chain, approved: 0, status: 'pending', submitter, doneBy: [] };
}

/** Whether a state is final (every step done): the figure counts as accepted by the top. */
export function isFinal(s: Pick<ApprovalState, 'status'>): boolean {
  return s.status === 'approved' || s.status === 'accepted';
}

/** The step the submission waits at (pending only). */
export function waitingStep(s: ApprovalState): ChainStep | undefined {
  return s.status === 'pending' ? s.chain[s.approved] : undefined;
}

/** Locked: some level has approved, so the submission (and what it covers) cannot change below. */
export function isLocked(s: Pick<ApprovalState, 'approved' | 'status'>): boolean {
  return s.status !== 'returned' && s.approved > 0;
}

/** The levels approved so far (kinds, 'review', or the accept step's level). */
export function approvedLevels(s: ApprovalState): string[] {
  return s.chain.slice(0, s.approved).map((c) => (c.action === 'accept' ? 'accepted' : c.level));
}

/**
 * Where an actor stands in a chain. `covers(path)` says whether the actor holds a
 * secretariat (or admin) grant over the unit. An actor acts at the highest step
 * whose unit they cover — a provincial secretariat at the province step, the
 * national secretariat at the committee step — so nobody skips or does a lower
 * level's step; `overrides` (admins) may act for any level.
 */
export interface ApproverView {
  covers: (unitPath: string) => boolean;
  overrides: boolean;
}

/** Index of the highest step whose unit the actor covers, or -1. */
export function homeStep(chain: readonly ChainStep[], who: ApproverView): number {
  if (who.overrides) return chain.length - 1;
  let home = -1;
  chain.forEach((c, i) => {
    if (who.covers(c.unitPath)) home = i;
  });
  return home;
}

/** Whether the actor may act at step i (approve, accept or return there). */
export function actsAt(chain: readonly ChainStep[], i: number, who: ApproverView): boolean {
  const step = chain[i];
  if (!step) return false;
  if (who.overrides) return true;
  const home = homeStep(chain, who);
  return home >= 0 && chain[home]!.unitPath === step.unitPath;
}

export function levelLabel(step: ChainStep): string {
  return step.action === 'accept' ? `acceptance (${step.unitCode})` : `${step.level} level (${step.unitCode})`;
}

export type ApprovalAction =
  | { kind: 'approve' }
  | { kind: 'accept' }
  | { kind: 'return'; comment: string }
  | { kind: 'unapprove'; reason: string; /** reopen this step (default: the last done step) */ step?: number };

export type Transition =
  | { ok: true; state: ApprovalState; step: number; level: string }
  | { ok: false; code: 'own' | 'forbidden' | 'state' | 'invalid'; message: string };

/** Applies one action by an actor; never throws, never mutates. */
export function transition(s: ApprovalState, action: ApprovalAction, actor: Identity, who: ApproverView): Transition {
  const fail = (code: 'own' | 'forbidden' | 'state' | 'invalid', message: string): Transition => ({
    ok: false,
    code,
    message,
  });
  if (action.kind === 'unapprove') {
    if (!action.reason.trim()) return fail('invalid', 'say why it is unapproved');
    if (s.approved === 0 || s.status === 'returned') return fail('state', 'nothing is approved yet');
    const top = s.approved - 1; // the last done step
    const target = action.step ?? top;
    if (!Number.isInteger(target) || target < 0 || target > top)
      return fail('invalid', `step ${target} is not approved (steps 0…${top} are)`);
    const home = homeStep(s.chain, who);
    if (home < top) {
      const step = s.chain[top]!;
      return fail(
        'forbidden',
        `${step.action === 'accept' ? 'accepted' : 'approved'} at ${levelLabel(step)} by ${s.doneBy[top]?.name ?? 'someone'}: only that level or one above may unapprove`,
      );
    }
    return {
      ok: true,
      state: { ...s, approved: target, status: 'pending', doneBy: s.doneBy.slice(0, target) },
      step: target,
      level: s.chain[target]!.level,
    };
  }
  if (s.status !== 'pending') return fail('state', `it is ${s.status}, not waiting for a decision`);
  const i = s.approved;
  const step = s.chain[i]!;
  if (action.kind === 'approve' && step.action !== 'approve')
    return fail('state', `it waits for acceptance by ${step.unitCode}, not for an approval`);
  if (action.kind === 'accept' && step.action !== 'accept')
    return fail('state', `it waits for approval at ${levelLabel(step)}, not for acceptance`);
  if (action.kind === 'return' && !action.comment.trim())
    return fail('invalid', 'a returned submission needs a comment saying what to fix');
  if (isOwnSubmission(actor, s.submitter)) return fail('own', 'nobody reviews their own submission');
  if (!actsAt(s.chain, i, who))
    return fail('forbidden', `it waits at ${levelLabel(step)}: a secretariat of ${step.unitCode} decides there`);
  if (action.kind === 'return')
    return { ok: true, state: { ...s, approved: 0, status: 'returned', doneBy: [] }, step: i, level: step.level };
  const approved = i + 1;
  const status: ApprovalStatus =
    approved < s.chain.length ? 'pending' : s.chain[approved - 1]!.action === 'accept' ? 'accepted' : 'approved';
  return {
    ok: true,
    state: { ...s, approved, status, doneBy: [...s.doneBy, { name: actor.name, userId: actor.userId ?? null }] },
    step: i,
    level: step.level,
  };
}

/** Report review states as stored on progress_reports (open data counts only 'approved': the final step done). */
export function reviewStateOf(s: Pick<ApprovalState, 'status'>): 'submitted' | 'returned' | 'approved' {
  return s.status === 'returned' ? 'returned' : isFinal(s) ? 'approved' : 'submitted';
}

/** How the review queue may be sorted: by submission (oldest, newest), most days late first, unit, due date, level. */
export const QUEUE_SORTS = ['oldest', 'newest', 'late', 'unit', 'due', 'level'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
