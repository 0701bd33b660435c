/**
 * The signed-in user's last-known first screen, kept on this device (localStorage) so a return visit
 * draws it at once instead of waiting for the network: stale-while-revalidate. The app starts with
 * the remembered user and their "my work" answers (marked "as of <time>" on the page) and replaces
 * them as soon as the server answers. One user's copy at a time: forgotten on sign-out, when another
 * user signs in, and when the server says the session has ended or belongs to someone else.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { SessionUser } from '../api/types';

const KEY = 'mandate.lastWork';

interface LastWork {
  user: SessionUser;
  /** When each answer was received (ms since epoch), by query key (JSON). */
  queries: Record<string, { at: number; data: unknown }>;
}

function read(): LastWork | null {
  try {
    const raw = localStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as LastWork) : null;
    return parsed?.user?.username && parsed.queries ? parsed : null;
  } catch {
    return null; // private mode, or an unreadable copy
  }
}

function write(value: LastWork | null): void {
  try {
    if (value) localStorage.setItem(KEY, JSON.stringify(value));
    else localStorage.removeItem(KEY);
  } catch {
    // storage full or unavailable: the page simply waits for the network next time
  }
}

let current = read();
/** The time of each answer put in the query cache from this device's copy at start-up, by query key. */
const seeded = new Map<string, number>();

/** The user remembered from the last visit (shown until /api/auth/me answers), or null. */
export function rememberedUser(): SessionUser | null {
  return current?.user ?? null;
}

/** The device's copy of one answer of the last visit's first screen, with when it was received; null if none. */
export function lastKnown<T>(key: QueryKey): { at: number; data: T } | null {
  const entry = current?.queries[JSON.stringify(key)];
  return entry ? { at: entry.at, data: entry.data as T } : null;
}

/** Puts the remembered answers into the query cache, dated when they were received and marked stale (refetched at once). */
export function seedLastWork(queryClient: QueryClient): void {
  for (const [key, { at, data }] of Object.entries(current?.queries ?? {})) {
    const queryKey = JSON.parse(key) as QueryKey;
    queryClient.setQueryData(queryKey, data, { updatedAt: at });
    // Stale whatever its age: the page asks the server again as soon as it shows it.
    void queryClient.invalidateQueries({ queryKey, exact: true, refetchType: 'none' });
    seeded.set(key, at);
  }
}

/** When the answer shown for `key` was received, if it is still this device's copy from the last visit; else null. */
export function shownAsOf(key: QueryKey, dataUpdatedAt: number): number | null {
  const at = seeded.get(JSON.stringify(key));
  return at !== undefined && at === dataUpdatedAt ? at : null;
}

/** The server named the signed-in user: keep the copy if it is theirs, else start a new one. */
export function rememberUser(user: SessionUser): void {
  current = { user, queries: current?.user.username === user.username ? current.queries : {} };
  write(current);
}

/** Keeps a fresh answer of the first screen for the next visit (only once the server has named the user). */
export function rememberQuery(key: QueryKey, data: unknown, at: number): void {
  if (!current) return;
  current.queries[JSON.stringify(key)] = { at, data };
  write(current);
}

/** Forgets the copy (sign-out, another user, session ended). */
export function forgetLastWork(): void {
  current = null;
  seeded.clear();
  write(null);
}
