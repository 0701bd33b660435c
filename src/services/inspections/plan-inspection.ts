/**
 * Plans an inspection: the issuing unit, the programme and tasks in scope, the dates,
 * the team (users) and the units visited. Secretariat over the issuer and every
 * inspected unit (src/policies/inspection.ts). `checkPlan` is shared with the file
 * importer: it resolves every code and collects every problem before anything is written.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { orgUnitsRepository } from '../../db/repositories/org-units.repository.js';
import { programmesRepository } from '../../db/repositories/programmes.repository.js';
import { nodesRepository } from '../../db/repositories/nodes.repository.js';
import { usersRepository } from '../../db/repositories/users.repository.js';
import { ConflictError, ValidationError, type Problem } from '../../domain/errors.js';
import { inspectionPlanSchema, type InspectionPlan, type InspectionPlanInput } from '../../domain/inspection.js';
import type { Db } from '../../db/database.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { covers } from '../../policies/scope.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { getInspection, type InspectionDetail } from './inspection-views.js';

/** A plan with every code resolved to its row. */
export interface ResolvedPlan {
  issuer: { id: number; path: string };
  programme: { id: number; code: string };
  units: Map<string, { id: number; path: string; visit: string | null }>;
  memberIds: number[];
  nodeIds: number[];
}

const at = (prefix: string, path: string) => (prefix ? `${prefix}.${path}` : path);

/** Resolves a plan's codes; every unknown or out-of-scope code is a problem at its path. */
export async function checkPlan(ctx: ServiceContext, plan: InspectionPlan, problems: Problem[], prefix = '') {
  const { db } = ctx;
  if (await inspectionsRepository.byCode(db, plan.code))
    problems.push({ path: at(prefix, 'code'), message: `inspection ${plan.code} already exists` });
  if (plan.end < plan.start) problems.push({ path: at(prefix, 'end'), message: 'ends before it starts' });
  const issuer = await visibleUnit(ctx, plan.issuer);
  if (!issuer) problems.push({ path: at(prefix, 'issuer'), message: `no org unit with code ${plan.issuer}` });
  const programme = await programmesRepository.byCode(db, plan.programme);
  if (!programme) problems.push({ path: at(prefix, 'programme'), message: `no programme with code ${plan.programme}` });
  const units = new Map<string, { id: number; path: string; visit: string | null }>();
  for (const [i, u] of plan.units.entries()) {
    const row = await visibleUnit(ctx, u.unit);
    if (!row) problems.push({ path: at(prefix, `units[${i}].unit`), message: `no org unit with code ${u.unit}` });
    else if (units.has(u.unit))
      problems.push({ path: at(prefix, `units[${i}].unit`), message: `${u.unit} is listed twice` });
    else units.set(u.unit, { id: row.id, path: row.path, visit: u.visit ?? null });
    if (u.visit && (u.visit < plan.start || u.visit > plan.end))
      problems.push({ path: at(prefix, `units[${i}].visit`), message: 'the visit lies outside the inspection dates' });
  }
  const memberIds: number[] = [];
  for (const [i, username] of plan.team.entries()) {
    const user = await usersRepository.byUsername(db, username.trim().toLowerCase());
    if (!user) problems.push({ path: at(prefix, `team[${i}]`), message: `no user ${username}` });
    else if (!memberIds.includes(user.id)) memberIds.push(user.id);
  }
  const nodeIds: number[] = [];
  if (programme)
    for (const [i, code] of plan.tasks.entries()) {
      const node = await nodesRepository.byCode(db, programme.id, code);
      if (!node) problems.push({ path: at(prefix, `tasks[${i}]`), message: `no task ${code} in ${plan.programme}` });
      else nodeIds.push(node.id);
    }
  if (issuer && problems.length === 0)
    mustBeAllowed(
      inspectionPolicy.canPlan(
        ctx.actor,
        issuer.path,
        [...units.values()].map((u) => u.path),
      ),
      `planning an inspection needs the secretariat role over ${plan.issuer} and every inspected unit`,
    );
  return issuer && programme
    ? { issuer, programme: { id: programme.id, code: programme.code }, units, memberIds, nodeIds }
    : undefined;
}

/** A unit by code if the actor sees it (else undefined, reported like an unknown code). */
async function visibleUnit(ctx: ServiceContext, code: string) {
  const row = await orgUnitsRepository.byCode(ctx.db, code);
  return row && covers(ctx.actor, row.path) ? row : undefined;
}

/** Writes a checked plan; returns the new inspection's id. */
export async function insertPlan(db: Db, plan: InspectionPlan, r: ResolvedPlan): Promise<number> {
  return inspectionsRepository.insert(db, {
    code: plan.code,
    title: plan.title,
    issuerId: r.issuer.id,
    programmeId: r.programme.id,
    start: plan.start,
    end: plan.end,
    units: [...r.units.values()].map((u) => ({ orgUnitId: u.id, visit: u.visit })),
    memberIds: r.memberIds,
    nodeIds: r.nodeIds,
  });
}

export async function planInspection(ctx: ServiceContext, input: InspectionPlanInput): Promise<InspectionDetail> {
  const plan = inspectionPlanSchema.parse(input);
  return inTransaction(ctx, async (tctx) => {
    const problems: Problem[] = [];
    const resolved = await checkPlan(tctx, plan, problems);
    if (problems.some((p) => p.path === 'code' && /already exists/.test(p.message)) && problems.length === 1)
      throw new ConflictError(`code: inspection ${plan.code} already exists`);
    if (problems.length || !resolved) throw new ValidationError(problems);
    await insertPlan(tctx.db, plan, resolved);
    const created = await getInspection(tctx, plan.code);
    await recordChange(tctx, { action: 'plan', type: 'inspection', id: plan.code, after: created });
    return created;
  });
}
