/**
 * `npm run screenshots`: starts the server on the demo data (in-process, PGlite in
 * memory), opens the overview in Debian's Chromium and writes
 * docs/screenshots/overview-en.png and docs/screenshots/overview-ar.png; then, on a
 * 390 × 844 phone, the Ba Dinh ward reporter's monthly form with an outlier to confirm
 * (docs/screenshots/form-en.png, form-vi.png) and the completeness of the country by province
 * (docs/screenshots/completeness-en.png: the provinces, as the secretariat), and a
 * reporter's overdue work on a phone in Arabic: docs/screenshots/phone-reporter-ar.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  DEMO_LOGIN,
  ensureWebBuilt,
  launchBrowser,
  ROOT,
  signInContext,
  startDemoServer,
  userContext,
} from '../test/e2e/harness.js';
import { seedWardHistory, WARD, WARD_DATA_SET, WARD_PERIOD } from '../test/e2e/figures-fixture.js';

const OUT = join(ROOT, 'docs/screenshots');

await ensureWebBuilt();
const server = await startDemoServer();
const browser = await launchBrowser();
try {
  await mkdir(OUT, { recursive: true });
  for (const lang of ['en', 'ar'] as const) {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
      locale: lang === 'ar' ? 'ar' : 'en-GB',
    });
    await signInContext(context, server.url);
    const page = await context.newPage();
    await page.goto(`${server.url}/?programme=vn-ndx-2024&lang=${lang}`);
    await page.getByTestId('overdue-table').waitFor();
    await page.locator('#heatmap').locator('xpath=../..').locator('canvas').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300);
    // Grow the window to the page's height, so the fixed navigation runs the full length.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height });
    await page.waitForTimeout(300);
    const file = join(OUT, `overview-${lang}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await context.close();
  }
  await seedWardHistory(server.store.db);
  for (const lang of ['en', 'vi'] as const)
    await phoneShot(browser, server.url, 'reporter-badinh', lang, `form-${lang}.png`, async (page) => {
      await page.goto(`${server.url}/forms/${WARD_DATA_SET}/${WARD}/${WARD_PERIOD}?lang=${lang}`);
      const row = (code: string) => page.locator(`[data-testid="form-row"][data-indicator="${code}"]`);
      await row('vn_online_service_use').waitFor();
      await row('vn_dead_zone_villages').getByTestId('form-value').fill('2');
      await row('vn_online_service_use').getByTestId('form-value').fill('95');
      await row('vn_online_service_use').getByTestId('outlier-warning').waitFor();
    });
  await phoneShot(browser, server.url, 'secretariat', 'en', 'completeness-en.png', async (page) => {
    await page.goto(`${server.url}/completeness?lang=en`);
    await page.getByTestId('completeness-units').waitFor();
  });
  // The reporter of Ha Noi on a phone: the overdue work as cards, the user menu in the header.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'ar',
    isMobile: true,
    hasTouch: true,
  });
  const login = await phone.request.post(`${server.url}/api/auth/login`, {
    data: { username: 'reporter-hn', password: DEMO_LOGIN.password },
  });
  if (!login.ok()) throw new Error(`sign-in of reporter-hn failed: ${login.status()}`);
  const page = await phone.newPage();
  await page.goto(`${server.url}/list?timeliness=overdue&sort=days_late&lang=ar`);
  await page.getByTestId('assignment-card').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const file = join(OUT, 'phone-reporter-ar.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await phone.close();
} finally {
  await browser.close();
  await server.close();
}

/** A full-length screenshot of a page on a 390 px phone, signed in as a demo user. */
async function phoneShot(
  browser: Browser,
  url: string,
  username: string,
  lang: 'en' | 'vi',
  name: string,
  show: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await userContext(browser, url, username, {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
  });
  const page = await context.newPage();
  await show(page);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  const file = join(OUT, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${file}`);
  await context.close();
}
