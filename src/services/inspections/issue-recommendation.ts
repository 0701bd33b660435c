/**
 * Issues a recommendation (kiến nghị) to an inspected unit with a due date. It becomes
 * a task under the programme's "Inspection follow-up" node with the unit's assignment,
 * so timeliness, reports, review, reminders and escalation all apply to it as to any
 * other task. Secretariat over the issuer; while in progress or after the conclusion.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { nodesRepository } from '../../db/repositories/nodes.repository.js';
import { assignmentsRepository } from '../../db/repositories/assignments.repository.js';
import { ConflictError, ValidationError, type Problem } from '../../domain/errors.js';
import {
  FOLLOW_UP_NODE,
  FOLLOW_UP_TITLE,
  recommendationInputSchema,
  type RecommendationInput,
} from '../../domain/inspection.js';
import type { LocalizedText } from '../../domain/i18n.js';
import type { Db } from '../../db/database.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { dateOf } from '../../domain/dates.js';
import { requireVisibleInspection, toRecommendation, type RecommendationView } from './inspection-views.js';

export interface NewRecommendation {
  inspection: { id: number; code: string; programmeId: number; programmeCode: string };
  unitId: number;
  findingId: number | null;
  text: LocalizedText;
  due: string;
  start: string | null;
}

/** The programme's follow-up node, created on first use. */
async function followUpNode(ctx: ServiceContext, programmeId: number, programmeCode: string) {
  const existing = await nodesRepository.byCode(ctx.db, programmeId, FOLLOW_UP_NODE);
  if (existing) return existing;
  const id = await nodesRepository.insert(ctx.db, programmeId, null, FOLLOW_UP_NODE, {
    kind: 'goal',
    title: FOLLOW_UP_TITLE,
    description: {},
    position: await nodesRepository.nextPosition(ctx.db, programmeId, null),
    leadId: null,
    start: null,
    due: null,
    priority: null,
    tags: ['inspection'],
  });
  const node = (await nodesRepository.byId(ctx.db, id))!;
  await recordChange(ctx, { action: 'create', type: 'node', id: `${programmeCode}/${FOLLOW_UP_NODE}`, after: node });
  return node;
}

/** Writes a checked recommendation: its task, the unit's assignment and the link; returns the recommendation id. */
export async function createRecommendation(ctx: ServiceContext, r: NewRecommendation): Promise<number> {
  const db: Db = ctx.db;
  const parent = await followUpNode(ctx, r.inspection.programmeId, r.inspection.programmeCode);
  let n = (await inspectionsRepository.recommendationCount(db, r.inspection.id)) + 1;
  while (await nodesRepository.byCode(db, r.inspection.programmeId, `${r.inspection.code}-R${n}`)) n++;
  const code = `${r.inspection.code}-R${n}`;
  const nodeId = await nodesRepository.insert(db, r.inspection.programmeId, parent, code, {
    kind: 'task',
    title: r.text,
    description: {},
    position: await nodesRepository.nextPosition(db, r.inspection.programmeId, parent.id),
    leadId: r.unitId,
    start: r.start,
    due: r.due,
    priority: 'high',
    tags: ['inspection'],
  });
  const assignmentId = await assignmentsRepository.insert(db, {
    nodeId,
    programmeId: r.inspection.programmeId,
    orgUnitId: r.unitId,
    parentId: null,
    start: r.start,
    due: r.due,
  });
  const id = await inspectionsRepository.insertRecommendation(db, {
    inspectionId: r.inspection.id,
    orgUnitId: r.unitId,
    findingId: r.findingId,
    assignmentId,
    issuedBy: ctx.actor.name,
    issuedAt: ctx.now(),
  });
  await recordChange(ctx, {
    action: 'issue',
    type: 'inspection_recommendation',
    id,
    after: {
      inspection: r.inspection.code,
      task: `${r.inspection.programmeCode}/${code}`,
      assignment: assignmentId,
      due: r.due,
      text: r.text,
    },
  });
  return id;
}

export async function issueRecommendation(
  ctx: ServiceContext,
  code: string,
  input: RecommendationInput,
): Promise<RecommendationView> {
  const v = recommendationInputSchema.parse(input);
  return inTransaction(ctx, async (tctx) => {
    const loaded = await requireVisibleInspection(tctx, code);
    mustBeAllowed(
      inspectionPolicy.canManage(tctx.actor, loaded.scope),
      `issuing recommendations of ${code} needs the secretariat role over ${loaded.row.issuer_code}`,
    );
    if (loaded.row.status === 'planned')
      throw new ConflictError(`inspection ${code} is planned: recommendations follow the visit`);
    const problems: Problem[] = [];
    const unit = loaded.units.find((u) => u.code === v.unit);
    if (!unit) problems.push({ path: 'unit', message: `${v.unit} is not inspected here` });
    if (v.due < loaded.row.start_date) problems.push({ path: 'due', message: 'due before the inspection began' });
    if (v.finding !== undefined) {
      const finding = await inspectionsRepository.findingById(tctx.db, v.finding);
      if (!finding || finding.inspection_id !== loaded.row.id)
        problems.push({ path: 'finding', message: `no finding ${v.finding} in ${code}` });
    }
    if (problems.length || !unit) throw new ValidationError(problems);
    const id = await createRecommendation(tctx, {
      inspection: {
        id: loaded.row.id,
        code,
        programmeId: loaded.row.programme_id,
        programmeCode: loaded.row.programme_code,
      },
      unitId: unit.org_unit_id,
      findingId: v.finding ?? null,
      text: v.text,
      due: v.due,
      start: dateOf(tctx.now()) <= v.due ? dateOf(tctx.now()) : null,
    });
    const row = (await inspectionsRepository.recommendations(tctx.db, loaded.row.id)).find((r) => r.id === id)!;
    return toRecommendation(row, dateOf(tctx.now()));
  });
}
