/**
 * Runs first, before the app's JavaScript has arrived, so the first screen's downloads start at once:
 * - the user's language catalogue (chosen as i18n/language.ts does), as a module preload;
 * - the API requests of the first screen: who is signed in, then the overview's or, for a reporter,
 *   "my work"'s (lib/home.ts). The device remembers which; on a first visit the answer of
 *   /api/auth/me decides (homeOf), so a reporter's work is asked for as soon as the session is known,
 *   not once the app has loaded.
 * The URLs are exactly those the app builds (withQuery in api/client.ts); the app takes a prefetched
 * answer when its URL matches (api/client.ts takePrefetched; a promise of null: not fetched, the app
 * asks itself).
 */
import type { SessionUser } from '../api/types';
import { withQuery } from '../api/client';
import { initialLanguage } from '../i18n/language';
import { homeOf, MY_WORK_QUERY, rememberedHome, type Home } from '../lib/home';

/** Each language's catalogue file, filled in by the build (vite.config.ts); none during development. */
declare const __MANDATE_CATALOGUES__: Record<string, string> | undefined;
/** The app's files (web/src/boot.tsx and its imports) and its styles, filled in by the build; none during development. */
declare const __MANDATE_APP_FILES__: { scripts: string[]; styles: string[] } | undefined;

export type Prefetched = Record<string, Promise<Response | null>>;

function request(url: string): Promise<Response> {
  return fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
}

function link(rel: string, href: string, as?: string): void {
  const element = document.createElement('link');
  element.rel = rel;
  element.href = href;
  if (as) element.as = as;
  // The app's scripts are modules (fetched with CORS); its styles are linked as Vite's loader does (without).
  if (rel !== 'preload') element.crossOrigin = '';
  document.head.appendChild(element);
}

/**
 * Starts downloading the app, which the entry evaluates only once the first screen is drawn:
 * fetched, not parsed (`prefetch`), its styles fetched, not applied (`preload`).
 */
export function preloadApp(): void {
  const files = typeof __MANDATE_APP_FILES__ === 'undefined' ? { scripts: [], styles: [] } : __MANDATE_APP_FILES__;
  for (const file of files.scripts) link('prefetch', file);
  for (const file of files.styles) link('preload', file, 'style');
}

/** Starts the first screen's downloads; the answers are kept in `window.__mandatePrefetch` by URL. */
export function startPrefetch(): void {
  const catalogues = typeof __MANDATE_CATALOGUES__ === 'undefined' ? {} : __MANDATE_CATALOGUES__;
  const file = catalogues[initialLanguage()];
  if (file) link('modulepreload', file);

  const path = window.location.pathname;
  if (path !== '/' && path !== '/overview' && path !== '/my-work') return;
  const store: Prefetched = {};
  (window as { __mandatePrefetch?: Prefetched }).__mandatePrefetch = store;
  // Who is signed in: every page needs it first (lib/auth.tsx).
  const me = request('/api/auth/me');
  store['/api/auth/me'] = me;
  const remembered = rememberedHome();
  const home: Promise<Home | null> =
    path === '/my-work'
      ? Promise.resolve('my-work')
      : path === '/overview'
        ? Promise.resolve('overview')
        : remembered
          ? Promise.resolve(remembered)
          : me
              .then((r) => (r.ok ? (r.clone().json() as Promise<{ user?: SessionUser }>) : null))
              .then((body) => (body?.user ? homeOf(body.user) : null))
              .catch(() => null);
  /** Fetches `url` once the home page is known to be `page`; null otherwise (the app then fetches itself). */
  const getFor = (page: Home, url: string) => {
    store[url] = home.then((h) => (h === page ? request(url) : null));
  };

  // A reporter's landing page is "my work" (pages/my-work/MyWork.tsx).
  getFor('my-work', withQuery('/api/web/assignments', MY_WORK_QUERY));
  getFor('my-work', '/api/approvals/returned');

  // The overview (pages/overview): its filters come from the address.
  const params = new URLSearchParams(window.location.search);
  const filters: Record<string, string> = {};
  for (const k of ['programme', 'unit', 'tag', 'lead', 'dueFrom', 'dueTo']) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const byArea = !!params.get('programme');
  getFor(
    'overview',
    withQuery('/api/supervision/rollup', { ...filters, groupBy: byArea ? 'area,lead' : 'programme,lead', top: '8' }),
  );
  getFor(
    'overview',
    withQuery('/api/supervision/overdue', {
      ...filters,
      backlogOnly: params.get('list') === 'backlog' ? 'true' : 'false',
      sort: 'days_late',
      limit: '10',
    }),
  );
  getFor('overview', '/api/programmes');
}
