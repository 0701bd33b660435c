/**
 * Inspections as the API shows them: the list (plan, calendar of visits, status) and
 * one inspection with its findings by unit and its recommendations with the
 * timeliness of the assignment each became. Scope: src/policies/inspection.ts.
 */
import {
  inspectionsRepository,
  type FindingRow,
  type InspectionRow,
  type InspectedUnitRow,
  type MemberRow,
  type RecommendationRow,
} from '../../db/repositories/inspections.repository.js';
import { orgUnitsRepository } from '../../db/repositories/org-units.repository.js';
import type { LocalizedText } from '../../domain/i18n.js';
import type { ReportState, Timeliness } from '../../domain/timeliness.js';
import { assignmentTimeliness } from '../assignments.js';
import { recommendationOpen, type FindingKind, type InspectionStatus } from '../../domain/inspection.js';
import { dateOf } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { inspectionPolicy, type InspectionScope } from '../../policies/inspection.js';
import { mustSee } from '../../policies/assert.js';
import type { ServiceContext } from '../context.js';

type Link = { url: string; title?: string | undefined };

export interface InspectionSummary {
  code: string;
  title: LocalizedText;
  issuer: string;
  issuerName: LocalizedText;
  programme: string;
  status: InspectionStatus;
  start: string;
  end: string;
  units: Array<{ unit: string; name: LocalizedText; visit: string | null }>;
  concludedOn: string | null;
}

export interface FindingView {
  id: number;
  unit: string;
  kind: FindingKind;
  task: string | null;
  assignment: number | null;
  report: number | null;
  reportPeriod: string | null;
  value: { indicator: string; unit: string; period: string } | null;
  narrative: string;
  evidence: Link[];
  flagged: boolean;
  resolved: { at: string; by: string; note: string } | null;
  recordedBy: string;
  recordedAt: string;
}

export interface RecommendationView {
  id: number;
  unit: string;
  unitName: LocalizedText;
  finding: number | null;
  assignment: number;
  task: string;
  text: LocalizedText;
  due: string;
  percent: number;
  state: ReportState;
  timeliness: Timeliness;
  daysLate: number;
  approval: string | null;
  open: boolean;
  issuedBy: string;
  issuedAt: string;
}

export interface InspectionDetail extends InspectionSummary {
  team: Array<{ username: string; name: string }>;
  tasks: string[];
  conclusion: LocalizedText;
  conclusionLinks: Link[];
  findings: FindingView[];
  recommendations: RecommendationView[];
  version: number;
  /** What the signed-in actor may do here (the web app shows the matching forms). */
  can: { manage: boolean; record: boolean };
}

/** An inspection with what its policy reads: the issuer's, units' and team's ids and paths. */
export interface LoadedInspection {
  row: InspectionRow;
  units: InspectedUnitRow[];
  members: MemberRow[];
  scope: InspectionScope;
}

function summary(row: InspectionRow, units: InspectedUnitRow[]): InspectionSummary {
  return {
    code: row.code,
    title: row.title,
    issuer: row.issuer_code,
    issuerName: row.issuer_name,
    programme: row.programme_code,
    status: row.status as InspectionStatus,
    start: row.start_date,
    end: row.end_date,
    units: units.map((u) => ({ unit: u.code, name: u.name, visit: u.visit_date })),
    concludedOn: row.concluded_on,
  };
}

export function toFinding(f: FindingRow): FindingView {
  return {
    id: f.id,
    unit: f.unit_code,
    kind: f.kind as FindingKind,
    task: f.node_code,
    assignment: f.assignment_id,
    report: f.report_id === null ? null : Number(f.report_id),
    reportPeriod: f.report_period,
    value:
      f.value_indicator && f.value_unit && f.value_period
        ? { indicator: f.value_indicator, unit: f.value_unit, period: f.value_period }
        : null,
    narrative: f.narrative,
    evidence: f.evidence,
    flagged: f.flagged,
    resolved: f.resolved_at
      ? { at: f.resolved_at.toISOString(), by: f.resolved_by ?? '', note: f.resolution ?? '' }
      : null,
    recordedBy: f.recorded_by,
    recordedAt: f.recorded_at.toISOString(),
  };
}

export function toRecommendation(r: RecommendationRow, asOf: string): RecommendationView {
  const t = assignmentTimeliness(r, asOf);
  return {
    id: r.id,
    unit: r.unit_code,
    unitName: r.unit_name,
    finding: r.finding_id,
    assignment: r.assignment_id,
    task: r.node_code,
    text: r.text,
    due: r.due_date,
    percent: r.current_percent,
    state: r.current_state as ReportState,
    timeliness: t.state,
    daysLate: t.daysLate,
    approval: r.approval_status,
    open: recommendationOpen({ state: r.current_state, approvalStatus: r.approval_status }),
    issuedBy: r.issued_by,
    issuedAt: r.issued_at.toISOString(),
  };
}

function scopeOf(row: InspectionRow, units: InspectedUnitRow[], members: MemberRow[]): InspectionScope {
  return { issuerPath: row.issuer_path, unitPaths: units.map((u) => u.path), memberIds: members.map((m) => m.user_id) };
}

/** An inspection the actor may see; one outside the scope answers like an unknown code. */
export async function requireVisibleInspection(ctx: ServiceContext, code: string): Promise<LoadedInspection> {
  const row = await inspectionsRepository.byCode(ctx.db, code);
  const units = row ? await inspectionsRepository.units(ctx.db, [row.id]) : [];
  const members = row ? await inspectionsRepository.members(ctx.db, [row.id]) : [];
  const scope = row ? scopeOf(row, units, members) : undefined;
  mustSee(row !== undefined && inspectionPolicy.canRead(ctx.actor, scope!), `no inspection with code ${code}`);
  return { row: row!, units, members, scope: scope! };
}

/** The path of a unit filter the actor may read (undefined: no filter); another answers like an unknown code. */
export async function readableUnitPath(ctx: ServiceContext, code: string | undefined): Promise<string | undefined> {
  if (!code) return undefined;
  const unit = await orgUnitsRepository.byCode(ctx.db, code);
  if (!unit || !inspectionPolicy.canReadUnit(ctx.actor, unit.path))
    throw new NotFoundError(`no org unit with code ${code}`);
  return unit.path;
}

export async function listInspections(
  ctx: ServiceContext,
  q: { unit?: string | undefined; status?: InspectionStatus | undefined } = {},
): Promise<InspectionSummary[]> {
  const unitPath = await readableUnitPath(ctx, q.unit);
  const rows = await inspectionsRepository.list(ctx.db, {
    scope: inspectionPolicy.readScope(ctx.actor),
    userId: ctx.actor.userId,
    unitPath,
    status: q.status,
  });
  const units = await inspectionsRepository.units(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    summary(
      r,
      units.filter((u) => u.inspection_id === r.id),
    ),
  );
}

export async function presentInspection(ctx: ServiceContext, loaded: LoadedInspection): Promise<InspectionDetail> {
  const { row, units, members } = loaded;
  const asOf = dateOf(ctx.now());
  return {
    ...summary(row, units),
    team: members.map((m) => ({ username: m.username, name: m.name })),
    tasks: (await inspectionsRepository.taskCodes(ctx.db, row.id)).map((t) => t.code),
    conclusion: row.conclusion,
    conclusionLinks: row.conclusion_links,
    findings: (await inspectionsRepository.findings(ctx.db, row.id)).map(toFinding),
    recommendations: (await inspectionsRepository.recommendations(ctx.db, row.id)).map((r) =>
      toRecommendation(r, asOf),
    ),
    version: row.version,
    can: {
      manage: inspectionPolicy.canManage(ctx.actor, loaded.scope),
      record: inspectionPolicy.canRecordFinding(ctx.actor, loaded.scope),
    },
  };
}

export async function getInspection(ctx: ServiceContext, code: string): Promise<InspectionDetail> {
  return presentInspection(ctx, await requireVisibleInspection(ctx, code));
}
