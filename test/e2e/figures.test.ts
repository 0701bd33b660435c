/**
 * Figures from a commune in Chromium (issue 12, "Done when"): the Ba Dinh ward reporter
 * on a 390 px phone opens "My forms", fills last month's form (one value far from the
 * ward's history, confirmed with a comment), submits; the province's and the nation's
 * completeness figures go up by one; the national secretariat sees the value on the
 * indicator page and in Ha Noi's scorecard; the province map colours by completeness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession } from './harness.js';
import { seedWardHistory, WARD, WARD_DATA_SET as DATA_SET, WARD_PERIOD as PERIOD } from './figures-fixture.js';

let session: BrowserSession;

/** The page scrolls sideways when its content is wider than the viewport. */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function received(page: Page): Promise<number> {
  const text = await page.getByTestId('total-received').innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

beforeAll(async () => {
  session = await BrowserSession.start();
  // Six months of the ward's own history, so the outlier rule has something to judge by.
  await seedWardHistory(session.server.store.db);
}, 600_000);

afterAll(async () => {
  await session?.close();
});

describe('figures from a commune, in the browser', () => {
  it(
    'a ward reporter fills and submits a monthly form on a phone; completeness, the indicator page and the scorecard show it',
    { timeout: 300_000 },
    async () => {
      const nation = await session.as('secretariat');
      const national = await session.open(nation, '/completeness');
      await national.getByTestId('completeness-total').waitFor();
      expect(await national.getByTestId('completeness-total').getAttribute('data-unit')).toBe('VN');
      const nationalBefore = await received(national);
      const province = await session.open(nation, '/completeness?unit=VN-HN');
      await province.locator('[data-testid="completeness-total"][data-unit="VN-HN"]').waitFor();
      const provinceBefore = await received(province);
      await province.locator(`[data-testid="completeness-units"] tr[data-unit="${WARD}"]`).waitFor();

      // The ward, on its phone: "My forms" lists last month's form, overdue or due.
      const phone = await session.as('reporter-badinh', { width: 390, height: 844 });
      const list = await session.open(phone, '/forms');
      const card = list.locator(`[data-testid="form-card"][data-form="${DATA_SET}/${WARD}/${PERIOD}"]`);
      await card.waitFor();
      expect(await card.getAttribute('data-state')).toBe('not_started');
      expect(await sideways(list)).toBeLessThanOrEqual(0);
      await card.getByTestId('form-link').click();

      const form = list;
      const row = (indicator: string) => form.locator(`[data-testid="form-row"][data-indicator="${indicator}"]`);
      await row('vn_online_service_use').waitFor();
      expect(await sideways(form)).toBeLessThanOrEqual(0);
      await row('vn_dead_zone_villages').getByTestId('form-value').fill('2');
      // 95 % is far from the ward's 50–53 %: a warning, and the submit waits for a comment.
      await row('vn_online_service_use').getByTestId('form-value').fill('95');
      await row('vn_online_service_use').getByTestId('outlier-warning').waitFor();
      await form.getByTestId('form-submit').click();
      await form.getByText('This value is unusual: say in a comment why it is right.').waitFor();
      expect(await form.getByTestId('form-state').first().innerText()).toBe('Not started');
      await row('vn_online_service_use')
        .getByTestId('form-comment')
        .fill('The new provincial portal went live this month.');
      await form.getByTestId('form-submit').click();
      await form.getByTestId('form-saved').waitFor();
      await expect.poll(() => form.getByTestId('form-state').first().innerText()).toBe('Submitted');
      await form.getByTestId('form-locked').waitFor();
      expect(await sideways(form)).toBeLessThanOrEqual(0);

      // Back in "My forms" the card says submitted.
      await form.goto(`${session.server.url}/forms?show=all`);
      await expect
        .poll(() =>
          form
            .locator(`[data-testid="form-card"][data-form="${DATA_SET}/${WARD}/${PERIOD}"]`)
            .getAttribute('data-state'),
        )
        .toBe('submitted');

      // The province's and the nation's completeness go up by one.
      await province.reload();
      await province.locator('[data-testid="completeness-total"][data-unit="VN-HN"]').waitFor();
      await expect.poll(() => received(province)).toBe(provinceBefore + 1);
      await national.reload();
      await national.getByTestId('completeness-total').waitFor();
      await expect.poll(() => received(national)).toBe(nationalBefore + 1);

      // The secretariat sees the value on the indicator page (the ward's own figures) …
      const indicator = await session.open(nation, `/indicators/vn_online_service_use?unit=${WARD}`);
      await indicator.getByTestId('values-table').waitFor();
      expect(await indicator.getByTestId('values-table').innerText()).toContain('95');
      expect(await indicator.getByRole('alert').count()).toBe(0);
      // … and in Ha Noi's scorecard, as the province's latest figure.
      const scorecard = await session.open(nation, '/scorecards/VN-HN');
      const latest = scorecard.locator(
        '[data-testid="scorecard-indicators"] tr[data-indicator="vn_online_service_use"] [data-testid="scorecard-latest"]',
      );
      await latest.waitFor();
      expect(await latest.innerText()).toBe(`95 (${PERIOD})`);
      await scorecard.getByTestId('completeness-card').waitFor();
    },
  );

  it('colours the province map by reporting completeness, with its legend and ranking table, also right to left', async () => {
    const nation = await session.as('secretariat');
    const map = await session.open(nation, '/map?measure=completeness');
    await map.locator('[data-testid="tile-map"][data-measure="completeness"]').waitFor();
    const api = await map.evaluate(async () => {
      const r = await fetch('/api/completeness?unit=VN&level=1');
      return (await r.json()) as { units: Array<{ unit: string; expected: number; received: number; rate: number }> };
    });
    const hn = api.units.find((u) => u.unit === 'VN-HN')!;
    expect(hn.expected).toBeGreaterThan(0);
    // Each tile's value is the province's reporting rate, and links to its completeness page.
    const tile = map.locator('[data-testid="tile-map"] [data-code="VN-HN"]');
    await expect.poll(() => tile.getAttribute('data-value')).toBe(String(hn.rate / 100));
    expect(await tile.getAttribute('href')).toContain('/completeness?unit=VN-HN');
    // The table view: least complete first, with the forms expected.
    const table = map.getByTestId('map-ranking');
    expect(await table.locator('thead').innerText()).toContain('Forms expected');
    const row = table.locator('tr[data-unit="VN-HN"]');
    expect(await row.innerText()).toContain(String(hn.expected));
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')!));
    const rateOf = new Map(api.units.map((u) => [u.unit, u.rate]));
    const rates = shown.map((u) => rateOf.get(u)!);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(await map.getByTestId('map-legend').innerText()).toContain('no forms expected');
    await map.close();
    // In Arabic: right to left, the legend's bar runs from the right, the texts are Arabic.
    const ar = await session.open(nation, '/map?measure=completeness&lang=ar');
    await ar.locator('[data-testid="tile-map"][data-measure="completeness"]').waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const legend = ar.getByTestId('map-legend');
    expect(await legend.innerText()).toContain('لا نماذج متوقعة');
    expect(await legend.locator('div').first().getAttribute('style')).toContain('to left');
    expect(await ar.getByTestId('map-ranking').locator('thead').innerText()).toContain('النماذج المتوقعة');
    await ar.close();
  });
});
