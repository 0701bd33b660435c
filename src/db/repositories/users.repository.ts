import { sql, type ExpressionBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import type { TokenGrant } from '../schema/security.js';

export interface UserRow {
  id: number;
  username: string;
  name: string;
  password_hash: string | null;
  oidc_subject: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  must_change_password: boolean;
}

export interface GrantRow {
  id: number;
  role: string;
  unit: string | null;
  unit_path: string | null;
}

const USER_COLUMNS = [
  'id',
  'username',
  'name',
  'password_hash',
  'oidc_subject',
  'disabled',
  'failed_logins',
  'locked_until',
  'must_change_password',
] as const;

export const usersRepository = {
  byUsername(db: Db, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').select(USER_COLUMNS).where('username', '=', username).executeTakeFirst();
  },

  byId(db: Db, id: number): Promise<UserRow | undefined> {
    return db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  },

  byOidcSubject(db: Db, subject: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').select(USER_COLUMNS).where('oidc_subject', '=', subject).executeTakeFirst();
  },

  list(db: Db, page: { limit: number; offset: number }): Promise<UserRow[]> {
    return db
      .selectFrom('users')
      .select(USER_COLUMNS)
      .orderBy('username')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },

  count(db: Db) {
    return db
      .selectFrom('users')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
  },

  async countAdmins(db: Db): Promise<number> {
    const row = await db
      .selectFrom('user_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(sql<number>`count(DISTINCT u.id)`.as('n'))
      .where('g.role', '=', 'admin')
      .where('u.disabled', '=', false)
      .executeTakeFirstOrThrow();
    return row.n;
  },

  async insert(
    db: Db,
    row: {
      username: string;
      name: string;
      passwordHash: string | null;
      oidcSubject?: string | null;
      mustChangePassword?: boolean;
    },
  ): Promise<number> {
    const { id } = await db
      .insertInto('users')
      .values({
        username: row.username,
        name: row.name,
        password_hash: row.passwordHash,
        oidc_subject: row.oidcSubject ?? null,
        must_change_password: row.mustChangePassword ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  async update(
    db: Db,
    id: number,
    set: { name?: string; passwordHash?: string | null; disabled?: boolean; mustChangePassword?: boolean },
  ): Promise<void> {
    await db
      .updateTable('users')
      .set({
        ...(set.name !== undefined ? { name: set.name } : {}),
        ...(set.passwordHash !== undefined ? { password_hash: set.passwordHash } : {}),
        ...(set.disabled !== undefined ? { disabled: set.disabled } : {}),
        ...(set.mustChangePassword !== undefined ? { must_change_password: set.mustChangePassword } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
  },

  /** Counts a failed sign-in; locks the account until `lockUntil` once `threshold` failures are reached. */

  grants(db: Db, userId: number): Promise<GrantRow[]> {
    return db
      .selectFrom('user_grants as g')
      .leftJoin('org_units as u', 'u.id', 'g.org_unit_id')
      .select(['g.id', 'g.role', 'u.code as unit', 'u.path as unit_path'])
      .where('g.user_id', '=', userId)
      .orderBy('g.role')
      .orderBy('u.path')
      .execute();
  },

  async addGrant(db: Db, userId: number, role: string, unitId: number | null): Promise<boolean> {
    const existing = await db
      .selectFrom('user_grants')
      .select('id')
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .where((eb) => (unitId === null ? eb('org_unit_id', 'is', null) : eb('org_unit_id', '=', unitId)))
      .executeTakeFirst();
    if (existing) return false;
    await db.insertInto('user_grants').values({ user_id: userId, role, org_unit_id: unitId }).execute();
    return true;
  },

  async removeGrant(db: Db, userId: number, role: string, unitId: number | null): Promise<boolean> {
    const result = await db
      .deleteFrom('user_grants')
      .where('user_id', '=', userId)
      .where('role', '=', role)
      .where((eb) => (unitId === null ? eb('org_unit_id', 'is', null) : eb('org_unit_id', '=', unitId)))
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async replaceGrants(db: Db, userId: number, grants: Array<{ role: string; unitId: number | null }>): Promise<void> {
    await db.deleteFrom('user_grants').where('user_id', '=', userId).execute();
    if (grants.length)
      await db
        .insertInto('user_grants')
        .values(grants.map((g) => ({ user_id: userId, role: g.role, org_unit_id: g.unitId })))
        .execute();
  },
};

export interface SessionRow {
  user_id: number;
  csrf_token: string;
  expires_at: Date;
}

/** A user's grants with their units' codes and paths, as a JSON array column (one round trip with the caller's row). */
function grantsOf(eb: ExpressionBuilder<Database & { u: Database['users'] }, 'u'>) {
  return jsonArrayFrom(
    eb
      .selectFrom('user_grants as g')
      .leftJoin('org_units as o', 'o.id', 'g.org_unit_id')
      .select(['g.id', 'g.role', 'o.code as unit', 'o.path as unit_path'])
      .whereRef('g.user_id', '=', 'u.id')
      .orderBy('g.role')
      .orderBy('o.path'),
  ).as('user_grants');
}

/** Revokes, as of now, the sessions or tokens where `column` is `value` that are still live; how many. */
async function revokeLive(
  db: Db,
  table: 'sessions' | 'api_tokens',
  column: 'id_hash' | 'user_id' | 'id',
  value: string | number,
  now: Date,
): Promise<number> {
  const r = await db
    .updateTable(table)
    .set({ revoked_at: now })
    .where(column, '=', value)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export const sessionsRepository = {
  async insert(db: Db, row: { idHash: string; userId: number; csrfToken: string; expiresAt: Date }): Promise<void> {
    await db
      .insertInto('sessions')
      .values({ id_hash: row.idHash, user_id: row.userId, csrf_token: row.csrfToken, expires_at: row.expiresAt })
      .execute();
  },

  /** A live session with its user's name and grants, in one round trip (it runs on every request of the web app). */
  liveActor(db: Db, idHash: string, now: Date) {
    return db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['s.csrf_token', 'u.id as user_id', 'u.username'])
      .select((eb) => [grantsOf(eb)])
      .where('s.id_hash', '=', idHash)
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('u.disabled', '=', false)
      .executeTakeFirst();
  },

  async touch(db: Db, idHash: string, now: Date): Promise<void> {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  },

  async revoke(db: Db, idHash: string, now: Date): Promise<void> {
    await revokeLive(db, 'sessions', 'id_hash', idHash, now);
  },

  revokeAllForUser(db: Db, userId: number, now: Date): Promise<number> {
    return revokeLive(db, 'sessions', 'user_id', userId, now);
  },

  async deleteExpired(db: Db, now: Date): Promise<void> {
    await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  },
};

export interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  grants: TokenGrant[];
  expires_at: Date;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const TOKEN_COLUMNS = [
  'id',
  'user_id',
  'name',
  'prefix',
  'grants',
  'expires_at',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

export const tokensRepository = {
  async insert(
    db: Db,
    row: { userId: number; name: string; tokenHash: string; prefix: string; grants: TokenGrant[]; expiresAt: Date },
  ): Promise<number> {
    const { id } = await db
      .insertInto('api_tokens')
      .values({
        user_id: row.userId,
        name: row.name,
        token_hash: row.tokenHash,
        prefix: row.prefix,
        grants: JSON.stringify(row.grants),
        expires_at: row.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  /**
   * A live token with everything its actor needs, in one round trip (it runs on every API
   * request): the token, its user, the user's grants and the paths of the units the token's
   * grants name.
   */
  liveActor(db: Db, tokenHash: string, now: Date) {
    return db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.id', 't.grants', 't.last_used_at', 'u.id as user_id', 'u.username'])
      .select((eb) => [
        grantsOf(eb),
        jsonArrayFrom(
          eb
            .selectFrom('org_units as o')
            .select(['o.code', 'o.path'])
            .where(sql<boolean>`o.code IN (SELECT jsonb_array_elements(t.grants) ->> 'unit')`),
        ).as('token_units'),
      ])
      .where('t.token_hash', '=', tokenHash)
      .where('t.revoked_at', 'is', null)
      .where('t.expires_at', '>', now)
      .where('u.disabled', '=', false)
      .$narrowType<{ grants: TokenGrant[] }>()
      .executeTakeFirst();
  },

  byId(db: Db, id: number): Promise<TokenRow | undefined> {
    return db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst();
  },

  forUser(db: Db, userId: number): Promise<TokenRow[]> {
    return db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('user_id', '=', userId).orderBy('id').execute();
  },

  /**
   * Records the token's use, to the minute: a token used by many concurrent requests
   * (an integration, a load test) would otherwise make every request wait for the
   * same row lock.
   */
  async touch(db: Db, id: number, now: Date): Promise<void> {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
      .execute();
  },

  async revoke(db: Db, id: number, now: Date): Promise<boolean> {
    return (await revokeLive(db, 'api_tokens', 'id', id, now)) === 1;
  },
};

export const settingsRepository = {
  async get(db: Db, key: string): Promise<string | undefined> {
    return (await db.selectFrom('security_settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  },
  /** Sets the value unless one exists; returns the value in force. */
  async getOrInit(db: Db, key: string, value: string): Promise<string> {
    await db
      .insertInto('security_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await settingsRepository.get(db, key))!;
  },
  async put(db: Db, key: string, value: string): Promise<void> {
    await db
      .insertInto('security_settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  },
};
