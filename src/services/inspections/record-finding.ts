/**
 * Records a finding at an inspected unit, against a task of the inspection's programme,
 * the unit's report on it for a period, or a data value; a discrepancy with `flag`
 * flags that report or value, which leaves the approved figures until resolved
 * (src/services/inspections/discrepancy-flag.ts). A team member or the issuer's
 * secretariat records; only while the inspection is in progress. `checkFinding` is
 * shared with the file importer.
 */
import { inspectionsRepository, type FindingValues } from '../../db/repositories/inspections.repository.js';
import { nodesRepository } from '../../db/repositories/nodes.repository.js';
import { indicatorsRepository } from '../../db/repositories/indicators.repository.js';
import { orgUnitsRepository } from '../../db/repositories/org-units.repository.js';
import { PERIOD_TYPE_RANK } from '../../db/repositories/data-values.repository.js';
import { ConflictError, ValidationError, type Problem } from '../../domain/errors.js';
import { findingInputSchema, type FindingData, type FindingInput } from '../../domain/inspection.js';
import { parsePeriod, periodStart } from '../../domain/period.js';
import { inspectionPolicy } from '../../policies/inspection.js';
import { mustBeAllowed } from '../../policies/assert.js';
import { inTransaction, type ServiceContext } from '../context.js';
import { recordChange } from '../audit.js';
import { requireVisibleInspection, toFinding, type FindingView } from './inspection-views.js';

export type CheckedFinding = Omit<FindingValues, 'inspectionId' | 'recordedBy' | 'recordedAt'>;

const at = (prefix: string, path: string) => (prefix ? `${prefix}.${path}` : path);

/** Resolves a finding's references; every problem is collected at its path. */
export async function checkFinding(
  ctx: ServiceContext,
  programmeId: number,
  units: ReadonlyMap<string, { id: number; path: string }>,
  f: FindingData,
  problems: Problem[],
  prefix = '',
): Promise<CheckedFinding | undefined> {
  const { db } = ctx;
  const before = problems.length;
  const unit = units.get(f.unit);
  if (!unit) problems.push({ path: at(prefix, 'unit'), message: `${f.unit} is not inspected here` });
  const node = f.task ? await nodesRepository.byCode(db, programmeId, f.task) : undefined;
  if (f.task && !node) problems.push({ path: at(prefix, 'task'), message: `no task ${f.task} in this programme` });
  let reportId: number | null = null;
  let assignmentId: number | null = null;
  if (node && unit) {
    assignmentId = (await inspectionsRepository.assignmentFor(db, node.id, unit.id))?.id ?? null;
    if (f.reportPeriod) {
      const report = await inspectionsRepository.reportFor(db, node.id, unit.path, f.reportPeriod);
      if (!report)
        problems.push({
          path: at(prefix, 'reportPeriod'),
          message: `${f.unit} has no report on ${f.task} for ${f.reportPeriod}`,
        });
      else {
        reportId = Number(report.id);
        assignmentId = report.assignment_id;
      }
    }
  }
  let value: CheckedFinding['value'] = null;
  if (f.value && unit) {
    const indicator = await indicatorsRepository.byCode(db, f.value.indicator);
    if (!indicator)
      problems.push({ path: at(prefix, 'value.indicator'), message: `no indicator with code ${f.value.indicator}` });
    const valueUnit = f.value.unit
      ? await orgUnitsRepository.byCode(db, f.value.unit)
      : { id: unit.id, path: unit.path };
    if (!valueUnit || !valueUnit.path.startsWith(unit.path))
      problems.push({ path: at(prefix, 'value.unit'), message: `no org unit ${f.value.unit} in ${f.unit}` });
    const period = parsePeriod(f.value.period)!;
    if (indicator && valueUnit && valueUnit.path.startsWith(unit.path)) {
      const type = PERIOD_TYPE_RANK[period.type];
      const start = periodStart(period);
      if (!(await inspectionsRepository.valueExists(db, indicator.id, valueUnit.id, type, start)))
        problems.push({
          path: at(prefix, 'value'),
          message: `no value of ${f.value.indicator} for ${f.value.unit ?? f.unit} in ${f.value.period}`,
        });
      else
        value = {
          indicatorId: indicator.id,
          orgUnitId: valueUnit.id,
          periodType: type,
          periodStart: start,
          period: f.value.period,
        };
    }
  }
  if (problems.length > before || !unit) return undefined;
  return {
    orgUnitId: unit.id,
    kind: f.kind,
    nodeId: node?.id ?? null,
    assignmentId,
    reportId,
    value,
    narrative: f.narrative,
    evidence: f.evidence,
    flagged: f.flag,
  };
}

export async function recordFinding(ctx: ServiceContext, code: string, input: FindingInput): Promise<FindingView> {
  const f = findingInputSchema.parse(input);
  return inTransaction(ctx, async (tctx) => {
    const loaded = await requireVisibleInspection(tctx, code);
    mustBeAllowed(
      inspectionPolicy.canRecordFinding(tctx.actor, loaded.scope),
      `recording findings of ${code} needs a place on its team or the secretariat role over ${loaded.row.issuer_code}`,
    );
    if (loaded.row.status !== 'in_progress')
      throw new ConflictError(
        `inspection ${code} is ${loaded.row.status.replace('_', ' ')}: findings are recorded while it is in progress`,
      );
    const problems: Problem[] = [];
    const units = new Map(loaded.units.map((u) => [u.code, { id: u.org_unit_id, path: u.path }]));
    const checked = await checkFinding(tctx, loaded.row.programme_id, units, f, problems);
    if (problems.length || !checked) throw new ValidationError(problems);
    const id = await inspectionsRepository.insertFinding(tctx.db, {
      ...checked,
      inspectionId: loaded.row.id,
      recordedBy: tctx.actor.name,
      recordedAt: tctx.now(),
    });
    const created = toFinding((await inspectionsRepository.findingById(tctx.db, id))!);
    await recordChange(tctx, {
      action: 'record',
      type: 'inspection_finding',
      id,
      after: { inspection: code, ...created },
    });
    return created;
  });
}
