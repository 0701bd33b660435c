/**
 * A province's grid in Chromium (issue 12): Ha Noi's secretariat opens the grid of its
 * communes for last month from the completeness page, fills two wards with the keyboard
 * (Enter moves to the next cell), one bad value is refused on its own cell and nothing is
 * stored, an outlier is confirmed with a comment, it corrects and submits both, and the
 * province's completeness rises by two. On a 390 px phone each ward is a card (no
 * sideways scroll); in Arabic the page runs right to left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession } from './harness.js';
import { seedWardHistory, WARD, WARD_DATA_SET as DATA_SET, WARD_PERIOD as PERIOD } from './figures-fixture.js';
import { addUser, DEFAULT_DEMO_PASSWORD } from '../../src/services/users.js';
import { systemContext } from '../../src/services/context.js';

const OTHER = 'VN-HN-HOANKIEM';
const GRID = `/grids?dataSet=${DATA_SET}&unit=VN-HN&period=${PERIOD}`;
let session: BrowserSession;

const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

async function received(page: Page): Promise<number> {
  await page.locator('[data-testid="completeness-total"][data-unit="VN-HN"]').waitFor();
  return Number((await page.getByTestId('total-received').innerText()).replace(/[^\d]/g, ''));
}

/** The stored grid, straight from the API. */
async function stored(page: Page) {
  return page.evaluate(async (url) => {
    const r = await fetch(url);
    const g = (await r.json()) as {
      forms: Array<{ unit: string; state: string; rows: Array<{ indicator: string; value: number | null }> }>;
    };
    return Object.fromEntries(g.forms.map((f) => [f.unit, { state: f.state, values: f.rows.map((x) => x.value) }]));
  }, `/api/grids/${DATA_SET}/VN-HN/${PERIOD}`);
}

beforeAll(async () => {
  session = await BrowserSession.start();
  await seedWardHistory(session.server.store.db);
  await addUser(systemContext(session.server.store.db), {
    username: 'secretariat-hn',
    name: 'Ha Noi secretariat',
    password: DEFAULT_DEMO_PASSWORD,
    grants: [{ role: 'secretariat', unit: 'VN-HN' }],
  });
}, 600_000);

afterAll(async () => {
  await session?.close();
});

describe("a province's grid of its communes, in the browser", () => {
  it(
    'fills two wards, a bad value is refused on its cell with nothing stored, then both are submitted and completeness rises',
    { timeout: 300_000 },
    async () => {
      const ctx = await session.as('secretariat-hn');
      const page = await session.open(ctx, '/completeness?unit=VN-HN');
      const before = await received(page);
      // From completeness to the grid of the province's units.
      await page.getByTestId('grid-link').click();
      await page.getByTestId('grid-data-set').waitFor();
      expect(new URL(page.url()).searchParams.get('unit')).toBe('VN-HN');
      await page.getByTestId('grid-data-set').selectOption(DATA_SET);
      await page.getByTestId('grid-period').selectOption(PERIOD);
      const row = (unit: string) => page.locator(`tr[data-testid="grid-row"][data-unit="${unit}"]`);
      const cell = (unit: string, indicator: string) =>
        row(unit).locator(`[data-testid="grid-cell"][data-indicator="${indicator}"]`);
      await row(WARD).waitFor();
      expect(await page.locator('[data-testid="grid-row"]').count()).toBeGreaterThanOrEqual(2);
      // Columns carry the indicators' units of measure.
      expect(await page.getByTestId('grid-table').locator('thead').innerText()).toContain('%');

      // Keyboard: type, Enter, type — along the row, then on to the next row.
      const columns = await row(OTHER)
        .locator('[data-testid="grid-cell"]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-indicator')!));
      expect(columns).toEqual(['vn_dead_zone_villages', 'vn_online_service_use']);
      const order = await page
        .locator('tr[data-testid="grid-row"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')!));
      await cell(OTHER, 'vn_dead_zone_villages').getByTestId('grid-value').focus();
      await page.keyboard.type('3');
      await page.keyboard.press('Enter');
      await page.keyboard.type('40');
      await page.keyboard.press('Enter');
      const next = order[order.indexOf(OTHER) + 1]!;
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`grid-value-${next}-vn_dead_zone_villages`);

      // The ward: a count of −2 is not a count; 95 % is far from its 50–53 % and needs a comment.
      await cell(WARD, 'vn_dead_zone_villages').getByTestId('grid-value').fill('-2');
      await cell(WARD, 'vn_online_service_use').getByTestId('grid-value').fill('95');
      await cell(WARD, 'vn_online_service_use').getByTestId('grid-outlier').waitFor();
      await cell(WARD, 'vn_online_service_use')
        .getByTestId('grid-comment')
        .fill('The new provincial portal went live this month.');
      await page.getByTestId('grid-submit').click();
      await page.getByTestId('grid-refused').waitFor();
      const bad = cell(WARD, 'vn_dead_zone_villages');
      expect(await bad.getAttribute('data-invalid')).toBe('true');
      expect(await bad.innerText()).toContain('A count is a whole number of 0 or more.');
      expect(await cell(OTHER, 'vn_dead_zone_villages').getAttribute('data-invalid')).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe(`grid-value-${WARD}-vn_dead_zone_villages`);
      // Nothing stored, for either ward.
      const after = await stored(page);
      expect(after[WARD]).toEqual({ state: 'not_started', values: [null, null] });
      expect(after[OTHER]).toEqual({ state: 'not_started', values: [null, null] });

      // Corrected: both submitted at once.
      await bad.getByTestId('grid-value').fill('2');
      await page.getByTestId('grid-submit').click();
      await page.getByTestId('grid-saved').waitFor();
      expect(await page.getByTestId('grid-saved').innerText()).toBe('Submitted 2 forms.');
      await expect.poll(async () => (await stored(page))[WARD]?.state).toBe('submitted');
      const done = await stored(page);
      expect(done[WARD]).toEqual({ state: 'submitted', values: [2, 95] });
      expect(done[OTHER]).toEqual({ state: 'submitted', values: [3, 40] });
      // Submitted rows are locked in the grid.
      await expect.poll(() => cell(WARD, 'vn_online_service_use').getByTestId('grid-value').isDisabled()).toBe(true);

      // The province's completeness rises by two.
      await page.goto(`${session.server.url}/completeness?unit=VN-HN`);
      await expect.poll(() => received(page)).toBe(before + 2);
      await page.close();
    },
  );

  it('is a card per ward on a 390 px phone, and right to left in Arabic', { timeout: 120_000 }, async () => {
    const phone = await session.as('secretariat-hn', { width: 390, height: 844 });
    const page = await session.open(phone, GRID);
    await page.getByTestId('grid-cards').waitFor();
    await page.locator(`[data-testid="grid-row"][data-unit="${WARD}"]`).waitFor();
    expect(await page.getByTestId('grid-table').count()).toBe(0);
    expect(await sideways(page)).toBeLessThanOrEqual(0);
    await page.close();

    const ctx = await session.as('secretariat-hn');
    const ar = await session.open(ctx, `${GRID}&lang=ar`);
    await ar.getByTestId('grid-table').waitFor();
    expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await ar.locator('thead').innerText()).toContain('الوحدة');
    expect(await sideways(ar)).toBeLessThanOrEqual(0);
    await ar.close();
  });
});
