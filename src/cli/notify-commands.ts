/** `mandate notify`, `mandate report`, `mandate publish` / `unpublish`, `mandate contacts`, `mandate rules`. */
import { Option, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import type { Store } from '../db/connect.js';
import { dateOf } from '../domain/dates.js';
import { LANGUAGES, type Language } from '../domain/languages.js';
import { FORM_RULE_KINDS, RULE_KINDS } from '../domain/notifications.js';
import type { ServiceContext } from '../services/context.js';
import { planNotices } from '../services/notifications/planner.js';
import { addContact, addRule, addWebhook, listContacts, listRules } from '../services/notifications/settings.js';
import { meetingReportFile } from '../services/meeting-report/meeting-report-file.js';
import { takeMeetingReportSnapshot } from '../services/meeting-report/take-snapshot.js';
import { setPublished } from '../services/public.js';
import { deliveryDepsFrom, loadNotifyConfig, runNotifications } from '../jobs/scheduler.js';

type WithStore = <T>(flags: object, work: (store: Store, ctx: ServiceContext) => Promise<T>) => Promise<T>;

export function registerNotifyCommands(
  program: Command,
  storeOptions: (cmd: Command) => Command,
  withStore: WithStore,
): void {
  storeOptions(
    program
      .command('notify')
      .description('plan today’s reminders and escalations and send them (e-mail over MANDATE_SMTP_URL, webhooks)')
      .option('--dry-run', 'show what would be sent, send nothing, store nothing')
      .option('--date <date>', 'plan as of this day (YYYY-MM-DD, default today)'),
  ).action(async (flags: { dryRun?: boolean; date?: string }) => {
    await withStore(flags, async (_s, ctx) => {
      const day = flags.date ?? dateOf(ctx.now());
      const clock = flags.date ? { ...ctx, now: () => new Date(`${day}T${new Date().toISOString().slice(11)}`) } : ctx;
      if (flags.dryRun) {
        const plan = await planNotices(clock, day, { dryRun: true });
        if (plan.notices.length === 0) console.log(`${day}: nothing to send`);
        for (const n of plan.notices)
          console.log(
            `${day}  ${n.kind.padEnd(14)} ${n.channel.padEnd(7)} ${n.recipient.padEnd(32)} ${n.language}  ${n.form ? `form ${n.form.period} of unit ${n.form.unitId}` : `assignment ${n.assignmentId}`}  occasion ${n.occasion}${n.digest ? '  (daily digest)' : ''}`,
          );
        console.log(`${plan.notices.length} notices would be sent`);
        return;
      }
      const config = loadNotifyConfig();
      const deps = deliveryDepsFrom(config);
      try {
        const { plan, run } = await runNotifications(clock, deps, { day });
        console.log(
          `${day}: ${plan.notices.length} new notices in ${plan.jobs} deliveries; sent ${run.done}, to retry ${run.retried}, failed ${run.failed}`,
        );
        if (!config.smtpUrl) console.log('note: MANDATE_SMTP_URL is not set, e-mail deliveries fail and are retried');
      } finally {
        deps.mailer?.close();
      }
    });
  });

  storeOptions(
    program
      .command('report')
      .description('the meeting report of a programme × org subtree × period')
      .requiredOption('-p, --programme <code>', 'programme code')
      .option('-u, --unit <code>', 'only this org unit’s subtree')
      .option('--period <period>', '2024, 2024Q3 or 2024M09 (default: the current quarter)')
      .addOption(new Option('--lang <lang>', 'language').choices(LANGUAGES).default('en'))
      .addOption(
        new Option('--format <format>', 'output format')
          .choices(['html', 'pdf', 'xlsx', 'docx', 'json'])
          .default('pdf'),
      )
      .option('-o, --output <file>', 'output file (default: a name from programme, period and language)')
      .option(
        '--snapshot',
        'also take a snapshot of this report’s figures: the baseline the next report compares with (audited)',
      ),
  ).action(
    async (flags: {
      programme: string;
      unit?: string;
      period?: string;
      lang: Language;
      format: 'html' | 'pdf' | 'xlsx' | 'docx' | 'json';
      output?: string;
      snapshot?: boolean;
    }) => {
      await withStore(flags, async (_s, ctx) => {
        const query = { programme: flags.programme, unit: flags.unit, period: flags.period };
        const file = await meetingReportFile(ctx, { ...query, lang: flags.lang, format: flags.format });
        const out = flags.output ?? file.filename;
        await writeFile(out, file.body);
        console.log(`wrote ${out}`);
        if (flags.snapshot) {
          const taken = await takeMeetingReportSnapshot(ctx, query);
          console.log(
            `snapshot taken: ${taken.programme} ${taken.unit ?? 'all units'} ${taken.period} as of ${taken.asOf}`,
          );
        }
      });
    },
  );

  for (const [name, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    storeOptions(
      program
        .command(`${name} <programme>`)
        .description(
          published
            ? 'show a programme in the public open-data view'
            : 'withdraw a programme from the public open-data view',
        ),
    ).action(async (code: string, flags: object) => {
      await withStore(flags, async (_s, ctx) => {
        await setPublished(ctx, code, published);
        console.log(`${code}: ${published ? 'published' : 'not published'}`);
      });
    });
  }

  const contacts = program.command('contacts').description('org-unit contacts who receive reminders');
  storeOptions(contacts.command('list').option('-u, --unit <code>', 'only this subtree')).action(
    async (flags: { unit?: string }) => {
      await withStore(flags, async (_s, ctx) => {
        for (const c of await listContacts(ctx, flags.unit))
          console.log(`${c.id}\t${c.unit}\t${c.email}\t${c.language}\t${c.role}${c.digest ? '\tdigest' : ''}`);
      });
    },
  );
  storeOptions(
    contacts
      .command('add <unit> <email>')
      .addOption(new Option('--lang <lang>', 'language of the messages').choices(LANGUAGES).default('en'))
      .addOption(
        new Option(
          '--role <role>',
          'reporter and head get reminders; secretariat (of an issuing unit) gets escalations',
        )
          .choices(['reporter', 'head', 'secretariat'])
          .default('reporter'),
      )
      .option('--digest', 'one mail a day instead of one per event'),
  ).action(
    async (
      unit: string,
      email: string,
      flags: { lang: Language; role: 'reporter' | 'head' | 'secretariat'; digest?: boolean },
    ) => {
      await withStore(flags, async (_s, ctx) => {
        const c = await addContact(ctx, {
          unit,
          email,
          language: flags.lang,
          role: flags.role,
          digest: flags.digest ?? false,
        });
        console.log(`contact ${c.id}: ${c.email} (${c.unit}, ${c.language}, ${c.role})`);
      });
    },
  );
  storeOptions(
    program
      .command('webhook <url>')
      .description('add a webhook endpoint for a unit or a programme')
      .option('-u, --unit <code>', 'notices about this unit')
      .option('-p, --programme <code>', 'every notice of this programme')
      .requiredOption('--secret <secret>', 'shared secret for X-Mandate-Signature (16+ characters)')
      .addOption(new Option('--lang <lang>', 'language of the text field').choices(LANGUAGES).default('en')),
  ).action(async (url: string, flags: { unit?: string; programme?: string; secret: string; lang: Language }) => {
    await withStore(flags, async (_s, ctx) => {
      const w = await addWebhook(ctx, {
        url,
        unit: flags.unit,
        programme: flags.programme,
        secret: flags.secret,
        language: flags.lang,
      });
      console.log(`webhook ${w.id}: ${w.url}`);
    });
  });

  const rules = program
    .command('rules')
    .description('reminder and escalation rules of a programme (its assignments) or of a data set (its forms)');
  storeOptions(
    rules
      .command('list')
      .option('-p, --programme <code>', 'one programme')
      .option('-d, --data-set <code>', 'one data set'),
  ).action(async (flags: { programme?: string; dataSet?: string }) => {
    await withStore(flags, async (_s, ctx) => {
      for (const r of await listRules(ctx, flags.dataSet ? { dataSet: flags.dataSet } : flags.programme))
        console.log(
          `${r.id}\t${r.programme ?? `data set ${r.dataSet}`}\t${r.kind}\t${JSON.stringify(r.params)}${r.active ? '' : '\t(inactive)'}`,
        );
    });
  });
  storeOptions(
    rules
      .command('add <programme> <kind>')
      .description(
        `kind: ${RULE_KINDS.join(', ')}; with --data-set the first argument is a data set and the rule reminds of its forms (${FORM_RULE_KINDS.join(', ')})`,
      )
      .option('--data-set', 'the first argument is a data set code, not a programme')
      .option('--days <n>', 'due_soon: days before the due date; escalation: days overdue')
      .option('--repeat-days <n>', 'overdue: repeat every n days')
      .option('--period <period>', 'report_missing: month or quarter')
      .option('--grace-days <n>', 'report_missing: days after the period'),
  ).action(
    async (
      programme: string,
      kind: string,
      flags: { dataSet?: boolean; days?: string; repeatDays?: string; period?: string; graceDays?: string },
    ) => {
      await withStore(flags, async (_s, ctx) => {
        const params = Object.fromEntries(
          Object.entries({
            days: flags.days,
            repeatDays: flags.repeatDays,
            period: flags.period,
            graceDays: flags.graceDays,
          }).filter(([, v]) => v !== undefined),
        );
        const list = await addRule(ctx, flags.dataSet ? { dataSet: programme } : programme, {
          kind: kind as (typeof RULE_KINDS)[number],
          params,
        });
        for (const r of list)
          console.log(`${r.id}\t${r.kind}\t${JSON.stringify(r.params)}${r.active ? '' : '\t(inactive)'}`);
      });
    },
  );
}
