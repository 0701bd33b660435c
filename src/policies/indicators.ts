/**
 * Indicators, targets, data values, data sets, evaluations, scorecards and rankings.
 *
 * - Read: every signed-in role reads the definitions (indicators, data sets, composite
 *   indices); targets, values and aggregates only of units in its subtrees (the SQL takes
 *   `readScope`, as the supervision views do; a unit outside answers like an unknown one).
 * - Rankings: every ranked unit's rank and score to every signed-in user (a ranking is
 *   public within the government); the per-unit explanation only within scope.
 * - Enter values and fill forms: a reporter for the units it reports for (its subtrees),
 *   a secretariat within its subtree, admins anywhere.
 * - Correct (delete, review, return or approve a submission): secretariat over the unit.
 * - Define indicators, targets, data sets and composite indices: admins.
 */
import type { Actor, Role } from '../domain/actor.js';
import { can, CAPABILITY_ROLES } from '../domain/capabilities.js';
import { covers, scopePaths } from './scope.js';

export const ENTRY_ROLES: readonly Role[] = CAPABILITY_ROLES.enterValues;
export const CORRECTION_ROLES: readonly Role[] = CAPABILITY_ROLES.review;

export const indicatorPolicy = {
  /** Subtree roots whose values the actor reads (undefined = all). */
  readScope: (actor: Actor) => scopePaths(actor),
  /** Subtree roots where the actor enters values (undefined = all). */
  entryScope: (actor: Actor) => scopePaths(actor, ENTRY_ROLES),
  canReadUnit: (actor: Actor, unit: { path: string }) => covers(actor, unit.path),
  /** Whether the actor enters values anywhere at all (else a write answers 403). */
  canEnterAny: (actor: Actor) => can(actor, 'enterValues'),
  canEnter: (actor: Actor, unit: { path: string }) => covers(actor, unit.path, ENTRY_ROLES),
  canCorrect: (actor: Actor, unit: { path: string }) => covers(actor, unit.path, CORRECTION_ROLES),
  canDefine: (actor: Actor) => can(actor, 'defineIndicators'),
  /** Rankings: rank and score of every ranked unit, for every signed-in user. */
  canSeeRanking: (_actor: Actor) => true,
  canExplainRanking: (actor: Actor, unit: { path: string }) => covers(actor, unit.path),
};
