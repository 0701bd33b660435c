/**
 * Inspections. Read: the issuing unit or one of the inspected units in the actor's
 * scope (a province sees the inspections of itself), or the actor is on the team.
 * Plan: secretariat over the issuing unit and over every inspected unit (within its
 * subtree). Start, conclude, issue recommendations, flag and resolve discrepancies:
 * secretariat over the issuing unit. Record findings: a team member, or that secretariat.
 */
import type { Actor } from '../domain/actor.js';
import { covers, scopePaths } from './scope.js';

export interface InspectionScope {
  issuerPath: string;
  unitPaths: readonly string[];
  memberIds: readonly number[];
}

const isMember = (actor: Actor, i: InspectionScope) =>
  actor.userId !== undefined && i.memberIds.includes(actor.userId) && (actor.grants?.length ?? 0) > 0;

export const inspectionPolicy = {
  /** Subtree roots whose inspections the actor lists (undefined = all). */
  readScope: (actor: Actor) => scopePaths(actor),
  canReadUnit: (actor: Actor, unitPath: string) => covers(actor, unitPath),
  canRead: (actor: Actor, i: InspectionScope) =>
    covers(actor, i.issuerPath) || i.unitPaths.some((p) => covers(actor, p)) || isMember(actor, i),
  canPlan: (actor: Actor, issuerPath: string, unitPaths: readonly string[]) =>
    covers(actor, issuerPath, ['secretariat']) && unitPaths.every((p) => covers(actor, p, ['secretariat'])),
  canManage: (actor: Actor, i: InspectionScope) => covers(actor, i.issuerPath, ['secretariat']),
  canRecordFinding: (actor: Actor, i: InspectionScope) =>
    isMember(actor, i) || covers(actor, i.issuerPath, ['secretariat']),
};
