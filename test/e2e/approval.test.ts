/**
 * Review up the tree in Chromium (issue 13, "Done when"): a commune report is
 * approved by the province secretariat and accepted by the national secretariat; the
 * figures by level change at each step; an edit below the locked level is refused
 * with the message; the national level unapproves, the province returns it with a
 * comment, and the commune reporter on a 390 px phone sees "returned" and the comment
 * on the first screen and resubmits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserSession } from './harness.js';
import { systemContext } from '../../src/services/context.js';
import { createNode } from '../../src/services/programmes.js';
import { cascadeTask } from '../../src/services/assignments.js';
import { setApprovalLevels } from '../../src/services/approvals/approval-levels.js';
import { addUser, DEFAULT_DEMO_PASSWORD } from '../../src/services/users.js';

const PROGRAMME = 'vn-ndx-2024';
let session: BrowserSession;
let commune: number;

async function figure(page: Page, level: string): Promise<number> {
  const text = await page.getByTestId('approval-figures').locator(`[data-level="${level}"] [data-value]`).innerText();
  return Number(text.replace(/[^\d]/g, ''));
}

beforeAll(async () => {
  session = await BrowserSession.start();
  const ctx = systemContext(session.server.store.db);
  await createNode(ctx, PROGRAMME, {
    code: 'E2E-APPROVAL',
    kind: 'task',
    title: {
      en: 'Connect every ward office to the provincial data centre',
      vi: 'Kết nối mọi phường với trung tâm dữ liệu tỉnh',
    },
    lead: 'VN-HN',
    due: '2030-12-31',
  });
  const cascade = await cascadeTask(ctx, PROGRAMME, 'E2E-APPROVAL', { kind: 'commune', under: 'VN-HN' });
  commune = cascade.assignments[0]!;
  // Levels: the province approves, the nation (the unit above) accepts.
  await setApprovalLevels(ctx, PROGRAMME, { levels: ['province'], accept: true });
  const communeCode = (
    await session.server.store.db
      .selectFrom('assignments as a')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
      .select('u.code')
      .where('a.id', '=', commune)
      .executeTakeFirstOrThrow()
  ).code;
  await addUser(ctx, {
    username: 'ward-reporter',
    password: DEFAULT_DEMO_PASSWORD,
    grants: [{ role: 'reporter', unit: communeCode }],
  });
  await addUser(ctx, {
    username: 'hanoi-secretariat',
    password: DEFAULT_DEMO_PASSWORD,
    grants: [{ role: 'secretariat', unit: 'VN-HN' }],
  });
}, 600_000);

afterAll(async () => {
  await session?.close();
});

describe('review up the tree in the browser', () => {
  it(
    'province approves, nation accepts, a locked edit is refused, unapprove, return, the reporter fixes it on a phone',
    { timeout: 300_000 },
    async () => {
      const phone = await session.as('ward-reporter', { width: 390, height: 844 });
      const province = await session.as('hanoi-secretariat');
      const nation = await session.as('secretariat');

      // The ward reports on its phone.
      const form = await session.open(phone, `/assignments/${commune}`);
      await form.getByTestId('assignment-title').waitFor();
      await form.getByLabel('Period').selectOption('2026M10');
      await form.getByLabel('Percent complete').fill('40');
      await form.getByLabel('Narrative').fill('12 of 30 ward offices connected.');
      await form.getByRole('button', { name: 'Submit report' }).click();
      await form.getByTestId('report-done').waitFor();

      // The province approves in its queue; the figure "approved at province level" goes up.
      const pq = await session.open(province, `/reviews?programme=${PROGRAMME}`);
      await pq.getByTestId('approval-figures').waitFor();
      const provinceBefore = await figure(pq, 'province').catch(() => 0);
      const row = pq.locator(`tr[data-assignment="${commune}"]`).last();
      await row.waitFor();
      expect(await row.getByTestId('review-level-cell').innerText()).toContain('Waits at province level (VN-HN)');
      await row.getByRole('button', { name: /^Approve the report/ }).click();
      await pq.getByTestId('review-message').waitFor();
      await expect.poll(() => figure(pq, 'province').catch(() => 0)).toBe(provinceBefore + 1);

      // The nation sees it waiting for acceptance and accepts it; the accepted figure goes up.
      const nq = await session.open(nation, `/reviews?programme=${PROGRAMME}&level=accept`);
      const nrow = nq.locator(`tr[data-assignment="${commune}"]`).last();
      await nrow.waitFor();
      await nq.getByTestId('approval-figures').waitFor();
      const finalBefore = await figure(nq, 'accepted');
      await nrow.getByRole('button', { name: /^Accept the report/ }).click();
      await nq.getByTestId('review-message').waitFor();
      await expect.poll(() => figure(nq, 'accepted')).toBe(finalBefore + 1);

      // The ward tries to change the accepted period: refused, naming who must unapprove.
      await form.reload();
      await form.getByTestId('assignment-title').waitFor();
      await form.getByLabel('Period').selectOption('2026M10');
      await form.getByLabel('Percent complete').fill('45');
      await form.getByRole('button', { name: 'Submit report' }).click();
      await form
        .getByText(/Locked: signed off at acceptance \(VN\) by secretariat/)
        .first()
        .waitFor();

      // The nation unapproves with a reason; the province returns it with a comment.
      await nq.goto(`${session.server.url}/reviews?programme=${PROGRAMME}&state=final&sort=newest&q=e2e-approval`);
      const frow = nq.locator(`tr[data-assignment="${commune}"]`).last();
      await frow.waitFor();
      await frow.getByRole('button', { name: /^Unapprove the report/ }).click();
      await nq.getByLabel('Why is it unapproved?').fill('The evidence of the connections is missing.');
      await nq.getByRole('dialog').getByRole('button', { name: 'Unapprove' }).click();
      await nq.getByTestId('review-message').waitFor();
      await expect.poll(() => figure(nq, 'accepted')).toBe(finalBefore);

      await pq.reload();
      const prow = pq.locator(`tr[data-assignment="${commune}"]`).last();
      await prow.waitFor();
      await prow.getByRole('button', { name: /^Return the report/ }).click();
      await pq.getByLabel('What should be fixed?').fill('Attach the acceptance minutes of each connected office.');
      await pq.getByRole('dialog').getByRole('button', { name: 'Return' }).click();
      await pq.getByTestId('review-message').waitFor();

      // On the phone: "returned" and the comment on the first screen of the overview and of the list, no sideways scrolling.
      const overview = await session.open(phone, '/');
      const first = overview.getByTestId('returned-item').first();
      await first.waitFor();
      expect(await first.innerText()).toContain('Returned — needs your changes');
      const onOverview = await overview.getByTestId('returned-comment').first().boundingBox();
      expect(onOverview!.y + onOverview!.height).toBeLessThanOrEqual(844);
      expect(onOverview!.x + onOverview!.width).toBeLessThanOrEqual(390);
      const list = await session.open(phone, '/list');
      const card = list.getByTestId('returned-item').first();
      await card.waitFor();
      expect(await card.innerText()).toContain('Returned — needs your changes');
      const comment = list.getByTestId('returned-comment').first();
      expect(await comment.innerText()).toBe('Attach the acceptance minutes of each connected office.');
      const box = await comment.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(await list.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // The form opens with the returned text; the reporter corrects and resubmits.
      await card.getByRole('link').click();
      await list.waitForURL(/\/assignments\/\d+$/);
      await list.getByTestId('returned-alert').waitFor();
      expect(await list.getByLabel('Narrative').inputValue()).toBe('12 of 30 ward offices connected.');
      expect(await list.getByLabel('Period').inputValue()).toBe('2026M10');
      await list.getByLabel('Narrative').fill('12 of 30 ward offices connected; acceptance minutes attached.');
      await list.getByRole('button', { name: 'Add an evidence link' }).click();
      await list.getByLabel('Evidence 1: address (URL)').fill('https://example.gov.vn/minutes.pdf');
      await list.getByRole('button', { name: 'Send the corrected report' }).click();
      await list.getByTestId('report-done').waitFor();
      expect(await list.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const after = await session.open(phone, '/list');
      await after.getByRole('heading', { name: 'Assignments', level: 1 }).waitFor();
      await after.waitForLoadState('networkidle');
      expect(await after.getByTestId('returned-item').count()).toBe(0);
    },
  );
});
