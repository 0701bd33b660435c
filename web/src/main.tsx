/**
 * The entry. The first screen (first-screen/entry.ts, the classic script before this one) may be
 * drawing the reporter's work from what is at hand; the app itself (boot.tsx: React, Mantine,
 * i18next), which the build has the browser download alongside (vite.config.ts), is imported and
 * evaluated once that is on screen, so a slow phone's main thread draws the reporter's work first.
 */
const firstScreen = (window as { __mandateFirstScreen?: Promise<void> }).__mandateFirstScreen;

/** Set while this tab reloads once to leave a page that names the files of a replaced release. */
const RELOADED = 'mandate.reloadedForRelease';

function session(action: (s: Storage) => unknown): unknown {
  try {
    return action(window.sessionStorage);
  } catch {
    return null; // storage unavailable
  }
}

void (firstScreen ?? Promise.resolve())
  .then(() => import('./boot'))
  .then(
    () => session((s) => s.removeItem(RELOADED)),
    (error: unknown) => {
      // The browser keeps index.html a few minutes (src/api/app.ts webCacheControl): after a new
      // release it may name files the server no longer has. A reload asks for the page again
      // (once: offline, without the service worker, the first screen simply stays).
      if (session((s) => s.getItem(RELOADED))) throw error;
      session((s) => s.setItem(RELOADED, '1'));
      window.location.reload();
    },
  );
