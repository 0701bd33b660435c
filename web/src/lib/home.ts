/**
 * Which page `/` opens: "my work" for a reporter (someone who reports and neither administers nor
 * supervises), the national overview for everybody else. The choice is remembered on the device,
 * so the next visit draws the right page — and first-screen/prefetch.ts fetches its data — before
 * the session is known.
 */
import type { SessionUser } from '../api/types';

export type Home = 'my-work' | 'overview';

/** The request of "my work" (its list of assignments); first-screen/prefetch.ts starts the same URL before the app has loaded. */
export const MY_WORK_QUERY = { timeliness: 'overdue,due_soon', sort: 'due', limit: 100 } as const;
/** Its key in the app's query cache (web/src/api/hooks.ts useAssignmentList) and in the device's last-known copy. */
export const MY_WORK_KEY = ['assignment-list', MY_WORK_QUERY] as const;
const KEY = 'mandate.home';

export function homeOf(user: SessionUser): Home {
  const roles = new Set(user.grants.map((g) => g.role));
  return roles.has('reporter') && !roles.has('admin') && !roles.has('secretariat') ? 'my-work' : 'overview';
}

export function rememberedHome(): Home | null {
  try {
    const v = window.localStorage.getItem(KEY);
    return v === 'my-work' || v === 'overview' ? v : null;
  } catch {
    return null;
  }
}

export function rememberHome(home: Home): void {
  try {
    window.localStorage.setItem(KEY, home);
  } catch {
    /* private mode */
  }
}
