/**
 * Exports a programme as a programme file. Assignments are listed explicitly (not
 * as cascade rules), dates equal to the task's are left out, so importing the export
 * into an empty database and exporting again gives the same file.
 */
import { stringify } from 'yaml';
import { nodesRepository, type NodeRow } from '../db/repositories/nodes.repository.js';
import { assignmentsRepository, type AssignmentRow } from '../db/repositories/assignments.repository.js';
import { PROGRAMME_FORMAT, type AssignmentSpec, type NodeSpec, type ProgrammeFile } from '../domain/programme-file.js';
import { WORK_KINDS, type NodeKind } from '../domain/programme.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { ServiceContext } from './context.js';
import { requireVisibleProgramme } from './programmes.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { programmePolicy } from '../policies/programmes.js';
import { mustBeAllowed } from '../policies/assert.js';

function nonEmpty(text: LocalizedText): boolean {
  return Object.keys(text).length > 0;
}

function assignmentSpecs(rows: AssignmentRow[], parentId: number | null, node: NodeRow): AssignmentSpec[] {
  return rows
    .filter((a) => a.parent_assignment_id === parentId)
    .map((a) => {
      const spec: AssignmentSpec = { unit: a.org_unit_code };
      if (a.start_date !== node.start_date && a.start_date !== null) spec.start = a.start_date;
      if (a.due_date !== node.due_date) spec.due = a.due_date;
      const children = assignmentSpecs(rows, a.id, node);
      if (children.length) spec.children = children;
      return spec;
    });
}

export async function exportProgramme(ctx: ServiceContext, code: string): Promise<ProgrammeFile> {
  const programme = await requireVisibleProgramme(ctx, code);
  // The file holds every assignment of the programme, in every unit: only for those who may write the whole programme.
  mustBeAllowed(
    programmePolicy.canWrite(ctx.actor, await programmesRepository.issuerPaths(ctx.db, programme.id)),
    `exporting ${code} needs the secretariat role over every issuer`,
  );
  const [nodes, assignments] = await Promise.all([
    nodesRepository.tree(ctx.db, programme.id),
    assignmentsRepository.forProgramme(ctx.db, programme.id),
  ]);
  const byNode = new Map<number, AssignmentRow[]>();
  for (const a of assignments) byNode.set(a.node_id, [...(byNode.get(a.node_id) ?? []), a]);
  const children = new Map<number | null, NodeRow[]>();
  for (const n of nodes) children.set(n.parent_id, [...(children.get(n.parent_id) ?? []), n]);

  const toSpec = (n: NodeRow): NodeSpec => {
    const spec: NodeSpec = { code: n.code, kind: n.kind as NodeKind, title: n.title };
    if (nonEmpty(n.description)) spec.description = n.description;
    if (n.lead_code) spec.lead = n.lead_code;
    if (n.coordinators?.length) spec.coordinators = n.coordinators;
    if (n.start_date) spec.start = n.start_date;
    if (n.due_date) spec.due = n.due_date;
    if (n.priority) spec.priority = n.priority as NodeSpec['priority'];
    if (n.tags.length) spec.tags = n.tags;
    const own = byNode.get(n.id) ?? [];
    if (own.length || (WORK_KINDS.has(n.kind as NodeKind) && n.lead_code && n.due_date))
      spec.assignments = assignmentSpecs(own, null, n);
    const kids = (children.get(n.id) ?? []).sort((a, b) => a.position - b.position).map(toSpec);
    if (kids.length) spec.children = kids;
    return spec;
  };

  const file: ProgrammeFile = {
    format: PROGRAMME_FORMAT,
    code: programme.code,
    name: programme.name,
    ...(nonEmpty(programme.description) ? { description: programme.description } : {}),
    issuers: programme.issuers ?? [],
    period: { start: programme.period_start, end: programme.period_end },
    ...(programme.levels.length ? { levels: programme.levels } : {}),
    ...(programme.source ? { source: programme.source } : {}),
    nodes: (children.get(null) ?? []).sort((a, b) => a.position - b.position).map(toSpec),
  };
  return file;
}

export function programmeFileToYaml(file: ProgrammeFile): string {
  return stringify(file, { lineWidth: 0 });
}
