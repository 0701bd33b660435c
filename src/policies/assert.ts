import { ForbiddenError, NotFoundError } from '../domain/errors.js';

/** Outside the scope: answer exactly as if the object did not exist. */
export function mustSee(visible: boolean, notFoundMessage: string): void {
  if (!visible) throw new NotFoundError(notFoundMessage);
}

/** Visible but not allowed for the actor's role. */
export function mustBeAllowed(allowed: boolean, message: string): void {
  if (!allowed) throw new ForbiddenError(message);
}
