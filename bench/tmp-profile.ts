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
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${url}/`);
  await page.waitForSelector('[data-testid="work-card"],[data-testid="my-work-empty"]', { timeout: 60000 });
  const drawn = await page.evaluate(() => performance.now());
  const { profile } = await cdp.send('Profiler.stop');
  // self time per function (url:line), and per script url
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const self = new Map<number, number>();
  const dts = profile.timeDeltas as number[];
  (profile.samples as number[]).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dts[i] ?? 0)));
  const byFn = new Map<string, number>();
  const byUrl = new Map<string, number>();
  for (const [id, us] of self) {
    const n: any = byId.get(id);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}:${cf.columnNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const u = cf.url ? cf.url.split('/').pop() : cf.functionName;
    byUrl.set(u, (byUrl.get(u) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `   ${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  console.log(`round ${round}: drawn ${drawn.toFixed(0)} ms`);
  console.log(top(byUrl, 12));
  if (round === 1) console.log(top(byFn, 25));
  await page.close();
}
await browser.close();
await server.close();
