/**
 * Imports an inspection file (docs/inspections.md): the plan, its status, findings,
 * recommendations and conclusion. Everything is checked first — the schema, every
 * code, every report and value a finding names, the order of the cycle — and every
 * problem is reported at once with its path and line; only a file without problems
 * is written, in one transaction. Whoever may plan the inspection may import it.
 */
import { inspectionsRepository } from '../../db/repositories/inspections.repository.js';
import { ValidationError, type Problem } from '../../domain/errors.js';
import { inspectionFileSchema, type InspectionFile } from '../../domain/inspection.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { textImporter } from '../file-parsing.js';
import { checkPlan, insertPlan } from './plan-inspection.js';
import { checkFinding, type CheckedFinding } from './record-finding.js';
import { createRecommendation } from './issue-recommendation.js';

export interface InspectionImportSummary {
  inspection: string;
  status: string;
  units: number;
  findings: number;
  flagged: number;
  recommendations: number;
}

function checkCycle(file: InspectionFile, problems: Problem[]): void {
  if (file.status === 'planned' && file.findings.length)
    problems.push({ path: 'findings', message: 'findings come from the visit: a planned inspection has none yet' });
  if (file.status === 'planned' && file.recommendations.length)
    problems.push({
      path: 'recommendations',
      message: 'recommendations follow the visit: a planned inspection has none',
    });
  if (file.status === 'concluded' && !file.conclusion)
    problems.push({ path: 'conclusion', message: 'a concluded inspection has its conclusion' });
  if (file.status !== 'concluded' && file.conclusion)
    problems.push({
      path: 'conclusion',
      message: 'only a concluded inspection has a conclusion (set status: concluded)',
    });
  file.findings.forEach((f, i) => {
    if (f.resolved && !f.flag)
      problems.push({ path: `findings[${i}].resolved`, message: 'only a flagged discrepancy is resolved' });
  });
  file.recommendations.forEach((r, i) => {
    if (!file.units.some((u) => u.unit === r.unit))
      problems.push({ path: `recommendations[${i}].unit`, message: `${r.unit} is not inspected here` });
    if (r.due < file.start)
      problems.push({ path: `recommendations[${i}].due`, message: 'due before the inspection began' });
    if (r.finding !== undefined && r.finding >= file.findings.length)
      problems.push({
        path: `recommendations[${i}].finding`,
        message: `no finding ${r.finding} (findings are numbered from 0; there are ${file.findings.length})`,
      });
  });
}

export async function importInspection(
  ctx: ServiceContext,
  file: InspectionFile,
  locate: (p: Problem) => Problem = (p) => p,
  fileName = 'the inspection file',
): Promise<InspectionImportSummary> {
  return inTransaction(ctx, async (tctx) => {
    const problems: Problem[] = [];
    const plan = await checkPlan(tctx, file, problems);
    checkCycle(file, problems);
    const findings: Array<CheckedFinding | undefined> = [];
    for (const [i, f] of file.findings.entries())
      findings.push(
        plan ? await checkFinding(tctx, plan.programme.id, plan.units, f, problems, `findings[${i}]`) : undefined,
      );
    if (problems.length || !plan)
      throw new ValidationError(
        problems.map(locate),
        `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
      );
    const id = await insertPlan(tctx.db, file, plan);
    if (file.status !== 'planned')
      await inspectionsRepository.setStatus(tctx.db, id, 1, {
        status: file.status,
        ...(file.conclusion
          ? {
              conclusion: file.conclusion.text,
              links: file.conclusion.links,
              concludedOn: file.conclusion.date ?? file.end,
            }
          : {}),
      });
    const findingIds: number[] = [];
    for (const [i, f] of findings.entries()) {
      const findingId = await inspectionsRepository.insertFinding(tctx.db, {
        ...f!,
        inspectionId: id,
        recordedBy: tctx.actor.name,
        recordedAt: tctx.now(),
      });
      findingIds.push(findingId);
      const resolved = file.findings[i]!.resolved;
      if (resolved)
        await inspectionsRepository.setFlag(tctx.db, findingId, {
          flagged: true,
          resolvedAt: tctx.now(),
          resolvedBy: tctx.actor.name,
          resolution: resolved.note,
        });
    }
    for (const r of file.recommendations)
      await createRecommendation(tctx, {
        inspection: { id, code: file.code, programmeId: plan.programme.id, programmeCode: plan.programme.code },
        unitId: plan.units.get(r.unit)!.id,
        findingId: r.finding === undefined ? null : findingIds[r.finding]!,
        text: r.text,
        due: r.due,
        start: file.end <= r.due ? file.end : null,
      });
    const summary: InspectionImportSummary = {
      inspection: file.code,
      status: file.status,
      units: plan.units.size,
      findings: findings.length,
      flagged: file.findings.filter((f) => f.flag && !f.resolved).length,
      recommendations: file.recommendations.length,
    };
    await recordChange(tctx, { action: 'import', type: 'inspection', id: file.code, after: { summary, file } });
    return summary;
  });
}

/** Parses, checks and imports an inspection file's text (YAML or JSON). */
export const importInspectionText = textImporter(inspectionFileSchema, 'inspection file', importInspection);
