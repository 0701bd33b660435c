/**
 * Progress reports. Read: with their assignment. Submit: reporter over the
 * assignment's unit. Review (approve / return): secretariat over the assignment's
 * unit, and never one's own report (separation of duties). The review queue lists
 * only reports of assignments in the actor's scope.
 */
import type { Actor } from '../domain/actor.js';
import { mayOn } from '../domain/capabilities.js';
import { isUnrestricted, scopePaths } from './scope.js';

export const reportPolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  canSubmit: (actor: Actor, assignment: { org_unit_path: string }) => mayOn(actor, 'report', assignment.org_unit_path),
  canReview: (actor: Actor, assignment: { org_unit_path: string }) => mayOn(actor, 'review', assignment.org_unit_path),
  isOwnReport: (actor: Actor, report: { reporter: string }) =>
    !isUnrestricted(actor) && actor.userId !== undefined && report.reporter === actor.name,
};
