/**
 * Imports a whole programme file (docs/programme-file.md): checks everything first —
 * schema, unique codes, known org units, dates — and reports every problem at once
 * with its path; only a file without problems is written, in one transaction.
 */
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { nodesRepository } from '../db/repositories/nodes.repository.js';
import { assignmentsRepository } from '../db/repositories/assignments.repository.js';
import { ValidationError, type Problem } from '../domain/errors.js';
import {
  programmeFileSchema,
  type AssignmentSpec,
  type NodeSpec,
  type ProgrammeFile,
} from '../domain/programme-file.js';
import { WORK_KINDS } from '../domain/programme.js';
import { inTransaction, type ServiceContext } from './context.js';
import type { Db } from '../db/database.js';
import { textImporter } from './file-parsing.js';
import { cascadeToUnits } from './assignments.js';
import { programmePolicy } from '../policies/programmes.js';
import { mustBeAllowed } from '../policies/assert.js';
import { recordChange } from './audit.js';

export interface ImportSummary {
  programme: string;
  nodes: number;
  tasks: number;
  assignments: number;
}

interface Walk {
  spec: NodeSpec;
  path: string;
}

function walkNodes(nodes: NodeSpec[], prefix: string, out: Walk[] = []): Walk[] {
  nodes.forEach((spec, i) => {
    const path = `${prefix}[${i}]`;
    out.push({ spec, path });
    if (spec.children) walkNodes(spec.children, `${path}.children`, out);
  });
  return out;
}

function walkAssignments(
  specs: AssignmentSpec[],
  prefix: string,
  out: Array<{ spec: AssignmentSpec; path: string }> = [],
) {
  specs.forEach((spec, i) => {
    const path = `${prefix}[${i}]`;
    out.push({ spec, path });
    if (spec.children) walkAssignments(spec.children, `${path}.children`, out);
  });
  return out;
}

/** Every problem of a parsed file against the database, without writing anything. */
export async function checkProgrammeFile(db: Db, file: ProgrammeFile): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (await programmesRepository.byCode(db, file.code))
    problems.push({ path: 'code', message: `programme ${file.code} already exists` });
  if (file.period.end < file.period.start) problems.push({ path: 'period.end', message: 'ends before it starts' });
  const refs: Array<{ code: string; path: string }> = file.issuers.map((code, i) => ({ code, path: `issuers[${i}]` }));
  const seen = new Map<string, string>();
  for (const { spec, path } of walkNodes(file.nodes, 'nodes')) {
    const first = seen.get(spec.code);
    if (first) problems.push({ path: `${path}.code`, message: `code ${spec.code} is used twice (first at ${first})` });
    else seen.set(spec.code, path);
    const work = WORK_KINDS.has(spec.kind);
    for (const field of ['lead', 'due', 'cascade', 'assignments'] as const) {
      if (!work && spec[field] !== undefined)
        problems.push({
          path: `${path}.${field}`,
          message: `a ${spec.kind} carries no ${field}; use task, subtask or milestone`,
        });
    }
    if (spec.start && spec.due && spec.due < spec.start)
      problems.push({ path: `${path}.due`, message: 'due before start' });
    if (spec.lead) refs.push({ code: spec.lead, path: `${path}.lead` });
    spec.coordinators?.forEach((code, i) => refs.push({ code, path: `${path}.coordinators[${i}]` }));
    spec.cascade?.forEach((c, i) => {
      refs.push({ code: c.under, path: `${path}.cascade[${i}].under` });
      if (!c.due && !spec.due)
        problems.push({ path: `${path}.cascade[${i}].due`, message: 'no due date here or on the task' });
    });
    if (spec.cascade && !spec.assignments && !spec.lead)
      problems.push({ path: `${path}.lead`, message: 'a cascaded task needs a lead' });
    if (spec.assignments) {
      const units = new Set<string>();
      for (const a of walkAssignments(spec.assignments, `${path}.assignments`)) {
        refs.push({ code: a.spec.unit, path: `${a.path}.unit` });
        if (units.has(a.spec.unit))
          problems.push({ path: `${a.path}.unit`, message: `${a.spec.unit} is assigned twice` });
        units.add(a.spec.unit);
        if (!a.spec.due && !spec.due)
          problems.push({ path: `${a.path}.due`, message: 'no due date here or on the task' });
        const start = a.spec.start ?? spec.start;
        const due = a.spec.due ?? spec.due;
        if (start && due && due < start) problems.push({ path: `${a.path}.due`, message: 'due before start' });
      }
    }
  }
  const known = await orgUnitsRepository.idsByCode(
    db,
    refs.map((r) => r.code),
  );
  for (const ref of refs)
    if (!known.has(ref.code)) problems.push({ path: ref.path, message: `no org unit with code ${ref.code}` });
  return problems;
}

export async function importProgramme(ctx: ServiceContext, file: ProgrammeFile): Promise<ImportSummary> {
  mustBeAllowed(programmePolicy.canImport(ctx.actor), 'importing programme files needs the admin role');
  return inTransaction(ctx, async (tctx) => {
    const { db } = tctx;
    const problems = await checkProgrammeFile(db, file);
    if (problems.length)
      throw new ValidationError(
        problems,
        `the programme file has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      );
    const units = new Map<string, { id: number; path: string }>();
    const unit = async (code: string) => {
      let u = units.get(code);
      if (!u) {
        const row = (await orgUnitsRepository.byCode(db, code))!;
        u = { id: row.id, path: row.path };
        units.set(code, u);
      }
      return u;
    };
    const programmeId = await programmesRepository.insert(db, {
      code: file.code,
      name: file.name,
      description: file.description ?? {},
      periodStart: file.period.start,
      periodEnd: file.period.end,
      levels: file.levels ?? [],
      source: file.source ?? null,
    });
    const issuerIds: number[] = [];
    for (const code of file.issuers) issuerIds.push((await unit(code)).id);
    await programmesRepository.setIssuers(db, programmeId, issuerIds);
    const summary: ImportSummary = { programme: file.code, nodes: 0, tasks: 0, assignments: 0 };

    const addAssignments = async (nodeId: number, spec: NodeSpec, list: AssignmentSpec[], parentId: number | null) => {
      for (const a of list) {
        const id = await assignmentsRepository.insert(db, {
          nodeId,
          programmeId,
          orgUnitId: (await unit(a.unit)).id,
          parentId,
          start: a.start ?? spec.start ?? null,
          due: (a.due ?? spec.due)!,
        });
        summary.assignments++;
        if (a.children) await addAssignments(nodeId, spec, a.children, id);
      }
    };

    const addNodes = async (specs: NodeSpec[], parent: { id: number; path: string } | null) => {
      for (const [position, spec] of specs.entries()) {
        const leadId = spec.lead ? (await unit(spec.lead)).id : null;
        const id = await nodesRepository.insert(db, programmeId, parent, spec.code, {
          kind: spec.kind,
          title: spec.title,
          description: spec.description ?? {},
          position,
          leadId,
          start: spec.start ?? null,
          due: spec.due ?? null,
          priority: spec.priority ?? null,
          tags: spec.tags ?? [],
        });
        summary.nodes++;
        if (WORK_KINDS.has(spec.kind)) summary.tasks++;
        const coordinatorIds: number[] = [];
        for (const code of spec.coordinators ?? []) coordinatorIds.push((await unit(code)).id);
        await nodesRepository.setCoordinators(db, id, coordinatorIds);
        if (spec.assignments) await addAssignments(id, spec, spec.assignments, null);
        else if (leadId !== null && spec.due) {
          await assignmentsRepository.insert(db, {
            nodeId: id,
            programmeId,
            orgUnitId: leadId,
            parentId: null,
            start: spec.start ?? null,
            due: spec.due,
          });
          summary.assignments++;
        }
        for (const c of spec.cascade ?? []) {
          const targets = await orgUnitsRepository.ofKindUnder(db, c.kind, (await unit(c.under)).path);
          const result = await cascadeToUnits(db, { nodeId: id, programmeId }, targets, {
            start: c.start ?? spec.start ?? null,
            due: (c.due ?? spec.due)!,
          });
          summary.assignments += result.created;
        }
        const row = (await nodesRepository.byId(db, id))!;
        if (spec.children) await addNodes(spec.children, { id, path: row.path });
      }
    };
    await addNodes(file.nodes, null);
    await recordChange(tctx, { action: 'import', type: 'programme', id: file.code, after: { summary, file } });
    return summary;
  });
}

/** Parses, checks and imports a programme file's text. */
export const importProgrammeText = textImporter(programmeFileSchema, 'programme file', (ctx, file) =>
  importProgramme(ctx, file),
);
