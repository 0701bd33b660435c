/**
 * Org units. Read: any grant whose subtree contains the unit. Create: secretariat over
 * the parent (a new root: admin). Change or move: secretariat over the unit from above
 * (the root unit of one's own grant is changed only by someone whose scope lies above it)
 * and, when moving, over the new parent (to a root: admin).
 */
import type { Actor } from '../domain/actor.js';
import { covers, coversFromAbove, isAdmin, scopePaths } from './scope.js';

export const orgUnitPolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  canRead: (actor: Actor, unit: { path: string }) => covers(actor, unit.path),
  canCreate: (actor: Actor, parent: { path: string } | null) =>
    parent ? covers(actor, parent.path, ['secretariat']) : isAdmin(actor),
  canUpdate: (actor: Actor, unit: { path: string }) => coversFromAbove(actor, unit.path, ['secretariat']),
  canMove: (actor: Actor, unit: { path: string }, newParent: { path: string } | null) =>
    coversFromAbove(actor, unit.path, ['secretariat']) &&
    (newParent ? covers(actor, newParent.path, ['secretariat']) : isAdmin(actor)),
};
