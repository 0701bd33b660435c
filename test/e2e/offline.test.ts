/**
 * Reporting with a weak or no signal (issue 17, "Done when"), in Chromium on a 390 px phone:
 * a reporter signs in online; with the network gone, a reload still shows "my work" (the service
 * worker's cache); two reports made offline wait in the outbox, survive closing the page, and
 * arrive exactly once when the network returns; a third whose answer is dropped after the server
 * stored it is sent again with the same Idempotency-Key and stored once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt, launchBrowser, startDemoServer, type Running } from './harness.js';
import { DEFAULT_DEMO_PASSWORD, grantRole, revokeRole } from '../../src/services/users.js';
import { systemContext } from '../../src/services/context.js';
import { createNode } from '../../src/services/programmes.js';

const REPORTER = 'reporter-hn';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-GB' };

let server: Running;
let browser: Browser;
let context: BrowserContext;
const marker = `offline-${Date.now()}`;

/** Reports stored with this narrative (each test's report has its own). */
async function storedReports(narrative: string): Promise<number> {
  const rows = await server.store.db
    .selectFrom('progress_reports')
    .select('id')
    .where('narrative', '=', narrative)
    .execute();
  return rows.length;
}

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Opens an assignment from "my work" and submits a report with this narrative. */
async function report(page: Page, card: number, narrative: string): Promise<void> {
  await page.getByTestId('work-card').nth(card).getByRole('link').click();
  await page.getByLabel('Narrative').waitFor({ timeout: 30_000 });
  await page.getByLabel('Narrative').fill(narrative);
  await page.getByRole('button', { name: 'Submit report' }).click();
}

beforeAll(async () => {
  await ensureWebBuilt();
  server = await startDemoServer();
  // Two more tasks of Ha Noi due in a week, so the reporter has at least three to report on.
  const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  for (const n of [1, 2])
    await createNode(systemContext(server.store.db), 'vn-ndx-2024', {
      code: `E2E-OFFLINE-${n}`,
      kind: 'task',
      title: { en: `Offline reporting drill ${n}`, vi: `Diễn tập báo cáo ngoại tuyến ${n}` },
      lead: 'VN-HN',
      due,
    });
  browser = await launchBrowser();
  context = await browser.newContext(PHONE);
  const r = await context.request.post(`${server.url}/api/auth/login`, {
    data: { username: REPORTER, password: DEFAULT_DEMO_PASSWORD },
  });
  if (!r.ok()) throw new Error(`sign-in failed: ${r.status()}`);
}, 300_000); // the build (web app, service worker, brotli copies) and the demo take minutes on a loaded machine

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('offline reporter', () => {
  let cards = 0;

  it('lands on "my work" online, and the service worker keeps it for offline reading', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('my-work').waitFor({ timeout: 60_000 });
    // The service worker takes control; the next load goes through it and fills its cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    });
    await page.reload();
    await page.getByTestId('work-card').first().waitFor({ timeout: 60_000 });
    cards = await page.getByTestId('work-card').count();
    expect(cards).toBeGreaterThanOrEqual(3);
    // Every kept assignment detail has arrived (the page fetches up to 20 ahead).
    await until(
      () =>
        page.evaluate(async (n) => {
          const cache = await caches.open('mandate-api');
          const keys = await cache.keys();
          return keys.filter((k) => /\/api\/assignments\/\d+$/.test(k.url)).length >= Math.min(n, 3);
        }, cards),
      'assignment details in the cache',
    );
    // No sideways scroll on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });

  it('offline: a reload shows the assignments; two reports wait in the outbox, also after closing the page', async () => {
    await context.setOffline(true);
    let page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('offline-banner').waitFor({ timeout: 30_000 });
    await page.getByTestId('work-card').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('work-card').count()).toBe(cards);

    await report(page, 0, `${marker}-1`);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    await page.goto(`${server.url}/my-work`);
    await report(page, 1, `${marker}-2`);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    await page.close();

    page = await context.newPage();
    await page.goto(`${server.url}/my-work`);
    const waiting = page.locator('[data-testid="outbox-item"][data-status="waiting"]');
    await until(async () => (await waiting.count()) === 2, 'two waiting items after reopening');
    expect(await storedReports(`${marker}-1`)).toBe(0);
    expect(await storedReports(`${marker}-2`)).toBe(0);

    // The network returns: both are sent, once each.
    await context.setOffline(false);
    const sent = page.locator('[data-testid="outbox-item"][data-status="sent"]');
    await until(async () => (await sent.count()) === 2, 'both items sent');
    expect(await storedReports(`${marker}-1`)).toBe(1);
    expect(await storedReports(`${marker}-2`)).toBe(1);
    // A reload (which flushes again) stores nothing more.
    await page.reload();
    await page.getByTestId('my-work').waitFor();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await storedReports(`${marker}-1`)).toBe(1);
    expect(await storedReports(`${marker}-2`)).toBe(1);
    await page.close();
  });

  it('an answer dropped after the server stored the report: the retry stores nothing twice', async () => {
    const page = await context.newPage();
    let posts = 0;
    let keys: string[] = [];
    await context.route('**/api/assignments/*/reports', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts++;
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (posts === 1) {
        await route.fetch(); // the server handles it …
        return route.abort('connectionreset'); // … and the answer never reaches the phone
      }
      return route.continue();
    });
    try {
      await page.goto(`${server.url}/my-work`);
      await report(page, 2, `${marker}-3`);
      await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
      expect(await storedReports(`${marker}-3`)).toBe(1); // stored, though the phone does not know
      await page.goto(`${server.url}/my-work`);
      // The outbox sends it again by itself (a few seconds later) with the same key.
      await until(
        async () =>
          posts >= 2 && (await page.locator('[data-testid="outbox-item"]:not([data-status="sent"])').count()) === 0,
        'the retry',
      );
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toBe(keys[0]);
      expect(await storedReports(`${marker}-3`)).toBe(1);
    } finally {
      keys = [];
      await context.unrouteAll();
      await page.close();
    }
  });

  it('a return visit draws the last-known work before the network answers, marked "as of"; signing out forgets it', async () => {
    // The page's own copy (web/src/lib/last-work.ts), without the service worker.
    const own = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const r = await own.request.post(`${server.url}/api/auth/login`, {
      data: { username: REPORTER, password: DEFAULT_DEMO_PASSWORD },
    });
    expect(r.ok()).toBe(true);
    const page = await own.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('work-card').first().waitFor({ timeout: 30_000 });
    const shown = await page.getByTestId('work-card').count();
    await until(async () => page.evaluate(() => !!localStorage.getItem('mandate.lastWork')), 'the copy kept');
    // With the strings it shows, the next visit's "as of" time among them (web/src/lib/format.ts).
    await until(
      async () => page.evaluate(() => (localStorage.getItem('mandate.formatted') ?? '').includes('|dt|')),
      'the formatted strings kept',
    );
    // Counts the Intl formatters the page builds, up to the moment the first card is in the page.
    await page.addInitScript(() => {
      const w = window as unknown as { intlMade: number; intlAtDrawn?: number };
      w.intlMade = 0;
      const intl = Intl as unknown as Record<string, object>;
      for (const name of ['DateTimeFormat', 'NumberFormat', 'PluralRules']) {
        intl[name] = new Proxy(intl[name]!, {
          construct: (target, args) => (w.intlMade++, Reflect.construct(target as new () => object, args)),
          apply: (target, self, args) => (w.intlMade++, Reflect.apply(target as () => object, self, args)),
        });
      }
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid="work-card"]')) return;
        w.intlAtDrawn = w.intlMade;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });

    // The API holds every answer: the cards are drawn from the copy, dated, without building an Intl formatter.
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let held = 0;
    await page.route('**/api/**', async (route) => {
      held++;
      await gate;
      await route.continue().catch(() => undefined); // (a request the page gave up meanwhile)
    });
    await page.reload();
    await page.getByTestId('my-work-as-of').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('work-card').count()).toBe(shown);
    expect(held).toBeGreaterThan(0);
    expect(await page.getByTestId('my-work-as-of').textContent()).toMatch(/\d/);
    expect(await page.evaluate(() => (window as unknown as { intlAtDrawn?: number }).intlAtDrawn)).toBe(0);
    release();
    // The fresh answer replaces the copy.
    await page.getByTestId('my-work-as-of').waitFor({ state: 'detached', timeout: 30_000 });
    await page.unroute('**/api/**');
    // (The count is real: the next visit's "as of" time is formatted now, with a new formatter.)
    await until(
      async () => page.evaluate(() => (window as unknown as { intlMade: number }).intlMade > 0),
      'a formatter built after the first screen',
    );

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.locator('input[type="password"]').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => localStorage.getItem('mandate.lastWork'))).toBeNull();
    await page.reload();
    await page.locator('input[type="password"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('work-card').count()).toBe(0);
    await own.close();
  });

  it('"my work" is drawn before the app has loaded, from the prefetched answer and then from the device\'s copy; the app takes its place', async () => {
    const own = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
    const r = await own.request.post(`${server.url}/api/auth/login`, {
      data: { username: REPORTER, password: DEFAULT_DEMO_PASSWORD },
    });
    expect(r.ok()).toBe(true);
    const list = (await (
      await own.request.get(`${server.url}/api/web/assignments?timeliness=overdue%2Cdue_soon&sort=due&limit=100`)
    ).json()) as { items: Array<{ assignment: number }> };
    const expected = list.items.map((i) => String(i.assignment));
    expect(expected.length).toBeGreaterThan(0);
    const page = await own.newPage();
    // The inline first-screen script runs under the server's strict policy (allowed by its hash).
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const cards = (testId: string) =>
      page.getByTestId(testId).evaluateAll((els) => els.map((e) => e.getAttribute('data-assignment') ?? ''));
    const drawnFrom = () =>
      page.evaluate(
        () =>
          (performance.getEntriesByName('mandate:first-screen')[0] as PerformanceMark | undefined)?.detail as unknown,
      );

    // The app's code never arrives: the page asks for itself again once (as for a kept page naming a
    // replaced release's files: web/src/main.tsx), then the reporter still sees their work, each card a working link.
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.route(/\/assets\/boot-[^/]*\.js$/, (route) => route.abort());
    await page.goto(`${server.url}/`);
    await until(async () => navigations >= 2, 'the one reload');
    await page.waitForLoadState('load');
    await page.getByTestId('first-work-card').first().waitFor({ timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(navigations).toBe(2);
    expect(await cards('first-work-card')).toEqual(expected);
    expect(await drawnFrom()).toBe('prefetched');
    expect(await page.getByTestId('first-work-card').first().getByRole('link').getAttribute('href')).toBe(
      `/assignments/${expected[0]}`,
    );
    expect(await page.getByTestId('work-card').count()).toBe(0);

    // With the app: it draws the same cards and the first screen goes.
    await page.unroute(/\/assets\/boot-[^/]*\.js$/);
    await page.reload();
    await page.getByTestId('work-card').first().waitFor({ timeout: 30_000 });
    await page.locator('#first-screen').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await cards('work-card')).toEqual(expected);
    expect(await page.locator('#root').isVisible()).toBe(true);
    await until(async () => page.evaluate(() => !!localStorage.getItem('mandate.lastWork')), 'the copy kept');

    // The next visit draws it from this device's copy, in the page's first frame.
    await page.reload();
    await page.getByTestId('work-card').first().waitFor({ timeout: 30_000 });
    expect(await drawnFrom()).toBe('last-known');
    expect(await cards('work-card')).toEqual(expected);
    expect(refused).toEqual([]);
    await own.close();
  });

  it('a queued report can be edited before it goes; a refusal is shown with its reason, and the item deleted', async () => {
    await context.setOffline(true);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${server.url}/my-work`);
    await report(page, 0, `${marker}-4`);
    await page.getByTestId('report-queued').waitFor({ timeout: 30_000 });
    await page.goto(`${server.url}/my-work`);
    const item = page.locator('[data-testid="outbox-item"][data-status="waiting"]');
    await item.getByTestId('outbox-edit').click();
    await page.getByTestId('report-editing-queued').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Narrative').inputValue()).toBe(`${marker}-4`);
    await page.getByLabel('Narrative').fill(`${marker}-4b`);
    await page.getByRole('button', { name: 'Submit report' }).click();
    await page.getByTestId('my-work').waitFor({ timeout: 30_000 });
    expect(await item.count()).toBe(1);

    // Meanwhile the reporter loses Ha Noi: the server refuses the report when the network returns.
    const ctx = systemContext(server.store.db);
    await grantRole(ctx, REPORTER, 'viewer', 'VN-DN');
    await revokeRole(ctx, REPORTER, 'reporter', 'VN-HN');
    await context.setOffline(false);
    const refused = page.locator('[data-testid="outbox-item"][data-status="refused"]');
    await refused.waitFor({ timeout: 60_000 });
    expect(await refused.getByTestId('outbox-refusal').innerText()).toMatch(/Refused/);
    expect(await refused.getByTestId('outbox-edit').innerText()).toBe('Fix and send again');
    expect(await storedReports(`${marker}-4`)).toBe(0);
    expect(await storedReports(`${marker}-4b`)).toBe(0);
    await refused.getByTestId('outbox-delete').click();
    await until(async () => (await refused.count()) === 0, 'the refused item deleted');
    await page.close();
  });
});
