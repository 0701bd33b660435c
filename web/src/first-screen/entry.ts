/**
 * The classic script at the start of index.html's body (bundled on its own and inlined by
 * vite.config.ts: ~10 KB, 4 KB compressed; allowed by its hash in the server's CSP): it runs while
 * the page is parsed, before any module, so that
 * 1. the first screen's downloads start at once (prefetch.ts), and
 * 2. a reporter's "my work" is drawn in the page's first frame from this device's last-known copy,
 *    or as soon as the prefetched answer arrives on a first visit (draw.ts).
 * The app's entry (main.tsx) loads the app once that is on screen (`window.__mandateFirstScreen`).
 */
import { drawFirstScreen, planFirstScreen } from './draw';
import { preloadApp, startPrefetch } from './prefetch';

function firstScreen(): Promise<void> {
  const plan = planFirstScreen();
  if (!plan?.copy) {
    // The app downloads alongside the first screen's requests. A user whose home is the overview
    // is known on a first visit once /api/auth/me answers (prefetch.ts): the app is evaluated then.
    preloadApp();
    startPrefetch();
    return plan ? drawFirstScreen(plan) : Promise.resolve();
  }
  // Drawn from the device's copy in this task; the API requests (tens of milliseconds of a slow
  // phone's main thread to set up) start once it is on screen, before the app is loaded (from the
  // browser's cache after the last visit, or fetched then).
  return drawFirstScreen(plan).then(startPrefetch);
}

(window as { __mandateFirstScreen?: Promise<void> }).__mandateFirstScreen = firstScreen().catch(() => {
  // Nothing drawn early: the app draws the page as it always does.
});
