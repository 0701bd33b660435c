/**
 * Programmes and their nodes. A programme (with its whole plan tree) is visible to an
 * actor when one of its issuers, or one of its assignments' units, lies in the actor's
 * scope (the SQL is in programmesRepository.visible). Creating or changing a programme
 * or a node needs secretariat over every issuer; importing whole programme files
 * (which also create assignments anywhere) is for admins.
 */
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/capabilities.js';
import { covers, isAdmin, scopePaths } from './scope.js';

export const programmePolicy = {
  readScope: (actor: Actor) => scopePaths(actor),
  canWrite: (actor: Actor, issuerPaths: readonly string[]) =>
    isAdmin(actor) || (issuerPaths.length > 0 && issuerPaths.every((p) => covers(actor, p, ['secretariat']))),
  canImport: (actor: Actor) => can(actor, 'importProgrammes'),
};

/** Nodes follow their programme: visible with it, writable by whoever may write it. */
export const nodePolicy = {
  canWrite: programmePolicy.canWrite,
};
