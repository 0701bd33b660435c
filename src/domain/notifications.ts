/**
 * Notification rules, contacts and webhook endpoints: shapes shared by API, CLI and
 * services. Rule kinds form a registry: adding one (indicator value missing, off
 * track) is a new entry here and a candidate query, without a migration.
 */
import { z } from 'zod';
import { languageSchema } from './i18n.js';
import { addDays, daysBetween } from './dates.js';
import { scheduleOf, type Schedule } from './data-sets.js';
import { formatPeriod, periodOf, periodStart, periodsBetween } from './period.js';

/**
 * Who hears about a notice: the assigned unit, (escalation) its parent unit and the
 * secretariat, or (early) the unit and its parent unit.
 */
export type Audience = 'unit' | 'escalation' | 'unit_and_parent';

export const RULE_PARAMS = {
  /** Remind the unit N days before the due date (once per due date). */
  due_soon: z.object({ days: z.coerce.number().int().min(0).max(365).default(7) }).strict(),
  /** Tell the unit the day after the due date; repeat every `repeatDays` days while overdue (0: once). */
  overdue: z.object({ repeatDays: z.coerce.number().int().min(0).max(365).default(0) }).strict(),
  /** Overdue for `days` days: tell the parent unit and the programme's secretariat. */
  escalation: z.object({ days: z.coerce.number().int().min(1).max(3650).default(30) }).strict(),
  /** No progress report for the previous month (or quarter) `graceDays` days after it ended. */
  report_missing: z
    .object({
      period: z.enum(['month', 'quarter']).default('month'),
      graceDays: z.coerce.number().int().min(0).max(60).default(5),
    })
    .strict(),
  /**
   * Early warning: open work due within `horizonDays` that is heading for late (projected
   * past due + `toleranceDays`, blocked, stalled, or silent for `silenceDays`) — the unit
   * and its parent hear of it once per due date, while it can still be fixed.
   */
  heading_for_late: z
    .object({
      horizonDays: z.coerce.number().int().min(1).max(730).default(60),
      toleranceDays: z.coerce.number().int().min(0).max(365).default(14),
      silenceDays: z.coerce.number().int().min(1).max(3650).default(90),
    })
    .strict(),
} as const;

export type RuleKind = keyof typeof RULE_PARAMS;
export const RULE_KINDS = Object.keys(RULE_PARAMS) as RuleKind[];
export const RULE_AUDIENCE: Record<RuleKind, Audience> = {
  due_soon: 'unit',
  overdue: 'unit',
  escalation: 'escalation',
  report_missing: 'unit',
  heading_for_late: 'unit_and_parent',
};

/** The kinds a data set's rules may have: its forms are due soon, overdue, or escalated to the parent unit. */
export const FORM_RULE_KINDS = ['due_soon', 'overdue', 'escalation'] as const satisfies readonly RuleKind[];
export type FormRuleKind = (typeof FORM_RULE_KINDS)[number];
export function isFormRuleKind(kind: string): kind is FormRuleKind {
  return (FORM_RULE_KINDS as readonly string[]).includes(kind);
}
/** A form notice's kind: the rule's kind with this prefix (its own texts and webhook event). */
export const FORM_NOTICE_PREFIX = 'form_';
/** Without an expiry, an unsubmitted form is reminded of for at most this many days after its due day. */
export const FORM_REMINDER_LOOKBACK_DAYS = 365;

export interface FormOccasion {
  period: string;
  periodStart: string;
  due: string;
  /** The date the notice is about (due − days, due + 1 (+ k × repeat), due + days): the de-duplication key's date. */
  occasion: string;
}

/**
 * The periods of a data set whose form, if not yet received, calls for a notice of this rule on
 * `day`, with the occasion. Only periods whose entry has opened by `day` and, after the due day,
 * has not closed (expiry; without one, for FORM_REMINDER_LOOKBACK_DAYS); none before the first period.
 */
export function formOccasions(
  ds: Schedule & { firstPeriodStart: string | null },
  rule: { kind: FormRuleKind; params: Record<string, unknown> },
  day: string,
): FormOccasion[] {
  const days = Number(rule.params.days ?? 0);
  const repeat = Number(rule.params.repeatDays ?? 0);
  const ahead = rule.kind === 'due_soon' ? days : 0;
  const back = rule.kind === 'due_soon' ? 0 : (ds.expiryDays ?? FORM_REMINDER_LOOKBACK_DAYS + ds.dueDays) - ds.dueDays;
  // due = period end + dueDays, so the period ends within [day − back − dueDays, day + ahead − dueDays].
  const first = periodOf(addDays(day, -back - ds.dueDays - 1), ds.periodType);
  const last = periodOf(addDays(day, ahead - ds.dueDays), ds.periodType);
  const out: FormOccasion[] = [];
  for (const p of periodsBetween(first, last)) {
    const start = periodStart(p);
    if (ds.firstPeriodStart !== null && start < ds.firstPeriodStart) continue;
    const { opens, due, closes } = scheduleOf(ds, p);
    if (opens > day) continue;
    const open = closes === null ? daysBetween(due, day) <= FORM_REMINDER_LOOKBACK_DAYS : day <= closes;
    let occasion: string | null;
    if (rule.kind === 'due_soon') occasion = due >= day && addDays(due, -days) <= day ? addDays(due, -days) : null;
    else if (rule.kind === 'overdue')
      occasion =
        day > due && open
          ? addDays(due, 1 + (repeat > 0 ? Math.floor((daysBetween(due, day) - 1) / repeat) * repeat : 0))
          : null;
    else occasion = daysBetween(due, day) >= days && open ? addDays(due, days) : null;
    if (occasion !== null) out.push({ period: formatPeriod(p), periodStart: start, due, occasion });
  }
  return out;
}

export const ruleInputSchema = z
  .object({
    kind: z.enum(RULE_KINDS as [RuleKind, ...RuleKind[]]),
    params: z.record(z.string(), z.unknown()).default({}),
    active: z.boolean().default(true),
  })
  .transform((r, ctx) => {
    const parsed = RULE_PARAMS[r.kind].safeParse(r.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', path: ['params', ...issue.path.map(String)], message: issue.message });
      return z.NEVER;
    }
    return { kind: r.kind, params: parsed.data, active: r.active };
  });
export type RuleInput = z.input<typeof ruleInputSchema>;
export type Rule = z.output<typeof ruleInputSchema> & { id: number };

export const CONTACT_ROLES = ['reporter', 'head', 'secretariat'] as const;
export const contactInputSchema = z.object({
  unit: z.string().min(1),
  email: z.email(),
  name: z.string().min(1).optional(),
  language: languageSchema.default('en'),
  role: z.enum(CONTACT_ROLES).default('reporter'),
  digest: z.boolean().default(false).describe('one mail a day with all notices instead of one per event'),
});
export type ContactInput = z.input<typeof contactInputSchema>;

export const webhookInputSchema = z
  .object({
    unit: z.string().min(1).optional(),
    programme: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/ }),
    secret: z.string().min(16).describe('shared secret for the X-Mandate-Signature HMAC'),
    language: languageSchema.default('en'),
  })
  .refine((w) => (w.unit === undefined) !== (w.programme === undefined), {
    message: 'give exactly one of unit or programme',
  });
export type WebhookInput = z.input<typeof webhookInputSchema>;
