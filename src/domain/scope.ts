/**
 * The scope arithmetic every policy uses. A grant covers an org-unit subtree: unit U
 * is in a grant's scope when U's materialised path starts with the grant unit's path.
 * Admin grants have path '/', which every path starts with.
 */
import type { Actor, Role } from './actor.js';

/** Only the grants matter to scope (a web session's user has them too). */
export type ScopedActor = Pick<Actor, 'grants'>;

export const READ_ROLES: readonly Role[] = ['admin', 'secretariat', 'reporter', 'viewer'];

/** The system actor (CLI, demo loader) or an admin: no scope filter at all. */
export function isUnrestricted(actor: ScopedActor): boolean {
  return actor.grants === undefined || actor.grants.some((g) => g.role === 'admin');
}

export function isAdmin(actor: ScopedActor): boolean {
  return isUnrestricted(actor);
}

/**
 * The subtree roots where the actor holds one of the roles, minimal (a root under
 * another is dropped); undefined when unrestricted. An empty list means nothing.
 */
export function scopePaths(actor: ScopedActor, roles: readonly Role[] = READ_ROLES): string[] | undefined {
  if (isUnrestricted(actor)) return undefined;
  const paths = [...new Set(actor.grants!.filter((g) => roles.includes(g.role)).map((g) => g.unitPath))].sort();
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

/** Whether a unit (by path) lies in the actor's scope for one of the roles. */
export function covers(actor: ScopedActor, unitPath: string, roles: readonly Role[] = READ_ROLES): boolean {
  const paths = scopePaths(actor, roles);
  return paths === undefined || paths.some((p) => unitPath.startsWith(p));
}

/**
 * Whether a unit lies strictly inside the actor's scope for one of the roles: under a grant's
 * root, not the root itself. The root of a grant is changed only from above it.
 */
export function coversFromAbove(actor: ScopedActor, unitPath: string, roles: readonly Role[] = READ_ROLES): boolean {
  const paths = scopePaths(actor, roles);
  return paths === undefined || paths.some((p) => unitPath.startsWith(p) && unitPath !== p);
}
