/** The draft review page (/drafts) end to end: propose from a Vietnamese text, highlight a task's words, fix the draft, import. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { axeViolations } from './harness.js';
import { useDemoBrowser } from './demo-browser.js';

// The shared texts sit beside the checkout (/work/shared next to /work/main), or one level further up from a worktree (/work/wt/<name>).
const SESSION_8 =
  ['../../../shared/', '../../../../shared/']
    .map((up) => new URL(`${up}data/programme-texts/vn-national-dx-committee-session-8.vi.txt`, import.meta.url))
    .find((url) => existsSync(url)) ??
  new URL('../../../shared/data/programme-texts/vn-national-dx-committee-session-8.vi.txt', import.meta.url);

// bypassCSP: axe-core is injected as a script tag
const demo = useDemoBrowser({ signIn: true, bypassCSP: true });

/** The dead-zone sentence and the 12/53 sentence of the session-8 conclusions. */
async function shortText(): Promise<string> {
  const full = await readFile(SESSION_8, 'utf8');
  const sentences = full.split('\n').flatMap((line) => line.split(/(?<=\.)\s+/));
  const pick = sentences.filter((s) => s.includes('lõm sóng') || s.includes('12/53'));
  expect(pick.length).toBe(2);
  return pick.join(' ');
}

async function chooseUnit(page: Page, label: string, code: string): Promise<void> {
  const input = page.locator('input').and(page.getByLabel(label, { exact: true }));
  await input.click();
  await input.fill(code);
  const option = page.getByRole('option', { name: new RegExp(`\\(${code}\\)`) });
  await option.first().click();
}

describe('draft review page', () => {
  it('proposes a draft from Vietnamese text, highlights the dead-zone task, takes a lead and an issuer, shows import problems by their fields, imports', async () => {
    const page = await demo.open('/drafts');
    await page.getByRole('heading', { name: 'Draft a programme from its text' }).waitFor();
    await expect
      .poll(() => page.getByRole('link', { name: 'Draft from text' }).getAttribute('aria-current'))
      .toBe('page');

    const text = await shortText();
    await page.getByLabel('Text of the document').fill(text);
    const drafted = page.waitForResponse((r) => r.url().endsWith('/api/drafts') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Propose' }).click();
    const body = (await (await drafted).json()) as {
      draft: { nodes: Array<{ code: string; title: { vi: string }; children?: unknown[] }> };
    };
    const deadZone = body.draft.nodes.find((n) => n.title.vi.includes('lõm sóng'));
    expect(deadZone).toBeDefined();
    const code = deadZone!.code;

    // Click the task: its words are marked in the source text.
    await page.getByRole('button', { name: `Show ${code} in the text` }).click();
    const mark = page.getByTestId('source-highlight');
    await mark.waitFor();
    expect(await mark.innerText()).toContain('lõm sóng');
    // A target highlights its own words.
    await page.getByRole('heading', { name: 'Proposed targets' }).waitFor();

    // Programme code and name are editable.
    await page.getByLabel('Programme code').fill('vn-draft-e2e');
    await page.getByLabel('Programme name').fill('Kết luận phiên họp thứ 8 (trích)');

    // The drafter found no issuer: importing as is (past the check) comes back with the problem next to the issuer field.
    await page.getByRole('button', { name: 'Import programme' }).click();
    await page.getByTestId('pre-import-check').waitFor();
    await page.getByRole('button', { name: /^Import anyway \(\d+ open point\(s\)\)$/ }).click();
    await page
      .getByTestId('import-error')
      .waitFor({ timeout: 5000 })
      .catch(async (e) => {
        await page.screenshot({ path: '/tmp/draft-fail.png', fullPage: true });
        throw e;
      });
    await page.getByText('No org unit with code UNKNOWN').first().waitFor();
    await expect
      .poll(() =>
        page
          .locator('input')
          .and(page.getByLabel('Issuing unit 1', { exact: true }))
          .getAttribute('aria-invalid'),
      )
      .toBe('true');

    // Drop a task, set a lead and the issuer, import.
    const others = body.draft.nodes.filter((n) => n.code !== code && !n.title.vi.includes('12/53'));
    if (others[0]) await page.getByRole('button', { name: `Drop ${others[0].title.vi}`, exact: true }).click();
    await chooseUnit(page, `Lead agency of ${code}`, 'VN-MIC-VNTA');
    await chooseUnit(page, 'Issuing unit 1', 'VN-BCDTW');
    await page.getByRole('button', { name: 'Import programme' }).click();
    await page.getByRole('button', { name: /^Import anyway \(\d+ open point\(s\)\)$/ }).click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-error').count()).toBe(0);

    const programmes = (await (await demo.context.request.get(`${demo.server.url}/api/programmes`)).json()) as {
      items: Array<{ code: string; issuers: string[] }>;
    };
    const mine = programmes.items.find((p) => p.code === 'vn-draft-e2e');
    expect(mine?.issuers).toEqual(['VN-BCDTW']);
    const node = (await (
      await demo.context.request.get(`${demo.server.url}/api/programmes/vn-draft-e2e/nodes/${code}`)
    ).json()) as { lead: string; title: { vi: string } };
    expect(node.lead).toBe('VN-MIC-VNTA');
    expect(node.title.vi).toContain('lõm sóng');
    const tree = (await (
      await demo.context.request.get(`${demo.server.url}/api/programmes/vn-draft-e2e/tree`)
    ).json()) as {
      items: unknown[];
    };
    expect(tree.items.length).toBe(body.draft.nodes.length - (others[0] ? 1 : 0));

    // The success message links to the new programme's tree.
    await page.getByRole('link', { name: 'Open the programme tree' }).click();
    await page.waitForURL(/\/tree\?programme=vn-draft-e2e/);

    expect(page.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('checks before import: lists tasks without a lead or a deadline and unmatched agencies, and takes a decision on each', async () => {
    const page = await demo.open('/drafts');
    await page.getByRole('heading', { name: 'Draft a programme from its text' }).waitFor();
    // one task led by a named ministry with a deadline, one task with neither, one agency the org units do not have
    const text = [
      'Kết luận phiên họp Ban Chỉ đạo.',
      'Giao Bộ Thông tin và Truyền thông chủ trì triển khai mạng 5G trên toàn quốc trước tháng 12/2025.',
      'Đẩy mạnh tuyên truyền về chuyển đổi số.',
      'Giao Ban Tuyên giáo Trung ương tổ chức phong trào học tập số.',
    ].join('\n');
    await page.getByLabel('Text of the document').fill(text);
    const drafted = page.waitForResponse((r) => r.url().endsWith('/api/drafts') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Propose' }).click();
    const body = (await (await drafted).json()) as {
      draft: { nodes: Array<{ code: string; title: { vi: string }; lead?: string; due?: string }> };
      unmatchedAgencies: Array<{ name: string }>;
    };
    const led = body.draft.nodes.find((n) => n.title.vi.includes('5G'))!;
    expect(led.lead).toBe('VN-MIC');
    expect(led.due).toBe('2025-12-31');
    const bare = body.draft.nodes.find((n) => n.title.vi.includes('tuyên truyền'))!;
    expect(bare.lead).toBeUndefined();
    expect(body.unmatchedAgencies.map((a) => a.name)).toContain('Ban Tuyên giáo Trung ương');

    await page.getByLabel('Programme code').fill('vn-draft-check-e2e');
    await chooseUnit(page, 'Issuing unit 1', 'VN-BCDTW');
    // Import: nothing is sent yet, the check lists what is missing
    let posted = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/programmes/import')) posted++;
    });
    await page.getByRole('button', { name: 'Import programme' }).click();
    const check = page.getByTestId('pre-import-check');
    await check.waitFor();
    expect(posted).toBe(0);
    const rows = await check.getByRole('listitem').allInnerTexts();
    expect(rows.some((r) => r.includes(`${bare.code} has no lead agency`))).toBe(true);
    expect(rows.some((r) => r.includes(`${bare.code} has no deadline`))).toBe(true);
    expect(rows.some((r) => r.includes(`${led.code} has no`))).toBe(false);
    expect(rows.some((r) => r.includes('"Ban Tuyên giáo Trung ương" matches no org unit'))).toBe(true);
    // a decision on each: fill the lead, skip the deadline question by importing anyway, skip the agency
    await check
      .getByRole('button', { name: `Fill ${bare.code}` })
      .first()
      .click();
    await chooseUnit(page, `Lead agency of ${bare.code}`, 'VN-MIC');
    await expect.poll(() => check.getByText(`${bare.code} has no lead agency`).count()).toBe(0);
    await check.getByRole('button', { name: `Import ${bare.code} anyway` }).click();
    await check.getByRole('button', { name: 'Skip Ban Tuyên giáo Trung ương' }).click();
    // what is left: the other tasks' questions; answer them all at once
    const left = await check.getByRole('listitem').count();
    if (left > 0) await page.getByRole('button', { name: /^Import anyway \(\d+ open point\(s\)\)$/ }).click();
    else await page.getByRole('button', { name: 'Import programme' }).click();
    await page.getByTestId('import-done').waitFor();
    expect(posted).toBe(1);
    const node = (await (
      await demo.context.request.get(`${demo.server.url}/api/programmes/vn-draft-check-e2e/nodes/${bare.code}`)
    ).json()) as { lead: string };
    expect(node.lead).toBe('VN-MIC');
    expect(page.errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('is accessible and mirrors in Arabic', async () => {
    const page = await demo.open('/drafts?lang=ar');
    await page.getByRole('heading', { name: 'صياغة برنامج من نصه' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByLabel('نص الوثيقة').fill(await shortText());
    await page.getByRole('button', { name: 'اقترح' }).click();
    await page.getByRole('heading', { name: 'النص المصدر' }).waitFor();
    await page.getByRole('button', { name: /^إظهار T1/ }).click();
    await page.getByTestId('source-highlight').waitFor();
    if (process.env.DRAFT_SHOT) await page.screenshot({ path: process.env.DRAFT_SHOT });
    const violations = await axeViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.close();
  }, 120_000);
});
