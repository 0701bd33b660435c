/**
 * The inspection cycle in Chromium (issue 19, "Done when"): the secretariat plans an
 * inspection of Hà Nội, starts it, records a discrepancy finding against an approved
 * report (flagged) and a recommendation with a due date; the report shows the flag;
 * the Hà Nội reporter finds the recommendation in its work and reports on it; the
 * secretariat approves; the overview's open-recommendation count goes down by one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession } from './harness.js';
import { addDays, dateOf } from '../../src/domain/dates.js';

const PROGRAMME = 'vn-ndx-2024';
const RECOMMENDATION = 'Publish the corrected coverage map of every ward';
let session: BrowserSession;
/** An approved report of Hà Nội's own assignment that no inspection has flagged yet. */
let target: { assignment: number; task: string; period: string };

async function openCount(page: Page): Promise<number> {
  await page.goto(`${session.server.url}/`);
  const el = page.getByTestId('open-recommendation-count');
  await el.waitFor();
  return Number(await el.getAttribute('data-value'));
}

beforeAll(async () => {
  session = await BrowserSession.start();
  const row = await session.server.store.db
    .selectFrom('progress_reports as r')
    .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
    .innerJoin('programmes as p', 'p.id', 'a.programme_id')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .select(['a.id as assignment', 'n.code as task', 'r.period'])
    .where('p.code', '=', PROGRAMME)
    .where('u.code', '=', 'VN-HN')
    .where('r.review_state', '=', 'approved')
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('inspection_findings as f').select('f.id').whereRef('f.assignment_id', '=', 'a.id')),
      ),
    )
    .orderBy('r.reported_at', 'desc')
    .orderBy('r.id', 'desc')
    .executeTakeFirstOrThrow();
  target = row;
}, 600_000);

afterAll(async () => {
  await session?.close();
});

describe('the inspection cycle in the browser', () => {
  it(
    'plan, a flagged discrepancy and a recommendation; the reporter acts on it; approval closes it',
    { timeout: 300_000 },
    async () => {
      const secretariat = await session.as('secretariat');
      const reporter = await session.as('reporter-hn');
      const today = dateOf(new Date());
      /** A date as an English (en-GB) user types it: day/month/year, the value stays ISO. */
      const typed = (iso: string): string => iso.split('-').reverse().join('/');

      const overview = await secretariat.newPage();
      const before = await openCount(overview);

      // Plan the inspection of Hà Nội.
      const page = await session.open(secretariat, '/inspections');
      const plan = page.getByTestId('plan-form');
      await plan.waitFor();
      await plan.getByLabel(/^Code( \*)?$/).fill('E2E-INSP');
      await plan.getByLabel('Title').fill('Inspection of mobile coverage in Ha Noi');
      await plan.getByLabel('Issuing unit').fill('VN');
      await plan.getByLabel('Programme').selectOption(PROGRAMME);
      await plan.getByLabel(/^Start( \*)?$/).fill(typed(today));
      await plan.getByLabel(/^End( \*)?$/).fill(typed(addDays(today, 2)));
      await plan.getByLabel('Units inspected (codes)').fill('VN-HN');
      await plan.getByTestId('plan-submit').click();
      await page.waitForURL(/\/inspections\/E2E-INSP$/);
      expect(await page.getByTestId('inspection-title').innerText()).toBe('Inspection of mobile coverage in Ha Noi');

      // Start it, record the discrepancy against the approved report, flagging it.
      await page.getByTestId('inspection-start').click();
      const finding = page.getByTestId('finding-form');
      await finding.waitFor();
      await finding.getByLabel('Kind').selectOption('discrepancy');
      await finding.getByLabel('Task (code)').fill(target.task);
      await finding.getByLabel('Report period').fill(target.period);
      await finding.getByLabel('What was found').fill('Reported as done; 3 of 12 wards still have no coverage.');
      await finding.getByLabel(/Flag the report/).check();
      await finding.getByTestId('finding-submit').click();
      await page.getByTestId('finding-flag').waitFor();

      // A recommendation with a due date: a follow-up assignment of Hà Nội.
      const rec = page.getByTestId('recommendation-form');
      await rec.getByLabel(/^Recommendation( \*)?$/).fill(RECOMMENDATION);
      await rec.getByLabel(/^Due( \*)?$/).fill(typed(addDays(today, 30)));
      await rec.getByTestId('recommendation-submit').click();
      const recRow = page.getByTestId('recommendations').locator('tr[data-open="true"]', { hasText: RECOMMENDATION });
      await recRow.waitFor();
      expect(await openCount(overview)).toBe(before + 1);

      // The approved report now shows the flag.
      const report = await session.open(secretariat, `/assignments/${target.assignment}`);
      await report.getByTestId('history-table').waitFor();
      await report.getByTestId('report-flag').first().waitFor();
      expect(await report.getByTestId('history-table').innerText()).toContain('3 of 12 wards');

      // The Hà Nội reporter finds it in its work and reports it done.
      const list = await session.open(reporter, `/list?programme=${PROGRAMME}&node=INSPECTION-FOLLOW-UP`);
      const link = list.getByRole('link', { name: RECOMMENDATION });
      await link.waitFor();
      await link.click();
      await list.waitForURL(/\/assignments\/\d+$/);
      const assignment = Number(/\/assignments\/(\d+)$/.exec(list.url())![1]);
      await list.getByTestId('assignment-title').waitFor();
      await list.getByLabel('Reporting period').selectOption(`${today.slice(0, 4)}M${today.slice(5, 7)}`);
      await list.getByLabel(/^State( \*)?$/).selectOption('completed');
      await list.getByLabel('Percent complete').fill('100');
      await list.getByLabel('Narrative').fill('The corrected map is published on the city portal.');
      await list.getByRole('button', { name: 'Submit report' }).click();
      await list.getByTestId('report-done').waitFor();
      expect(await openCount(overview)).toBe(before + 1);

      // The secretariat approves it in the review queue; the open count goes down.
      const queue = await session.open(secretariat, `/reviews?programme=${PROGRAMME}&q=e2e-insp-r1`);
      const row = queue.locator(`tr[data-assignment="${assignment}"]`).last();
      await row.waitFor();
      await row.getByRole('button', { name: /^Approve the report/ }).click();
      await queue.getByTestId('review-message').waitFor();
      await expect.poll(() => openCount(overview), { timeout: 20_000 }).toBe(before);

      // On the inspection page the recommendation is closed, completed on time.
      await page.reload();
      const closed = page.getByTestId('recommendations').locator('tr[data-open="false"]', { hasText: RECOMMENDATION });
      await closed.waitFor();
      expect(await closed.innerText()).toContain('Completed on time');

      // `MANDATE_SCREENSHOT=1`: the demo's concluded inspection for docs/inspections.md.
      if (process.env.MANDATE_SCREENSHOT) {
        const demo = await session.open(secretariat, '/inspections/KT-2024-HN-HP');
        await demo.getByTestId('conclusion').waitFor();
        await demo.screenshot({ path: 'docs/screenshots/inspection-en.png', fullPage: true });
      }
    },
  );
});
