/**
 * Issue 16: the web app as each user works, in Chromium on the demo — the secretariat
 * preparing the meeting down to a downloaded PDF, the reporter on a phone (390×844)
 * answering an overdue item without sideways scrolling, the viewer offered no action it
 * may not take — each in two languages including Arabic; and a scan of the main pages in
 * vi, zh and ar for English interface text left untranslated.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_LOGIN, ROOT } from './harness.js';
import { useDemoBrowser } from './demo-browser.js';

const demo = useDemoBrowser({ signIn: false, bypassCSP: false });
const PROGRAMME = 'vn-ndx-2024';

async function contextFor(
  username: string,
  lang: string,
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  const context = await demo.browser.newContext({ viewport, locale: 'en-GB' });
  const r = await context.request.post(`${demo.server.url}/api/auth/login`, {
    data: { username, password: DEMO_LOGIN.password },
  });
  if (!r.ok()) throw new Error(`sign-in of ${username} failed: ${r.status()}`);
  // The stored preference the language picker writes: kept across reloads and pages.
  await context.addInitScript((l) => {
    if (!window.localStorage.getItem('mandate.lang')) window.localStorage.setItem('mandate.lang', l);
  }, lang);
  return context;
}

type Messages = Record<string, string>;
function flatten(o: Record<string, unknown>, prefix = ''): Messages {
  const out: Messages = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object') Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}
const catalogue = (lang: string): Messages =>
  flatten(JSON.parse(readFileSync(`${ROOT}web/src/i18n/${lang}.json`, 'utf8')) as Record<string, unknown>);
const messages = { en: catalogue('en'), vi: catalogue('vi'), zh: catalogue('zh'), ar: catalogue('ar') };
const msg = (lang: keyof typeof messages, key: string) => messages[lang][key]!;

/** The accessible name of every Approve button starts so (review.approveLabel before its task). */
const approveName = (lang: keyof typeof messages) => msg(lang, 'review.approveLabel').split('{{')[0]!.trim();

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    view: window.innerWidth,
  }));
  expect(widths.scroll, 'page wider than the screen').toBeLessThanOrEqual(widths.view + 1);
}

describe('secretariat prepares the committee meeting', () => {
  it.each(['vi', 'ar'] as const)('in %s: overview → meeting report dialog → a PDF in Vietnamese', async (lang) => {
    const context = await contextFor('secretariat', lang);
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/?programme=${PROGRAMME}`);
    await page.getByTestId('count-overdue').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    // The secretariat reviews: the review queue is offered, the draft import is not.
    const nav = page.getByRole('navigation', { name: msg(lang, 'app.navigation') });
    await expect.poll(() => nav.getByRole('link', { name: msg(lang, 'nav.reviews') }).count()).toBe(1);
    expect(await nav.getByRole('link', { name: msg(lang, 'nav.drafts') }).count()).toBe(0);

    await page.getByRole('button', { name: msg(lang, 'meetingReport.open') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('meeting-report-programme').inputValue()).toBe(PROGRAMME);
    // The period is picked from labels people say, never typed as a code.
    const periods = await dialog.getByTestId('meeting-report-period').locator('option').allInnerTexts();
    expect(periods.length).toBeGreaterThan(12);
    expect(periods.some((p) => /\d{4}Q\d|\d{4}M\d\d/.test(p))).toBe(false);
    if (lang === 'vi') expect(periods.some((p) => /^Quý \d\/\d{4}$/.test(p))).toBe(true);
    // The last quarter: the second choice (the current quarter comes first).
    const lastQuarter = await dialog
      .getByTestId('meeting-report-period')
      .locator('option')
      .nth(1)
      .getAttribute('value');
    expect(lastQuarter).toMatch(/^\d{4}Q[1-4]$/);
    await dialog.getByTestId('meeting-report-period').selectOption(lastQuarter);
    await dialog.getByTestId('meeting-report-language').selectOption('vi');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      dialog.getByTestId('meeting-report-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = readFileSync(await download.path());
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(file.length).toBeGreaterThan(5_000);
    await context.close();
  });
});

describe('reporter on a phone (390×844)', () => {
  it.each(['en', 'ar'] as const)(
    'in %s: finds an overdue item and answers it, nothing scrolls sideways',
    async (lang) => {
      const context = await contextFor('reporter-hn', lang, { width: 390, height: 844 });
      const page = await context.newPage();
      await page.goto(`${demo.server.url}/list?timeliness=overdue`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      // A card per assignment on the phone, not a wide table.
      expect(await page.getByTestId('assignment-table').count()).toBe(0);
      const first = page.getByTestId('assignment-card').first().getByRole('link');
      await first.waitFor();
      await noSidewaysScroll(page);
      // The user menu names the user and signs out, on the phone too.
      await page.getByTestId('user-menu').click();
      await page.getByTestId('sign-out').waitFor();
      await page.keyboard.press('Escape');

      await first.click();
      await page.waitForURL(/\/assignments\/\d+$/);
      await page.getByTestId('assignment-title').waitFor();
      await noSidewaysScroll(page);
      await page.getByLabel(msg(lang, 'report.narrative')).fill('Đã lắp 12 trạm; còn 3 xã chờ điện lưới.');
      await page.getByLabel(msg(lang, 'report.percent')).fill('80');
      await page.getByRole('button', { name: msg(lang, 'report.submit') }).click();
      await page.getByTestId('report-done').waitFor();
      await noSidewaysScroll(page);

      // A reporter does not approve: the review queue offers no approval, and the draft import is not offered.
      await page.goto(`${demo.server.url}/reviews`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByTestId('not-offered').count()).toBe(0);
      expect(await page.getByRole('button', { name: approveName(lang) }).count()).toBe(0);
      await page.goto(`${demo.server.url}/drafts`);
      await page.getByTestId('not-offered').waitFor();
      await context.close();
    },
  );
});

describe('viewer', () => {
  it.each(['vi', 'ar'] as const)('in %s: sees no action it may not take', async (lang) => {
    const context = await contextFor('viewer', lang);
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/?programme=${PROGRAMME}`);
    await page.getByTestId('count-overdue').waitFor();
    const nav = page.getByRole('navigation', { name: msg(lang, 'app.navigation') });
    await nav.getByRole('link', { name: msg(lang, 'nav.overview') }).waitFor();
    expect(await nav.getByRole('link', { name: msg(lang, 'nav.reviews') }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: msg(lang, 'nav.drafts') }).count()).toBe(0);
    // Reading the meeting report is for every signed-in user.
    expect(await page.getByTestId('meeting-report-open').count()).toBe(1);

    // An assignment: read, but no report form.
    await page.getByTestId('overdue-table').locator('tbody tr').first().getByRole('link').first().click();
    await page.waitForURL(/\/assignments\/\d+$/);
    await page.getByTestId('cannot-report').waitFor();
    expect(await page.getByRole('button', { name: msg(lang, 'report.submit') }).count()).toBe(0);

    // Pages it may not use say why, in its language.
    for (const path of ['/reviews', '/drafts']) {
      await page.goto(`${demo.server.url}${path}`);
      const why = page.getByTestId('not-offered');
      await why.waitFor();
      expect(await why.innerText()).toContain(
        msg(lang, 'access.role.' + (path === '/drafts' ? 'admin' : 'secretariat')),
      );
    }
    expect(await page.getByRole('button', { name: approveName(lang) }).count()).toBe(0);
    await context.close();
  });

  it('a refusal from the server carries a stable code that the app has a sentence for', async () => {
    const context = await contextFor('viewer', 'ar');
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/`);
    await page.getByTestId('count-overdue').waitFor();
    // The server refuses what the page would never offer: the error code, translated.
    const shown = await page.evaluate(async () => {
      const r = await fetch('/api/programmes/import', { method: 'POST', body: '{}' });
      return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
    });
    expect(shown.status).toBe(403);
    expect(messages.ar[`errors.code.${shown.code}`]).toBeTruthy();
    await context.close();
  });
});

/** English interface strings (and the long parts of templates) that must not show in another language. */
function englishStrings(lang: 'vi' | 'zh' | 'ar'): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(messages.en)) {
    if (messages[lang][key] === value) continue; // the same words in this language (a name, a format)
    for (const part of value.split(/\{\{\w+\}\}/)) {
      const p = part.trim().replace(/^[\s:·,.(–-]+|[\s:·,.)–-]+$/g, '');
      if (p.length >= 4 && /[A-Za-z]{3}/.test(p) && (p.includes(' ') || p.length >= 6)) out.add(p);
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

const MAIN_PAGES = [
  `/?programme=${PROGRAMME}`,
  '/',
  `/tree?programme=${PROGRAMME}`,
  '/list',
  '/reviews',
  '/map',
  '/indicators',
];

describe('no untranslated English interface text', () => {
  it.each(['vi', 'zh', 'ar'] as const)('on the main pages in %s', async (lang) => {
    const context = await contextFor('admin', lang);
    const english = englishStrings(lang);
    const found: string[] = [];
    const page = await context.newPage();
    for (const path of MAIN_PAGES) {
      await page.goto(`${demo.server.url}${path}`);
      // Generous: the machine may be shared and loaded.
      await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 90_000 });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const texts = await page.evaluate(() => {
        const out: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          // The language picker names each language in its own language; user names are data.
          if (!el || el.closest('script,style,[aria-hidden="true"],[data-testid="language"],[data-testid="user-menu"]'))
            continue;
          const style = getComputedStyle(el);
          if (style.display === 'none' || style.visibility === 'hidden') continue;
          const t = (n.textContent ?? '').trim();
          if (t) out.push(t);
        }
        for (const el of document.querySelectorAll('[aria-label]:not([data-testid="user-menu"]),[title],[placeholder]'))
          for (const a of ['aria-label', 'title', 'placeholder']) {
            const v = el.getAttribute(a);
            if (v) out.push(v.trim());
          }
        return out;
      });
      for (const text of texts) {
        // Inside longer text only phrases count: one word ("International") may be part of a name in the data.
        const hit = english.find((e) => text === e || (e.length >= 12 && e.includes(' ') && text.includes(e)));
        if (hit) found.push(`${path}: "${text}" (English: "${hit}")`);
      }
    }
    expect([...new Set(found)]).toEqual([]);
    await context.close();
  });
});
