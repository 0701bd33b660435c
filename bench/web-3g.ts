/**
 * The reporter's first screen on a weak network (issue 17): a reporter (demo user reporter-hn)
 * opens `/` on a 390 px phone over emulated 3G — 1.6 Mbps down, 750 kbps up, 150 ms round trip —
 * with the CPU 4× slower, through the DevTools protocol (Network.emulateNetworkConditions,
 * Emulation.setCPUThrottlingRate). Measured per load: first contentful paint, "my work" drawn
 * (its cards, or its empty message, in the page), and the bytes that crossed the network as
 * sent (compressed), with the JavaScript among them.
 *
 * - cold: a new browser profile (empty caches, no service worker).
 * - warm: the next visit in the same profile, HTTP cache only (service workers blocked): the page
 *   is revalidated over the emulated 3G link (one round trip) before anything is drawn, so this
 *   is the conservative figure.
 * - warm + service worker: the next visit of the installed app, once the service worker has
 *   installed (the page from its precache). Chromium applies the page's network emulation to the
 *   page's own requests only, not the worker's; but drawing "my work" on a return visit needs no
 *   request at all (the device's copy: web/src/first-screen), so the drawn time is a fair one. The
 *   API requests, which the emulation would not slow, start after it.
 *
 * Each visit lasts until the app has taken over from the first screen (web/src/first-screen) and the
 * network is quiet, as a reader's would: the next visit finds what the app keeps on the device.
 * `TIMELINE=1` prints each load's requests, marks and parse times; `TRACE=<prefix>` its main-thread tasks.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { WEB_DIST } from '../test/e2e/harness.js';
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
 * "My work" on screen: its cards or its empty message, drawn by the app (pages/my-work) or, before the
 * app has loaded, by the first screen (web/src/first-screen): the same cards from the same answer.
 */
const DRAWN = [
  '[data-testid="work-card"]',
  '[data-testid="my-work-empty"]',
  '[data-testid="first-work-card"]',
  '[data-testid="first-my-work-empty"]',
].join(', ');

/**
 * Evaluated in the page before its own scripts: resolves `window.__myWorkDrawn` with the time of the
 * frame after the one that draws "my work" (its cards, or its empty message), seen by a
 * MutationObserver. Polling from the driver instead (`page.waitForFunction`) evaluates Playwright's
 * injected script (~330 KB) in the page while it loads, on its main thread before React's first
 * render (~190 ms at 4× under load): the measurement would slow down what it measures.
 */
const DRAWN_PROBE = `window.__myWorkDrawn = new Promise((resolve) => {
  const drawn = () => document.querySelector(${JSON.stringify(DRAWN)});
  new MutationObserver((_, observer) => {
    if (!drawn()) return;
    observer.disconnect();
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  }).observe(document, { childList: true, subtree: true });
});`;

/**
 * A pause before each load: the previous page's and context's teardown (a renderer process, a
 * service worker) happens on this machine's two cores, not during the next measurement.
 */
const QUIET_MS = Number(process.env.QUIET_MS ?? 2_000);

/** One load of `/` under the 3G profile. */
async function load(context: BrowserContext, url: string): Promise<Load> {
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
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
    // Scripts run, and scripts fetched ahead (the app's files: <link rel="prefetch">).
    if (e.type === 'Script' || /\.js$/.test(new URL(e.response.url).pathname)) scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    requests++;
    bytes += e.encodedDataLength;
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  if (process.env.TRACE) await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
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
  if (process.env.TRACE) {
    const trace = await page.context().browser()!.stopTracing();
    writeFileSync(`${process.env.TRACE}-${++traces}.json`, trace);
    console.log(mainThreadTasks(trace));
  }
  // A visit lasts longer than its first screen: the app takes over and keeps this device's copy of
  // the page (lib/last-work.ts) for the next visit, as it does for a user who reads the page.
  await settle(page);
  await cdp.detach();
  await page.close();
  return result;
}

/** Until the app has drawn "my work" itself (the first screen handed over) and the network is quiet. */
async function settle(page: Page): Promise<void> {
  await page.waitForSelector('#first-screen', { state: 'detached', timeout: 60_000 });
  await page.waitForSelector('[data-testid="work-card"], [data-testid="my-work-empty"]', { timeout: 60_000 });
  await page.waitForLoadState('networkidle');
}

let traces = 0;
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
];

/**
 * `TRACE=<path prefix>`: each load's Chrome trace is written to `<prefix>-<n>.json` (open it in
 * DevTools' Performance panel), and the page's main-thread tasks of 20 ms or more are printed (ms
 * from the start of parsing, CPU slowdown included), each with what took most of it.
 */
function mainThreadTasks(trace: Buffer): string {
  interface TraceEvent {
    name: string;
    ph: string;
    ts: number;
    dur?: number;
    pid: number;
    tid: number;
    args?: { data?: { url?: string } };
  }
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // The page's main thread: the one that parsed the page (its first ParseHTML of an http address).
  const parse = events.find((e) => e.name === 'ParseHTML' && /"url":"http/.test(JSON.stringify(e.args ?? {})));
  if (!parse) return '    (the page was not parsed within the trace)';
  const main = { pid: parse.pid, tid: parse.tid };
  const start = parse.ts;
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const lines: string[] = [];
  for (const task of own.filter((e) => e.name === 'RunTask' && e.dur! >= 20_000)) {
    const inside = own.filter(
      (e) => e !== task && e.name !== 'RunTask' && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur!,
    );
    const top = inside.sort((a, b) => b.dur! - a.dur!).slice(0, 3);
    const what = top
      .map(
        (e) =>
          `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.replace(/^.*\//, '')}` : ''} ${(e.dur! / 1000).toFixed(0)}`,
      )
      .join(', ');
    lines.push(
      `    task ${((task.ts - start) / 1000).toFixed(0).padStart(5)} ms +${(task.dur! / 1000).toFixed(0).padStart(4)} ms: ${what}`,
    );
  }
  return lines.join('\n');
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
        performance
          .getEntriesByType('mark')
          .map(
            (m) =>
              `    mark ${m.name} ${m.startTime.toFixed(0)} ms ${JSON.stringify((m as PerformanceMark).detail ?? '')}`,
          ),
      )
      .concat(
        `    parser started ${(performance.timing.domLoading - performance.timing.navigationStart).toFixed(0)} ms; parsed ${nav.domInteractive.toFixed(0)} ms; DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms; FCP ${(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0).toFixed(0)} ms; drawn ${performance.now().toFixed(0)} ms`,
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
    `  ${''.padEnd(24)} each load, drawn: ${loads.map((l) => l.drawn.toFixed(0)).join(', ')} ms\n` +
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
  console.log(row('warm (service worker)', warmSw, TARGET_WARM_MS));
  console.log(
    `  first-screen JavaScript ${js.toFixed(1)} KB compressed (budget ≤ ${FIRST_SCREEN_JS_BUDGET_KB} KB) ${js <= FIRST_SCREEN_JS_BUDGET_KB ? 'OK' : 'OVER'}:` +
      ` every script file that crossed the network before "my work" was drawn (the app's, fetched alongside),` +
      ` besides the first screen's own script, ${(inlineScriptBytes() / 1024).toFixed(1)} KB compressed inline in index.html`,
  );
}

/** The brotli size of the inline scripts of the built index.html (the first screen's: web/src/first-screen). */
function inlineScriptBytes(): number {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('');
  return brotliCompressSync(scripts).length;
}
