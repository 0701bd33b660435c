import { sql } from 'kysely';
import type { Db } from '../database.js';

export interface ThrottleRow {
  failures: number;
  locks: number;
  locked_until: Date | null;
}

export type SecurityEvent = 'sign_in' | 'sign_in_failed' | 'sign_in_locked' | 'sign_out';

/** Sign-in throttling per (account, address) and the security log (migration 0009). */
export const signInRepository = {
  async throttle(db: Db, key: string): Promise<ThrottleRow | undefined> {
    return db
      .selectFrom('sign_in_throttle')
      .select(['failures', 'locks', 'locked_until'])
      .where('key', '=', key)
      .executeTakeFirst();
  },

  /**
   * Counts one failure; at `threshold` failures the key is locked until now + base × 2^locks
   * (capped), the count starts again and the lock counter grows. Returns the row after.
   */
  async recordFailure(
    db: Db,
    key: string,
    username: string,
    at: Date,
    threshold: number,
    baseSeconds: number,
    maxSeconds: number,
  ): Promise<ThrottleRow> {
    const lockFor = sql<number>`least(${baseSeconds}::int * power(2, sign_in_throttle.locks)::int, ${maxSeconds}::int)`;
    return db
      .insertInto('sign_in_throttle')
      .values({ key, username, failures: 1, updated_at: at })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql`CASE WHEN sign_in_throttle.failures + 1 >= ${threshold} THEN 0 ELSE sign_in_throttle.failures + 1 END`,
          locks: sql`CASE WHEN sign_in_throttle.failures + 1 >= ${threshold} THEN sign_in_throttle.locks + 1 ELSE sign_in_throttle.locks END`,
          locked_until: sql`CASE WHEN sign_in_throttle.failures + 1 >= ${threshold}
            THEN ${at}::timestamptz + make_interval(secs => ${lockFor}) ELSE sign_in_throttle.locked_until END`,
          updated_at: at,
        }),
      )
      .returning(['failures', 'locks', 'locked_until'])
      .executeTakeFirstOrThrow();
  },

  async clear(db: Db, key: string): Promise<void> {
    await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
  },

  /** Lifts every lock of an account (an administrator set a new password). */
  async clearUser(db: Db, username: string): Promise<void> {
    await db.deleteFrom('sign_in_throttle').where('username', '=', username).execute();
  },

  async log(
    db: Db,
    entry: { at: Date; event: SecurityEvent; username: string; userId?: number | null; address?: string | null },
  ): Promise<void> {
    await db
      .insertInto('security_log')
      .values({
        at: entry.at,
        event: entry.event,
        username: entry.username.slice(0, 100),
        user_id: entry.userId ?? null,
        address: entry.address ?? null,
      })
      .execute();
  },

  async recent(db: Db, limit: number, username?: string) {
    let query = db
      .selectFrom('security_log')
      .select(['id', 'at', 'event', 'username', 'user_id', 'address'])
      .orderBy('id', 'desc')
      .limit(limit);
    if (username) query = query.where('username', '=', username);
    return query.execute();
  },
};
