/**
 * The service worker (built by vite-plugin-pwa / Workbox, see vite.config.ts): registered once the
 * page has loaded and the main thread is idle, so it never competes with the first screen for a
 * slow network or a slow phone's main thread (on a return visit `load` comes before the first
 * render, which waits for the language catalogue).
 */
import { forgetLastWork } from './last-work';

const API_CACHE = 'mandate-api';

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return; // (under `npx vite` there is no /sw.js: the registration fails quietly)
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  const whenIdle = () =>
    'requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 3_000 }) : setTimeout(register, 1_000);
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}

/** Forgets the API answers kept for offline reading (sign-out, another user signs in on this device). */
export async function clearCachedWork(): Promise<void> {
  forgetLastWork();
  if ('caches' in window) await caches.delete(API_CACHE).catch(() => false);
}

/** Points the page's web manifest at the language in use, so the app installs under its name there. */
export function setManifestLanguage(lang: string): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
  // index.html names the English one (`/manifest.webmanifest`, the same as `/manifest-en.webmanifest`).
  const href = lang === 'en' ? '/manifest.webmanifest' : `/manifest-${lang}.webmanifest`;
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
}
