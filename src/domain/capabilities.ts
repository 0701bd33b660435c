/**
 * What an actor may do, from its grants alone: the one source of truth that the server's
 * policies (src/policies) and the web app's navigation and buttons both read. A capability
 * says whether the actor may do a thing anywhere at all (so a page or button is offered);
 * `mayOn` says whether it may do it on one org unit (by materialised path), as the server
 * decides. Pure: no I/O, so web/src imports it.
 */
import type { Role } from './actor.js';
import { covers, isAdmin, scopePaths, type ScopedActor } from './scope.js';

export const CAPABILITIES = [
  'read',
  'report',
  'enterValues',
  'review',
  'importProgrammes',
  'defineIndicators',
  'manageUsers',
  'manageNotifications',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** The roles that grant each capability over a subtree (admins hold every capability everywhere). */
export const CAPABILITY_ROLES: Record<Capability, readonly Role[]> = {
  read: ['admin', 'secretariat', 'reporter', 'viewer'],
  report: ['reporter'],
  enterValues: ['reporter', 'secretariat'],
  review: ['secretariat'],
  importProgrammes: ['admin'],
  defineIndicators: ['admin'],
  manageUsers: ['admin'],
  manageNotifications: ['admin'],
};

/** Whether the actor may do this somewhere (an admin or the system: everywhere). */
export function can(actor: ScopedActor, capability: Capability): boolean {
  if (isAdmin(actor)) return true;
  return (scopePaths(actor, CAPABILITY_ROLES[capability]) ?? []).length > 0;
}

/** Whether the actor may do this on the org unit at `unitPath`. */
export function mayOn(actor: ScopedActor, capability: Capability, unitPath: string): boolean {
  return covers(actor, unitPath, CAPABILITY_ROLES[capability]);
}

/** The role to ask for when a capability is missing ("this needs the secretariat role"). */
export function roleNeeded(capability: Capability): Role {
  return CAPABILITY_ROLES[capability][0]!;
}

/** Every capability with its answer, for the web app's navigation. */
export function capabilitiesOf(actor: ScopedActor): Record<Capability, boolean> {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, can(actor, c)])) as Record<Capability, boolean>;
}
