/** Wire contracts of sign-in, the current user, API tokens, users and object histories. */
import { z } from 'zod';
import { ROLES, type Role } from '../../domain/actor.js';
import { described, itemsOf, okSchema } from './common.js';

export const sessionUserSchema = z.object({
  username: z.string(),
  name: z.string(),
  /** Each grant's subtree by its materialised path too: the web app offers pages and actions with src/domain/capabilities.ts. */
  grants: z.array(
    z.object({ role: z.enum(ROLES as [Role, ...Role[]]), unit: z.string().nullable(), unitPath: z.string() }),
  ),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** The answer to sign-in and /auth/me: the user and the CSRF token for writes (null for API tokens). */
export const signedInSchema = z.object({ user: sessionUserSchema, csrfToken: z.string().nullable() });
export type SignedIn = z.infer<typeof signedInSchema>;

export const authConfigSchema = z.object({
  password: z.boolean(),
  oidc: z.object({ loginUrl: z.string() }).nullable(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

export const signedOutSchema = okSchema;

export const tokenSchema = described<object>('an API token (never its secret)');
export const tokenListSchema = itemsOf(tokenSchema);
export const newTokenSchema = described<object>('the new token, with its secret shown this once');
export const userSchema = described<object>('a user with their grants');
export const userListSchema = itemsOf(userSchema);
export const historySchema = described<object>("an object's audit events, newest first");
