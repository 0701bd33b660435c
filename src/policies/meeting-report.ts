/**
 * The meeting report. Reading it follows the supervision policy (the actor's scope).
 * Taking a snapshot sets the "previous report" every reader of the same view compares
 * with, so it is a secretariat's act (or an admin's, or the operator's CLI), over the
 * whole of what the report covers: the named unit, or, with no unit, every subtree the
 * actor can read.
 */
import type { Actor } from '../domain/actor.js';
import { covers, isUnrestricted, scopePaths } from './scope.js';

const SNAPSHOT_ROLES = ['secretariat'] as const;

export const meetingReportPolicy = {
  canTakeSnapshot(actor: Actor, unitPath: string | null): boolean {
    if (isUnrestricted(actor)) return true;
    if (unitPath !== null) return covers(actor, unitPath, SNAPSHOT_ROLES);
    const read = scopePaths(actor) ?? [];
    return read.length > 0 && read.every((p) => covers(actor, p, SNAPSHOT_ROLES));
  },
};
