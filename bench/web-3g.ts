/**
 * The reporter's first screen on a weak network (issue 17): a reporter (demo user reporter-hn)
 * opens `/` on a 390 px phone over emulated 3G — 1.6 Mbps down, 750 kbps up, 150 ms round trip —
 * with the CPU 4× slower, through the DevTools protocol (Network.emulateNetworkConditions,
 * Emulation.setCPUThrottlingRate). Measured per load: first contentful paint, "my work" drawn
 * (its cards, or its empty message, in the page), and the bytes that crossed the network as
 * sent (compressed), with the JavaScript among them.
 *
 * - cold: a new browser profile (empty caches, no service worker).
 * - warm: the next visit in the same profile, HTTP cache only (service workers blocked): every
 *   request still crosses the emulated 3G link, so this is the conservative figure.
 * - warm + service worker: the next visit once the service worker has installed (the shell from
 *   its precache). Chromium applies the page's network emulation to the page's own requests
 *   only, so the worker's network-first API requests are not slowed here: informational.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cpus, loadavg } from 'node:os';
import { DEFAULT_DEMO_PASSWORD } from '../src/services/users.js';

const RUNS = Number(process.env.RUNS_3G ?? 3);
const REPORTER = 'reporter-hn';
/** 1.6 Mbps down, 750 kbps up, 150 ms RTT (bytes per second for the protocol). */
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = Number(process.env.CPU_SLOWDOWN ?? 4);
/** The JavaScript budget of the reporter's first screen, compressed as sent. */
export const FIRST_SCREEN_JS_BUDGET_KB = 180;
const TARGET_COLD_MS = 2_500;
const TARGET_WARM_MS = 1_000;

interface Load {
  fcp: number;
  drawn: number;
  bytes: number;
  jsBytes: number;
  requests: number;
}

async function newPhone(browser: Browser, url: string, serviceWorkers: 'allow' | 'block'): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-GB',
    serviceWorkers,
  });
  const r = await context.request.post(`${url}/api/auth/login`, {
    data: { username: REPORTER, password: DEFAULT_DEMO_PASSWORD },
  });
  if (!r.ok()) throw new Error(`sign-in of ${REPORTER} failed: ${r.status()}`);
  return context;
}

/**
 * Evaluated in the page before its own scripts: resolves `window.__myWorkDrawn` with the time of the
 * frame after the one that draws "my work" (its cards, or its empty message), seen by a
 * MutationObserver. Polling from the driver instead (`page.waitForFunction`) evaluates Playwright's
 * injected script (~330 KB) in the page while it loads, on its main thread before React's first
 * render (~190 ms at 4× under load): the measurement would slow down what it measures.
 */
const DRAWN_PROBE = `window.__myWorkDrawn = new Promise((resolve) => {
  const drawn = () => document.querySelector('[data-testid="work-card"], [data-testid="my-work-empty"]');
  new MutationObserver((_, observer) => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  }).observe(document, { childList: true, subtree: true });
});`;

/** One load of `/` under the 3G profile. */
async function load(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: DRAWN_PROBE });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const scripts = new Set<string>();
  let bytes = 0;
  let jsBytes = 0;
  let requests = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    requests++;
    bytes += e.encodedDataLength;
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  await page.goto(`${url}/`);
  // Straight through the DevTools protocol: nothing of the driver's is evaluated in the page until it is drawn.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const probe = await Promise.race([
    cdp.send('Runtime.evaluate', { expression: 'window.__myWorkDrawn', awaitPromise: true, returnByValue: true }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('"my work" not drawn within 60 s')), 60_000);
    }),
  ]).finally(() => clearTimeout(timer));
  const drawn = probe.result.value as number;
  if (typeof drawn !== 'number') throw new Error(`"my work" not drawn: ${JSON.stringify(probe.exceptionDetails)}`);
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  // Bytes up to the first screen (what the reporter waits for), not the background work after it.
  const result = { fcp, drawn, bytes, jsBytes, requests };
  if (process.env.TIMELINE) console.log(await timeline(page));
  await cdp.detach();
  await page.close();
  return result;
}

/** `TIMELINE=1`: each request of the load with its start and end (ms from navigation start), to see the waterfall. */
async function timeline(page: Page): Promise<string> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const entries = [nav, ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[])];
    return entries
      .map(
        (e) =>
          `    ${e.name.replace(location.origin, '').slice(0, 64).padEnd(64)} ${e.startTime.toFixed(0).padStart(5)} → ${e.responseEnd.toFixed(0).padStart(5)} ms ${(e.transferSize / 1024).toFixed(1).padStart(6)} KB`,
      )
      .concat(
        `    DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms; FCP ${(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0).toFixed(0)} ms; drawn ${performance.now().toFixed(0)} ms`,
      )
      .join('\n');
  });
}

async function serviceWorkerReady(context: BrowserContext, url: string): Promise<void> {
  const page: Page = await context.newPage();
  await page.goto(`${url}/`);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // Installed and activated: the precache is complete.
    if (registration.active?.state !== 'activated')
      await new Promise((r) => registration.active?.addEventListener('statechange', r, { once: true }));
  });
  await page.close();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function row(name: string, loads: Load[], target?: number): string {
  const fcp = median(loads.map((l) => l.fcp));
  const drawn = median(loads.map((l) => l.drawn));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const verdict = target === undefined ? '' : drawn <= target ? ' OK' : ' OVER';
  return (
    `  ${name.padEnd(24)} FCP ${fcp.toFixed(0).padStart(5)} ms   my work drawn ${drawn.toFixed(0).padStart(5)} ms` +
    `${target === undefined ? '' : ` (target ≤ ${target} ms)${verdict}`}\n` +
    `  ${''.padEnd(24)} transferred ${kb(median(loads.map((l) => l.bytes)))} compressed in ${median(loads.map((l) => l.requests))} requests, JavaScript ${kb(median(loads.map((l) => l.jsBytes)))}`
  );
}

export async function reporterOn3g(browser: Browser, url: string): Promise<void> {
  // Warm the server's query plans for this user once.
  const warmup = await newPhone(browser, url, 'block');
  await (await warmup.newPage()).goto(`${url}/`, { waitUntil: 'networkidle' });
  await warmup.close();

  const cold: Load[] = [];
  const warm: Load[] = [];
  const warmSw: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    const httpOnly = await newPhone(browser, url, 'block');
    cold.push(await load(httpOnly, url));
    warm.push(await load(httpOnly, url));
    await httpOnly.close();

    const withSw = await newPhone(browser, url, 'allow');
    await serviceWorkerReady(withSw, url);
    warmSw.push(await load(withSw, url));
    await withSw.close();
  }
  const js = median(cold.map((l) => l.jsBytes)) / 1024;
  console.log(
    `Reporter's first screen ("my work", 390 px phone) on 3G (1.6 Mbps down, 750 kbps up, 150 ms RTT) with the CPU ${CPU_SLOWDOWN}× slower, median of ${RUNS}:`,
  );
  console.log(
    `  (machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(row('cold', cold, TARGET_COLD_MS));
  console.log(row('warm (HTTP cache)', warm, TARGET_WARM_MS));
  console.log(row('warm (service worker)', warmSw));
  console.log(
    `  first-screen JavaScript ${js.toFixed(1)} KB compressed (budget ≤ ${FIRST_SCREEN_JS_BUDGET_KB} KB) ${js <= FIRST_SCREEN_JS_BUDGET_KB ? 'OK' : 'OVER'}`,
  );
}
