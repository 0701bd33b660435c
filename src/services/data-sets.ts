/**
 * Data sets: definitions (admins), read by every signed-in user; the YAML/JSON file
 * `mandate.datasets/1`, imported all or nothing with every problem at its path.
 */
import { z } from 'zod';
import { dataSetsRepository, type DataSetRow } from '../db/repositories/data-sets.repository.js';
import { indicatorsRepository } from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import {
  DATA_SET_FILE_FORMAT,
  dataSetInputSchema,
  type DataSetDefinition,
  type DataSetView,
} from '../domain/data-sets.js';
import { ConflictError, NotFoundError, ValidationError, problemsFromZod, type Problem } from '../domain/errors.js';
import { parsePeriod, periodStart, type PeriodType } from '../domain/period.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { mustBeAllowed } from '../policies/assert.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';
import { parseStructuredFile } from './file-parsing.js';
import type { Db } from '../db/database.js';

export async function toDataSetViews(db: Db, rows: DataSetRow[]): Promise<DataSetView[]> {
  const inds = await dataSetsRepository.indicators(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    description: r.description,
    periodType: r.period_type as PeriodType,
    unitKind: r.unit_kind,
    scope: r.scope,
    indicators: inds.filter((i) => i.data_set_id === r.id).map((i) => i.code),
    openOffsetDays: r.open_offset_days,
    dueDays: r.due_days,
    expiryDays: r.expiry_days,
    firstPeriod: r.first_period,
    synthetic: r.synthetic,
    version: r.version,
  }));
}

export async function requireDataSet(db: Db, code: string): Promise<DataSetRow> {
  const row = await dataSetsRepository.byCode(db, code);
  if (!row) throw new NotFoundError(`no data set with code ${code}`);
  return row;
}

/** Every data set (definitions are read by every signed-in user). */
export async function listDataSets(ctx: ServiceContext): Promise<DataSetView[]> {
  return toDataSetViews(ctx.db, await dataSetsRepository.list(ctx.db));
}

export async function getDataSet(ctx: ServiceContext, code: string): Promise<DataSetView> {
  return (await toDataSetViews(ctx.db, [await requireDataSet(ctx.db, code)]))[0]!;
}

/** Resolves a parsed definition's references; problems carry `prefix` (e.g. `dataSets[2].`). */
async function resolve(db: Db, d: DataSetDefinition, prefix: string, problems: Problem[]) {
  const scope = await orgUnitsRepository.byCode(db, d.scope);
  if (!scope) problems.push({ path: `${prefix}scope`, message: `no org unit with code ${d.scope}` });
  const catalogue = new Map((await indicatorsRepository.catalogue(db)).map((c) => [c.code, c]));
  const ids: number[] = [];
  d.indicators.forEach((code, i) => {
    const ind = catalogue.get(code);
    if (!ind) problems.push({ path: `${prefix}indicators[${i}]`, message: `unknown indicator '${code}'` });
    else if (ind.formula !== null)
      problems.push({
        path: `${prefix}indicators[${i}]`,
        message: `'${code}' is computed from a formula; it is not reported`,
      });
    else ids.push(ind.id);
  });
  return { scopeId: scope?.id, indicatorIds: ids };
}

function valuesOf(d: DataSetDefinition, scopeId: number) {
  return {
    name: d.name,
    description: d.description ?? {},
    periodType: d.periodType,
    unitKind: d.unitKind,
    scopeId,
    openOffsetDays: d.openOffsetDays,
    dueDays: d.dueDays,
    expiryDays: d.expiryDays ?? null,
    firstPeriod: d.firstPeriod ?? null,
    firstPeriodStart: d.firstPeriod ? periodStart(parsePeriod(d.firstPeriod)!) : null,
    synthetic: d.synthetic ?? false,
  };
}

function parse(input: unknown, prefix = ''): DataSetDefinition {
  const parsed = dataSetInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues, prefix), 'invalid data set');
  return parsed.data;
}

/** Creates a data set, or replaces the one of the same code (`expectedVersion` guards concurrent edits). */
export async function saveDataSet(ctx: ServiceContext, input: unknown, expectedVersion?: number): Promise<DataSetView> {
  mustBeAllowed(indicatorPolicy.canDefine(ctx.actor), 'defining data sets needs the admin role');
  const d = parse(input);
  return inTransaction(ctx, async (tx) => {
    const problems: Problem[] = [];
    const refs = await resolve(tx.db, d, '', problems);
    if (problems.length) throw new ValidationError(problems, 'invalid data set');
    return write(tx, d, refs.scopeId!, refs.indicatorIds, expectedVersion);
  });
}

async function write(
  ctx: ServiceContext,
  d: DataSetDefinition,
  scopeId: number,
  indicatorIds: number[],
  expectedVersion?: number,
): Promise<DataSetView> {
  const existing = await dataSetsRepository.byCode(ctx.db, d.code);
  const before = existing ? (await toDataSetViews(ctx.db, [existing]))[0] : null;
  let id: number;
  if (existing) {
    if (
      !(await dataSetsRepository.update(ctx.db, existing.id, expectedVersion ?? existing.version, valuesOf(d, scopeId)))
    )
      throw new ConflictError(`data set ${d.code} was changed by someone else (version ${existing.version})`);
    id = existing.id;
  } else id = await dataSetsRepository.insert(ctx.db, d.code, valuesOf(d, scopeId));
  await dataSetsRepository.setIndicators(ctx.db, id, indicatorIds);
  const view = (await toDataSetViews(ctx.db, [(await dataSetsRepository.byCode(ctx.db, d.code))!]))[0]!;
  await recordChange(ctx, {
    action: existing ? 'update' : 'create',
    type: 'data_set',
    id: d.code,
    before,
    after: view,
  });
  return view;
}

export async function deleteDataSet(ctx: ServiceContext, code: string): Promise<void> {
  mustBeAllowed(indicatorPolicy.canDefine(ctx.actor), 'defining data sets needs the admin role');
  await inTransaction(ctx, async (tx) => {
    const row = await requireDataSet(tx.db, code);
    const before = (await toDataSetViews(tx.db, [row]))[0];
    await dataSetsRepository.delete(tx.db, row.id);
    await recordChange(tx, { action: 'delete', type: 'data_set', id: code, before });
  });
}

const dataSetFileSchema = z
  .object({
    format: z.literal(DATA_SET_FILE_FORMAT),
    dataSets: z.array(dataSetInputSchema).min(1, 'the file has no data sets'),
  })
  .strict();

/**
 * Imports a data set file (`mandate.datasets/1`, YAML or JSON), all or nothing: every
 * problem is reported with its path (`dataSets[1].indicators[0]`) and line.
 */
export async function importDataSetsText(
  ctx: ServiceContext,
  text: string,
  fileName: string,
): Promise<{ dataSets: string[] }> {
  mustBeAllowed(indicatorPolicy.canDefine(ctx.actor), 'defining data sets needs the admin role');
  const file = parseStructuredFile(text, dataSetFileSchema, fileName);
  return inTransaction(ctx, async (tx) => {
    const problems: Problem[] = [];
    const seen = new Map<string, number>();
    const resolved = [];
    for (const [i, d] of file.dataSets.entries()) {
      const prev = seen.get(d.code);
      if (prev !== undefined)
        problems.push({ path: `dataSets[${i}].code`, message: `${d.code} is defined twice (also dataSets[${prev}])` });
      seen.set(d.code, i);
      resolved.push(await resolve(tx.db, d, `dataSets[${i}].`, problems));
    }
    if (problems.length)
      throw new ValidationError(
        problems,
        `${fileName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported`,
      );
    for (const [i, d] of file.dataSets.entries()) await write(tx, d, resolved[i]!.scopeId!, resolved[i]!.indicatorIds);
    return { dataSets: file.dataSets.map((d) => d.code) };
  });
}
