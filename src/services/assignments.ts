/**
 * Assignments: a task cascaded to org units. A cascade picks every unit of a kind in
 * a subtree ("every province of Viet Nam") and hangs each new assignment under the
 * task's existing assignment nearest above it in the org tree, so a province can
 * cascade its own assignment again to its communes.
 */
import { assignmentsRepository, type AssignmentRow } from '../db/repositories/assignments.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { reportsRepository } from '../db/repositories/reports.repository.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { classify, DEFAULT_TIMELINESS, type ReportState, type Timeliness } from '../domain/timeliness.js';
import { dateOf } from '../domain/dates.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { OrgUnitKind } from '../domain/org-unit.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import { requireNode, requireVisibleProgramme } from './programmes.js';
import { requireVisibleOrgUnit } from './org-units.js';
import { assignmentPolicy } from '../policies/assignments.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { recordChange } from './audit.js';
import { toReport, type Report } from './progress-reports.js';
import { reportApprovals } from './approvals/report-approval.js';

export interface Assignment {
  id: number;
  programme: string;
  node: string;
  title: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  parentAssignment: number | null;
  start: string | null;
  due: string;
  children: number;
  percent: number;
  state: ReportState;
  completedOn: string | null;
  lastReportedAt: string | null;
  timeliness: Timeliness;
  backlog: boolean;
  daysLate: number;
  version: number;
}

/** An assignment's timeliness as of a day, from its current status (also a recommendation's: issue 19). */
export function assignmentTimeliness(
  row: Pick<AssignmentRow, 'due_date' | 'last_reported_at' | 'current_percent' | 'current_state' | 'completed_on'>,
  asOf: string,
) {
  const status = row.last_reported_at
    ? { percent: row.current_percent, state: row.current_state as ReportState, completedOn: row.completed_on }
    : null;
  return classify(row.due_date, status, asOf, DEFAULT_TIMELINESS);
}

export function toAssignment(row: AssignmentRow, asOf: string): Assignment {
  const t = assignmentTimeliness(row, asOf);
  return {
    id: row.id,
    programme: row.programme_code,
    node: row.node_code,
    title: row.node_title,
    unit: row.org_unit_code,
    unitName: row.org_unit_name,
    parentAssignment: row.parent_assignment_id,
    start: row.start_date,
    due: row.due_date,
    children: row.child_count,
    percent: row.current_percent,
    state: row.current_state as ReportState,
    completedOn: row.completed_on,
    lastReportedAt: row.last_reported_at ? row.last_reported_at.toISOString() : null,
    timeliness: t.state,
    backlog: t.backlog,
    daysLate: t.daysLate,
    version: row.version,
  };
}

/** An assignment the actor may see; one outside the scope is "not found". */
export async function requireVisibleAssignment(ctx: ServiceContext, id: number): Promise<AssignmentRow> {
  const row = await assignmentsRepository.byId(ctx.db, id);
  mustSee(row !== undefined && assignmentPolicy.canRead(ctx.actor, row), `no assignment with id ${id}`);
  return row!;
}

export async function getAssignment(
  ctx: ServiceContext,
  id: number,
): Promise<
  Assignment & { unitPath: string; reports: Report[]; approvals: Awaited<ReturnType<typeof reportApprovals>> }
> {
  const row = await requireVisibleAssignment(ctx, id);
  const rows = await reportsRepository.forAssignment(ctx.db, id);
  return {
    ...toAssignment(row, dateOf(ctx.now())),
    unitPath: row.org_unit_path,
    reports: rows.map(toReport),
    approvals: await reportApprovals(ctx, row, rows),
  };
}

export async function listNodeAssignments(
  ctx: ServiceContext,
  programmeCode: string,
  nodeCode: string,
): Promise<Assignment[]> {
  const programme = await requireVisibleProgramme(ctx, programmeCode);
  const node = await requireNode(ctx.db, programme.id, nodeCode);
  const asOf = dateOf(ctx.now());
  return (await assignmentsRepository.forNode(ctx.db, node.id, assignmentPolicy.readScope(ctx.actor))).map((r) =>
    toAssignment(r, asOf),
  );
}

export interface CascadeRequest {
  kind: OrgUnitKind;
  /** Root of the subtree whose units of `kind` receive the task. */
  under: string;
  due?: string | undefined;
  start?: string | undefined;
}

/** What can be assigned to units: work, not the goals and areas that group it. */
const CASCADABLE_KINDS: readonly string[] = ['task', 'subtask', 'milestone'];

export interface CascadeResult {
  created: number;
  skipped: number;
  assignments: number[];
}

/** Assigns a task to every unit of a kind under a subtree; units already assigned are skipped. */
export async function cascadeTask(
  ctx: ServiceContext,
  programmeCode: string,
  nodeCode: string,
  request: CascadeRequest,
): Promise<CascadeResult> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const programme = await requireVisibleProgramme(tctx, programmeCode);
    const node = await requireNode(db, programme.id, nodeCode);
    if (!CASCADABLE_KINDS.includes(node.kind))
      throw new ValidationError([
        {
          path: 'node',
          message: `${nodeCode} is a${node.kind === 'area' ? 'n' : ''} ${node.kind}: only tasks, sub-tasks and milestones are cascaded`,
        },
      ]);
    const root = await requireVisibleOrgUnit(tctx, request.under, 'under');
    mustBeAllowed(
      assignmentPolicy.canCascadeUnder(tctx.actor, root),
      `cascading under ${request.under} needs the secretariat role there`,
    );
    const due = request.due ?? node.due_date;
    if (!due)
      throw new ValidationError([
        { path: 'due', message: `task ${nodeCode} has no due date: give one for the cascade` },
      ]);
    const start = request.start ?? node.start_date;
    if (start && due < start) throw new ValidationError([{ path: 'due', message: 'due before start' }]);
    const targets = await orgUnitsRepository.ofKindUnder(db, request.kind, root.path);
    if (targets.length === 0)
      throw new ValidationError([
        { path: 'kind', message: `no org unit of kind ${request.kind} under ${request.under}` },
      ]);
    const result = await cascadeToUnits(db, { nodeId: node.id, programmeId: programme.id }, targets, { start, due });
    await recordChange(tctx, {
      action: 'cascade',
      type: 'node',
      id: `${programmeCode}/${nodeCode}`,
      after: { kind: request.kind, under: request.under, start, due, ...result },
    });
    return result;
  });
}

/**
 * Creates an assignment of a task for each target unit that has none yet, each under
 * the task's nearest assignment above it (see nearestAbove).
 */
export async function cascadeToUnits(
  db: Db,
  task: { nodeId: number; programmeId: number },
  targets: Array<{ id: number; path: string }>,
  dates: { start: string | null; due: string },
): Promise<CascadeResult> {
  const existing = await assignmentsRepository.forNode(db, task.nodeId);
  const taken = new Set(existing.map((a) => a.org_unit_id));
  const result: CascadeResult = { created: 0, skipped: 0, assignments: [] };
  for (const unit of targets) {
    if (taken.has(unit.id)) {
      result.skipped++;
      continue;
    }
    const parent = nearestAbove(existing, unit.path);
    const id = await assignmentsRepository.insert(db, {
      nodeId: task.nodeId,
      programmeId: task.programmeId,
      orgUnitId: unit.id,
      parentId: parent?.id ?? null,
      start: dates.start,
      due: dates.due,
    });
    result.created++;
    result.assignments.push(id);
  }
  return result;
}

/**
 * The parent for a new assignment at `unitPath`: the task's assignment whose unit is
 * the closest ancestor of that unit; failing that, the task's first root assignment
 * (the lead's); failing that, none.
 */
function nearestAbove(assignments: AssignmentRow[], unitPath: string): AssignmentRow | undefined {
  const ancestors = assignments.filter((a) => unitPath.startsWith(a.org_unit_path) && unitPath !== a.org_unit_path);
  if (ancestors.length > 0)
    return ancestors.reduce((a, b) => (b.org_unit_path.length > a.org_unit_path.length ? b : a));
  return assignments.find((a) => a.parent_assignment_id === null);
}

/** Re-cascades an assignment to the units of a kind under its own org unit. */
export async function cascadeAssignment(
  ctx: ServiceContext,
  assignmentId: number,
  request: { kind: OrgUnitKind; due?: string | undefined },
): Promise<CascadeResult> {
  const row = await requireVisibleAssignment(ctx, assignmentId);
  mustBeAllowed(
    assignmentPolicy.canUpdate(ctx.actor, row),
    `cascading assignment ${assignmentId} needs the secretariat role over ${row.org_unit_code}`,
  );
  return cascadeTask(ctx, row.programme_code, row.node_code, {
    kind: request.kind,
    under: row.org_unit_code,
    due: request.due ?? row.due_date,
    start: row.start_date ?? undefined,
  });
}

export async function updateAssignment(
  ctx: ServiceContext,
  id: number,
  patch: { due?: string | undefined; start?: string | null | undefined; version?: number | undefined },
  expectedVersion?: number,
): Promise<Assignment> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const row = await requireVisibleAssignment(tctx, id);
    mustBeAllowed(
      assignmentPolicy.canUpdate(tctx.actor, row),
      `changing assignment ${id} needs the secretariat role over ${row.org_unit_code}`,
    );
    const version = expectedVersion ?? patch.version ?? row.version;
    if (version !== row.version)
      throw new ConflictError(
        `assignment ${id} was changed by someone else (version ${row.version}, you sent ${version})`,
      );
    const start = patch.start === undefined ? row.start_date : patch.start;
    const due = patch.due ?? row.due_date;
    if (start && due < start) throw new ValidationError([{ path: 'due', message: 'due before start' }]);
    const ok = await assignmentsRepository.update(db, id, version, { due: patch.due, start: patch.start });
    if (!ok) throw new ConflictError(`assignment ${id} was changed by someone else`);
    const asOf = dateOf(ctx.now());
    const after = toAssignment((await assignmentsRepository.byId(db, id))!, asOf);
    await recordChange(tctx, { action: 'update', type: 'assignment', id, before: toAssignment(row, asOf), after });
    return after;
  });
}
