/**
 * Entering data values: one, a batch, or the rows of an imported file. Every row is
 * checked — known indicator that takes values (not a formula), known org unit inside the
 * scope, a period code, a value of the indicator's type, no duplicate — and every problem
 * is reported before anything is written; then the rows are upserted in batches of
 * multi-row statements, all in one transaction.
 */
import {
  dataValuesRepository,
  emptyBatch,
  PERIOD_TYPE_RANK,
  type ValueBatch,
} from '../db/repositories/data-values.repository.js';
import { indicatorsRepository } from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import {
  coerceValue,
  valueProblem,
  DATA_VALUE_REVIEW_STATES,
  type DataValueReviewState,
  type ValueType,
} from '../domain/indicators/index.js';
import { formatPeriod, parsePeriod, periodEnd, periodStart } from '../domain/period.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { mustBeAllowed } from '../policies/assert.js';
import type { Actor } from '../domain/actor.js';
import type { Db } from '../db/database.js';

/** Rows to check, as columns (cheap for a million rows); `locate` names a cell for a problem. */
export interface RawValues {
  count: number;
  indicator: (i: number) => string;
  unit: (i: number) => string;
  period: (i: number) => string;
  value: (i: number) => unknown;
  source: (i: number) => string | null;
  comment: (i: number) => string | null;
  locate: (i: number, field: 'indicator' | 'unit' | 'period' | 'value') => string;
}

export interface PrepareOptions {
  /** Org unit code: every row's unit must be this unit or below it. */
  scope?: string | undefined;
  /** Source recorded for rows that name none. */
  defaultSource?: string | undefined;
  /** At most this many problems are listed (the count of the rest is added). Default 10,000. */
  maxProblems?: number | undefined;
  /** The reader's subtrees: a unit outside them is reported as unknown (undefined = all). */
  readScope?: readonly string[] | undefined;
  /** The subtrees where the actor enters values: a visible unit outside them is refused (undefined = all). */
  entryScope?: readonly string[] | undefined;
}

/** What a write does with rows (DHIS2's importStrategy). */
export const IMPORT_STRATEGIES = ['create_and_update', 'create', 'update', 'delete'] as const;
export type ImportStrategy = (typeof IMPORT_STRATEGIES)[number];

/** DHIS2's import count: new rows, replaced rows, rows left alone (equal, or refused by the strategy), deleted rows. */
export interface WriteCounts {
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
}

const within = (paths: readonly string[] | undefined, path: string) =>
  paths === undefined || paths.some((p) => path.startsWith(p));

interface PeriodInfo {
  code: string;
  type: number;
  start: string;
  end: string;
}

/** A plain decimal such as '12', '-3.25' (the common case) read without regular expressions; null otherwise. */
function plainNumber(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let k = s.charCodeAt(0) === 45 ? 1 : 0;
  if (k === n) return null;
  let dot = false;
  for (; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 46 && !dot) dot = true;
    else if (c < 48 || c > 57) return null;
  }
  if (s.charCodeAt(n - 1) === 46) return null;
  return Number(s);
}

const PERIOD_HINT = 'expected 2024, 2024Q1, 2024M03 or 202403';

export function periodInfo(code: string): PeriodInfo | null {
  const p = parsePeriod(code.trim());
  if (!p) return null;
  return { code: formatPeriod(p), type: PERIOD_TYPE_RANK[p.type], start: periodStart(p), end: periodEnd(p) };
}

/** Checks every row; returns the batch to write or throws a ValidationError listing every problem. */
export async function prepareValues(db: Db, raw: RawValues, options: PrepareOptions = {}): Promise<ValueBatch> {
  const max = options.maxProblems ?? 10_000;
  const problems: Problem[] = [];
  let dropped = 0;
  const problem = (path: string, message: string) => {
    if (problems.length < max) problems.push({ path, message });
    else dropped++;
  };
  let scopePath: string | null = null;
  if (options.scope) {
    const scope = await orgUnitsRepository.byCode(db, options.scope);
    if (!scope) throw new ValidationError([{ path: 'scope', message: `no org unit with code ${options.scope}` }]);
    scopePath = scope.path;
  }
  const indicators = new Map((await indicatorsRepository.catalogue(db)).map((c) => [c.code, c]));
  const unitCodes = new Set<string>();
  for (let i = 0; i < raw.count; i++) unitCodes.add(raw.unit(i).trim());
  const units = new Map<string, { id: number; path: string }>();
  const codes = [...unitCodes].filter((c) => c !== '');
  for (const r of await orgUnitsRepository.pathsByCode(db, codes)) units.set(r.code, { id: r.id, path: r.path });
  const periods = new Map<string, PeriodInfo | null>();
  const seen = new Map<string, number>();
  const batch = emptyBatch();
  for (let i = 0; i < raw.count; i++) {
    let ok = true;
    const indCode = raw.indicator(i).trim();
    const ind = indicators.get(indCode);
    if (!ind) {
      problem(raw.locate(i, 'indicator'), indCode === '' ? 'no indicator' : `unknown indicator '${indCode}'`);
      ok = false;
    } else if (ind.formula !== null) {
      problem(raw.locate(i, 'indicator'), `'${indCode}' is computed from a formula; it takes no values`);
      ok = false;
    }
    const unitCode = raw.unit(i).trim();
    const unit = units.get(unitCode);
    if (!unit) {
      problem(raw.locate(i, 'unit'), unitCode === '' ? 'no org unit' : `unknown org unit '${unitCode}'`);
      ok = false;
    } else if (!within(options.readScope, unit.path)) {
      problem(raw.locate(i, 'unit'), `unknown org unit '${unitCode}'`);
      ok = false;
    } else if (!within(options.entryScope, unit.path)) {
      problem(raw.locate(i, 'unit'), `you do not enter values for '${unitCode}'`);
      ok = false;
    } else if (scopePath !== null && !unit.path.startsWith(scopePath)) {
      problem(raw.locate(i, 'unit'), `org unit '${unitCode}' is outside ${options.scope}`);
      ok = false;
    }
    const periodText = raw.period(i);
    let period = periods.get(periodText);
    if (period === undefined) periods.set(periodText, (period = periodInfo(periodText)));
    if (!period) {
      problem(raw.locate(i, 'period'), `'${periodText}' is not a period (${PERIOD_HINT})`);
      ok = false;
    }
    let value = 0;
    if (ind) {
      const cell = raw.value(i);
      const fast = typeof cell === 'string' ? plainNumber(cell) : null;
      const coerced =
        fast !== null && valueProblem(ind.value_type as ValueType, fast) === null
          ? { ok: true as const, value: fast }
          : coerceValue(ind.value_type as ValueType, cell);
      if (!coerced.ok) {
        problem(raw.locate(i, 'value'), coerced.message);
        ok = false;
      } else value = coerced.value;
    }
    if (!ok) continue;
    const key = `${ind!.id}|${unit!.id}|${period!.type}|${period!.start}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(
        raw.locate(i, 'indicator'),
        `duplicate of ${raw.locate(first, 'indicator')} (${indCode}, ${unitCode}, ${period!.code})`,
      );
      continue;
    }
    seen.set(key, i);
    batch.indicatorIds.push(ind!.id);
    batch.unitIds.push(unit!.id);
    batch.periods.push(period!.code);
    batch.types.push(period!.type);
    batch.starts.push(period!.start);
    batch.ends.push(period!.end);
    batch.values.push(value);
    batch.sources.push(raw.source(i) || options.defaultSource || null);
    batch.comments.push(raw.comment(i) || null);
  }
  if (dropped) problems.push({ path: '', message: `… and ${dropped} more problems` });
  if (problems.length)
    throw new ValidationError(
      problems,
      `${problems.length + dropped - (dropped ? 1 : 0)} problem${problems.length === 1 ? '' : 's'} in the values; nothing was stored`,
    );
  return batch;
}

export const WRITE_BATCH = 20_000;

/** Batches of at least this many values are written with COPY. */
export const COPY_THRESHOLD = 2_000;

/** Writes a checked batch (inside the caller's transaction): COPY for bulk, multi-row upserts of WRITE_BATCH rows otherwise. */
export async function writeValues(
  ctx: ServiceContext,
  b: ValueBatch,
  strategy: ImportStrategy = 'create_and_update',
): Promise<WriteCounts> {
  const at = ctx.now();
  const total = b.values.length;
  if (strategy === 'create_and_update' && total >= COPY_THRESHOLD) {
    const c = await dataValuesRepository.copy(ctx.db, b, ctx.actor.name, at);
    return { ...c, ignored: total - c.imported - c.updated, deleted: 0 };
  }
  const counts: WriteCounts = { imported: 0, updated: 0, ignored: 0, deleted: 0 };
  for (let k = 0; k < total; k += WRITE_BATCH) {
    const slice = (a: unknown[]) => a.slice(k, k + WRITE_BATCH);
    const part: ValueBatch = {
      indicatorIds: slice(b.indicatorIds) as number[],
      unitIds: slice(b.unitIds) as number[],
      periods: slice(b.periods) as string[],
      types: slice(b.types) as number[],
      starts: slice(b.starts) as string[],
      ends: slice(b.ends) as string[],
      values: slice(b.values) as number[],
      sources: slice(b.sources) as Array<string | null>,
      comments: slice(b.comments) as Array<string | null>,
    };
    if (strategy === 'delete') counts.deleted += await dataValuesRepository.deleteKeys(ctx.db, part);
    else {
      const c = await dataValuesRepository.upsert(ctx.db, part, ctx.actor.name, at, strategy);
      counts.imported += c.imported;
      counts.updated += c.updated;
    }
  }
  counts.ignored = total - counts.imported - counts.updated - counts.deleted;
  return counts;
}

/** Batches up to this size are audited value by value; larger ones as one import event. */
export const AUDIT_EACH_UP_TO = 50;
/** A bulk write's audit event lists its values up to this many rows (else only the counts). */
export const AUDIT_LIST_UP_TO = 5000;

export interface StoreOptions extends PrepareOptions {
  strategy?: ImportStrategy | undefined;
  /** What the audit trail calls the write (default 'enter'; files: 'import'). */
  action?: string | undefined;
  /** Recorded with a bulk write's audit event (e.g. the file name). */
  origin?: string | undefined;
}

/**
 * Checks and stores rows, all or nothing, within the actor's entry scope; records the
 * change in the audit trail (one event per value for small batches, one per import).
 */
export async function storeValues(
  ctx: ServiceContext,
  raw: RawValues,
  options: StoreOptions = {},
): Promise<WriteCounts & { stored: number }> {
  mustBeAllowed(indicatorPolicy.canEnterAny(ctx.actor), 'entering values needs the reporter or secretariat role');
  const outer = ctx.db.isTransaction;
  const strategy = options.strategy ?? 'create_and_update';
  const counts = await inTransaction(ctx, async (tx) => {
    const batch = await prepareValues(tx.db, raw, {
      readScope: indicatorPolicy.readScope(ctx.actor),
      entryScope: indicatorPolicy.entryScope(ctx.actor),
      ...options,
    });
    if (strategy === 'delete' || strategy === 'update') await mustCorrect(tx, batch);
    const c = await writeValues(tx, batch, strategy);
    await auditBatch(tx, batch, c, strategy, options);
    return c;
  });
  const stored = counts.imported + counts.updated;
  // A bulk import changes the table's statistics; refresh them once it is committed.
  if (!outer && stored >= ANALYZE_AFTER) await dataValuesRepository.analyze(ctx.db);
  return { ...counts, stored };
}

/** Deleting or overwriting on purpose is a correction: secretariat over every unit of the batch. */
async function mustCorrect(ctx: ServiceContext, b: ValueBatch): Promise<void> {
  if (indicatorPolicy.canDefine(ctx.actor)) return;
  const ids = [...new Set(b.unitIds)];
  for (const id of ids) {
    const u = await orgUnitsRepository.byId(ctx.db, id);
    mustBeAllowed(u !== undefined && indicatorPolicy.canCorrect(ctx.actor, u), 'corrections need the secretariat role');
  }
}

async function auditBatch(
  ctx: ServiceContext,
  b: ValueBatch,
  c: WriteCounts,
  strategy: ImportStrategy,
  options: StoreOptions,
): Promise<void> {
  if (c.imported + c.updated + c.deleted === 0) return;
  const action = strategy === 'delete' ? 'delete' : (options.action ?? 'enter');
  const keyOf = async () => {
    const ind = new Map((await indicatorsRepository.catalogue(ctx.db)).map((x) => [x.id, x.code]));
    const units = await orgUnitsRepository.codesById(ctx.db, [...new Set(b.unitIds)]);
    return (i: number) => `${ind.get(b.indicatorIds[i]!)}/${units.get(b.unitIds[i]!)}/${b.periods[i]}`;
  };
  if (b.values.length > AUDIT_EACH_UP_TO) {
    const key = b.values.length <= AUDIT_LIST_UP_TO ? await keyOf() : null;
    await recordChange(ctx, {
      action,
      type: 'data_value',
      id: 'import',
      after: {
        ...c,
        strategy,
        origin: options.origin ?? null,
        rows: b.values.length,
        ...(key ? { values: b.values.map((v, i) => [key(i), strategy === 'delete' ? null : v]) } : {}),
      },
    });
    return;
  }
  const key = await keyOf();
  for (let i = 0; i < b.values.length; i++)
    await recordChange(ctx, {
      action,
      type: 'data_value',
      id: key(i),
      after:
        strategy === 'delete'
          ? null
          : { value: b.values[i], comment: b.comments[i] ?? null, source: b.sources[i] ?? null },
    });
}

/** Imports of at least this many values refresh the planner statistics afterwards. */
export const ANALYZE_AFTER = 10_000;

export interface ValueEntry {
  indicator: string;
  orgUnit: string;
  period: string;
  value: unknown;
  source?: string | undefined;
  comment?: string | undefined;
}

function entriesAsRaw(entries: ReadonlyArray<ValueEntry>, prefix: (i: number) => string): RawValues {
  const FIELD = { indicator: 'indicator', unit: 'orgUnit', period: 'period', value: 'value' } as const;
  return {
    count: entries.length,
    indicator: (i) => entries[i]!.indicator,
    unit: (i) => entries[i]!.orgUnit,
    period: (i) => entries[i]!.period,
    value: (i) => entries[i]!.value,
    source: (i) => entries[i]!.source ?? null,
    comment: (i) => entries[i]!.comment ?? null,
    locate: (i, f) => `${prefix(i)}${FIELD[f]}`,
  };
}

export interface StoredValue {
  indicator: string;
  orgUnit: string;
  period: string;
  value: number;
  source: string | null;
  comment: string | null;
  enteredBy: string;
  enteredAt: string;
  reviewState: DataValueReviewState;
}

async function readOne(
  db: Db,
  indicator: string,
  orgUnit: string,
  period: string,
  actor?: Actor,
): Promise<StoredValue> {
  const ind = await indicatorsRepository.byCode(db, indicator);
  const unit = await orgUnitsRepository.byCode(db, orgUnit);
  const p = periodInfo(period);
  if (!ind || !unit || !p || (actor && !indicatorPolicy.canReadUnit(actor, unit)))
    throw new NotFoundError(`no value of ${indicator} for ${orgUnit} in ${period}`);
  const row = await dataValuesRepository.one(db, ind.id, unit.id, p.type, p.start);
  if (!row) throw new NotFoundError(`no value of ${indicator} for ${orgUnit} in ${p.code}`);
  return {
    indicator: row.indicator,
    orgUnit: row.unit,
    period: row.period,
    value: row.value,
    source: row.source,
    comment: row.comment,
    enteredBy: row.entered_by,
    enteredAt: new Date(row.entered_at).toISOString(),
    reviewState: row.review_state as DataValueReviewState,
  };
}

/** Enters (or replaces) one value; returns it as stored. */
export async function enterValue(ctx: ServiceContext, entry: ValueEntry): Promise<StoredValue> {
  return inTransaction(ctx, async (tx) => {
    await storeValues(
      tx,
      entriesAsRaw([entry], () => ''),
    );
    return readOne(tx.db, entry.indicator, entry.orgUnit, entry.period);
  });
}

/** Enters many values, all or nothing; problems name `values[i].field`. */
export async function enterValues(
  ctx: ServiceContext,
  entries: ReadonlyArray<ValueEntry>,
  options: PrepareOptions = {},
): Promise<{ stored: number }> {
  const c = await storeValues(
    ctx,
    entriesAsRaw(entries, (i) => `values[${i}].`),
    options,
  );
  return { stored: c.stored };
}

export async function getValue(
  ctx: ServiceContext,
  indicator: string,
  orgUnit: string,
  period: string,
): Promise<StoredValue> {
  return readOne(ctx.db, indicator, orgUnit, period, ctx.actor);
}

/** Approves or returns a value (with a comment). */
export async function reviewValue(
  ctx: ServiceContext,
  key: { indicator: string; orgUnit: string; period: string },
  state: DataValueReviewState,
  comment?: string,
): Promise<StoredValue> {
  if (!DATA_VALUE_REVIEW_STATES.includes(state))
    throw new ValidationError([{ path: 'state', message: `one of ${DATA_VALUE_REVIEW_STATES.join(', ')}` }]);
  return inTransaction(ctx, async (tx) => {
    const current = await readOne(tx.db, key.indicator, key.orgUnit, key.period, ctx.actor);
    const ind = (await indicatorsRepository.byCode(tx.db, current.indicator))!;
    const unit = (await orgUnitsRepository.byCode(tx.db, current.orgUnit))!;
    mustBeAllowed(indicatorPolicy.canCorrect(ctx.actor, unit), 'reviewing values needs the secretariat role');
    const p = periodInfo(current.period)!;
    await dataValuesRepository.setReview(tx.db, ind.id, unit.id, p.type, p.start, state, comment ?? null);
    await recordChange(tx, {
      action: 'review',
      type: 'data_value',
      id: `${current.indicator}/${current.orgUnit}/${current.period}`,
      before: { reviewState: current.reviewState },
      after: { reviewState: state, comment: comment ?? null },
    });
    return readOne(tx.db, key.indicator, key.orgUnit, key.period);
  });
}

export async function deleteValue(
  ctx: ServiceContext,
  key: { indicator: string; orgUnit: string; period: string },
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const current = await readOne(tx.db, key.indicator, key.orgUnit, key.period, ctx.actor);
    const ind = (await indicatorsRepository.byCode(tx.db, current.indicator))!;
    const unit = (await orgUnitsRepository.byCode(tx.db, current.orgUnit))!;
    mustBeAllowed(indicatorPolicy.canCorrect(ctx.actor, unit), 'deleting values needs the secretariat role');
    const p = periodInfo(current.period)!;
    await dataValuesRepository.deleteOne(tx.db, ind.id, unit.id, p.type, p.start);
    await recordChange(tx, {
      action: 'delete',
      type: 'data_value',
      id: `${current.indicator}/${current.orgUnit}/${current.period}`,
      before: { value: current.value, comment: current.comment, source: current.source },
    });
  });
}
