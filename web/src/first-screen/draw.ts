/**
 * The reporter's first screen on a slow phone (issue 17): "my work" drawn from what is at hand
 * before the app's JavaScript (React, Mantine, i18next: ~470 KB, a second or more of a slow phone's
 * main thread) is even evaluated —
 * - on a return visit, this device's last-known copy (lib/last-work.ts), marked "as of <time>";
 * - on a first visit, the answer prefetch.ts asked for as soon as the page started.
 * The app is loaded once this is on screen (main.tsx) and takes over when it has drawn the page
 * itself (handover.ts). Only for `/` (when this device's home is "my work": lib/home.ts) and
 * `/my-work`; every other page, and a user whose home is the overview (known from the last visit,
 * or on a first visit once /api/auth/me answers), loads the app at once.
 */
import type { ListPage } from '../api/types';
import { withQuery } from '../api/client';
import strings from 'virtual:first-screen-strings';
import { initialLanguage, isRtl } from '../i18n/language';
import { MY_WORK_KEY, MY_WORK_QUERY, rememberedHome } from '../lib/home';
import { lastKnown } from '../lib/last-work';
import type { Language } from '../lib/text';
import { showFirstScreen } from './handover';
import { paintMyWork } from './paint';
import type { Prefetched } from './prefetch';

/** On a first visit, how long to wait for the prefetched answer before the app loads and waits for it itself. */
const WAIT_FOR_ANSWER_MS = 4_000;

/** The answer prefetch.ts asked for, read from a copy (the app reads the answer itself); null if none or refused. */
async function prefetched(url: string): Promise<ListPage | null> {
  const store = (window as { __mandatePrefetch?: Prefetched }).__mandatePrefetch;
  const pending = store?.[url];
  if (!pending) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), WAIT_FOR_ANSWER_MS)));
  const answer = pending
    .then((r) => (r?.ok ? (r.clone().json() as Promise<ListPage>) : null))
    .catch(() => null)
    .finally(() => clearTimeout(timer));
  return Promise.race([answer, late]);
}

/**
 * Resolves once the frame that shows the first screen has been presented and the next one begun:
 * the app's evaluation (a second of a slow phone's main thread) then holds up no frame of it.
 */
function presented(): Promise<void> {
  // A page opened in a background tab draws no frame (no animation frames) until it is shown: the app loads now.
  if (document.visibilityState !== 'visible') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** What the first screen can draw on this visit: "my work" from this device's copy, or once the prefetched answer is in. */
export interface FirstScreenPlan {
  lang: Language;
  /** This device's last-known copy of the list, with when it was received; null: wait for the prefetched answer. */
  copy: { at: number; data: ListPage } | null;
}

/** The plan for this visit, or null when the first screen is not "my work" (another page, or the overview's user). */
export function planFirstScreen(): FirstScreenPlan | null {
  const path = window.location.pathname;
  if (path !== '/' && path !== '/my-work') return null;
  const home = rememberedHome();
  if (path === '/' && home === 'overview') return null;
  const kept = home === 'my-work' || path === '/my-work' ? lastKnown<ListPage>(MY_WORK_KEY) : null;
  return { lang: initialLanguage(), copy: Array.isArray(kept?.data?.items) ? kept : null };
}

/**
 * Draws "my work" — at once (in this task) from the device's copy, else when the prefetched answer
 * arrives — and resolves once it is on screen, or at once if there is nothing to draw: the app may load then.
 */
export async function drawFirstScreen({ lang, copy }: FirstScreenPlan): Promise<void> {
  const items = copy ? copy.data.items : (await prefetched(withQuery('/api/web/assignments', MY_WORK_QUERY)))?.items;
  if (!Array.isArray(items)) return;
  // Only what changes (index.html says English, left to right): no needless style recalculation.
  const html = document.documentElement;
  const dir = isRtl(lang) ? 'rtl' : 'ltr';
  if (html.lang !== lang) html.lang = lang;
  if (html.dir !== dir) html.dir = dir;
  showFirstScreen(
    paintMyWork({
      lang,
      catalogue: strings[lang],
      items,
      asOf: copy ? copy.at : null,
      online: navigator.onLine,
    }),
  );
  performance.mark('mandate:first-screen', { detail: copy ? 'last-known' : 'prefetched' });
  await presented();
}
