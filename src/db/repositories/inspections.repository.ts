/**
 * All SQL of inspections: the plan (units visited, team, tasks in scope), findings
 * with the flags they put on reports and data values, and recommendations with the
 * status of the assignment each became. The open flags are read by the approved
 * aggregates (`activeValueFlag`, `activeReportFlag` below).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import type { LocalizedText } from '../../domain/i18n.js';
import { inSubtrees } from './scope.js';
import { updateVersioned } from './versioned.js';

type Link = { url: string; title?: string | undefined };

export interface InspectionRow {
  id: number;
  code: string;
  title: LocalizedText;
  issuer_id: number;
  issuer_code: string;
  issuer_name: LocalizedText;
  issuer_path: string;
  programme_id: number;
  programme_code: string;
  status: string;
  start_date: string;
  end_date: string;
  conclusion: LocalizedText;
  conclusion_links: Link[];
  concluded_on: string | null;
  version: number;
}

export interface InspectedUnitRow {
  inspection_id: number;
  org_unit_id: number;
  code: string;
  name: LocalizedText;
  path: string;
  visit_date: string | null;
}

export interface MemberRow {
  inspection_id: number;
  user_id: number;
  username: string;
  name: string;
}

export interface FindingRow {
  id: number;
  inspection_id: number;
  org_unit_id: number;
  unit_code: string;
  kind: string;
  node_code: string | null;
  assignment_id: number | null;
  report_id: number | null;
  report_period: string | null;
  value_indicator: string | null;
  value_unit: string | null;
  value_period: string | null;
  narrative: string;
  evidence: Link[];
  flagged: boolean;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
  recorded_by: string;
  recorded_at: Date;
}

export interface RecommendationRow {
  id: number;
  inspection_id: number;
  org_unit_id: number;
  unit_code: string;
  unit_name: LocalizedText;
  finding_id: number | null;
  assignment_id: number;
  node_code: string;
  text: LocalizedText;
  due_date: string;
  current_percent: number;
  current_state: string;
  completed_on: string | null;
  last_reported_at: Date | null;
  approval_status: string | null;
  issued_by: string;
  issued_at: Date;
}

export interface FindingValues {
  inspectionId: number;
  orgUnitId: number;
  kind: string;
  nodeId: number | null;
  assignmentId: number | null;
  reportId: number | null;
  value: { indicatorId: number; orgUnitId: number; periodType: number; periodStart: string; period: string } | null;
  narrative: string;
  evidence: Link[];
  flagged: boolean;
  recordedBy: string;
  recordedAt: Date;
}

/** A data value `v` (alias) flagged by an unresolved discrepancy. */
export function activeValueFlag(alias: string): RawBuilder<boolean> {
  const v = sql.ref(alias);
  return sql<boolean>`EXISTS (SELECT 1 FROM inspection_findings xf WHERE xf.flagged AND xf.resolved_at IS NULL
    AND xf.value_indicator_id = ${v}.indicator_id AND xf.value_org_unit_id = ${v}.org_unit_id
    AND xf.value_period_type = ${v}.period_type AND xf.value_period_start = ${v}.period_start)`;
}

/** A progress report `r` (alias) flagged by an unresolved discrepancy. */
export function activeReportFlag(alias: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM inspection_findings xf WHERE xf.flagged AND xf.resolved_at IS NULL
    AND xf.report_id = ${sql.ref(alias)}.id)`;
}

function selectInspections(db: Db) {
  return db
    .selectFrom('inspections as i')
    .innerJoin('org_units as iu', 'iu.id', 'i.issuer_id')
    .innerJoin('programmes as p', 'p.id', 'i.programme_id')
    .select([
      'i.id',
      'i.code',
      'i.title',
      'i.issuer_id',
      'iu.code as issuer_code',
      'iu.name as issuer_name',
      'iu.path as issuer_path',
      'i.programme_id',
      'p.code as programme_code',
      'i.status',
      'i.start_date',
      'i.end_date',
      'i.conclusion',
      'i.conclusion_links',
      'i.concluded_on',
      'i.version',
    ])
    .$castTo<InspectionRow>();
}

function selectFindings(db: Db) {
  return db
    .selectFrom('inspection_findings as f')
    .innerJoin('org_units as u', 'u.id', 'f.org_unit_id')
    .leftJoin('programme_nodes as n', 'n.id', 'f.node_id')
    .leftJoin('progress_reports as r', 'r.id', 'f.report_id')
    .leftJoin('indicators as ind', 'ind.id', 'f.value_indicator_id')
    .leftJoin('org_units as vu', 'vu.id', 'f.value_org_unit_id')
    .select([
      'f.id',
      'f.inspection_id',
      'f.org_unit_id',
      'u.code as unit_code',
      'f.kind',
      'n.code as node_code',
      'f.assignment_id',
      'f.report_id',
      'r.period as report_period',
      'ind.code as value_indicator',
      'vu.code as value_unit',
      'f.value_period',
      'f.narrative',
      'f.evidence',
      'f.flagged',
      'f.resolved_at',
      'f.resolved_by',
      'f.resolution',
      'f.recorded_by',
      'f.recorded_at',
    ])
    .$castTo<FindingRow>();
}

function selectRecommendations(db: Db) {
  return db
    .selectFrom('inspection_recommendations as rc')
    .innerJoin('assignments as a', 'a.id', 'rc.assignment_id')
    .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
    .innerJoin('org_units as u', 'u.id', 'rc.org_unit_id')
    .select([
      'rc.id',
      'rc.inspection_id',
      'rc.org_unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
      'rc.finding_id',
      'rc.assignment_id',
      'n.code as node_code',
      'n.title as text',
      'a.due_date',
      'a.current_percent',
      'a.current_state',
      'a.completed_on',
      'a.last_reported_at',
      'a.approval_status',
      'rc.issued_by',
      'rc.issued_at',
    ])
    .$castTo<RecommendationRow>();
}

/** Inspections whose issuer or an inspected unit lies in the scope, or with the user on the team. */
function visibleTo(scope: readonly string[] | undefined, userId: number | undefined) {
  const issuer = inSubtrees('iu.path', scope);
  const unit = inSubtrees('su.path', scope);
  if (!issuer || !unit) return undefined;
  return sql<boolean>`(${issuer} OR EXISTS (SELECT 1 FROM inspection_units s JOIN org_units su ON su.id = s.org_unit_id
    WHERE s.inspection_id = i.id AND ${unit})
    OR EXISTS (SELECT 1 FROM inspection_members m WHERE m.inspection_id = i.id AND m.user_id = ${userId ?? -1}))`;
}

export const inspectionsRepository = {
  byCode(db: Db, code: string): Promise<InspectionRow | undefined> {
    return selectInspections(db).where('i.code', '=', code).executeTakeFirst();
  },

  /** Inspections in a scope, optionally of one unit's subtree (issuer or inspected) or in a status, by start date. */
  list(
    db: Db,
    f: {
      scope: readonly string[] | undefined;
      userId?: number | undefined;
      unitPath?: string | undefined;
      status?: string | undefined;
    },
  ): Promise<InspectionRow[]> {
    let q = selectInspections(db);
    const scoped = visibleTo(f.scope, f.userId);
    if (scoped) q = q.where(scoped);
    if (f.unitPath)
      q = q.where(
        sql<boolean>`EXISTS (SELECT 1 FROM inspection_units s JOIN org_units su ON su.id = s.org_unit_id
          WHERE s.inspection_id = i.id AND su.path LIKE ${`${f.unitPath}%`})`,
      );
    if (f.status) q = q.where('i.status', '=', f.status);
    return q.orderBy('i.start_date', 'desc').orderBy('i.code').execute();
  },

  units(db: Db, inspectionIds: readonly number[]): Promise<InspectedUnitRow[]> {
    return db
      .selectFrom('inspection_units as s')
      .innerJoin('org_units as u', 'u.id', 's.org_unit_id')
      .select(['s.inspection_id', 's.org_unit_id', 'u.code', 'u.name', 'u.path', 's.visit_date'])
      .where('s.inspection_id', 'in', inspectionIds.length ? inspectionIds : [-1])
      .orderBy('s.inspection_id')
      .orderBy('s.position')
      .$castTo<InspectedUnitRow>()
      .execute();
  },

  members(db: Db, inspectionIds: readonly number[]): Promise<MemberRow[]> {
    return db
      .selectFrom('inspection_members as m')
      .innerJoin('users as us', 'us.id', 'm.user_id')
      .select(['m.inspection_id', 'm.user_id', 'us.username', 'us.name'])
      .where('m.inspection_id', 'in', inspectionIds.length ? inspectionIds : [-1])
      .orderBy('us.username')
      .execute();
  },

  taskCodes(db: Db, inspectionId: number): Promise<Array<{ code: string }>> {
    return db
      .selectFrom('inspection_tasks as t')
      .innerJoin('programme_nodes as n', 'n.id', 't.node_id')
      .select('n.code')
      .where('t.inspection_id', '=', inspectionId)
      .orderBy('n.path')
      .execute();
  },

  async insert(
    db: Db,
    v: {
      code: string;
      title: LocalizedText;
      issuerId: number;
      programmeId: number;
      start: string;
      end: string;
      units: Array<{ orgUnitId: number; visit: string | null }>;
      memberIds: number[];
      nodeIds: number[];
    },
  ): Promise<number> {
    const { id } = await db
      .insertInto('inspections')
      .values({
        code: v.code,
        title: JSON.stringify(v.title),
        issuer_id: v.issuerId,
        programme_id: v.programmeId,
        start_date: v.start,
        end_date: v.end,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('inspection_units')
      .values(
        v.units.map((u, position) => ({ inspection_id: id, org_unit_id: u.orgUnitId, visit_date: u.visit, position })),
      )
      .execute();
    if (v.memberIds.length)
      await db
        .insertInto('inspection_members')
        .values(v.memberIds.map((user_id) => ({ inspection_id: id, user_id })))
        .execute();
    if (v.nodeIds.length)
      await db
        .insertInto('inspection_tasks')
        .values(v.nodeIds.map((node_id) => ({ inspection_id: id, node_id })))
        .execute();
    return id;
  },

  /** Moves the inspection to a status (and its conclusion) if it still has `version`. */
  setStatus(
    db: Db,
    id: number,
    version: number,
    v: { status: string; conclusion?: LocalizedText; links?: Link[]; concludedOn?: string | null },
  ): Promise<boolean> {
    return updateVersioned(db, 'inspections', id, version, {
      status: v.status,
      conclusion: v.conclusion ? JSON.stringify(v.conclusion) : undefined,
      conclusion_links: v.links ? JSON.stringify(v.links) : undefined,
      concluded_on: v.concludedOn,
    });
  },

  async insertFinding(db: Db, v: FindingValues): Promise<number> {
    const { id } = await db
      .insertInto('inspection_findings')
      .values({
        inspection_id: v.inspectionId,
        org_unit_id: v.orgUnitId,
        kind: v.kind,
        node_id: v.nodeId,
        assignment_id: v.assignmentId,
        report_id: v.reportId,
        value_indicator_id: v.value?.indicatorId ?? null,
        value_org_unit_id: v.value?.orgUnitId ?? null,
        value_period_type: v.value?.periodType ?? null,
        value_period_start: v.value?.periodStart ?? null,
        value_period: v.value?.period ?? null,
        narrative: v.narrative,
        evidence: JSON.stringify(v.evidence),
        flagged: v.flagged,
        recorded_by: v.recordedBy,
        recorded_at: v.recordedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  findingById(db: Db, id: number): Promise<FindingRow | undefined> {
    return selectFindings(db).where('f.id', '=', id).executeTakeFirst();
  },

  findings(db: Db, inspectionId: number): Promise<FindingRow[]> {
    return selectFindings(db).where('f.inspection_id', '=', inspectionId).orderBy('f.id').execute();
  },

  /** Flags (again) or resolves a discrepancy. */
  async setFlag(
    db: Db,
    id: number,
    v: { flagged: boolean; resolvedAt: Date | null; resolvedBy: string | null; resolution: string | null },
  ): Promise<void> {
    await db
      .updateTable('inspection_findings')
      .set({
        flagged: sql<boolean>`${v.flagged} OR flagged`,
        resolved_at: v.resolvedAt,
        resolved_by: v.resolvedBy,
        resolution: v.resolution,
      })
      .where('id', '=', id)
      .execute();
  },

  /** The unresolved discrepancies flagging some reports, with their inspection. */
  reportFlags(db: Db, reportIds: readonly number[]) {
    return db
      .selectFrom('inspection_findings as f')
      .innerJoin('inspections as i', 'i.id', 'f.inspection_id')
      .select(['f.id as finding', 'f.report_id as report', 'i.code as inspection', 'f.narrative', 'f.recorded_at'])
      .where('f.report_id', 'in', reportIds.length ? reportIds : [-1])
      .where('f.flagged', '=', true)
      .where('f.resolved_at', 'is', null)
      .orderBy('f.id')
      .$castTo<{ finding: number; report: number; inspection: string; narrative: string; recorded_at: Date }>()
      .execute();
  },

  async insertRecommendation(
    db: Db,
    v: {
      inspectionId: number;
      orgUnitId: number;
      findingId: number | null;
      assignmentId: number;
      issuedBy: string;
      issuedAt: Date;
    },
  ): Promise<number> {
    const { id } = await db
      .insertInto('inspection_recommendations')
      .values({
        inspection_id: v.inspectionId,
        org_unit_id: v.orgUnitId,
        finding_id: v.findingId,
        assignment_id: v.assignmentId,
        issued_by: v.issuedBy,
        issued_at: v.issuedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  },

  recommendations(db: Db, inspectionId: number): Promise<RecommendationRow[]> {
    return selectRecommendations(db).where('rc.inspection_id', '=', inspectionId).orderBy('rc.id').execute();
  },

  recommendationCount(db: Db, inspectionId: number): Promise<number> {
    return db
      .selectFrom('inspection_recommendations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('inspection_id', '=', inspectionId)
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  },

  /**
   * Open and overdue recommendations per recommended unit, in a scope (subtree roots)
   * and optionally under a unit: open until completed with an approved report, overdue
   * when open after the due date.
   */
  openByUnit(
    db: Db,
    f: {
      scope: readonly string[] | undefined;
      underPath?: string | undefined;
      programmeId?: number | undefined;
      asOf: string;
    },
  ) {
    let q = db
      .selectFrom('inspection_recommendations as rc')
      .innerJoin('assignments as a', 'a.id', 'rc.assignment_id')
      .innerJoin('org_units as u', 'u.id', 'rc.org_unit_id')
      .select([
        'u.code as unit',
        'u.name as name',
        sql<number>`count(*)::int`.as('open'),
        sql<number>`(count(*) FILTER (WHERE a.due_date < ${f.asOf}::date))::int`.as('overdue'),
      ])
      .where(
        sql<boolean>`NOT (a.current_state = 'completed' AND coalesce(a.approval_status, '') IN ('approved', 'accepted'))`,
      )
      .groupBy(['u.code', 'u.name', 'u.path'])
      .orderBy('u.path');
    const scoped = inSubtrees('u.path', f.scope);
    if (scoped) q = q.where(scoped);
    if (f.underPath) q = q.where('u.path', 'like', `${f.underPath}%`);
    if (f.programmeId !== undefined) q = q.where('a.programme_id', '=', f.programmeId);
    return q.$castTo<{ unit: string; name: LocalizedText; open: number; overdue: number }>().execute();
  },

  /** The unit's (or a descendant's) newest report on a task for a period that is not returned. */
  reportFor(db: Db, nodeId: number, unitPath: string, period: string) {
    return db
      .selectFrom('progress_reports as r')
      .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
      .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
      .select(['r.id', 'r.assignment_id', 'r.review_state'])
      .where('a.node_id', '=', nodeId)
      .where('u.path', '=', unitPath)
      .where('r.period', '=', period)
      .where('r.review_state', '<>', 'returned')
      .orderBy('r.reported_at', 'desc')
      .orderBy('r.id', 'desc')
      .executeTakeFirst();
  },

  /** The unit's assignment of a task, if any. */
  assignmentFor(db: Db, nodeId: number, orgUnitId: number) {
    return db
      .selectFrom('assignments')
      .select('id')
      .where('node_id', '=', nodeId)
      .where('org_unit_id', '=', orgUnitId)
      .executeTakeFirst();
  },

  /** Whether a data value exists (indicator × unit × period). */
  async valueExists(db: Db, indicatorId: number, orgUnitId: number, periodType: number, periodStart: string) {
    const row = await db
      .selectFrom('data_values')
      .select('value')
      .where('indicator_id', '=', indicatorId)
      .where('org_unit_id', '=', orgUnitId)
      .where('period_type', '=', periodType)
      .where('period_start', '=', periodStart)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The newest approved report of a unit's own assignment in a programme (the demo's discrepancy). */
  approvedReportOf(db: Db, programmeId: number, orgUnitId: number) {
    return db
      .selectFrom('progress_reports as r')
      .innerJoin('assignments as a', 'a.id', 'r.assignment_id')
      .innerJoin('programme_nodes as n', 'n.id', 'a.node_id')
      .select(['n.code', 'r.period'])
      .where('a.programme_id', '=', programmeId)
      .where('a.org_unit_id', '=', orgUnitId)
      .where('r.review_state', '=', 'approved')
      .orderBy('r.reported_at', 'desc')
      .orderBy('r.id', 'desc')
      .executeTakeFirst();
  },
};
