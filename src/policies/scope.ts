/** The scope arithmetic lives in src/domain/scope.ts, pure, so the web app decides with the same rules. */
export { covers, coversFromAbove, isAdmin, isUnrestricted, READ_ROLES, scopePaths } from '../domain/scope.js';
