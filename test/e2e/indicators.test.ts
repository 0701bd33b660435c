/** The indicator pages (issue 4 item 5) and the overview's "Indicators at risk" card, on the demo. */
import { describe, expect, it } from 'vitest';
import { axeViolations } from './harness.js';
import { useDemoBrowser } from './demo-browser.js';

const demo = useDemoBrowser({ signIn: true, bypassCSP: true });
const open = (path: string) => demo.open(path);

describe('indicator pages on the demo', () => {
  it('lists indicators with classifications, opens an off-track indicator with its chart, assessment and values by unit', async () => {
    const page = await open('/indicators');
    await page.getByRole('heading', { name: 'Indicators', level: 1 }).waitFor();
    const table = page.getByTestId('indicator-table');
    await table.waitFor();
    const row = table.locator('tr[data-code="vn_digital_economy_share"]');
    await row.getByTestId('classification').waitFor();
    expect(await row.getByTestId('classification').getAttribute('data-status')).toBe('off_track');
    expect(await row.innerText()).toContain('Higher is better');
    // Every classification colour of the demo shows in the list.
    await expect.poll(() => table.locator('[data-status="achieved"]').count()).toBeGreaterThan(0);

    await row.getByRole('link').first().click();
    await page.waitForURL(/\/indicators\/vn_digital_economy_share/);
    await page.getByRole('heading', { name: 'Digital economy share of GRDP', level: 1 }).waitFor();
    const chart = page.getByTestId('indicator-chart');
    await chart.waitFor();
    await expect.poll(() => chart.locator('canvas').count()).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toMatch(/actual values, baseline, milestones, target and forecast/);
    const assessment = page.getByTestId('assessment');
    expect(await assessment.getByTestId('classification').innerText()).toBe('Off track');
    expect(await page.getByTestId('reason').innerText()).toMatch(/remaining gap/);
    const values = page.getByTestId('values-table');
    await values.waitFor();
    await expect.poll(() => values.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await values.innerText()).toContain('Khanh Hoa');
    // Coloured against the target, sortable by any year: the highest value first, then the lowest.
    expect(await values.locator('td[data-tone="met"], td[data-tone="not_met"]').count()).toBeGreaterThan(0);
    const lastYear = values.locator('thead th button').last();
    const column = async () => {
      const cells = await values.locator('tbody tr td:last-child').allInnerTexts();
      return cells.filter((c) => c !== '—').map((c) => Number(c.replace(/,/g, '')));
    };
    await lastYear.click();
    const down = await column();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    await lastYear.click();
    const up = await column();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(down.length).toBeGreaterThan(5);

    // A province's row opens the indicator for that province.
    await values.getByRole('link', { name: 'Khanh Hoa' }).click();
    await page.waitForURL(/unit=VN-KH/);
    await page
      .getByRole('heading', { name: /Khanh Hoa/ })
      .first()
      .waitFor();

    // An at-risk indicator held at the national level: the table falls back to the unit itself.
    await page.goto(`${demo.server.url}/indicators/vn_budget_st_dx_share?unit=VN`);
    await page.getByTestId('indicator-chart').waitFor();
    expect(await page.getByTestId('assessment').getByTestId('classification').innerText()).toBe('At risk');
    expect(await page.getByTestId('reason').innerText()).toMatch(/at least 80%/);
    await expect.poll(() => page.getByTestId('values-table').locator('tbody tr').count()).toBe(1);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('shows the at-risk card on the overview, linking to the indicator', async () => {
    const page = await open('/');
    const card = page.getByTestId('at-risk');
    await card.waitFor();
    expect(await card.locator('[data-status="off_track"]').count()).toBeGreaterThan(0);
    expect(await card.locator('[data-status="achieved"], [data-status="on_track"]').count()).toBe(0);
    await card.getByRole('link').first().click();
    await page.waitForURL(/\/indicators\/[^/?]+\?unit=/);
    await page.getByTestId('assessment').waitFor();
    const status = await page.getByTestId('assessment').getByTestId('classification').getAttribute('data-status');
    expect(['at_risk', 'off_track']).toContain(status);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('ranks the provinces by the composite index and explains a unit’s score', async () => {
    const page = await open('/indicators');
    await page.getByTestId('ranking-link').first().click();
    await page.waitForURL(/\/rankings\/vn-dti-provinces/);
    const table = page.getByTestId('ranking-table');
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(34);
    await page.getByTestId('ranking-unit').first().click();
    await page.waitForURL(/unit=/);
    const explanation = page.getByTestId('explanation');
    await explanation.waitFor();
    const text = await explanation.innerText();
    expect(text).toMatch(/rank 1 of 34/);
    expect(text).toContain('Digital infrastructure');
    expect(text).toContain('Population covered by 5G');
    await expect.poll(() => page.getByTestId('explain-table').locator('tbody tr').count()).toBe(4 + 3 + 1);
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });

  it('has no serious accessibility violations on the list and indicator pages', async () => {
    for (const [path, ready] of [
      ['/indicators', 'indicator-table'],
      ['/indicators/vn_online_service_use?unit=VN', 'values-table'],
    ] as const) {
      const page = await open(path);
      await page.getByTestId(ready).waitFor();
      await page.waitForLoadState('networkidle');
      expect({ path, violations: await axeViolations(page) }).toEqual({ path, violations: [] });
      await page.close();
    }
  });

  it('sets dir=rtl in Arabic on the indicator and ranking pages', async () => {
    for (const [path, ready] of [
      ['/indicators?lang=ar', 'indicator-table'],
      ['/indicators/vn_dead_zone_villages?unit=VN&lang=ar', 'indicator-chart'],
      ['/rankings/vn-dti-provinces?period=2024&unit=VN-KH&lang=ar', 'explanation'],
    ] as const) {
      const page = await open(path);
      await page.getByTestId(ready).waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.locator('h1').innerText()).not.toBe('');
      expect(page.errors).toEqual([]);
      await page.close();
    }
  });
});
