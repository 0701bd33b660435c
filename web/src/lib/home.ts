/**
 * Which page `/` opens: "my work" for a reporter (someone who reports and neither administers nor
 * supervises), the national overview for everybody else. The choice is remembered on the device,
 * so the next visit draws the right page — and web/prefetch.js fetches its data — before
 * the session is known.
 */
import type { SessionUser } from '../api/types';

export type Home = 'my-work' | 'overview';
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
