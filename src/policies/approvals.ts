/**
 * Review up the tree: who may decide at which step of a submission's chain. A step is
 * decided by a secretariat over the step's unit that does not also cover a higher
 * step's unit (each level decides its own step, none skips or does a lower level's);
 * admins may act for any level. Nobody decides on their own submission — admins
 * included (src/domain/approval.ts, isOwnSubmission). Unapproving needs the level of
 * the last approval or one above. Seeing a submission is reading its assignment.
 */
import type { Actor } from '../domain/actor.js';
import {
  actsAt,
  homeStep,
  isOwnSubmission,
  type ApproverView,
  type ChainStep,
  type Identity,
} from '../domain/approval.js';
import { covers, isUnrestricted, scopePaths } from './scope.js';

export function approverView(actor: Actor): ApproverView {
  return {
    covers: (path) => covers(actor, path, ['secretariat']),
    overrides: isUnrestricted(actor),
  };
}

export function identityOf(actor: Actor): Identity {
  return { name: actor.name, userId: actor.userId ?? null };
}

export const approvalPolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  /** Subtrees where the actor reports: their returned reports are "yours to fix". */
  reporterScope: (actor: Actor) => (isUnrestricted(actor) ? [] : scopePaths(actor, ['reporter'])!),
  isOwn: (actor: Actor, submitter: Identity) => isOwnSubmission(identityOf(actor), submitter),
  canDecideAt: (actor: Actor, chain: readonly ChainStep[], step: number) => actsAt(chain, step, approverView(actor)),
  homeStep: (actor: Actor, chain: readonly ChainStep[]) => homeStep(chain, approverView(actor)),
};
