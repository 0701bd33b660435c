/**
 * The DHIS2-compatible API: data value sets in (POST /api/dataValueSets with dryRun,
 * importStrategy, idScheme=code, atomicMode) answered with DHIS2's import summary
 * (status, importCount, conflicts), data value sets out (GET, children=true), and complete
 * data set registrations (a unit's form for a period marked complete = submitted).
 */
import { dataSetsRepository } from '../db/repositories/data-sets.repository.js';
import { dataValuesRepository } from '../db/repositories/data-values.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { ValidationError, DomainError, NotFoundError, type Problem } from '../domain/errors.js';
import { formatPeriod, parsePeriod, periodEnd, periodStart, type PeriodType } from '../domain/period.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { mustBeAllowed } from '../policies/assert.js';
import { inTransaction, type ServiceContext } from './context.js';
import { prepareValues, storeValues, type ImportStrategy, type RawValues, type WriteCounts } from './data-values.js';
import { changeSubmissionState } from './data-set-submissions.js';
import { requireDataSet } from './data-sets.js';
import { dhis2DataValue, dhis2Period } from './value-files.js';
import { requireVisibleUnit } from './indicator-aggregation.js';

export const DHIS2_IMPORT_STRATEGIES = ['CREATE_AND_UPDATE', 'CREATE', 'UPDATE', 'DELETE'] as const;
export type Dhis2ImportStrategy = (typeof DHIS2_IMPORT_STRATEGIES)[number];

export interface Dhis2Conflict {
  /** The offending identifier or value (DHIS2 puts the id here). */
  object: string;
  /** What is wrong. */
  value: string;
  /** The data value's index in dataValues. */
  indexes: number[];
  property: string;
}

export interface Dhis2ImportSummary {
  responseType: 'ImportSummary';
  status: 'SUCCESS' | 'WARNING' | 'ERROR';
  description: string;
  importOptions: { dryRun: boolean; importStrategy: Dhis2ImportStrategy; idScheme: 'CODE'; atomicMode: 'ALL' | 'NONE' };
  importCount: { imported: number; updated: number; ignored: number; deleted: number };
  conflicts: Dhis2Conflict[];
  dataSetComplete: string | false;
}

export interface Dhis2DataValue {
  dataElement?: unknown;
  period?: unknown;
  orgUnit?: unknown;
  value?: unknown;
  comment?: unknown;
  [k: string]: unknown;
}

export interface Dhis2DataValueSet {
  dataSet?: string | undefined;
  completeDate?: string | undefined;
  period?: string | undefined;
  orgUnit?: string | undefined;
  dataValues?: Dhis2DataValue[] | undefined;
}

export interface Dhis2ImportOptions {
  dryRun?: boolean | undefined;
  importStrategy?: Dhis2ImportStrategy | undefined;
  idScheme?: string | undefined;
  /** ALL (default): any conflict stores nothing; NONE: the good rows are stored. */
  atomicMode?: 'ALL' | 'NONE' | undefined;
}

const FIELD = { indicator: 'dataElement', unit: 'orgUnit', period: 'period', value: 'value' } as const;

class DryRun extends Error {
  constructor(readonly result: unknown) {
    super('dry run');
  }
}

/** Runs work in a transaction that is always rolled back when dryRun (its result is kept). */
async function maybeDry<T>(
  ctx: ServiceContext,
  dryRun: boolean,
  work: (ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (!dryRun) return inTransaction(ctx, work);
  if (ctx.db.isTransaction) throw new Error('a dry run needs its own transaction');
  try {
    await ctx.db.transaction().execute(async (trx) => {
      throw new DryRun(await work({ ...ctx, db: trx }));
    });
  } catch (e) {
    if (e instanceof DryRun) return e.result as T;
    throw e;
  }
  throw new Error('unreachable');
}

function checkIdScheme(idScheme: string | undefined): void {
  if (idScheme !== undefined && !['code', 'CODE'].includes(idScheme))
    throw new ValidationError([
      {
        path: 'query.idScheme',
        message: `only idScheme=code is supported (org units and data elements by code), not ${idScheme}`,
      },
    ]);
}

export async function importDataValueSet(
  ctx: ServiceContext,
  body: Dhis2DataValueSet,
  options: Dhis2ImportOptions = {},
): Promise<Dhis2ImportSummary> {
  checkIdScheme(options.idScheme);
  mustBeAllowed(indicatorPolicy.canEnterAny(ctx.actor), 'importing values needs the reporter or secretariat role');
  if (!body || typeof body !== 'object' || !Array.isArray(body.dataValues))
    throw new ValidationError([{ path: 'body.dataValues', message: 'expected {"dataValues": [...]}' }]);
  const strategy = options.importStrategy ?? 'CREATE_AND_UPDATE';
  const atomicMode = options.atomicMode ?? 'ALL';
  const dryRun = options.dryRun ?? false;
  const values = body.dataValues;
  const str = (v: unknown): string =>
    v === null || v === undefined
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? `${v}`
          : JSON.stringify(v);
  const rawOf = (idx: number[]): RawValues => ({
    count: idx.length,
    indicator: (i) => str(values[idx[i]!]?.dataElement),
    unit: (i) => str(values[idx[i]!]?.orgUnit ?? body.orgUnit),
    period: (i) => str(values[idx[i]!]?.period ?? body.period).trim(),
    value: (i) => values[idx[i]!]?.value,
    source: () => 'DHIS2 import',
    comment: (i) => (values[idx[i]!]?.comment ? str(values[idx[i]!]!.comment) : null),
    locate: (i, f) => `dataValues[${idx[i]}].${FIELD[f]}`,
  });
  const all = values.map((_, i) => i);
  const base = {
    responseType: 'ImportSummary' as const,
    importOptions: { dryRun, importStrategy: strategy, idScheme: 'CODE' as const, atomicMode },
  };
  // 1. Check every row (nothing written), turning problems into DHIS2 conflicts.
  const conflicts: Dhis2Conflict[] = [];
  const bad = new Set<number>();
  try {
    await prepareValues(ctx.db, rawOf(all), {
      readScope: indicatorPolicy.readScope(ctx.actor),
      entryScope: indicatorPolicy.entryScope(ctx.actor),
      maxProblems: 100_000,
    });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const p of e.problems) {
      const m = /^dataValues\[(\d+)\]\.(\w+)$/.exec(p.path);
      if (!m) continue;
      const i = Number(m[1]);
      bad.add(i);
      const property = m[2]!;
      const raw =
        property === 'orgUnit'
          ? (values[i]?.orgUnit ?? body.orgUnit)
          : property === 'period'
            ? (values[i]?.period ?? body.period)
            : values[i]?.[property];
      conflicts.push({ object: str(raw), value: p.message, indexes: [i], property });
    }
  }
  const good = all.filter((i) => !bad.has(i));
  if (conflicts.length && (atomicMode === 'ALL' || good.length === 0))
    return {
      ...base,
      status: 'ERROR',
      description: `${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}; nothing was imported (atomicMode ALL)`,
      importCount: { imported: 0, updated: 0, ignored: values.length, deleted: 0 },
      conflicts,
      dataSetComplete: false,
    };
  // 2. Write the good rows (rolled back on a dry run), and register completeness.
  const result = await maybeDry(ctx, dryRun, async (tx): Promise<{ c: WriteCounts; complete: string | false }> => {
    const c: WriteCounts = good.length
      ? await storeValues(tx, rawOf(good), {
          strategy: strategy.toLowerCase() as ImportStrategy,
          action: 'import',
          origin: 'dataValueSets',
        })
      : { imported: 0, updated: 0, ignored: 0, deleted: 0 };
    let complete: string | false = false;
    if (body.completeDate && body.dataSet && body.period && body.orgUnit && strategy !== 'DELETE') {
      await registerOne(tx, { dataSet: body.dataSet, period: body.period, organisationUnit: body.orgUnit });
      complete = body.completeDate;
    }
    return { c, complete };
  });
  const importCount = {
    imported: result.c.imported,
    updated: result.c.updated,
    ignored: result.c.ignored + bad.size,
    deleted: result.c.deleted,
  };
  return {
    ...base,
    status: conflicts.length ? 'WARNING' : 'SUCCESS',
    description: dryRun ? 'dry run: nothing was stored' : 'Import process completed successfully',
    importCount,
    conflicts,
    dataSetComplete: result.complete,
  };
}

/** Marks a unit's form complete (submitted); `completed: false` reopens it (a secretariat's correction). */
async function registerOne(
  ctx: ServiceContext,
  r: { dataSet: string; period: string; organisationUnit: string; completed?: boolean | undefined },
): Promise<boolean> {
  const ds = await requireDataSet(ctx.db, r.dataSet);
  const unit = await orgUnitsRepository.byCode(ctx.db, r.organisationUnit);
  if (!unit || !indicatorPolicy.canReadUnit(ctx.actor, unit))
    throw new NotFoundError(`no org unit with code ${r.organisationUnit}`);
  if (unit.kind !== ds.unit_kind || !unit.path.startsWith(ds.scope_path))
    throw new ValidationError([{ path: 'organisationUnit', message: `${unit.code} does not report ${ds.code}` }]);
  const p = parsePeriod(String(r.period));
  if (!p || p.type !== ds.period_type)
    throw new ValidationError([{ path: 'period', message: `'${r.period}' is not a ${ds.period_type} period` }]);
  const { changed } = await changeSubmissionState(
    ctx,
    { dataSet: ds, unit, period: p },
    r.completed === false ? 'reopen' : 'submit',
  );
  return changed;
}

/** POST /api/completeDataSetRegistrations: each registration submits a unit's form for a period. */
export async function registerCompletions(
  ctx: ServiceContext,
  body: {
    completeDataSetRegistrations: Array<{
      dataSet: string;
      period: string;
      organisationUnit: string;
      completed?: boolean | undefined;
    }>;
  },
  options: { dryRun?: boolean | undefined } = {},
): Promise<Omit<Dhis2ImportSummary, 'importOptions' | 'dataSetComplete'>> {
  mustBeAllowed(indicatorPolicy.canEnterAny(ctx.actor), 'registering forms needs the reporter or secretariat role');
  const regs = body.completeDataSetRegistrations;
  const conflicts: Dhis2Conflict[] = [];
  let imported = 0;
  let ignored = 0;
  await maybeDry(ctx, options.dryRun ?? false, async (tx) => {
    for (const [i, r] of regs.entries()) {
      try {
        // Each registration on its own: one that fails leaves the others.
        if (await registerOne(tx, r)) imported++;
        else ignored++;
      } catch (e) {
        if (!(e instanceof DomainError) || e.name === 'ForbiddenError') throw e;
        ignored++;
        const problems: Problem[] = e instanceof ValidationError ? e.problems : [{ path: '', message: e.message }];
        for (const p of problems)
          conflicts.push({
            object: `${r.dataSet}/${r.organisationUnit}/${r.period}`,
            value: p.message,
            indexes: [i],
            property: p.path || 'registration',
          });
      }
    }
  });
  return {
    responseType: 'ImportSummary',
    status: conflicts.length ? (imported ? 'WARNING' : 'ERROR') : 'SUCCESS',
    description: `${imported} registration${imported === 1 ? '' : 's'} completed`,
    importCount: { imported, updated: 0, ignored, deleted: 0 },
    conflicts,
  };
}

/** GET /api/dataValueSets: the stored values of a data set's indicators for a period and a unit (with children=true, its subtree). */
export async function exportDataValueSet(
  ctx: ServiceContext,
  q: { dataSet: string; period: string; orgUnit: string; children?: boolean | undefined },
) {
  const ds = await requireDataSet(ctx.db, q.dataSet);
  const unit = await requireVisibleUnit(ctx, q.orgUnit);
  const p = parsePeriod(q.period);
  if (!p) throw new ValidationError([{ path: 'period', message: `'${q.period}' is not a period` }]);
  const inds = await dataSetsRepository.indicators(ctx.db, [ds.id]);
  const rows = await dataValuesRepository.list(ctx.db, {
    indicatorIds: inds.map((i) => i.id),
    rootPath: unit.path,
    from: periodStart(p),
    to: periodEnd(p),
    scope: indicatorPolicy.readScope(ctx.actor),
  });
  const own = q.children ? rows : rows.filter((r) => r.unit === unit.code);
  const sub =
    !q.children && p.type === (ds.period_type as PeriodType)
      ? await dataSetsRepository.submission(ctx.db, ds.id, unit.id, periodStart(p))
      : undefined;
  return {
    dataSet: ds.code,
    period: dhis2Period(formatPeriod(p)),
    orgUnit: unit.code,
    ...(sub && (sub.state === 'submitted' || sub.state === 'approved') && sub.submitted_at
      ? { completeDate: new Date(sub.submitted_at).toISOString().slice(0, 10) }
      : {}),
    dataValues: own.map((r) => ({ ...dhis2DataValue(r), followup: false })),
  };
}
