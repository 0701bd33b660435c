/**
 * Planning: which notices are due on a day. For every active rule, the candidate
 * assignments of a programme's rule, or the unreceived forms of a data set's rule (with the
 * occasion date the notice is about), are crossed with their recipients by one shared
 * piece of code; each notice has a unique key (rule, subject, recipient, occasion), so
 * planning twice, after a restart or by two workers at once creates each notice once.
 * Occasions are dates such as "due date − N", not "today", so a day the scheduler
 * missed is caught up the next day instead of being lost.
 */
import { notificationsRepository, type NoticeValues } from '../../db/repositories/notifications.repository.js';
import { jobsRepository } from '../../db/repositories/jobs.repository.js';
import { addDays } from '../../domain/dates.js';
import { dataSetsRepository, type DataSetRow } from '../../db/repositories/data-sets.repository.js';
import type { FormSubject } from '../../db/repositories/notifications.repository.js';
import { formatPeriod, periodEnd, periodOf, periodStart, type PeriodType } from '../../domain/period.js';
import {
  FORM_NOTICE_PREFIX,
  formOccasions,
  isFormRuleKind,
  RULE_AUDIENCE,
  RULE_PARAMS,
  type Audience,
  type FormRuleKind,
  type RuleKind,
} from '../../domain/notifications.js';
import { inTransaction, type ServiceContext } from '../context.js';

export interface PlannedNotice extends NoticeValues {
  digest: boolean;
}

export interface PlanResult {
  day: string;
  /** Notices due today that were not planned before (all of them in a dry run). */
  notices: PlannedNotice[];
  /** Delivery jobs enqueued (0 in a dry run). */
  jobs: number;
}

interface Recipient {
  channel: 'email' | 'webhook';
  recipient: string;
  endpointId: number | null;
  language: string;
  digest: boolean;
}

const REMINDED_ROLES = new Set(['reporter', 'head']);

/** Parameters the report_missing candidate query needs for a day. */
export function missingReportWindow(day: string, params: { period: 'month' | 'quarter'; graceDays: number }) {
  const edge = addDays(day, -params.graceDays);
  const current = periodOf(edge, params.period);
  const previous = periodOf(addDays(periodStart(current), -1), params.period);
  return {
    start: periodStart(previous),
    end: periodEnd(previous),
    code: formatPeriod(previous),
    occasion: periodEnd(previous),
  };
}

/** What a notice is about: an assignment, or one unit's form of a data set for one period. */
interface Subject {
  /** The subject's part of the notice key (an assignment's id keeps the keys of earlier versions). */
  key: string;
  unitId: number;
  parentUnitId: number | null;
  occasion: string;
  assignmentId: number | null;
  form: FormSubject | null;
}

interface Contact {
  org_unit_id: number;
  email: string;
  language: string;
  role: string;
  digest: boolean;
}

/** A rule as the shared recipient logic sees it, for assignments or forms alike. */
interface PlannedRule {
  id: number;
  /** The notice kind (a form rule's kind is prefixed: form_overdue). */
  noticeKind: string;
  audience: Audience;
  /** The programme of an assignment rule (its webhooks, the notices' programme); null for a data set. */
  programmeId: number | null;
  /** Who hears of every escalation: the secretariat of the programme's issuers or of the data set's scope. */
  secretariat: () => Promise<Contact[]>;
}

function email(contact: Contact): Recipient {
  return {
    channel: 'email',
    recipient: contact.email,
    endpointId: null,
    language: contact.language,
    digest: contact.digest,
  };
}

/**
 * The notices of one rule's subjects: each subject's unit (or its parent, or both, by the rule's
 * audience) — its reporter and head contacts and its webhooks — and, for an escalation, the
 * secretariat. Added to `byKey` once per key (rule, subject, recipient, occasion).
 */
async function addNotices(
  ctx: ServiceContext,
  rule: PlannedRule,
  subjects: Subject[],
  day: string,
  byKey: Map<string, PlannedNotice>,
): Promise<void> {
  if (subjects.length === 0) return;
  const unitsOf = (c: Subject) =>
    (rule.audience === 'escalation'
      ? [c.parentUnitId]
      : rule.audience === 'unit_and_parent'
        ? [c.unitId, c.parentUnitId]
        : [c.unitId]
    ).filter((id): id is number => id !== null);
  const unitIds = [...new Set(subjects.flatMap(unitsOf))];
  const [contacts, secretariat, hooks] = await Promise.all([
    notificationsRepository.contactsOfUnits(ctx.db, unitIds),
    rule.audience === 'escalation' ? rule.secretariat() : Promise.resolve([]),
    notificationsRepository.webhooksFor(ctx.db, rule.programmeId, unitIds),
  ]);
  for (const c of subjects) {
    const units = unitsOf(c);
    const recipients: Recipient[] = [
      ...contacts
        .filter((contact) => units.includes(contact.org_unit_id) && REMINDED_ROLES.has(contact.role))
        .map(email),
      ...secretariat.map(email),
    ];
    for (const hook of hooks)
      if (
        (rule.programmeId !== null && hook.programme_id === rule.programmeId) ||
        (hook.org_unit_id !== null && units.includes(hook.org_unit_id))
      )
        recipients.push({
          channel: 'webhook',
          recipient: `webhook:${hook.id}`,
          endpointId: hook.id,
          language: hook.language,
          digest: false,
        });
    for (const r of recipients) {
      const key = `${rule.id}:${c.key}:${r.channel === 'email' ? `mail:${r.recipient}` : r.recipient}:${c.occasion}`;
      if (byKey.has(key)) continue;
      byKey.set(key, {
        key,
        ruleId: rule.id,
        kind: rule.noticeKind,
        programmeId: rule.programmeId,
        assignmentId: c.assignmentId,
        form: c.form,
        channel: r.channel,
        recipient: r.recipient,
        endpointId: r.endpointId,
        language: r.language,
        occasion: c.occasion,
        plannedOn: day,
        digest: r.digest,
      });
    }
  }
}

/** The assignments a programme's rule calls for on a day (timeliness from the supervision SQL). */
async function assignmentSubjects(
  ctx: ServiceContext,
  rule: { kind: RuleKind; programmeId: number; params: Record<string, unknown> },
  day: string,
): Promise<Subject[]> {
  let params = rule.params;
  if (rule.kind === 'report_missing')
    params = { ...params, ...missingReportWindow(day, params as { period: 'month' | 'quarter'; graceDays: number }) };
  const candidates = await notificationsRepository.candidates(
    ctx.db,
    { kind: rule.kind, programme_id: rule.programmeId, params },
    day,
    periodStart(periodOf(day, 'year')),
  );
  return candidates.map((c) => ({
    key: String(c.assignment_id),
    unitId: c.org_unit_id,
    parentUnitId: c.parent_unit_id,
    occasion: c.occasion,
    assignmentId: c.assignment_id,
    form: null,
  }));
}

/** The forms of a data set a rule calls for on a day: not received, for the periods its schedule names. */
async function formSubjects(
  ctx: ServiceContext,
  ds: DataSetRow,
  rule: { kind: FormRuleKind; params: Record<string, unknown> },
  day: string,
): Promise<Subject[]> {
  const occasions = formOccasions(
    {
      periodType: ds.period_type as PeriodType,
      openOffsetDays: ds.open_offset_days,
      dueDays: ds.due_days,
      expiryDays: ds.expiry_days,
      firstPeriodStart: ds.first_period_start,
    },
    rule,
    day,
  );
  const byStart = new Map(occasions.map((o) => [o.periodStart, o]));
  const rows = await notificationsRepository.formCandidates(ctx.db, ds, occasions);
  return rows.map((r) => {
    const o = byStart.get(r.period_start)!;
    return {
      key: `form:${r.org_unit_id}:${o.period}`,
      unitId: r.org_unit_id,
      parentUnitId: r.parent_unit_id,
      occasion: r.occasion,
      assignmentId: null,
      form: { dataSetId: ds.id, unitId: r.org_unit_id, period: o.period, due: o.due },
    };
  });
}

export async function planNotices(
  ctx: ServiceContext,
  day: string,
  options: { dryRun?: boolean } = {},
): Promise<PlanResult> {
  const rules = await notificationsRepository.activeRules(ctx.db);
  const dataSets = rules.some((r) => r.data_set_id !== null)
    ? new Map((await dataSetsRepository.list(ctx.db)).map((d) => [d.id, d]))
    : new Map<number, DataSetRow>();
  const byKey = new Map<string, PlannedNotice>();
  for (const rule of rules) {
    const kind = rule.kind as RuleKind;
    const schema = RULE_PARAMS[kind];
    if (!schema) continue; // a kind this version does not know: skipped, not fatal
    const params = schema.parse(rule.params) as Record<string, unknown>;
    const audience = RULE_AUDIENCE[kind];
    if (rule.programme_id !== null) {
      const programmeId = rule.programme_id;
      const subjects = await assignmentSubjects(ctx, { kind, programmeId, params }, day);
      await addNotices(
        ctx,
        {
          id: rule.id,
          noticeKind: kind,
          audience,
          programmeId,
          secretariat: () => notificationsRepository.secretariat(ctx.db, programmeId),
        },
        subjects,
        day,
        byKey,
      );
      continue;
    }
    const ds = rule.data_set_id !== null ? dataSets.get(rule.data_set_id) : undefined;
    if (!ds || !isFormRuleKind(kind)) continue; // a form rule of a kind forms do not have: skipped
    const subjects = await formSubjects(ctx, ds, { kind, params }, day);
    await addNotices(
      ctx,
      {
        id: rule.id,
        noticeKind: `${FORM_NOTICE_PREFIX}${kind}`,
        audience,
        programmeId: null,
        secretariat: async () =>
          (await notificationsRepository.contactsOfUnits(ctx.db, [ds.scope_id])).filter(
            (c) => c.role === 'secretariat',
          ),
      },
      subjects,
      day,
      byKey,
    );
  }
  const all = [...byKey.values()];
  if (options.dryRun) {
    const existing = await notificationsRepository.existingKeys(
      ctx.db,
      all.map((n) => n.key),
    );
    return { day, notices: all.filter((n) => !existing.has(n.key)), jobs: 0 };
  }
  return inTransaction(ctx, async (tctx) => {
    const created: PlannedNotice[] = [];
    let jobs = 0;
    const digests = new Map<string, Array<{ id: number; language: string }>>();
    for (let i = 0; i < all.length; i += 1000) {
      const chunk = all.slice(i, i + 1000);
      const inserted = await notificationsRepository.insertNotices(tctx.db, chunk);
      const planned = new Map(chunk.map((n) => [n.key, n]));
      const single: Array<{
        noticeId: number;
        job: { kind: string; key: string; payload: Record<string, unknown>; runAt: Date };
      }> = [];
      for (const row of inserted) {
        const n = planned.get(row.key)!;
        created.push(n);
        if (n.channel === 'email' && n.digest) {
          const list = digests.get(n.recipient) ?? [];
          list.push({ id: row.id, language: n.language });
          digests.set(n.recipient, list);
          continue;
        }
        const kind = n.channel === 'email' ? 'notify.email' : 'notify.webhook';
        single.push({
          noticeId: row.id,
          job: {
            kind,
            key: `${kind}:${n.key}`,
            payload: { recipient: n.recipient, language: n.language, day, digest: false },
            runAt: tctx.now(),
          },
        });
      }
      // One job per new notice (its key derives from the notice key, so it is new too), in two statements.
      const jobIds = new Map(
        (
          await jobsRepository.enqueueMany(
            tctx.db,
            single.map((s) => s.job),
          )
        ).map((j) => [j.key, j.id]),
      );
      await notificationsRepository.attachEach(
        tctx.db,
        single.flatMap((s) => (jobIds.has(s.job.key) ? [{ noticeId: s.noticeId, jobId: jobIds.get(s.job.key)! }] : [])),
      );
      jobs += jobIds.size;
    }
    // One digest per recipient and day.
    for (const [email, rows] of digests) {
      const payload = { recipient: email, language: rows[0]!.language, day, digest: true };
      const key = `notify.digest:${email}:${day}`;
      let jobId = await jobsRepository.enqueue(tctx.db, { kind: 'notify.email', key, payload, runAt: tctx.now() });
      if (jobId !== null) jobs++;
      else {
        // Today's digest exists: join it while no worker has taken it, else start another.
        const job = await jobsRepository.byKey(tctx.db, key);
        const locked = job ? await jobsRepository.lockStatus(tctx.db, job.id) : undefined;
        if (locked && locked.status === 'queued' && locked.attempts === 0) jobId = locked.id;
        else {
          jobId = await jobsRepository.enqueue(tctx.db, {
            kind: 'notify.email',
            key: `${key}:${Math.min(...rows.map((r) => r.id))}`,
            payload,
            runAt: tctx.now(),
          });
          if (jobId !== null) jobs++;
        }
      }
      if (jobId !== null)
        await notificationsRepository.attach(
          tctx.db,
          rows.map((r) => r.id),
          jobId,
        );
    }
    return { day, notices: created, jobs };
  });
}
