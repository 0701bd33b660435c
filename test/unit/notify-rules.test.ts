/** Pure parts of notifications: rule parameters, report-missing windows, backoff, message rendering. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FORM_REMINDER_LOOKBACK_DAYS, formOccasions, ruleInputSchema } from '../../src/domain/notifications.js';
import { formStatus, scheduleOf } from '../../src/domain/data-sets.js';
import { periodOf, periodStart, periodsBetween } from '../../src/domain/period.js';
import { missingReportWindow } from '../../src/services/notifications/planner.js';
import { backoffDelay } from '../../src/jobs/queue.js';
import { renderEmail } from '../../src/services/notifications/messages.js';
import type { NoticeDetail } from '../../src/db/repositories/notifications.repository.js';
import { addDays, daysBetween } from '../../src/domain/dates.js';
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
  data_set_code: null,
  data_set_name: null,
  period: null,
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

describe('form reminders', () => {
  const formNotice: NoticeDetail = {
    ...notice,
    kind: 'form_overdue',
    assignment_id: null,
    programme_code: null,
    programme_name: null,
    node_code: null,
    node_title: null,
    data_set_code: 'COMMUNE-MONTHLY',
    data_set_name: { en: 'Commune monthly', vi: 'Số liệu hằng tháng của xã', zh: '乡镇月报', ar: 'النموذج الشهري' },
    period: '2024M11',
    due_date: '2024-12-10',
    planned_on: '2024-12-13',
    current_percent: null,
    current_state: null,
  };

  it('names the data set, the period and the days overdue in each language', () => {
    const en = renderEmail([formNotice], 'en', '2024-12-13', false);
    expect(en.subject).toBe('Form overdue: Commune monthly, 2024M11');
    expect(en.text).toContain(
      'The form Commune monthly for 2024M11 of Hà Nội was due on 2024-12-10 and is 3 days overdue',
    );
    expect(en.text).toContain('Please enter and submit the form in Mandate (My forms).');
    const ar = renderEmail([formNotice], 'ar', '2024-12-13', false);
    expect(ar.html).toContain('dir="rtl"');
    expect(ar.subject).toBe('نموذج متأخر: النموذج الشهري، الفترة 2024M11');
    const vi = renderEmail(
      [{ ...formNotice, kind: 'form_due_soon', planned_on: '2024-12-07' }],
      'vi',
      '2024-12-07',
      false,
    );
    expect(vi.subject).toBe('Còn 3 ngày đến hạn nộp biểu mẫu: Số liệu hằng tháng của xã, kỳ 2024M11');
    const zh = renderEmail([formNotice, notice], 'zh', '2024-12-13', true);
    expect(zh.text).toContain('乡镇月报');
    expect(zh.text).toContain('请在 Mandate 中报告进展。'); // a mixed digest keeps the general call to action
  });

  const schedule = fc.record({
    periodType: fc.constantFrom('month' as const, 'quarter' as const, 'year' as const),
    openOffsetDays: fc.integer({ min: -30, max: 40 }),
    dueDays: fc.integer({ min: 0, max: 40 }),
    expiry: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
    first: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
  });
  const ruleArb = fc.oneof(
    fc.record({ kind: fc.constant('due_soon' as const), params: fc.record({ days: fc.integer({ min: 0, max: 30 }) }) }),
    fc.record({
      kind: fc.constant('overdue' as const),
      params: fc.record({ repeatDays: fc.integer({ min: 0, max: 20 }) }),
    }),
    fc.record({
      kind: fc.constant('escalation' as const),
      params: fc.record({ days: fc.integer({ min: 1, max: 60 }) }),
    }),
  );

  it('agrees with a brute-force reading of the schedule over every period, and never names a future occasion', () => {
    fc.assert(
      fc.property(schedule, ruleArb, fc.integer({ min: 0, max: 1500 }), (s, rule, offset) => {
        const day = addDays('2023-01-01', offset);
        const ds = {
          periodType: s.periodType,
          openOffsetDays: s.openOffsetDays,
          dueDays: s.dueDays,
          expiryDays: s.expiry === null ? null : s.dueDays + s.expiry,
          firstPeriodStart:
            s.first === null ? null : periodStart(periodOf(addDays('2022-06-01', s.first), s.periodType)),
        };
        const got = formOccasions(ds, rule, day);
        const expected = periodsBetween('2020', '2028', s.periodType).flatMap((p) => {
          const { opens, due, closes } = scheduleOf(ds, p);
          if (opens > day || (ds.firstPeriodStart !== null && periodStart(p) < ds.firstPeriodStart)) return [];
          const open = closes === null ? daysBetween(due, day) <= FORM_REMINDER_LOOKBACK_DAYS : day <= closes;
          const st = formStatus(null, false, due, day, rule.kind === 'due_soon' ? rule.params.days : 0);
          if (rule.kind === 'due_soon') return st.dueSoon ? [addDays(due, -rule.params.days)] : [];
          if (!st.overdue || !open) return [];
          if (rule.kind === 'escalation')
            return -st.daysLeft >= rule.params.days ? [addDays(due, rule.params.days)] : [];
          const r = rule.params.repeatDays;
          return [addDays(due, 1 + (r > 0 ? Math.floor((-st.daysLeft - 1) / r) * r : 0))];
        });
        expect(got.map((o) => o.occasion)).toEqual(expected);
        for (const o of got) expect(o.occasion <= day || rule.kind === 'due_soon').toBe(true);
        for (const o of got) if (rule.kind !== 'due_soon') expect(o.occasion <= day).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('names each overdue form once when planned day by day (repeat 0), and every repeatDays otherwise', () => {
    const ds = { periodType: 'month' as const, openOffsetDays: 0, dueDays: 10, expiryDays: 60, firstPeriodStart: null };
    const seen = (repeatDays: number) => {
      const keys = new Set<string>();
      for (let d = '2024-01-01'; d <= '2024-06-30'; d = addDays(d, 1))
        for (const o of formOccasions(ds, { kind: 'overdue', params: { repeatDays } }, d))
          keys.add(`${o.period}:${o.occasion}`);
      return [...keys].filter((k) => k.startsWith('2024M02:'));
    };
    expect(seen(0)).toEqual(['2024M02:2024-03-11']); // due 2024-03-10
    expect(seen(20)).toEqual(['2024M02:2024-03-11', '2024M02:2024-03-31', '2024M02:2024-04-20']); // closes 2024-04-29
  });
});
