/**
 * Planning: which notices are due on a day. For every active rule, the candidate
 * assignments (with the occasion date the notice is about) are crossed with their
 * recipients; each notice has a unique key (rule, assignment, recipient, occasion), so
 * planning twice, after a restart or by two workers at once creates each notice once.
 * Occasions are dates such as "due date − N", not "today", so a day the scheduler
 * missed is caught up the next day instead of being lost.
 */
import { notificationsRepository, type NoticeValues } from '../../db/repositories/notifications.repository.js';
import { jobsRepository } from '../../db/repositories/jobs.repository.js';
import { addDays } from '../../domain/dates.js';
import { formatPeriod, periodEnd, periodOf, periodStart } from '../../domain/period.js';
import { RULE_AUDIENCE, RULE_PARAMS, type RuleKind } from '../../domain/notifications.js';
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

export async function planNotices(
  ctx: ServiceContext,
  day: string,
  options: { dryRun?: boolean } = {},
): Promise<PlanResult> {
  const backlogStart = periodStart(periodOf(day, 'year'));
  const rules = await notificationsRepository.activeRules(ctx.db);
  const byKey = new Map<string, PlannedNotice>();
  for (const rule of rules) {
    const kind = rule.kind as RuleKind;
    const schema = RULE_PARAMS[kind];
    if (!schema) continue; // a kind this version does not know: skipped, not fatal
    let params = schema.parse(rule.params) as Record<string, unknown>;
    if (kind === 'report_missing')
      params = { ...params, ...missingReportWindow(day, params as { period: 'month' | 'quarter'; graceDays: number }) };
    const candidates = await notificationsRepository.candidates(
      ctx.db,
      { kind, programme_id: rule.programme_id, params },
      day,
      backlogStart,
    );
    if (candidates.length === 0) continue;
    const audience = RULE_AUDIENCE[kind];
    const escalation = audience === 'escalation';
    const unitsOf = (c: (typeof candidates)[number]) =>
      (audience === 'escalation'
        ? [c.parent_unit_id]
        : audience === 'unit_and_parent'
          ? [c.org_unit_id, c.parent_unit_id]
          : [c.org_unit_id]
      ).filter((id): id is number => id !== null);
    const unitIds = [...new Set(candidates.flatMap(unitsOf))];
    const [contacts, secretariat, hooks] = await Promise.all([
      notificationsRepository.contactsOfUnits(ctx.db, unitIds),
      escalation ? notificationsRepository.secretariat(ctx.db, rule.programme_id) : Promise.resolve([]),
      notificationsRepository.webhooksFor(ctx.db, rule.programme_id, unitIds),
    ]);
    for (const c of candidates) {
      const units = unitsOf(c);
      const recipients: Recipient[] = [];
      for (const contact of contacts)
        if (units.includes(contact.org_unit_id) && REMINDED_ROLES.has(contact.role))
          recipients.push({
            channel: 'email',
            recipient: contact.email,
            endpointId: null,
            language: contact.language,
            digest: contact.digest,
          });
      for (const contact of secretariat)
        recipients.push({
          channel: 'email',
          recipient: contact.email,
          endpointId: null,
          language: contact.language,
          digest: contact.digest,
        });
      for (const hook of hooks)
        if (hook.programme_id === rule.programme_id || (hook.org_unit_id !== null && units.includes(hook.org_unit_id)))
          recipients.push({
            channel: 'webhook',
            recipient: `webhook:${hook.id}`,
            endpointId: hook.id,
            language: hook.language,
            digest: false,
          });
      for (const r of recipients) {
        const key = `${rule.id}:${c.assignment_id}:${r.channel === 'email' ? `mail:${r.recipient}` : r.recipient}:${c.occasion}`;
        if (byKey.has(key)) continue;
        byKey.set(key, {
          key,
          ruleId: rule.id,
          kind,
          programmeId: rule.programme_id,
          assignmentId: c.assignment_id,
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
