/** Pure parts of notifications: rule parameters, report-missing windows, backoff, message rendering. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ruleInputSchema } from '../../src/domain/notifications.js';
import { missingReportWindow } from '../../src/services/notifications/planner.js';
import { backoffDelay } from '../../src/jobs/queue.js';
import { renderEmail } from '../../src/services/notifications/messages.js';
import type { NoticeDetail } from '../../src/db/repositories/notifications.repository.js';
import { addDays } from '../../src/domain/dates.js';
import { createHmac } from 'node:crypto';
import { sign } from '../../src/services/notifications/delivery.js';

const notice: NoticeDetail = {
  id: 1,
  key: '1:2:mail:a@b.c:2024-12-24',
  kind: 'due_soon',
  channel: 'email',
  recipient: 'a@b.c',
  endpoint_id: null,
  language: 'ar',
  occasion: '2024-12-24',
  planned_on: '2024-12-24',
  assignment_id: 2,
  programme_code: 'P',
  programme_name: { en: 'Programme <b>' },
  node_code: 'T',
  node_title: { en: 'Fix "dead zones" & <more>' },
  unit_code: 'VN-HN',
  unit_name: { vi: 'Hà Nội', ar: 'هانوي' },
  due_date: '2024-12-31',
  current_percent: 42.4,
  current_state: 'in_progress',
  rule_params: { days: 7 },
};

describe('notification rules', () => {
  it('fills defaults and rejects unknown kinds and bad parameters with paths', () => {
    expect(ruleInputSchema.parse({ kind: 'escalation' })).toEqual({
      kind: 'escalation',
      params: { days: 30 },
      active: true,
    });
    expect(ruleInputSchema.parse({ kind: 'report_missing', params: { graceDays: '3' } }).params).toEqual({
      period: 'month',
      graceDays: 3,
    });
    expect(ruleInputSchema.safeParse({ kind: 'indicator_off_track' }).success).toBe(false);
    const bad = ruleInputSchema.safeParse({ kind: 'due_soon', params: { days: 7, extra: 1 } });
    expect(bad.success).toBe(false);
  });

  it('asks for the last period that ended more than the grace days ago', () => {
    expect(missingReportWindow('2025-01-06', { period: 'month', graceDays: 5 })).toEqual({
      start: '2024-12-01',
      end: '2024-12-31',
      code: '2024M12',
      occasion: '2024-12-31',
    });
    expect(missingReportWindow('2025-01-05', { period: 'month', graceDays: 5 }).code).toBe('2024M11');
    expect(missingReportWindow('2024-04-10', { period: 'quarter', graceDays: 10 }).code).toBe('2023Q4');
    expect(missingReportWindow('2024-04-11', { period: 'quarter', graceDays: 10 }).code).toBe('2024Q1');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.constantFrom('month' as const, 'quarter' as const),
        (offset, grace, period) => {
          const day = addDays('2020-01-01', offset);
          const w = missingReportWindow(day, { period, graceDays: grace });
          // The period has ended at least `grace` days before the day, and the next one has not.
          expect(addDays(w.end, grace) < day).toBe(true);
          const next = missingReportWindow(addDays(w.end, grace + 1), { period, graceDays: grace });
          expect(next.code).toBe(w.code);
        },
      ),
    );
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 60_000, 600_000))).toEqual([
      60_000, 120_000, 240_000, 480_000, 600_000,
    ]);
  });

  it('signs with HMAC-SHA256 of the body', () => {
    expect(sign('{"a":1}', 'secret')).toBe(`sha256=${createHmac('sha256', 'secret').update('{"a":1}').digest('hex')}`);
  });
});

describe('notification messages', () => {
  it('escapes names in HTML and lays Arabic out right to left', () => {
    const mail = renderEmail([notice], 'ar', '2024-12-24', false);
    expect(mail.language).toBe('ar');
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('Fix &quot;dead zones&quot; &amp; &lt;more&gt;');
    expect(mail.html).not.toContain('<more>');
    expect(mail.text).toContain('Fix "dead zones" & <more>');
    expect(mail.text).toContain('هانوي');
    expect(mail.subject).toBe('يستحق خلال 7 أيام: Fix "dead zones" & <more>');
  });

  it('falls back to English for an unknown language and names the days left', () => {
    const mail = renderEmail([{ ...notice, planned_on: '2024-12-27' }], 'fr', '2024-12-27', false);
    expect(mail.subject).toBe('Due in 4 days: Fix "dead zones" & <more>');
    expect(mail.html).toContain('dir="ltr"');
    expect(mail.text).toContain('Progress reported: 42%');
  });

  it('writes one digest for several notices', () => {
    const mail = renderEmail(
      [notice, { ...notice, id: 2, kind: 'overdue', planned_on: '2025-01-03' }],
      'vi',
      '2025-01-03',
      true,
    );
    expect(mail.subject).toBe('Tổng hợp hằng ngày của Mandate ngày 2025-01-03: 2 thông báo');
    expect(mail.text.match(/^- /gm)).toHaveLength(2);
    expect(mail.text).toContain('đã quá hạn 3 ngày');
  });
});
