/** Users, their role grants and API tokens (managing users and grants: admin only; tokens: their owner). */
import { signInRepository } from '../db/repositories/sign-in.repository.js';
import { z } from 'zod';
import {
  sessionsRepository,
  tokensRepository,
  usersRepository,
  type UserRow,
} from '../db/repositories/users.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, problemsFromZod } from '../domain/errors.js';
import { userPolicy } from '../policies/users.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { inTransaction, type ServiceContext } from './context.js';
import { ROLES, type Role } from '../domain/actor.js';
import {
  forgetResolvedTokens,
  hashPassword,
  randomSecret,
  sha256,
  TOKEN_PREFIX,
  userGrants,
  userView,
  type UserView,
} from './auth.js';
import { recordChange } from './audit.js';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, '2–64 characters: letters, digits, . _ @ -');
export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);
export const grantSchema = z
  .object({ role: roleSchema, unit: z.string().min(1).max(100).nullable().optional() })
  .strict();

function mustManage(ctx: ServiceContext): void {
  mustBeAllowed(userPolicy.canManageUsers(ctx.actor), 'managing users needs the admin role');
}

async function requireUser(ctx: ServiceContext, username: string): Promise<UserRow> {
  const user = await usersRepository.byUsername(ctx.db, username.trim().toLowerCase());
  if (!user) throw new NotFoundError(`no user ${username}`);
  return user;
}

async function unitIdFor(ctx: ServiceContext, role: Role, unit: string | null | undefined): Promise<number | null> {
  if (role === 'admin') {
    if (unit) throw new ValidationError([{ path: 'unit', message: 'the admin role covers everything: give no unit' }]);
    return null;
  }
  if (!unit)
    throw new ValidationError([
      { path: 'unit', message: `the ${role} role needs an org unit (its subtree is the scope)` },
    ]);
  const row = await orgUnitsRepository.byCode(ctx.db, unit);
  if (!row) throw new ValidationError([{ path: 'unit', message: `no org unit with code ${unit}` }]);
  return row.id;
}

export async function addUser(
  ctx: ServiceContext,
  input: {
    username: string;
    name?: string | undefined;
    password?: string | undefined;
    grants?: Array<{ role: Role; unit?: string | null | undefined }>;
  },
): Promise<UserView> {
  mustManage(ctx);
  const parsed = usernameSchema.safeParse(input.username);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues, 'username'));
  const username = parsed.data;
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return inTransaction(ctx, async (tctx) => {
    if (await usersRepository.byUsername(tctx.db, username))
      throw new ConflictError(`username: ${username} exists already`);
    const id = await usersRepository.insert(tctx.db, { username, name: input.name?.trim() || username, passwordHash });
    for (const g of input.grants ?? [])
      await usersRepository.addGrant(tctx.db, id, g.role, await unitIdFor(tctx, g.role, g.unit));
    const view = await userView(tctx.db, id);
    await recordChange(tctx, { action: 'create', type: 'user', id: username, after: view });
    return view;
  });
}

export async function listUsers(
  ctx: ServiceContext,
  page = { limit: 500, offset: 0 },
): Promise<Array<UserView & { disabled: boolean; oidc: boolean; password: boolean }>> {
  mustManage(ctx);
  const rows = await usersRepository.list(ctx.db, page);
  return Promise.all(
    rows.map(async (u) => ({
      ...(await userView(ctx.db, u.id)),
      disabled: u.disabled,
      oidc: u.oidc_subject !== null,
      password: u.password_hash !== null,
    })),
  );
}

/** Changes one grant of a user inside a transaction (`change` throws when there is nothing to change), audited as `action`. */
async function changeGrant(
  ctx: ServiceContext,
  action: 'grant' | 'revoke',
  username: string,
  change: (tctx: ServiceContext, userId: number) => Promise<void>,
): Promise<UserView> {
  mustManage(ctx);
  try {
    return await inTransaction(ctx, async (tctx) => {
      const user = await requireUser(tctx, username);
      const before = await userView(tctx.db, user.id);
      await change(tctx, user.id);
      const after = await userView(tctx.db, user.id);
      await recordChange(tctx, { action, type: 'user', id: user.username, before, after });
      return after;
    });
  } finally {
    forgetResolvedTokens();
  }
}

export async function grantRole(
  ctx: ServiceContext,
  username: string,
  role: Role,
  unit?: string | null,
): Promise<UserView> {
  return changeGrant(ctx, 'grant', username, async (tctx, userId) => {
    await usersRepository.addGrant(tctx.db, userId, role, await unitIdFor(tctx, role, unit));
  });
}

export async function revokeRole(
  ctx: ServiceContext,
  username: string,
  role: Role,
  unit?: string | null,
): Promise<UserView> {
  return changeGrant(ctx, 'revoke', username, async (tctx, userId) => {
    if (!(await usersRepository.removeGrant(tctx.db, userId, role, await unitIdFor(tctx, role, unit))))
      throw new NotFoundError(`${username} holds no ${role} grant${unit ? ` on ${unit}` : ''}`);
  });
}

export async function setPassword(ctx: ServiceContext, username: string, password: string): Promise<void> {
  mustManage(ctx);
  const passwordHash = await hashPassword(password);
  await inTransaction(ctx, async (tctx) => {
    const user = await requireUser(tctx, username);
    await usersRepository.update(tctx.db, user.id, { passwordHash, mustChangePassword: false });
    await signInRepository.clearUser(tctx.db, user.username);
    await sessionsRepository.revokeAllForUser(tctx.db, user.id, tctx.now());
    await recordChange(tctx, { action: 'set_password', type: 'user', id: user.username });
  });
}

/** Disables (or re-enables) a user; disabling ends their sessions, and their tokens stop working. */
export async function setDisabled(ctx: ServiceContext, username: string, disabled: boolean): Promise<void> {
  mustManage(ctx);
  await inTransaction(ctx, async (tctx) => {
    const user = await requireUser(tctx, username);
    await usersRepository.update(tctx.db, user.id, { disabled });
    if (disabled) await sessionsRepository.revokeAllForUser(tctx.db, user.id, tctx.now());
    await recordChange(tctx, {
      action: disabled ? 'disable' : 'enable',
      type: 'user',
      id: user.username,
      before: { disabled: user.disabled },
      after: { disabled },
    });
  });
  forgetResolvedTokens();
}

/**
 * First start: when no enabled admin exists and there are no users at all, creates
 * `admin` with a random one-time password and returns it (print it once).
 */
export async function ensureFirstAdmin(
  ctx: ServiceContext,
): Promise<{ username: string; password: string } | undefined> {
  if ((await usersRepository.count(ctx.db)).n > 0) return undefined;
  const password = randomSecret(18);
  await addUser(ctx, { username: 'admin', name: 'Administrator', password, grants: [{ role: 'admin' }] });
  await usersRepository.update(ctx.db, (await usersRepository.byUsername(ctx.db, 'admin'))!.id, {
    mustChangePassword: true,
  });
  return { username: 'admin', password };
}

/** The documented demo users (docs/security.md). */
export const DEMO_USERS: Array<{ username: string; name: string; grants: Array<{ role: Role; unit?: string }> }> = [
  { username: 'admin', name: 'Demo administrator', grants: [{ role: 'admin' }] },
  {
    username: 'secretariat',
    name: 'Secretariat of the National DX Committee',
    grants: [{ role: 'secretariat', unit: 'VN' }],
  },
  { username: 'reporter-hn', name: 'Ha Noi DX department (reporter)', grants: [{ role: 'reporter', unit: 'VN-HN' }] },
  { username: 'viewer', name: 'Committee member (viewer)', grants: [{ role: 'viewer', unit: 'VN' }] },
  {
    username: 'reporter-badinh',
    name: 'Ba Dinh ward, Ha Noi (reporter)',
    grants: [{ role: 'reporter', unit: 'VN-HN-BADINH' }],
  },
];
export const DEFAULT_DEMO_PASSWORD = 'mandate-demo';

/** Creates the demo users that do not exist yet (units missing from the database are skipped). */
export async function ensureDemoUsers(ctx: ServiceContext, password: string): Promise<string[]> {
  const created: string[] = [];
  for (const u of DEMO_USERS) {
    if (await usersRepository.byUsername(ctx.db, u.username)) continue;
    const grants = [];
    for (const g of u.grants) if (!g.unit || (await orgUnitsRepository.byCode(ctx.db, g.unit))) grants.push(g);
    if (grants.length === 0) continue;
    await addUser(ctx, { username: u.username, name: u.name, password, grants });
    created.push(u.username);
  }
  return created;
}

// ---- API tokens ----

export const tokenInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(366).default(90),
    grants: z.array(grantSchema).min(1).max(50).optional().describe('default: all of your grants'),
  })
  .strict();
export type TokenInput = z.input<typeof tokenInputSchema>;

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  grants: Array<{ role: string; unit: string | null }>;
  expiresAt: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

/**
 * Creates an API token for the acting user (or, for an admin, for `forUser`). The
 * secret is returned once; only its SHA-256 is stored. Tokens cannot create tokens.
 */
export async function createToken(
  ctx: ServiceContext,
  input: TokenInput,
  forUser?: string,
): Promise<TokenView & { token: string }> {
  const parsed = tokenInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  if (ctx.actor.via === 'token') throw new ForbiddenError('API tokens cannot create tokens: sign in');
  let userId = ctx.actor.userId;
  if (forUser !== undefined) {
    mustManage(ctx);
    userId = (await requireUser(ctx, forUser)).id;
  }
  if (userId === undefined) throw new ForbiddenError('tokens belong to a user: name one');
  const own = await userGrants(ctx.db, userId);
  const wanted = parsed.data.grants ?? own.map((g) => ({ role: g.role, unit: g.unit }));
  const grants: Array<{ role: string; unit: string | null }> = [];
  for (const [i, g] of wanted.entries()) {
    const unit = g.unit ? await orgUnitsRepository.byCode(ctx.db, g.unit) : undefined;
    const ok =
      g.role === 'admin'
        ? own.some((o) => o.role === 'admin') && !g.unit
        : unit !== undefined && userPolicy.tokenGrantAllowed(own, { role: g.role, unitPath: unit.path });
    if (!ok)
      throw new ValidationError([
        { path: `grants[${i}]`, message: `not within your own grants: ${g.role}${g.unit ? ` on ${g.unit}` : ''}` },
      ]);
    grants.push({ role: g.role, unit: g.role === 'admin' ? null : g.unit! });
  }
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const expiresAt = new Date(ctx.now().getTime() + parsed.data.expiresInDays * 86_400_000);
  return inTransaction(ctx, async (tctx) => {
    const id = await tokensRepository.insert(tctx.db, {
      userId: userId,
      name: parsed.data.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      grants,
      expiresAt,
    });
    const view = toTokenView((await tokensRepository.byId(tctx.db, id))!);
    await recordChange(tctx, { action: 'create', type: 'token', id, after: view });
    return { ...view, token };
  });
}

function toTokenView(row: Awaited<ReturnType<typeof tokensRepository.byId>> & object): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    grants: row.grants,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
    revoked: row.revoked_at !== null,
  };
}

export async function listTokens(ctx: ServiceContext): Promise<TokenView[]> {
  if (ctx.actor.userId === undefined) return [];
  return (await tokensRepository.forUser(ctx.db, ctx.actor.userId)).map(toTokenView);
}

/** Revokes one of the actor's tokens (an admin: anyone's). Someone else's token is "not found". */
export async function revokeToken(ctx: ServiceContext, id: number): Promise<void> {
  await inTransaction(ctx, async (tctx) => {
    const row = await tokensRepository.byId(tctx.db, id);
    mustSee(
      row !== undefined && (row.user_id === tctx.actor.userId || userPolicy.canManageUsers(tctx.actor)),
      `no token with id ${id}`,
    );
    if (!(await tokensRepository.revoke(tctx.db, id, tctx.now()))) return;
    await recordChange(tctx, {
      action: 'revoke',
      type: 'token',
      id,
      before: toTokenView(row!),
      after: toTokenView((await tokensRepository.byId(tctx.db, id))!),
    });
  });
  forgetResolvedTokens();
}
