import { launchBrowser, startDemoServer, ensureWebBuilt } from '../test/e2e/harness.js';
import { DEFAULT_DEMO_PASSWORD } from '../src/services/users.js';
await ensureWebBuilt();
const server = await startDemoServer();
const browser = await launchBrowser();
const url = server.url;
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB', serviceWorkers: 'block' });
await context.request.post(`${url}/api/auth/login`, { data: { username: 'reporter-hn', password: DEFAULT_DEMO_PASSWORD } });
for (const round of [0, 1, 2]) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200000, uploadThroughput: 93750 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const events: any[] = [];
  cdp.on('Tracing.dataCollected', (e: any) => events.push(...e.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,blink.user_timing,loading', transferMode: 'ReportEvents' });
  await page.goto(`${url}/`);
  await page.waitForSelector('[data-testid="work-card"],[data-testid="my-work-empty"]', { timeout: 60000 });
  const drawn = await page.evaluate(() => performance.now());
  await cdp.send('Tracing.end');
  await done;
  // main thread of renderer: find pid/tid of CrRendererMain
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byName = new Map<string, number>();
  const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationStart');
  for (const e of events) {
    if (e.ph !== 'X' || e.pid !== main?.pid || e.tid !== main?.tid || !e.dur) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  }
  console.log(`round ${round}: drawn ${drawn.toFixed(0)} ms (nav ${nav ? 'found' : 'none'})`);
  console.log([...byName].sort((a, b) => b[1] - a[1]).slice(0, 22).map(([k, v]) => `   ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
  // long tasks on main thread with start offsets
  const t0 = nav?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 30000);
  console.log('   long tasks: ' + tasks.map((e) => `${((e.ts - t0) / 1000).toFixed(0)}+${(e.dur / 1000).toFixed(0)}`).join(' '));
  await page.close();
}
await browser.close();
await server.close();
