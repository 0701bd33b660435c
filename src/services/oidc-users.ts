/**
 * OpenID Connect users: the provider's claims become a Mandate user and grants
 * (mapping configured in MANDATE_OIDC_*, see docs/security.md). The provider is
 * authoritative: each sign-in replaces the user's grants with those in the claims.
 * An OIDC identity never takes over a local (password) account of the same name.
 */
import { usersRepository } from '../db/repositories/users.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { ForbiddenError } from '../domain/errors.js';
import type { OidcConfig } from '../security-config.js';
import { inTransaction, type ServiceContext } from './context.js';
import { ROLES, type Role } from '../domain/actor.js';
import { forgetResolvedTokens, userView, type UserView } from './auth.js';
import { recordChange } from './audit.js';
import { usernameSchema } from './users.js';

type Claims = Record<string, unknown>;

/** The grants the claims carry, as (role, unit code) pairs before checking units. */
export function grantsFromClaims(claims: Claims, config: OidcConfig): Array<{ role: string; unit: string | null }> {
  const out: Array<{ role: string; unit: string | null }> = [];
  const mapUnit = (value: string) => config.unitMap[value] ?? value;
  const raw = claims[config.grantsClaim];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : [];
  for (const item of list) {
    if (typeof item === 'string') {
      const [role, unit] = item.split(':', 2);
      if (role) out.push({ role: role.trim(), unit: unit ? mapUnit(unit.trim()) : null });
    } else if (item && typeof item === 'object' && typeof (item as Claims).role === 'string') {
      const unit = (item as Claims).unit;
      out.push({ role: (item as Claims).role as string, unit: typeof unit === 'string' ? mapUnit(unit) : null });
    }
  }
  if (config.unitClaim) {
    const unitValue = claims[config.unitClaim];
    const roleValue = config.roleClaim ? claims[config.roleClaim] : undefined;
    const units = Array.isArray(unitValue) ? unitValue : [unitValue];
    const role = typeof roleValue === 'string' ? roleValue : config.defaultRole;
    for (const u of units) if (typeof u === 'string' && role) out.push({ role, unit: mapUnit(u) });
  }
  return out;
}

export async function signInOidcUser(
  ctx: ServiceContext,
  claims: Claims,
  config: OidcConfig,
): Promise<{ userId: number; view: UserView }> {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !sub) throw new ForbiddenError('the identity provider sent no subject');
  const subject = `${config.issuer}#${sub}`;
  const claimed = claims[config.usernameClaim];
  const parsed = usernameSchema.safeParse(typeof claimed === 'string' ? claimed : sub);
  if (!parsed.success) throw new ForbiddenError(`the ${config.usernameClaim} claim is not a valid username`);
  const name =
    typeof claims[config.nameClaim] === 'string' ? (claims[config.nameClaim] as string).slice(0, 200) : parsed.data;

  const grants: Array<{ role: Role; unitId: number | null; unit: string | null }> = [];
  for (const g of grantsFromClaims(claims, config)) {
    if (!(ROLES as readonly string[]).includes(g.role)) continue;
    if (g.role === 'admin') {
      if (config.allowAdmin) grants.push({ role: 'admin', unitId: null, unit: null });
      continue;
    }
    if (!g.unit) continue;
    const unit = await orgUnitsRepository.byCode(ctx.db, g.unit);
    if (unit && !grants.some((x) => x.role === g.role && x.unitId === unit.id))
      grants.push({ role: g.role as Role, unitId: unit.id, unit: unit.code });
  }
  if (grants.length === 0) throw new ForbiddenError('your identity carries no role on any known org unit in Mandate');

  const synced = await inTransaction({ ...ctx, actor: { name: `oidc:${parsed.data}` } }, async (tctx) => {
    let user = await usersRepository.byOidcSubject(tctx.db, subject);
    if (!user) {
      if (await usersRepository.byUsername(tctx.db, parsed.data))
        throw new ForbiddenError(`a local account ${parsed.data} exists: ask an admin to link it`);
      const id = await usersRepository.insert(tctx.db, {
        username: parsed.data,
        name,
        passwordHash: null,
        oidcSubject: subject,
      });
      user = (await usersRepository.byId(tctx.db, id))!;
    }
    if (user.disabled) throw new ForbiddenError('this account is disabled');
    const before = await userView(tctx.db, user.id);
    await usersRepository.update(tctx.db, user.id, { name });
    await usersRepository.replaceGrants(tctx.db, user.id, grants);
    const view = await userView(tctx.db, user.id);
    if (JSON.stringify(before) !== JSON.stringify(view))
      await recordChange(
        { ...tctx, actor: { name: `oidc:${user.username}`, userId: user.id } },
        { action: 'oidc_sync', type: 'user', id: user.username, before, after: view },
      );
    return { userId: user.id, view };
  });
  forgetResolvedTokens();
  return synced;
}
