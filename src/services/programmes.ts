/** Programmes and their trees of goals, areas, tasks, sub-tasks and milestones. */
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { programmesRepository, type ProgrammeRow } from '../db/repositories/programmes.repository.js';
import { nodesRepository, type NodeRow } from '../db/repositories/nodes.repository.js';
import { assignmentsRepository } from '../db/repositories/assignments.repository.js';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import {
  WORK_KINDS,
  type NodeInput,
  type NodeKind,
  type NodePatch,
  type ProgrammeInput,
  type ProgrammePatch,
} from '../domain/programme.js';
import type { LocalizedText } from '../domain/i18n.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Actor } from '../domain/actor.js';
import type { Db } from '../db/database.js';
import { covers } from '../policies/scope.js';
import { programmePolicy, nodePolicy } from '../policies/programmes.js';
import { mustBeAllowed, mustSee } from '../policies/assert.js';
import { recordChange } from './audit.js';
import { depthOfPath } from '../domain/org-unit.js';

export interface Programme {
  id: number;
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  issuers: string[];
  period: { start: string; end: string };
  levels: LocalizedText[];
  source: string | null;
  version: number;
}

export interface ProgrammeNode {
  id: number;
  programme: string;
  code: string;
  parent: string | null;
  kind: NodeKind;
  title: LocalizedText;
  description: LocalizedText;
  position: number;
  lead: string | null;
  coordinators: string[];
  start: string | null;
  due: string | null;
  priority: string | null;
  tags: string[];
  depth: number;
  version: number;
}

export function toProgramme(row: ProgrammeRow): Programme {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    issuers: row.issuers ?? [],
    period: { start: row.period_start, end: row.period_end },
    levels: row.levels,
    source: row.source,
    version: row.version,
  };
}

export function toNode(row: NodeRow): ProgrammeNode {
  return {
    id: row.id,
    programme: row.programme_code,
    code: row.code,
    parent: row.parent_code,
    kind: row.kind as NodeKind,
    title: row.title,
    description: row.description,
    position: row.position,
    lead: row.lead_code,
    coordinators: row.coordinators ?? [],
    start: row.start_date,
    due: row.due_date,
    priority: row.priority,
    tags: row.tags,
    depth: depthOfPath(row.path),
    version: row.version,
  };
}

export async function requireProgramme(db: Db, code: string): Promise<ProgrammeRow> {
  const row = await programmesRepository.byCode(db, code);
  if (!row) throw new NotFoundError(`no programme with code ${code}`);
  return row;
}

/** A programme the actor may see; one outside the scope is "not found", like an unknown code. */
export async function requireVisibleProgramme(ctx: ServiceContext, code: string): Promise<ProgrammeRow> {
  const row = await programmesRepository.byCodeIn(ctx.db, code, programmePolicy.readScope(ctx.actor));
  mustSee(row !== undefined, `no programme with code ${code}`);
  return row!;
}

async function mustWriteProgramme(ctx: ServiceContext, programme: ProgrammeRow, what: string): Promise<void> {
  const paths = await programmesRepository.issuerPaths(ctx.db, programme.id);
  mustBeAllowed(
    nodePolicy.canWrite(ctx.actor, paths),
    `${what} needs the secretariat role over every issuer of ${programme.code}`,
  );
}

export async function requireNode(db: Db, programmeId: number, code: string): Promise<NodeRow> {
  const row = await nodesRepository.byCode(db, programmeId, code);
  if (!row) throw new NotFoundError(`no node with code ${code} in this programme`);
  return row;
}

/** Resolves org-unit codes, collecting a problem for each unknown one. */
export async function resolveUnits(
  db: Db,
  refs: Array<{ code: string; path: string }>,
  problems: Problem[],
  visibleTo?: Actor,
): Promise<Map<string, number>> {
  const rows = await orgUnitsRepository.pathsByCode(
    db,
    refs.map((r) => r.code),
  );
  // Units outside the actor's scope are reported exactly like unknown codes.
  const ids = new Map(rows.filter((r) => !visibleTo || covers(visibleTo, r.path)).map((r) => [r.code, r.id]));
  for (const ref of refs)
    if (!ids.has(ref.code)) problems.push({ path: ref.path, message: `no org unit with code ${ref.code}` });
  return ids;
}

export async function listProgrammes(ctx: ServiceContext): Promise<Programme[]> {
  return (await programmesRepository.list(ctx.db, programmePolicy.readScope(ctx.actor))).map(toProgramme);
}

export async function getProgramme(ctx: ServiceContext, code: string): Promise<Programme> {
  return toProgramme(await requireVisibleProgramme(ctx, code));
}

export async function createProgramme(ctx: ServiceContext, input: ProgrammeInput): Promise<Programme> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const problems: Problem[] = [];
    const ids = await resolveUnits(
      db,
      input.issuers.map((code, i) => ({ code, path: `issuers[${i}]` })),
      problems,
      tctx.actor,
    );
    if (problems.length) throw new ValidationError(problems);
    const issuerPaths = (await Promise.all(input.issuers.map((c) => orgUnitsRepository.byCode(db, c)))).map(
      (u) => u!.path,
    );
    mustBeAllowed(
      programmePolicy.canWrite(tctx.actor, issuerPaths),
      'creating a programme needs the secretariat role over every issuer',
    );
    if (await programmesRepository.byCode(db, input.code))
      throw new ConflictError(`code: a programme with code ${input.code} already exists`);
    const id = await programmesRepository.insert(db, {
      code: input.code,
      name: input.name,
      description: input.description ?? {},
      periodStart: input.period.start,
      periodEnd: input.period.end,
      levels: input.levels ?? [],
      source: input.source ?? null,
    });
    await programmesRepository.setIssuers(
      db,
      id,
      input.issuers.map((c) => ids.get(c)!),
    );
    const created = toProgramme((await programmesRepository.byCode(db, input.code))!);
    await recordChange(tctx, { action: 'create', type: 'programme', id: created.code, after: created });
    return created;
  });
}

export async function updateProgramme(
  ctx: ServiceContext,
  code: string,
  patch: ProgrammePatch,
  expectedVersion?: number,
): Promise<Programme> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const row = await requireVisibleProgramme(tctx, code);
    await mustWriteProgramme(tctx, row, `changing ${code}`);
    const version = expectedVersion ?? patch.version ?? row.version;
    if (version !== row.version)
      throw new ConflictError(
        `programme ${code} was changed by someone else (version ${row.version}, you sent ${version})`,
      );
    const start = patch.period?.start ?? row.period_start;
    const end = patch.period?.end ?? row.period_end;
    if (end < start) throw new ValidationError([{ path: 'period.end', message: 'ends before it starts' }]);
    if (patch.issuers) {
      const problems: Problem[] = [];
      const ids = await resolveUnits(
        db,
        patch.issuers.map((c, i) => ({ code: c, path: `issuers[${i}]` })),
        problems,
        tctx.actor,
      );
      if (problems.length) throw new ValidationError(problems);
      const newPaths = (await Promise.all(patch.issuers.map((c) => orgUnitsRepository.byCode(db, c)))).map(
        (u) => u!.path,
      );
      mustBeAllowed(
        programmePolicy.canWrite(tctx.actor, newPaths),
        'the new issuers must lie in your secretariat scope',
      );
      await programmesRepository.setIssuers(
        db,
        row.id,
        patch.issuers.map((c) => ids.get(c)!),
      );
    }
    const ok = await programmesRepository.update(db, row.id, version, {
      name: patch.name,
      description: patch.description,
      periodStart: patch.period?.start,
      periodEnd: patch.period?.end,
      levels: patch.levels,
      source: patch.source,
    });
    if (!ok) throw new ConflictError(`programme ${code} was changed by someone else`);
    const after = toProgramme((await programmesRepository.byCode(db, code))!);
    await recordChange(tctx, { action: 'update', type: 'programme', id: code, before: toProgramme(row), after });
    return after;
  });
}

export async function getTree(ctx: ServiceContext, programmeCode: string): Promise<ProgrammeNode[]> {
  const programme = await requireVisibleProgramme(ctx, programmeCode);
  return (await nodesRepository.tree(ctx.db, programme.id)).map(toNode);
}

export async function getNode(ctx: ServiceContext, programmeCode: string, nodeCode: string): Promise<ProgrammeNode> {
  const programme = await requireVisibleProgramme(ctx, programmeCode);
  return toNode(await requireNode(ctx.db, programme.id, nodeCode));
}

function checkNodeFields(
  kind: NodeKind,
  fields: { lead?: string | null | undefined; due?: string | null | undefined; start?: string | null | undefined },
  problems: Problem[],
): void {
  if (!WORK_KINDS.has(kind) && (fields.lead || fields.due)) {
    problems.push({ path: 'kind', message: `a ${kind} carries no lead or due date; use task, subtask or milestone` });
  }
  if (fields.start && fields.due && fields.due < fields.start)
    problems.push({ path: 'due', message: 'due before start' });
}

/**
 * Creates a node. A task with a lead and a due date gets its lead's assignment at
 * once (unless `withLeadAssignment` is false: the programme importer lists them itself).
 */
export async function createNode(
  ctx: ServiceContext,
  programmeCode: string,
  input: NodeInput,
  options: { withLeadAssignment?: boolean } = {},
): Promise<ProgrammeNode> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const programme = await requireVisibleProgramme(tctx, programmeCode);
    await mustWriteProgramme(tctx, programme, 'adding nodes');
    if (await nodesRepository.byCode(db, programme.id, input.code))
      throw new ConflictError(`code: node ${input.code} already exists in ${programmeCode}`);
    const problems: Problem[] = [];
    const parent = input.parent ? await nodesRepository.byCode(db, programme.id, input.parent) : undefined;
    if (input.parent && !parent)
      problems.push({ path: 'parent', message: `no node with code ${input.parent} in ${programmeCode}` });
    checkNodeFields(input.kind, input, problems);
    const refs = [
      ...(input.lead ? [{ code: input.lead, path: 'lead' }] : []),
      ...(input.coordinators ?? []).map((code, i) => ({ code, path: `coordinators[${i}]` })),
    ];
    const ids = await resolveUnits(db, refs, problems, tctx.actor);
    if (problems.length) throw new ValidationError(problems);
    const position = input.position ?? (await nodesRepository.nextPosition(db, programme.id, parent?.id ?? null));
    const leadId = input.lead ? ids.get(input.lead)! : null;
    const id = await nodesRepository.insert(db, programme.id, parent ?? null, input.code, {
      kind: input.kind,
      title: input.title,
      description: input.description ?? {},
      position,
      leadId,
      start: input.start ?? null,
      due: input.due ?? null,
      priority: input.priority ?? null,
      tags: input.tags ?? [],
    });
    await nodesRepository.setCoordinators(
      db,
      id,
      (input.coordinators ?? []).map((c) => ids.get(c)!),
    );
    if (options.withLeadAssignment !== false && leadId !== null && input.due) {
      await assignmentsRepository.insert(db, {
        nodeId: id,
        programmeId: programme.id,
        orgUnitId: leadId,
        parentId: null,
        start: input.start ?? null,
        due: input.due,
      });
    }
    const created = toNode((await nodesRepository.byId(db, id))!);
    await recordChange(tctx, {
      action: 'create',
      type: 'node',
      id: `${programmeCode}/${created.code}`,
      after: created,
    });
    return created;
  });
}

export async function updateNode(
  ctx: ServiceContext,
  programmeCode: string,
  nodeCode: string,
  patch: NodePatch,
  expectedVersion?: number,
): Promise<ProgrammeNode> {
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const programme = await requireVisibleProgramme(tctx, programmeCode);
    const node = await requireNode(db, programme.id, nodeCode);
    await mustWriteProgramme(tctx, programme, 'changing nodes');
    const version = expectedVersion ?? patch.version ?? node.version;
    if (version !== node.version)
      throw new ConflictError(
        `node ${nodeCode} was changed by someone else (version ${node.version}, you sent ${version})`,
      );
    const problems: Problem[] = [];
    const kind = patch.kind ?? (node.kind as NodeKind);
    checkNodeFields(
      kind,
      {
        lead: patch.lead === undefined ? node.lead_code : patch.lead,
        due: patch.due === undefined ? node.due_date : patch.due,
        start: patch.start === undefined ? node.start_date : patch.start,
      },
      problems,
    );
    const refs = [
      ...(patch.lead ? [{ code: patch.lead, path: 'lead' }] : []),
      ...(patch.coordinators ?? []).map((code, i) => ({ code, path: `coordinators[${i}]` })),
    ];
    const ids = await resolveUnits(db, refs, problems, tctx.actor);
    if (problems.length) throw new ValidationError(problems);
    const ok = await nodesRepository.update(db, node.id, version, {
      kind: patch.kind,
      title: patch.title,
      description: patch.description,
      position: patch.position,
      leadId: patch.lead === undefined ? undefined : patch.lead === null ? null : ids.get(patch.lead)!,
      start: patch.start,
      due: patch.due,
      priority: patch.priority,
      tags: patch.tags,
    });
    if (!ok) throw new ConflictError(`node ${nodeCode} was changed by someone else`);
    if (patch.coordinators) {
      await nodesRepository.setCoordinators(
        db,
        node.id,
        patch.coordinators.map((c) => ids.get(c)!),
      );
    }
    if (patch.due) await assignmentsRepository.shiftInherited(db, node.id, 'due_date', node.due_date, patch.due);
    if (patch.start !== undefined)
      await assignmentsRepository.shiftInherited(db, node.id, 'start_date', node.start_date, patch.start);
    const after = toNode((await nodesRepository.byId(db, node.id))!);
    await recordChange(tctx, {
      action: 'update',
      type: 'node',
      id: `${programmeCode}/${nodeCode}`,
      before: toNode(node),
      after,
    });
    return after;
  });
}
