/**
 * Supervision views (rollups, worst offenders, overdue list) count and list only
 * assignments whose unit lies in the actor's scope; a `unit` or `lead` filter naming a
 * unit outside the scope is answered like an unknown code.
 */
import type { Actor } from '../domain/actor.js';
import { covers, scopePaths } from './scope.js';

export const supervisionPolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  canFilterBy: (actor: Actor, unit: { path: string }) => covers(actor, unit.path),
};
