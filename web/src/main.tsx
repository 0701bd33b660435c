/**
 * The entry. The first screen (first-screen/entry.ts, the classic script before this one) may be
 * drawing the reporter's work from what is at hand; the app itself (boot.tsx: React, Mantine,
 * i18next), which the build has the browser download alongside (vite.config.ts), is imported and
 * evaluated once that is on screen, so a slow phone's main thread draws the reporter's work first.
 */
const firstScreen = (window as { __mandateFirstScreen?: Promise<void> }).__mandateFirstScreen;

void (firstScreen ?? Promise.resolve()).then(() => import('./boot'));
