/** Notification settings: rules per programme or data set, unit contacts and webhook endpoints. */
import { recordChange } from '../audit.js';
import { checkWebhookUrl } from './webhook-guard.js';
import { notificationsRepository, type RuleTarget } from '../../db/repositories/notifications.repository.js';
import { jobsRepository } from '../../db/repositories/jobs.repository.js';
import { orgUnitsRepository } from '../../db/repositories/org-units.repository.js';
import { NotFoundError, ValidationError, problemsFromZod } from '../../domain/errors.js';
import {
  FORM_RULE_KINDS,
  isFormRuleKind,
  contactInputSchema,
  ruleInputSchema,
  webhookInputSchema,
  type ContactInput,
  type RuleInput,
  type WebhookInput,
} from '../../domain/notifications.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { requireProgramme } from '../programmes.js';
import { requireDataSet } from '../data-sets.js';

/** A rule's target by code: a programme's assignments or a data set's forms. */
export type RuleTargetCode = { programme: string } | { dataSet: string };

async function resolveTarget(ctx: ServiceContext, t: RuleTargetCode): Promise<RuleTarget> {
  return 'programme' in t
    ? { programmeId: (await requireProgramme(ctx.db, t.programme)).id }
    : { dataSetId: (await requireDataSet(ctx.db, t.dataSet)).id };
}

/** Rules of one programme or data set, or all (`programme` or `dataSet` names the target). */
export async function listRules(ctx: ServiceContext, target?: string | RuleTargetCode) {
  const t = typeof target === 'string' ? { programme: target } : target;
  const id = t ? await resolveTarget(ctx, t) : undefined;
  return (await notificationsRepository.rulesFor(ctx.db, id)).map((r) => ({
    id: r.id,
    programme: r.programme,
    dataSet: r.data_set,
    kind: r.kind,
    params: r.params,
    active: r.active,
  }));
}

/**
 * Sets a programme's or a data set's rules: unchanged rules keep their id, removed ones are
 * deactivated. A data set's rules are about its forms: due_soon, overdue and escalation only.
 */
export async function setRules(ctx: ServiceContext, target: string | RuleTargetCode, input: RuleInput[]) {
  const t = typeof target === 'string' ? { programme: target } : target;
  const parsed = ruleInputSchema.array().safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues, 'rules'));
  if ('dataSet' in t) {
    const problems = parsed.data.flatMap((r, i) =>
      isFormRuleKind(r.kind)
        ? []
        : [{ path: `rules.${i}.kind`, message: `a data set's rules are ${FORM_RULE_KINDS.join(', ')}, not ${r.kind}` }],
    );
    if (problems.length) throw new ValidationError(problems);
  }
  await inTransaction(ctx, async (tctx) => {
    await notificationsRepository.replaceRules(tctx.db, await resolveTarget(tctx, t), parsed.data);
    const id = 'programme' in t ? t.programme : `data-set:${t.dataSet}`;
    await recordChange(tctx, { action: 'set_rules', type: 'notification_rule', id, after: parsed.data });
  });
  return listRules(ctx, t);
}

/** Adds one rule to a programme or a data set (keeping the others). */
export async function addRule(ctx: ServiceContext, target: string | RuleTargetCode, input: RuleInput) {
  const current = (await listRules(ctx, target))
    .filter((r) => r.active)
    .map((r) => ({ kind: r.kind, params: r.params, active: true })) as RuleInput[];
  return setRules(ctx, target, [...current, input]);
}

export async function addContact(ctx: ServiceContext, input: ContactInput) {
  const parsed = contactInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  const unit = await orgUnitsRepository.byCode(ctx.db, parsed.data.unit);
  if (!unit) throw new ValidationError([{ path: 'unit', message: `no org unit ${parsed.data.unit}` }]);
  return inTransaction(ctx, async (tctx) => {
    const id = await notificationsRepository.addContact(tctx.db, {
      unitId: unit.id,
      email: parsed.data.email,
      name: parsed.data.name ?? null,
      language: parsed.data.language,
      role: parsed.data.role,
      digest: parsed.data.digest,
    });
    const contact = { id, ...parsed.data, email: parsed.data.email.toLowerCase() };
    await recordChange(tctx, { action: 'create', type: 'contact', id, after: contact });
    return contact;
  });
}

export async function listContacts(ctx: ServiceContext, unit?: string) {
  let unitPath: string | undefined;
  if (unit) {
    const row = await orgUnitsRepository.byCode(ctx.db, unit);
    if (!row) throw new NotFoundError(`no org unit ${unit}`);
    unitPath = row.path;
  }
  return notificationsRepository.contacts(ctx.db, { unitPath });
}

export async function removeContact(ctx: ServiceContext, id: number) {
  await inTransaction(ctx, async (tctx) => {
    const r = await notificationsRepository.deleteContact(tctx.db, id);
    if (r.numDeletedRows !== 1n) throw new NotFoundError(`no contact ${id}`);
    await recordChange(tctx, { action: 'delete', type: 'contact', id });
  });
}

export async function addWebhook(ctx: ServiceContext, input: WebhookInput) {
  const parsed = webhookInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  const w = parsed.data;
  let unitId: number | null = null;
  let programmeId: number | null = null;
  if (w.unit) {
    const unit = await orgUnitsRepository.byCode(ctx.db, w.unit);
    if (!unit) throw new ValidationError([{ path: 'unit', message: `no org unit ${w.unit}` }]);
    unitId = unit.id;
  } else programmeId = (await requireProgramme(ctx.db, w.programme!)).id;
  await checkWebhookUrl(w.url);
  return inTransaction(ctx, async (tctx) => {
    const id = await notificationsRepository.addWebhook(tctx.db, {
      unitId,
      programmeId,
      url: w.url,
      secret: w.secret,
      language: w.language,
    });
    const hook = {
      id,
      unit: w.unit ?? null,
      programme: w.programme ?? null,
      url: w.url,
      language: w.language,
      active: true,
    };
    await recordChange(tctx, { action: 'create', type: 'webhook', id, after: hook }); // never the secret
    return hook;
  });
}

export function listWebhooks(ctx: ServiceContext) {
  return notificationsRepository.webhooks(ctx.db);
}

export async function setWebhookActive(ctx: ServiceContext, id: number, active: boolean) {
  await inTransaction(ctx, async (tctx) => {
    const r = await notificationsRepository.setWebhookActive(tctx.db, id, active);
    if (r.numUpdatedRows !== 1n) throw new NotFoundError(`no webhook endpoint ${id}`);
    await recordChange(tctx, { action: active ? 'activate' : 'deactivate', type: 'webhook', id, after: { active } });
  });
}

/** Who was (or will be) told what, with the state of each delivery. */
export async function noticeLog(
  ctx: ServiceContext,
  q: { programme?: string | undefined; status?: string | undefined; limit: number; offset: number },
) {
  const programmeId = q.programme ? (await requireProgramme(ctx.db, q.programme)).id : undefined;
  const rows = await notificationsRepository.log(ctx.db, {
    programmeId,
    status: q.status,
    limit: q.limit,
    offset: q.offset,
  });
  return rows.map((r) => ({ ...r, finished_at: r.finished_at ? new Date(r.finished_at).toISOString() : null }));
}

export async function deliveryLog(ctx: ServiceContext, q: { job?: number | undefined; limit: number; offset: number }) {
  const rows = await jobsRepository.logFor(ctx.db, { jobId: q.job, limit: q.limit, offset: q.offset });
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
