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

export interface NoticeValues {
  key: string;
  ruleId: number;
  kind: string;
  programmeId: number;
  assignmentId: number;
  channel: 'email' | 'webhook';
  recipient: string;
  endpointId: number | null;
  language: string;
  occasion: string;
  plannedOn: string;
}

/** A notice with what its message needs: the assignment's programme, task, unit and status, and the rule's parameters. */
export interface NoticeDetail extends Omit<
  Selectable<NoticesTable>,
  'rule_id' | 'programme_id' | 'job_id' | 'created_at'
> {
  programme_code: string;
  programme_name: LocalizedText;
  node_code: string;
  node_title: LocalizedText;
  unit_code: string;
  unit_name: LocalizedText;
  due_date: string;
  current_percent: number;
  current_state: string;
  rule_params: Record<string, unknown>;
}

const OPEN = ['not_started', 'on_track', 'due_soon'];

export const notificationsRepository = {
  // ---- rules
  rulesFor(db: Db, programmeId?: number) {
    let q = db
      .selectFrom('notification_rules as r')
      .innerJoin('programmes as p', 'p.id', 'r.programme_id')
      .select(['r.id', 'r.programme_id', 'p.code as programme', 'r.kind', 'r.params', 'r.active']);
    if (programmeId !== undefined) q = q.where('r.programme_id', '=', programmeId);
    return q.orderBy('r.programme_id').orderBy('r.id').execute();
  },

  async replaceRules(
    db: Db,
    programmeId: number,
    rules: Array<{ kind: string; params: Record<string, unknown>; active: boolean }>,
  ): Promise<void> {
    // Rules that are kept unchanged keep their id (notice keys contain it); others are deactivated, never deleted.
    const existing = await db
      .selectFrom('notification_rules')
      .select(['id', 'kind', 'params', 'active'])
      .where('programme_id', '=', programmeId)
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
          programme_id: programmeId,
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
      .select(['id', 'programme_id', 'kind', 'params'])
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

  webhooksFor(db: Db, programmeId: number, unitIds: number[]) {
    return db
      .selectFrom('webhook_endpoints')
      .select(['id', 'org_unit_id', 'programme_id', 'language'])
      .where('active', '=', true)
      .where((eb) =>
        eb.or([eb('programme_id', '=', programmeId), ...(unitIds.length ? [eb('org_unit_id', 'in', unitIds)] : [])]),
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

  /** The notices of a delivery job, with everything a message needs. */
  noticesOfJob(db: Db, jobId: number): Promise<NoticeDetail[]> {
    return db
      .selectFrom('notices as x')
      .innerJoin('assignments as a', 'a.id', 'x.assignment_id')
      .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
      .innerJoin('programmes as p', 'p.id', 'x.programme_id')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
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
        'u.code as unit_code',
        'u.name as unit_name',
        'a.due_date',
        'a.current_percent',
        'a.current_state',
        'nr.params as rule_params',
      ])
      .where('x.job_id', '=', jobId)
      .orderBy('x.kind')
      .orderBy('a.due_date')
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
      .innerJoin('programmes as p', 'p.id', 'x.programme_id')
      .select([
        'x.id',
        'x.key',
        'x.kind',
        'p.code as programme',
        'x.assignment_id',
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
