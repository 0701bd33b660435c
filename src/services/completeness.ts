/**
 * Reporting completeness (DHIS2's reporting rate and reporting rate on time): expected,
 * received and on-time forms per unit × data set × period, rolled up the org tree in SQL
 * (dataSetsRepository.completeness; the pure twin is completeness() in
 * src/domain/data-sets.ts). Scoped: the root must lie in the reader's scope.
 */
import { dataSetsRepository } from '../db/repositories/data-sets.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { periodCodeOf, rates } from '../domain/data-sets.js';
import { addDays, dateOf, isIsoDate } from '../domain/dates.js';
import { ValidationError } from '../domain/errors.js';
import type { LocalizedText } from '../domain/i18n.js';
import { parsePeriod, periodEnd, periodStart, type PeriodType } from '../domain/period.js';
import type { ServiceContext } from './context.js';
import { requireDataSet } from './data-sets.js';
import { requireVisibleUnit } from './indicator-aggregation.js';

export interface CompletenessQuery {
  unit?: string | undefined;
  /** Levels below the unit to group by: 0 = the unit itself (default), 1 = its children … */
  level?: number | undefined;
  dataSet?: string | undefined;
  /** First and last period (any type) or dates; default: the 12 months up to asOf. */
  from?: string | undefined;
  to?: string | undefined;
  /** Periods count once their entry has opened by this day (default today). */
  asOf?: string | undefined;
}

export interface CompletenessCounts {
  expected: number;
  received: number;
  onTime: number;
  rate: number | null;
  onTimeRate: number | null;
}

export interface CompletenessView {
  unit: string;
  level: number;
  from: string;
  to: string;
  asOf: string;
  dataSets: string[];
  /** Per group unit, all data sets and periods together; least complete first. */
  units: Array<{ unit: string; name: LocalizedText } & CompletenessCounts>;
  /** Per group unit × data set × period. */
  rows: Array<{ unit: string; dataSet: string; period: string } & CompletenessCounts>;
  total: CompletenessCounts;
}

function bound(text: string, which: 'from' | 'to'): string {
  if (isIsoDate(text)) return text;
  const p = parsePeriod(text);
  if (!p)
    throw new ValidationError([
      { path: which, message: `'${text}' is neither a period (2024, 2024Q1, 2024M03) nor a date (YYYY-MM-DD)` },
    ]);
  return which === 'from' ? periodStart(p) : periodEnd(p);
}

function withRates(c: { expected: number; received: number; onTime: number }): CompletenessCounts {
  return { ...c, ...rates(c) };
}

export async function completenessOf(ctx: ServiceContext, q: CompletenessQuery): Promise<CompletenessView> {
  const asOf = q.asOf ?? dateOf(ctx.now());
  if (!isIsoDate(asOf)) throw new ValidationError([{ path: 'asOf', message: 'not a date (expected YYYY-MM-DD)' }]);
  const root = await requireVisibleUnit(ctx, q.unit);
  const level = q.level ?? 0;
  const to = q.to ? bound(q.to, 'to') : asOf;
  const from = q.from ? bound(q.from, 'from') : `${addDays(`${to.slice(0, 7)}-01`, -334).slice(0, 7)}-01`;
  if (to < from) throw new ValidationError([{ path: 'to', message: 'the range ends before it starts' }]);
  const sets = q.dataSet ? [await requireDataSet(ctx.db, q.dataSet)] : await dataSetsRepository.list(ctx.db);
  const dbRows = await dataSetsRepository.completeness(ctx.db, {
    dataSetIds: sets.map((s) => s.id),
    from,
    to,
    asOf,
    rootPath: root.path,
    group: { depth: root.depth + level },
  });
  const ids = [...new Set(dbRows.map((r) => r.unit_id))];
  const names = new Map<number, { code: string; name: LocalizedText }>(
    (await orgUnitsRepository.namesByIds(ctx.db, ids)).map((u) => [u.id, { code: u.code, name: u.name }]),
  );
  const setById = new Map(sets.map((s) => [s.id, s]));
  const perUnit = new Map<number, { expected: number; received: number; onTime: number }>();
  const total = { expected: 0, received: 0, onTime: 0 };
  const rows: CompletenessView['rows'] = [];
  for (const r of dbRows) {
    const ds = setById.get(r.data_set_id)!;
    const c = { expected: r.expected, received: r.received, onTime: r.on_time };
    rows.push({
      unit: names.get(r.unit_id)?.code ?? String(r.unit_id),
      dataSet: ds.code,
      period: periodCodeOf(r.period_start, ds.period_type as PeriodType),
      ...withRates(c),
    });
    const u = perUnit.get(r.unit_id) ?? perUnit.set(r.unit_id, { expected: 0, received: 0, onTime: 0 }).get(r.unit_id)!;
    u.expected += c.expected;
    u.received += c.received;
    u.onTime += c.onTime;
    total.expected += c.expected;
    total.received += c.received;
    total.onTime += c.onTime;
  }
  const units = [...perUnit].map(([id, c]) => ({
    unit: names.get(id)?.code ?? String(id),
    name: names.get(id)?.name ?? {},
    ...withRates(c),
  }));
  units.sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || a.unit.localeCompare(b.unit));
  return {
    unit: root.code,
    level,
    from,
    to,
    asOf,
    dataSets: sets.map((s) => s.code),
    units,
    rows,
    total: withRates(total),
  };
}
