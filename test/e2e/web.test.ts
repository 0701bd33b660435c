import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, DEMO_LOGIN } from './harness.js';
import { useDemoBrowser } from './demo-browser.js';

const demo = useDemoBrowser({ signIn: false, bypassCSP: false });
const open = (path: string, inContext?: BrowserContext) => demo.open(path, inContext);

async function count(page: Page, id: string): Promise<number> {
  const text = await page.getByTestId(id).locator('[data-value]').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

describe('web app on the demo', () => {
  it('signs in, drills from the overview into an overdue task, reports, approves in the review queue, and the counts change', async () => {
    const page = await open('/?programme=vn-ndx-2024');
    // The API answers 401 without a session: the app shows its sign-in page, then the view asked for.
    await page.getByRole('heading', { name: 'Sign in to Mandate' }).waitFor();
    await page.getByLabel('User name').fill(DEMO_LOGIN.username);
    await page.locator('input[type="password"]').fill(DEMO_LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'National overview' }).waitFor();
    await page.getByTestId('overdue-table').waitFor();
    const overdueBefore = await count(page, 'count-overdue');
    const lateBefore = await count(page, 'count-completed_late');
    expect(overdueBefore).toBeGreaterThan(0);

    // Every figure leads to its list: the overdue card opens the list of exactly that many.
    await page.getByTestId('count-overdue').click();
    await page.waitForURL(/\/list\?.*timeliness=overdue/);
    await page.getByRole('heading', { name: 'Assignments', level: 1 }).waitFor();
    await expect.poll(() => page.getByText(`${overdueBefore} assignments`).count()).toBe(1);
    await page.goBack();

    // Drill into the first overdue assignment.
    const first = page.getByTestId('overdue-table').locator('tbody tr').first().getByRole('link').first();
    const title = await first.innerText();
    await first.click();
    await page.waitForURL(/\/assignments\/\d+$/);
    const assignmentId = Number(new URL(page.url()).pathname.split('/').pop());
    await expect.poll(() => page.getByTestId('assignment-title').innerText()).toBe(title);
    await expect.poll(() => page.getByText('Overdue', { exact: true }).count()).toBeGreaterThan(0);

    // Field errors appear next to the field.
    await page.getByLabel('State').selectOption('completed');
    await page.getByLabel('Percent complete').fill('150');
    await page.getByRole('button', { name: 'Add an evidence link' }).click();
    await page.getByLabel('Evidence 1: address (URL)').fill('ftp://example.org/x');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await page.getByText('Percent is between 0 and 100.').waitFor();
    await page.getByText('Evidence links are http or https addresses.').waitFor();

    await page.getByLabel('Percent complete').fill('100');
    await page.getByLabel('Evidence 1: address (URL)').fill('https://example.gov.vn/report/final.pdf');
    await page.getByLabel('Evidence 1: title').fill('Final report');
    await page.getByLabel('Narrative').fill('All dead zones removed; acceptance minutes attached.');
    await page.getByRole('button', { name: 'Submit report' }).click();
    await page.getByTestId('report-done').waitFor();
    await expect.poll(() => page.getByTestId('history-table').getByText('Awaiting review').count()).toBeGreaterThan(0);

    // Approve it in the review queue — as someone else: nobody reviews their own report, admins included.
    await page.getByRole('link', { name: 'Open in the review queue' }).click();
    await page.waitForURL(/\/reviews/);
    await page.getByTestId('review-table').waitFor();
    const login = await page.context().request.post(new URL('/api/auth/login', page.url()).toString(), {
      data: { username: 'secretariat', password: DEMO_LOGIN.password },
    });
    expect(login.ok()).toBe(true);
    await page.reload();
    await page.getByTestId('review-table').waitFor();
    const rows = page.locator(`tr[data-assignment="${assignmentId}"]`);
    await rows.first().waitFor();
    const pending = await rows.count();
    // Oldest first: ours is the last of this assignment's pending reports.
    const ours = rows.last();
    expect(await ours.innerText()).toContain('All dead zones removed');
    await ours.getByRole('button', { name: /^Approve the report/ }).click();
    await page.getByTestId('review-message').waitFor();
    await expect.poll(() => rows.count()).toBe(pending - 1);

    // The overview counts moved: one overdue fewer, one completed late more.
    // (The navigation carries the review queue's programme and unit filters; clear the unit.)
    // With a unit filtered on, the overview is titled by that unit.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: /^Overview: / }).waitFor();
    expect(new URL(page.url()).searchParams.get('unit')).not.toBeNull();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.goto(`${demo.server.url}/?programme=vn-ndx-2024`);
    await page.getByRole('heading', { name: 'National overview' }).waitFor();
    await expect.poll(() => count(page, 'count-overdue')).toBe(overdueBefore - 1);
    expect(await count(page, 'count-completed_late')).toBe(lateBefore + 1);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('guards every page behind sign-in and offers the skip link as the first stop on each', async () => {
    const paths = [
      '/',
      '/overview',
      '/my-work',
      '/tree',
      '/list',
      '/reviews',
      '/map',
      '/drafts',
      '/indicators',
      '/indicators/vn_egdi_rank',
      '/rankings/vn-dti-provinces',
      '/inspections',
      '/assignments/1',
      '/scorecards/VN',
      '/forms',
      '/completeness',
    ];
    const context = await demo.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    for (const path of paths) {
      const page = await context.newPage();
      const data: string[] = [];
      page.on('response', (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/auth/') && r.status() === 200)
          data.push(url.pathname);
      });
      await page.goto(`${demo.server.url}${path}`);
      await page.getByRole('heading', { name: 'Sign in to Mandate' }).waitFor();
      // No page's data reaches a browser without a session.
      expect({ path, data }).toEqual({ path, data: [] });
      // The first Tab lands on "Skip to content", which moves the focus into the page's main region.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await page.close();
    }
    await context.close();
  });

  it('switches to Arabic: right-to-left, translated labels, locale numbers', async () => {
    const page = await open('/');
    await page.getByRole('heading', { name: 'National overview' }).waitFor();
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('heading', { name: 'نظرة عامة وطنية' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await page.getByRole('link', { name: 'شجرة البرنامج' }).waitFor();
    await page.getByText('متأخر', { exact: true }).first().waitFor();
    // The choice sticks across a reload and is shareable with ?lang=.
    await page.reload();
    await page.getByRole('heading', { name: 'نظرة عامة وطنية' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByLabel('اللغة').selectOption('en');
    await page.getByRole('heading', { name: 'National overview' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.close();
  });

  it('searches the programme tree without diacritics', async () => {
    const page = await open('/tree?programme=vn-ndx-2024&lang=vi');
    await page.getByTestId('tree').waitFor();
    await page.getByTestId('tree-search').fill('xoa bo cac vung lom song');
    await page.waitForURL(/q=xoa/);
    await expect
      .poll(() => page.getByTestId('tree').getByText('Xóa bỏ các vùng lõm sóng di động', { exact: false }).count())
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('tree').getByText('Hạ tầng số').count()).toBe(1);
    await expect.poll(() => page.getByTestId('tree').getByText('Chỉ đạo, điều hành', { exact: false }).count()).toBe(0);
    await page.getByLabel('Ngôn ngữ').selectOption('en');
    await page.close();
  });

  it('has no serious or critical accessibility violations on the main pages', async () => {
    const pages: Array<[string, string]> = [
      ['/?programme=vn-ndx-2024', 'overdue-table'],
      ['/tree?programme=vn-ndx-2024', 'tree'],
      ['/list?timeliness=overdue', 'assignment-table'],
      ['/reviews', 'review-table'],
      ['/map', 'tile-map'],
      ['/assignments/1', 'assignment-title'],
    ];
    const found: Record<string, unknown> = {};
    // axe-core is injected as an inline script, which the server's CSP (script-src 'self') rightly blocks: this context bypasses it.
    const axeContext = await demo.newContext({ signIn: true, bypassCSP: true });
    for (const [path, ready] of pages) {
      const page = await open(path, axeContext);
      await page.getByTestId(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      const violations = await axeViolations(page);
      if (violations.length) found[path] = violations;
      await page.close();
    }
    await axeContext.close();
    expect(found).toEqual({});
  });
});
