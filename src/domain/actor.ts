/** Who acts: users, API tokens, the CLI and the demo loader, with the grants in effect. */
export type Role = 'admin' | 'secretariat' | 'reporter' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'secretariat', 'reporter', 'viewer'];

/** One grant in effect: a role over an org-unit subtree (admin: unitPath '/', everything). */
export interface ActorGrant {
  role: Role;
  unit: string | null;
  /** Materialised path of the subtree root; every unit whose path starts with it is in scope. */
  unitPath: string;
}

/** Who is acting: a signed-in user, an API token, the CLI or the demo loader. */
export interface Actor {
  /** Display name recorded on reports, reviews and audit events. */
  name: string;
  userId?: number | undefined;
  /**
   * The grants in effect. Undefined means unrestricted: the system itself (CLI run by
   * the operator, demo loader). A user or token always has a list, possibly empty.
   */
  grants?: ActorGrant[] | undefined;
  /** How the actor authenticated (session cookies need a CSRF token for writes). */
  via?: 'session' | 'token' | 'system' | undefined;
}

/** Nobody signed in: no grants, so every scoped query returns nothing. */
export const ANONYMOUS: Actor = { name: 'anonymous', grants: [] };

/** The system itself: the CLI run by the operator, the demo loader, the scheduler. */
export const SYSTEM_ACTOR: Actor = { name: 'system' };
