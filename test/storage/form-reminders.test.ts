/**
 * Reminders for data-set forms, on both stores, with the injected clock moved day by day
 * across a monthly form's due day: the reporters of the communes that owe the form hear
 * that it is due soon and then overdue, the province and the data set's secretariat hear
 * of the escalation; a commune that submitted hears nothing more; each notice is planned
 * and sent once (a re-run of the same day adds nothing), in the contact's language, a
 * digest contact gets one mail a day; a form rule of a kind forms do not have is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, STORE_KINDS, type TestStore } from '../helpers/stores.js';
import { loadFixtures } from '../helpers/app.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { systemContext } from '../../src/services/context.js';
import { addContact, listRules, noticeLog, setRules } from '../../src/services/notifications/settings.js';
import { runNotifications } from '../../src/jobs/scheduler.js';
import { smtpMailer } from '../../src/services/notifications/delivery.js';
import { planNotices } from '../../src/services/notifications/planner.js';
import { createIndicator } from '../../src/services/indicators.js';
import { importDataSetsText } from '../../src/services/data-sets.js';
import { saveForm } from '../../src/services/data-entry-forms.js';
import { addDays } from '../../src/domain/dates.js';
import { ValidationError } from '../../src/domain/errors.js';

const DATASETS = `format: mandate.datasets/1
dataSets:
  - code: COMMUNE-MONTHLY
    name: { en: Commune monthly figures, vi: Số liệu hằng tháng của xã, zh: 乡镇月报, ar: الأرقام الشهرية للبلدية }
    periodType: month
    unitKind: commune
    scope: VN
    indicators: [online_services]
    dueDays: 10
    expiryDays: 40
    firstPeriod: 2024M10
`;

describe.each(STORE_KINDS)('form reminders on %s', (kind) => {
  let store: TestStore;
  let sink: MailSink;
  let now = new Date('2024-11-01T08:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    sink = await startMailSink();
    store = await createTestStore(kind);
    await loadFixtures(store);
    const ctx = systemContext(store.db, clock);
    await createIndicator(ctx, {
      code: 'online_services',
      name: { en: 'Online services' },
      unit: 'n',
      valueType: 'count',
    });
    await importDataSetsText(ctx, DATASETS, 'datasets.yaml');
    await setRules(ctx, { dataSet: 'COMMUNE-MONTHLY' }, [
      { kind: 'due_soon', params: { days: 3 } },
      { kind: 'overdue', params: { repeatDays: 0 } },
      { kind: 'escalation', params: { days: 5 } },
    ]);
    await addContact(ctx, { unit: 'VN-HN-C1', email: 'c1@example.vn', language: 'vi' });
    await addContact(ctx, { unit: 'VN-HN-C2', email: 'c2@example.vn', language: 'ar' });
    await addContact(ctx, { unit: 'VN-HN', email: 'hn-head@example.vn', language: 'en', role: 'head' });
    await addContact(ctx, { unit: 'VN', email: 'sec@example.vn', language: 'zh', role: 'secretariat', digest: true });
    await addContact(ctx, { unit: 'VN-HP', email: 'hp@example.vn', language: 'en' }); // a province: owes no commune form
  });
  afterAll(async () => {
    await store?.close();
    await sink?.close();
  });

  it('refuses rule kinds forms do not have, naming the rule', async () => {
    const ctx = systemContext(store.db, clock);
    const error = await setRules(ctx, { dataSet: 'COMMUNE-MONTHLY' }, [
      { kind: 'due_soon' },
      { kind: 'report_missing' },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([expect.objectContaining({ path: 'rules.1.kind' })]);
    const rules = await listRules(ctx, { dataSet: 'COMMUNE-MONTHLY' });
    expect(rules.map((r) => [r.dataSet, r.programme, r.kind, r.active])).toEqual([
      ['COMMUNE-MONTHLY', null, 'due_soon', true],
      ['COMMUNE-MONTHLY', null, 'overdue', true],
      ['COMMUNE-MONTHLY', null, 'escalation', true],
    ]);
  });

  it('reminds the units that owe the form, once each, escalates to the parent and the secretariat', async () => {
    const ctx = systemContext(store.db, clock);
    const deps = { mailer: smtpMailer(sink.url, 'Mandate <mandate@test.local>') };
    const byDay = new Map<string, string[]>();
    try {
      for (let day = '2024-11-01'; day <= '2024-11-20'; day = addDays(day, 1)) {
        now = new Date(`${day}T08:00:00Z`);
        if (day === '2024-11-09')
          await saveForm({ ...ctx, actor: { name: 'c1-reporter' } }, 'COMMUNE-MONTHLY', 'VN-HN-C1', '2024M10', {
            values: [{ indicator: 'online_services', value: 12 }],
            submit: true,
          });
        const dry = await planNotices(ctx, day, { dryRun: true });
        const before = sink.mails.length;
        const { plan } = await runNotifications(ctx, deps);
        expect(plan.notices.map((n) => n.key).sort()).toEqual(dry.notices.map((n) => n.key).sort());
        byDay.set(
          day,
          sink.mails.slice(before).map((m) => `${m.to.join(',')} ${m.subject}`),
        );
        // The same day again (another server, a restart): nothing new.
        const again = await runNotifications(ctx, deps);
        expect(again.plan.notices).toEqual([]);
      }
    } finally {
      deps.mailer.close();
    }
    const sent = [...byDay].filter(([, m]) => m.length > 0).map(([d, m]) => [d, m.sort()]);
    // 2024M10 is due on 2024-11-10: due soon from 11-07, overdue on 11-11, escalated on 11-15 (and the
    // secretariat's digest the same day). Ba Dinh submitted on 11-09: only its due-soon reminder.
    expect(sent).toEqual([
      [
        '2024-11-07',
        [
          'c1@example.vn Còn 3 ngày đến hạn nộp biểu mẫu: Số liệu hằng tháng của xã, kỳ 2024M10',
          'c2@example.vn يستحق النموذج خلال 3 أيام: الأرقام الشهرية للبلدية، الفترة 2024M10',
        ],
      ],
      ['2024-11-11', ['c2@example.vn نموذج متأخر: الأرقام الشهرية للبلدية، الفترة 2024M10']],
      [
        '2024-11-15',
        [
          'hn-head@example.vn Escalation: form Commune monthly figures for 2024M10 is 5 days overdue',
          'sec@example.vn Mandate 每日汇总（2024-11-15）：1条通知',
        ],
      ],
    ]);
    const c2 = sink.mails.find((m) => m.to.includes('c2@example.vn'))!;
    expect(c2.headers['content-language']).toBe('ar');
    expect(c2.html).toContain('dir="rtl"');
    expect(c2.text).toContain('الخاص بـ Hoan Kiem ward'); // no Arabic name: the English one
    expect(c2.text).toContain('يرجى إدخال النموذج وتقديمه في Mandate (نماذجي).');
    const digest = sink.mails.find((m) => m.to.includes('sec@example.vn'))!;
    expect(digest.text).toContain('乡镇月报');
    expect(digest.text).toContain('已逾期5天');
    // The log names the data set and the period; nothing went to a unit that owes no form.
    const log = await noticeLog(ctx, { limit: 50, offset: 0 });
    expect(log).toHaveLength(5);
    expect(new Set(log.map((n) => `${n.data_set} ${n.period} ${n.status}`))).toEqual(
      new Set(['COMMUNE-MONTHLY 2024M10 done']),
    );
    expect(sink.mails.some((m) => m.to.includes('hp@example.vn'))).toBe(false);
  });
});
