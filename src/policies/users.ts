/**
 * Users, grants and API tokens. Managing users and grants: admin. Every signed-in user
 * manages their own API tokens, whose grants must lie within their own.
 */
import type { Actor, ActorGrant } from '../domain/actor.js';
import { can } from '../domain/capabilities.js';

export const userPolicy = {
  canManageUsers: (actor: Actor) => can(actor, 'manageUsers'),
  /** A token grant is allowed when one of the user's grants has the same role over a subtree containing it (admin covers all). */
  tokenGrantAllowed: (userGrants: readonly ActorGrant[], wanted: { role: string; unitPath: string }) =>
    userGrants.some((g) => g.role === 'admin' || (g.role === wanted.role && wanted.unitPath.startsWith(g.unitPath))),
};
