/**
 * Assignments. Read: the assignment's unit in any grant's subtree. Change dates or
 * cascade further: secretariat over the assignment's unit (a cascade's targets all lie
 * under it). Cascading a task to a subtree: secretariat over the subtree's root.
 */
import type { Actor } from '../domain/actor.js';
import { covers, scopePaths } from './scope.js';

export const assignmentPolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  canRead: (actor: Actor, a: { org_unit_path: string }) => covers(actor, a.org_unit_path),
  canUpdate: (actor: Actor, a: { org_unit_path: string }) => covers(actor, a.org_unit_path, ['secretariat']),
  canCascadeUnder: (actor: Actor, root: { path: string }) => covers(actor, root.path, ['secretariat']),
};
