/**
 * All SQL of notification rules, contacts, webhook endpoints and notices. Candidate
 * queries read timeliness from the supervision SQL (timelinessRows), so a reminder
 * and the supervision views never disagree about what is overdue.
 */
import { projectionRows } from './early-warning.repository.js';
import { DEFAULT_EARLY_WARNING } from '../../domain/early-warning.js';
import { sql, type Selectable } from 'kysely';
import type { NoticesTable } from '../schema/notify.js';
import type { Db } from '../database.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { timelinessRows } from './supervision.repository.js';

export interface Candidate {
  assignment_id: number;
  org_unit_id: number;
  parent_unit_id: number | null;
  occasion: string;
}

/** A unit's form for a period that calls for a notice (not received), with the occasion date. */
export interface FormCandidate {
  org_unit_id: number;
  parent_unit_id: number | null;
  period_start: string;
  occasion: string;
}

/** What a form notice is about: a data set's form of one unit for one period, due on a day. */
export interface FormSubject {
  dataSetId: number;
  unitId: number;
  period: string;
  due: string;
}

export interface NoticeValues {
  key: string;
  ruleId: number;
  kind: string;
  /** An assignment notice: its programme and assignment (null for a form notice). */
  programmeId: number | null;
  assignmentId: number | null;
  form: FormSubject | null;
  channel: 'email' | 'webhook';
  recipient: string;
  endpointId: number | null;
  language: string;
  occasion: string;
  plannedOn: string;
}

/**
 * A notice with what its message needs: an assignment's programme, task and status, or a
 * form's data set and period; its unit, due day and the rule's parameters.
 */
export interface NoticeDetail extends Omit<
  Selectable<NoticesTable>,
  'rule_id' | 'programme_id' | 'job_id' | 'created_at' | 'data_set_id' | 'org_unit_id' | 'due_date'
> {
  /** An assignment notice's programme and task; null for a form notice. */
  programme_code: string | null;
  programme_name: LocalizedText | null;
  node_code: string | null;
  node_title: LocalizedText | null;
  /** A form notice's data set; null for an assignment notice. */
  data_set_code: string | null;
  data_set_name: LocalizedText | null;
  unit_code: string;
  unit_name: LocalizedText;
  due_date: string;
  current_percent: number | null;
  current_state: string | null;
  rule_params: Record<string, unknown>;
}

/** A rule's target: a programme's assignments or a data set's forms. */
export type RuleTarget = { programmeId: number } | { dataSetId: number };

function targetColumn(t: RuleTarget) {
  return 'programmeId' in t
    ? { column: 'programme_id' as const, id: t.programmeId }
    : { column: 'data_set_id' as const, id: t.dataSetId };
}

const OPEN = ['not_started', 'on_track', 'due_soon'];

export const notificationsRepository = {
  // ---- rules
  rulesFor(db: Db, target?: RuleTarget) {
    let q = db
      .selectFrom('notification_rules as r')
      .leftJoin('programmes as p', 'p.id', 'r.programme_id')
      .leftJoin('data_sets as d', 'd.id', 'r.data_set_id')
      .select([
        'r.id',
        'r.programme_id',
        'p.code as programme',
        'd.code as data_set',
        'r.kind',
        'r.params',
        'r.active',
      ]);
    if (target !== undefined) {
      const { column, id } = targetColumn(target);
      q = q.where(`r.${column}`, '=', id);
    }
    return q.orderBy('r.programme_id').orderBy('r.data_set_id').orderBy('r.id').execute();
  },

  async replaceRules(
    db: Db,
    target: RuleTarget,
    rules: Array<{ kind: string; params: Record<string, unknown>; active: boolean }>,
  ): Promise<void> {
    // Rules that are kept unchanged keep their id (notice keys contain it); others are deactivated, never deleted.
    const { column, id: targetId } = targetColumn(target);
    const existing = await db
      .selectFrom('notification_rules')
      .select(['id', 'kind', 'params', 'active'])
      .where(column, '=', targetId)
      .execute();
    const keep = new Set<number>();
    for (const rule of rules) {
      const same = existing.find(
        (e) =>
          !keep.has(e.id) &&
          e.kind === rule.kind &&
          JSON.stringify(sortKeys(e.params)) === JSON.stringify(sortKeys(rule.params)),
      );
      if (same) {
        keep.add(same.id);
        if (same.active !== rule.active)
          await db.updateTable('notification_rules').set({ active: rule.active }).where('id', '=', same.id).execute();
        continue;
      }
      const { id } = await db
        .insertInto('notification_rules')
        .values({
          programme_id: column === 'programme_id' ? targetId : null,
          data_set_id: column === 'data_set_id' ? targetId : null,
          kind: rule.kind,
          params: JSON.stringify(sortKeys(rule.params)),
          active: rule.active,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      keep.add(id);
    }
    const drop = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
    if (drop.length)
      await db.updateTable('notification_rules').set({ active: false }).where('id', 'in', drop).execute();
  },

  activeRules(db: Db) {
    return db
      .selectFrom('notification_rules')
      .select(['id', 'programme_id', 'data_set_id', 'kind', 'params'])
      .where('active', '=', true)
      .orderBy('id')
      .execute();
  },

  // ---- contacts and endpoints
  async addContact(
    db: Db,
    c: { unitId: number; email: string; name: string | null; language: string; role: string; digest: boolean },
  ): Promise<number> {
    const row = await db
      .insertInto('unit_contacts')
      .values({
        org_unit_id: c.unitId,
        email: c.email.toLowerCase(),
        name: c.name,
        language: c.language,
        role: c.role,
        digest: c.digest,
      })
      .onConflict((oc) =>
        oc
          .columns(['org_unit_id', 'email'])
          .doUpdateSet({ name: c.name, language: c.language, role: c.role, digest: c.digest }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  deleteContact(db: Db, id: number) {
    return db.deleteFrom('unit_contacts').where('id', '=', id).executeTakeFirst();
  },

  contacts(db: Db, filter: { unitPath?: string | undefined }) {
    let q = db
      .selectFrom('unit_contacts as c')
      .innerJoin('org_units as u', 'u.id', 'c.org_unit_id')
      .select(['c.id', 'u.code as unit', 'c.email', 'c.name', 'c.language', 'c.role', 'c.digest']);
    if (filter.unitPath) q = q.where('u.path', 'like', `${filter.unitPath}%`);
    return q.orderBy('u.path').orderBy('c.email').execute();
  },

  contactsOfUnits(db: Db, unitIds: number[]) {
    if (unitIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('unit_contacts')
      .select(['org_unit_id', 'email', 'language', 'role', 'digest'])
      .where('org_unit_id', 'in', unitIds)
      .orderBy('email')
      .execute();
  },

  secretariat(db: Db, programmeId: number) {
    return db
      .selectFrom('unit_contacts as c')
      .innerJoin('programme_issuers as i', 'i.org_unit_id', 'c.org_unit_id')
      .select(['c.org_unit_id', 'c.email', 'c.language', 'c.role', 'c.digest'])
      .where('i.programme_id', '=', programmeId)
      .where('c.role', '=', 'secretariat')
      .orderBy('c.email')
      .execute();
  },

  async addWebhook(
    db: Db,
    w: { unitId: number | null; programmeId: number | null; url: string; secret: string; language: string },
  ): Promise<number> {
    const row = await db
      .insertInto('webhook_endpoints')
      .values({
        org_unit_id: w.unitId,
        programme_id: w.programmeId,
        url: w.url,
        secret: w.secret,
        language: w.language,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  webhooks(db: Db) {
    return db
      .selectFrom('webhook_endpoints as w')
      .leftJoin('org_units as u', 'u.id', 'w.org_unit_id')
      .leftJoin('programmes as p', 'p.id', 'w.programme_id')
      .select(['w.id', 'u.code as unit', 'p.code as programme', 'w.url', 'w.language', 'w.active'])
      .orderBy('w.id')
      .execute();
  },

  setWebhookActive(db: Db, id: number, active: boolean) {
    return db.updateTable('webhook_endpoints').set({ active }).where('id', '=', id).executeTakeFirst();
  },

  /** Active endpoints of a programme (null: none) or of some units. */
  webhooksFor(db: Db, programmeId: number | null, unitIds: number[]) {
    if (programmeId === null && unitIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('webhook_endpoints')
      .select(['id', 'org_unit_id', 'programme_id', 'language'])
      .where('active', '=', true)
      .where((eb) =>
        eb.or([
          ...(programmeId !== null ? [eb('programme_id', '=', programmeId)] : []),
          ...(unitIds.length ? [eb('org_unit_id', 'in', unitIds)] : []),
        ]),
      )
      .orderBy('id')
      .execute();
  },

  endpoint(db: Db, id: number) {
    return db
      .selectFrom('webhook_endpoints')
      .select(['id', 'url', 'secret', 'language', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  // ---- candidates: which assignments call for a notice on day D, with the occasion date
  async candidates(
    db: Db,
    rule: { kind: string; programme_id: number; params: Record<string, unknown> },
    day: string,
    backlogStart: string,
  ): Promise<Candidate[]> {
    const at = { asOf: day, dueSoonDays: 14, backlogStart };
    const d = sql`${day}::date`;
    const base = () =>
      db
        .selectFrom(timelinessRows(db, at, { programmeId: rule.programme_id }).as('t'))
        .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
        .select(['t.id as assignment_id', 't.org_unit_id', 'u.parent_id as parent_unit_id']);
    switch (rule.kind) {
      case 'due_soon': {
        const days = Number(rule.params.days);
        return base()
          .select(sql<string>`(t.due_date - ${days}::int)`.as('occasion'))
          .where('t.timeliness', 'in', OPEN)
          .where(sql<boolean>`t.due_date >= ${d} AND t.due_date - ${days}::int <= ${d}`)
          .orderBy('t.id')
          .execute();
      }
      case 'overdue': {
        const repeat = Number(rule.params.repeatDays ?? 0);
        const occasion =
          repeat > 0
            ? sql<string>`(t.due_date + 1 + ((${d} - t.due_date - 1) / ${repeat}::int) * ${repeat}::int)`
            : sql<string>`(t.due_date + 1)`;
        return base().select(occasion.as('occasion')).where('t.timeliness', '=', 'overdue').orderBy('t.id').execute();
      }
      case 'escalation': {
        const days = Number(rule.params.days);
        return base()
          .select(sql<string>`(t.due_date + ${days}::int)`.as('occasion'))
          .where('t.timeliness', '=', 'overdue')
          .where('t.days_late', '>=', days)
          .orderBy('t.id')
          .execute();
      }
      case 'report_missing': {
        const { start, end, code, occasion } = rule.params as unknown as {
          start: string;
          end: string;
          code: string;
          occasion: string;
        };
        return base()
          .innerJoin('assignments as a', 'a.id', 't.id')
          .select(sql<string>`${occasion}::date`.as('occasion'))
          .where('t.timeliness', 'in', [...OPEN, 'overdue'])
          .where((eb) => eb.or([eb('a.start_date', 'is', null), eb('a.start_date', '<=', end)]))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('progress_reports as r')
                  .select(sql`1`.as('one'))
                  .whereRef('r.assignment_id', '=', 't.id')
                  .where('r.review_state', '<>', 'returned')
                  .where(
                    sql<boolean>`(r.period = ${code} OR (r.reported_at >= ${start}::timestamptz AND r.reported_at < (${end}::date + 1)::timestamptz))`,
                  ),
              ),
            ),
          )
          .orderBy('t.id')
          .execute();
      }
      case 'heading_for_late': {
        const o = {
          windowReports: DEFAULT_EARLY_WARNING.windowReports,
          toleranceDays: Number(rule.params.toleranceDays),
          silenceDays: Number(rule.params.silenceDays),
        };
        return db
          .selectFrom(projectionRows(db, { date: day }, { programmeId: rule.programme_id }, o).as('t'))
          .innerJoin('org_units as u', 'u.id', 't.org_unit_id')
          .select(['t.id as assignment_id', 't.org_unit_id', 'u.parent_id as parent_unit_id'])
          .select(sql<string>`t.due`.as('occasion'))
          .where('t.heading', '=', true)
          .where(sql<boolean>`t.due - ${d} <= ${Number(rule.params.horizonDays)}::int`)
          .orderBy('t.id')
          .execute();
      }
      default:
        return [];
    }
  },

  /**
   * The forms of a data set not received (neither submitted nor approved) for some periods, each
   * with its occasion: its reporting units (its unit kind under its scope) × the periods.
   */
  formCandidates(
    db: Db,
    ds: { id: number; unit_kind: string; scope_path: string },
    periods: ReadonlyArray<{ periodStart: string; occasion: string }>,
  ): Promise<FormCandidate[]> {
    if (periods.length === 0) return Promise.resolve([]);
    const starts = periods.map((p) => p.periodStart);
    const occasions = periods.map((p) => p.occasion);
    return db
      .selectFrom('org_units as u')
      .innerJoin(
        sql<{
          period_start: string;
          occasion: string;
        }>`(SELECT * FROM unnest(${starts}::date[], ${occasions}::date[]) AS t(period_start, occasion))`.as('p'),
        (j) => j.onTrue(),
      )
      .leftJoin('data_set_submissions as s', (j) =>
        j
          .on('s.data_set_id', '=', ds.id)
          .onRef('s.org_unit_id', '=', 'u.id')
          .onRef('s.period_start', '=', 'p.period_start'),
      )
      .select([
        'u.id as org_unit_id',
        'u.parent_id as parent_unit_id',
        sql<string>`to_char(p.period_start, 'YYYY-MM-DD')`.as('period_start'),
        sql<string>`to_char(p.occasion, 'YYYY-MM-DD')`.as('occasion'),
      ])
      .where('u.kind', '=', ds.unit_kind)
      .where('u.path', 'like', `${ds.scope_path}%`)
      .where((eb) => eb.or([eb('s.state', 'is', null), eb('s.state', 'not in', ['submitted', 'approved'])]))
      .orderBy('p.period_start')
      .orderBy('u.path')
      .execute();
  },

  existingKeys(db: Db, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return Promise.resolve(new Set());
    return db
      .selectFrom('notices')
      .select('key')
      .where('key', 'in', keys)
      .execute()
      .then((rows) => new Set(rows.map((r) => r.key)));
  },

  /** Inserts notices whose key is new; returns only the inserted ones. */
  async insertNotices(db: Db, notices: NoticeValues[]) {
    if (notices.length === 0) return [];
    return db
      .insertInto('notices')
      .values(
        notices.map((n) => ({
          key: n.key,
          rule_id: n.ruleId,
          kind: n.kind,
          programme_id: n.programmeId,
          assignment_id: n.assignmentId,
          data_set_id: n.form?.dataSetId ?? null,
          org_unit_id: n.form?.unitId ?? null,
          period: n.form?.period ?? null,
          due_date: n.form?.due ?? null,
          channel: n.channel,
          recipient: n.recipient,
          endpoint_id: n.endpointId,
          language: n.language,
          occasion: n.occasion,
          planned_on: n.plannedOn,
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .returning(['id', 'key', 'channel', 'recipient', 'endpoint_id', 'language'])
      .execute();
  },

  /** Sets each notice's delivery job in one statement. */
  async attachEach(db: Db, pairs: Array<{ noticeId: number; jobId: number }>): Promise<void> {
    if (pairs.length === 0) return;
    const values = sql.join(pairs.map((p) => sql`(${p.noticeId}::bigint, ${p.jobId}::bigint)`));
    await sql`UPDATE notices AS x SET job_id = v.job_id FROM (VALUES ${values}) AS v(id, job_id) WHERE x.id = v.id`.execute(
      db,
    );
  },

  async attach(db: Db, noticeIds: number[], jobId: number): Promise<void> {
    if (noticeIds.length) await db.updateTable('notices').set({ job_id: jobId }).where('id', 'in', noticeIds).execute();
  },

  /** The notices of a delivery job (about assignments or forms), with everything a message needs. */
  noticesOfJob(db: Db, jobId: number): Promise<NoticeDetail[]> {
    return db
      .selectFrom('notices as x')
      .leftJoin('assignments as a', 'a.id', 'x.assignment_id')
      .leftJoin('programme_nodes as n', 'n.id', 'a.node_id')
      .leftJoin('programmes as p', 'p.id', 'x.programme_id')
      .leftJoin('data_sets as d', 'd.id', 'x.data_set_id')
      .innerJoin('org_units as u', (j) => j.on(sql<boolean>`u.id = coalesce(a.org_unit_id, x.org_unit_id)`))
      .innerJoin('notification_rules as nr', 'nr.id', 'x.rule_id')
      .select([
        'x.id',
        'x.key',
        'x.kind',
        'x.channel',
        'x.recipient',
        'x.endpoint_id',
        'x.language',
        'x.occasion',
        'x.planned_on',
        'x.assignment_id',
        'p.code as programme_code',
        'p.name as programme_name',
        'n.code as node_code',
        'n.title as node_title',
        'd.code as data_set_code',
        'd.name as data_set_name',
        'x.period',
        'u.code as unit_code',
        'u.name as unit_name',
        sql<string>`to_char(coalesce(a.due_date, x.due_date), 'YYYY-MM-DD')`.as('due_date'),
        'a.current_percent',
        'a.current_state',
        'nr.params as rule_params',
      ])
      .where('x.job_id', '=', jobId)
      .orderBy('x.kind')
      .orderBy(sql`coalesce(a.due_date, x.due_date)`)
      .orderBy('x.id')
      .$castTo<NoticeDetail>()
      .execute();
  },

  /** Notices with the state of their delivery job: the "who got what" log. */
  log(
    db: Db,
    filter: { programmeId?: number | undefined; status?: string | undefined; limit: number; offset: number },
  ) {
    let q = db
      .selectFrom('notices as x')
      .leftJoin('jobs as j', 'j.id', 'x.job_id')
      .leftJoin('programmes as p', 'p.id', 'x.programme_id')
      .leftJoin('data_sets as d', 'd.id', 'x.data_set_id')
      .select([
        'x.id',
        'x.key',
        'x.kind',
        'p.code as programme',
        'x.assignment_id',
        'd.code as data_set',
        'x.period',
        'x.channel',
        'x.recipient',
        'x.language',
        'x.occasion',
        'x.planned_on',
        'j.id as job',
        'j.status',
        'j.attempts',
        'j.last_error',
        'j.finished_at',
      ]);
    if (filter.programmeId !== undefined) q = q.where('x.programme_id', '=', filter.programmeId);
    if (filter.status) q = q.where('j.status', '=', filter.status);
    return q.orderBy('x.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  },
};

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
