/** The early warning (issue 18) in the browser, on the demo: overview card and list, assignment page, meeting report — in four languages. */
import { describe, expect, it } from 'vitest';
import { useDemoBrowser } from './demo-browser.js';

const demo = useDemoBrowser({ signIn: true, bypassCSP: false });

const CARD_TITLE = { en: 'Heading for late', vi: 'Có nguy cơ trễ hạn', zh: '可能逾期', ar: 'في طريقها إلى التأخر' };
const SLIP = {
  en: 'Likely to slip before the next meeting',
  vi: 'Có nguy cơ trễ hạn trước phiên họp tới',
  zh: '下次会议前可能逾期',
  ar: 'يُرجَّح أن تتأخر قبل الاجتماع القادم',
};

describe('early warning on the demo', () => {
  it('the overview card opens the heading-for-late list, whose task page draws the projection', async () => {
    const page = await demo.open('/?lang=en');
    await page.getByTestId('heading-for-late-total').waitFor();
    expect(Number((await page.getByTestId('heading-for-late-total').innerText()).replace(/\D/g, ''))).toBeGreaterThan(
      0,
    );
    await page.getByTestId('heading-leads').waitFor();
    await page.getByRole('button', { name: 'Show the list' }).click();
    await page.waitForURL(/list=heading/);
    const table = page.getByTestId('heading-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    await table.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/assignments\/\d+/);
    const badge = page.getByTestId('early-warning-badge');
    await badge.waitFor();
    expect(await badge.getAttribute('data-heading')).toBe('true');
    expect(await badge.textContent()).toBe('Heading for late');
    const chart = page.getByTestId('progress-chart');
    await chart.waitFor();
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it.each(['vi', 'zh', 'ar'] as const)('shows the card and the list filter in %s', async (lang) => {
    const page = await demo.open(`/?lang=${lang}&list=heading`);
    await page.getByTestId('heading-for-late-total').waitFor();
    expect(await page.locator('#heading-for-late').innerText()).toContain(CARD_TITLE[lang]);
    await page.getByTestId('heading-table').waitFor();
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it.each(['en', 'vi', 'zh', 'ar'] as const)('the meeting report in %s lists work likely to slip', async (lang) => {
    const page = await demo.open(`/api/meeting-report?programme=vn-ndx-2024&lang=${lang}&format=html`);
    const section = page.locator('#likely-to-slip');
    await section.waitFor();
    expect(await section.locator('h3').innerText()).toContain(SLIP[lang]);
    await page.close();
  });
});
