/**
 * Data entry: a reporter's "My forms" (unit × data set × period with its state, due soon,
 * overdue), the form of a unit for a period (one row per indicator: value, comment, the
 * unit's own history and the outlier check), a province's grid of its communes, saving a
 * draft and submitting. Values go through services/data-values.ts (typed, scoped,
 * audited); the state through services/data-set-submissions.ts.
 */
import { dataSetsRepository, type DataSetRow } from '../db/repositories/data-sets.repository.js';
import { dataValuesRepository, PERIOD_TYPE_RANK } from '../db/repositories/data-values.repository.js';
import { orgUnitsRepository, type OrgUnitRow } from '../db/repositories/org-units.repository.js';
import {
  formStatus,
  isEditable,
  outlier,
  OUTLIER_MADS,
  scheduleOf,
  type FormState,
  type FormStatus,
  type SubmissionState,
} from '../domain/data-sets.js';
import { addDays, dateOf } from '../domain/dates.js';
import { ConflictError, NotFoundError, ValidationError, type Problem } from '../domain/errors.js';
import type { LocalizedText } from '../domain/i18n.js';
import {
  formatPeriod,
  parsePeriod,
  periodOf,
  periodOrdinal,
  periodFromOrdinal,
  periodStart,
  type Period,
  type PeriodType,
} from '../domain/period.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { mustBeAllowed } from '../policies/assert.js';
import { inTransaction, type ServiceContext } from './context.js';
import { recordChange } from './audit.js';
import { requireDataSet } from './data-sets.js';
import { storeValues } from './data-values.js';
import { changeSubmissionState, toSubmissionView, type SubmissionView } from './data-set-submissions.js';
import { requireVisibleUnit } from './indicator-aggregation.js';

/** One data set's form for a unit and period: its window, state and deadlines. */
export interface FormHeading {
  dataSet: string;
  dataSetName: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  period: string;
  opens: string;
  due: string;
  closes: string | null;
  state: FormState;
  dueSoon: boolean;
  overdue: boolean;
  editable: boolean;
}

export interface MyFormRow extends FormHeading {
  daysLeft: number;
}

/**
 * A form's heading as this user sees it: the data set, unit and period, the schedule, the state, and
 * whether the user may edit it (entry open, the unit in their entry scope, a closed form only as a correction).
 */
function formHeading(
  ctx: ServiceContext,
  ds: { code: string; name: LocalizedText },
  unit: { code: string; name: LocalizedText; path: string },
  p: Period,
  s: ReturnType<typeof scheduleOf>,
  st: FormStatus,
  today: string,
): FormHeading & FormStatus {
  return {
    dataSet: ds.code,
    dataSetName: ds.name,
    unit: unit.code,
    unitName: unit.name,
    period: formatPeriod(p),
    opens: s.opens,
    due: s.due,
    closes: s.closes,
    ...st,
    editable:
      isEditable(st.state) &&
      indicatorPolicy.canEnter(ctx.actor, unit) &&
      s.opens <= today &&
      (s.closes === null || today <= s.closes || indicatorPolicy.canCorrect(ctx.actor, unit)),
  };
}

/** How many periods back "My forms" looks (per data set). */
export const MY_FORMS_PERIODS = 12;
export const DUE_SOON_DAYS = 7;

function periodOrThrow(code: string, type: PeriodType, path: string): Period {
  const p = parsePeriod(code);
  if (!p)
    throw new ValidationError([{ path, message: `'${code}' is not a period (expected 2024, 2024Q1 or 2024M03)` }]);
  if (p.type !== type)
    throw new ValidationError([{ path, message: `the data set is reported by ${type}, not ${p.type}` }]);
  return p;
}

/** The periods of a data set open for entry on `today`, newest first (at most `count`). */
function openPeriods(ds: DataSetRow, today: string, count: number): Period[] {
  const type = ds.period_type as PeriodType;
  const sched = {
    periodType: type,
    openOffsetDays: ds.open_offset_days,
    dueDays: ds.due_days,
    expiryDays: ds.expiry_days,
  };
  const out: Period[] = [];
  // Start from the period that contains today shifted by the opening offset (a period opening early).
  let o = periodOrdinal(periodOf(addDays(today, -Math.min(0, ds.open_offset_days)), type));
  for (let k = 0; out.length < count && k < count + 24; k++, o--) {
    const p = periodFromOrdinal(type, o);
    if (ds.first_period_start && periodStart(p) < ds.first_period_start) break;
    const s = scheduleOf(sched, p);
    if (s.opens > today) continue;
    out.push(p);
  }
  return out;
}

/**
 * The forms of the units the actor reports for (or, without an entry role, reads), of
 * every data set reported there, for the periods open now: overdue first, then due soon,
 * then the rest newest first.
 */
export async function myForms(
  ctx: ServiceContext,
  q: { unit?: string | undefined; dataSet?: string | undefined; limit?: number | undefined },
): Promise<{ today: string; items: MyFormRow[] }> {
  const today = dateOf(ctx.now());
  const entry = indicatorPolicy.canEnterAny(ctx.actor);
  const scope = entry ? indicatorPolicy.entryScope(ctx.actor) : indicatorPolicy.readScope(ctx.actor);
  const root = q.unit ? await requireVisibleUnit(ctx, q.unit) : undefined;
  let sets = await dataSetsRepository.reportedIn(ctx.db, scope);
  if (q.dataSet) sets = sets.filter((s) => s.code === q.dataSet);
  const limit = q.limit ?? 200;
  const items: MyFormRow[] = [];
  for (const ds of sets) {
    const units = await dataSetsRepository.reportingUnits(ctx.db, ds, { rootPath: root?.path, scope, limit: 500 });
    const periods = openPeriods(ds, today, MY_FORMS_PERIODS);
    if (units.length === 0 || periods.length === 0) continue;
    const subs = await dataSetsRepository.submissionsOf(
      ctx.db,
      [ds.id],
      units.map((u) => u.id),
      periodStart(periods[periods.length - 1]!),
      periodStart(periods[0]!),
    );
    const byKey = new Map(subs.map((s) => [`${s.org_unit_id}|${s.period_start}`, s]));
    const sched = {
      periodType: ds.period_type as PeriodType,
      openOffsetDays: ds.open_offset_days,
      dueDays: ds.due_days,
      expiryDays: ds.expiry_days,
    };
    for (const u of units)
      for (const p of periods) {
        const s = scheduleOf(sched, p);
        const sub = byKey.get(`${u.id}|${periodStart(p)}`);
        const st = formStatus((sub?.state ?? null) as SubmissionState | null, false, s.due, today, DUE_SOON_DAYS);
        items.push(formHeading(ctx, ds, u, p, s, st, today));
      }
  }
  const rank = (r: MyFormRow) => (r.overdue ? 0 : r.dueSoon ? 1 : r.state === 'returned' ? 2 : r.editable ? 3 : 4);
  items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.due < b.due ? -1 : a.due > b.due ? 1 : 0) ||
      a.unit.localeCompare(b.unit) ||
      a.dataSet.localeCompare(b.dataSet),
  );
  return { today, items: items.slice(0, limit) };
}

export interface FormRow {
  indicator: string;
  name: LocalizedText;
  unit: string;
  valueType: string;
  value: number | null;
  comment: string | null;
  reviewState: string | null;
  /** The unit's own earlier values of this indicator (same period type), oldest first, at most 12. */
  history: Array<{ period: string; value: number }>;
  median: number | null;
  mad: number | null;
  /** The stored value lies beyond 3 MADs of the history. */
  outlier: boolean;
}

export interface FormView extends FormHeading {
  periodType: PeriodType;
  submission: SubmissionView | null;
  rows: FormRow[];
}

interface FormKey {
  ds: DataSetRow;
  unit: OrgUnitRow;
  period: Period;
}

async function resolveForm(
  ctx: ServiceContext,
  dsCode: string,
  unitCode: string,
  periodCode: string,
): Promise<FormKey> {
  const ds = await requireDataSet(ctx.db, dsCode);
  const unit = await orgUnitsRepository.byCode(ctx.db, unitCode);
  if (!unit || !indicatorPolicy.canReadUnit(ctx.actor, unit))
    throw new NotFoundError(`no org unit with code ${unitCode}`);
  if (unit.kind !== ds.unit_kind || !unit.path.startsWith(ds.scope_path))
    throw new NotFoundError(`${unitCode} does not report ${dsCode} (units of kind ${ds.unit_kind} under ${ds.scope})`);
  const period = periodOrThrow(periodCode, ds.period_type as PeriodType, 'period');
  return { ds, unit, period };
}

const HISTORY = 12;

async function buildForm(ctx: ServiceContext, k: FormKey): Promise<FormView> {
  const today = dateOf(ctx.now());
  const type = k.ds.period_type as PeriodType;
  const sched = {
    periodType: type,
    openOffsetDays: k.ds.open_offset_days,
    dueDays: k.ds.due_days,
    expiryDays: k.ds.expiry_days,
  };
  const s = scheduleOf(sched, k.period);
  const inds = await dataSetsRepository.indicators(ctx.db, [k.ds.id]);
  const start = periodStart(k.period);
  const first = periodStart(periodFromOrdinal(type, periodOrdinal(k.period) - HISTORY));
  const values = await dataSetsRepository.unitValues(
    ctx.db,
    [k.unit.id],
    inds.map((i) => i.id),
    PERIOD_TYPE_RANK[type],
    first,
    start,
  );
  const sub = await dataSetsRepository.submission(ctx.db, k.ds.id, k.unit.id, start);
  const st = formStatus((sub?.state ?? null) as SubmissionState | null, false, s.due, today, DUE_SOON_DAYS);
  const rows: FormRow[] = inds.map((i) => {
    const own = values.filter((v) => v.indicator_id === i.id);
    const current = own.find((v) => v.period_start === start || String(v.period_start).slice(0, 10) === start);
    const history = own.filter((v) => v !== current).map((v) => ({ period: v.period, value: v.value }));
    const o = current
      ? outlier(
          history.map((h) => h.value),
          current.value,
        )
      : null;
    const stats = outlier(
      history.map((h) => h.value),
      0,
    );
    return {
      indicator: i.code,
      name: i.name,
      unit: i.unit,
      valueType: i.value_type,
      value: current?.value ?? null,
      comment: current?.comment ?? null,
      reviewState: current?.review_state ?? null,
      history,
      median: stats?.median ?? null,
      mad: stats?.mad ?? null,
      outlier: o?.outlier ?? false,
    };
  });
  return {
    ...formHeading(ctx, k.ds, k.unit, k.period, s, st, today),
    periodType: type,
    submission: sub ? toSubmissionView(k.ds.code, k.unit.code, sub) : null,
    rows,
  };
}

export async function getForm(
  ctx: ServiceContext,
  dsCode: string,
  unitCode: string,
  periodCode: string,
): Promise<FormView> {
  return buildForm(ctx, await resolveForm(ctx, dsCode, unitCode, periodCode));
}

/** A parent's grid: the form of every reporting unit under it (e.g. a province's communes) for a period. */
export async function getGrid(
  ctx: ServiceContext,
  dsCode: string,
  parentCode: string,
  periodCode: string,
): Promise<{ dataSet: string; parent: string; period: string; forms: FormView[] }> {
  const ds = await requireDataSet(ctx.db, dsCode);
  const parent = await requireVisibleUnit(ctx, parentCode);
  const period = periodOrThrow(periodCode, ds.period_type as PeriodType, 'period');
  const units = await dataSetsRepository.reportingUnits(ctx.db, ds, {
    rootPath: parent.path,
    scope: indicatorPolicy.readScope(ctx.actor),
    limit: 500,
  });
  const forms: FormView[] = [];
  for (const u of units) {
    const unit = (await orgUnitsRepository.byId(ctx.db, u.id))!;
    forms.push(await buildForm(ctx, { ds, unit, period }));
  }
  return { dataSet: ds.code, parent: parent.code, period: formatPeriod(period), forms };
}

export interface FormEntry {
  indicator: string;
  /** null or '' clears the value. */
  value: number | string | boolean | null;
  comment?: string | null | undefined;
}

export interface SaveResult {
  form: FormView;
  /** Values beyond 3 MADs of the unit's history without a confirming comment (a submit refuses them). */
  warnings: Problem[];
}

/**
 * Saves a form's values as a draft, or submits it (`submit: true`). Before a submit every
 * value is checked (type and range, as every value is) and a value beyond 3 median
 * absolute deviations of the unit's own history needs a comment confirming it; problems
 * name `values[i].value` / `values[i].comment`. A submitted or approved form is locked.
 */
export async function saveForm(
  ctx: ServiceContext,
  dsCode: string,
  unitCode: string,
  periodCode: string,
  body: FormSaveBody,
): Promise<SaveResult> {
  const k = await resolveForm(ctx, dsCode, unitCode, periodCode);
  mustBeAllowed(indicatorPolicy.canEnter(ctx.actor, k.unit), 'filling a form needs the reporter or secretariat role');
  return inTransaction(ctx, (tx) => saveFormIn(tx, k, body));
}

type FormSaveBody = { values: FormEntry[]; submit?: boolean | undefined; comment?: string | undefined };

/** saveForm's work inside the caller's transaction (one form, or each row of a grid). */
async function saveFormIn(tx: ServiceContext, k: FormKey, body: FormSaveBody): Promise<SaveResult> {
  const before = await buildForm(tx, k);
  if (!isEditable(before.state))
    throw new ConflictError(`the form of ${k.unit.code} for ${before.period} is ${before.state}; it cannot be changed`);
  const today = dateOf(tx.now());
  if (before.opens > today) throw new ConflictError(`the form for ${before.period} opens on ${before.opens}`);
  if (before.closes !== null && today > before.closes && !indicatorPolicy.canCorrect(tx.actor, k.unit))
    throw new ConflictError(`the form for ${before.period} closed on ${before.closes}`);
  const rows = new Map(before.rows.map((r) => [r.indicator, r]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  body.values.forEach((v, i) => {
    if (!rows.has(v.indicator))
      problems.push({ path: `values[${i}].indicator`, message: `'${v.indicator}' is not in data set ${k.ds.code}` });
    else if (seen.has(v.indicator))
      problems.push({ path: `values[${i}].indicator`, message: `'${v.indicator}' is given twice` });
    seen.add(v.indicator);
  });
  if (problems.length) throw new ValidationError(problems, 'invalid form');
  const period = formatPeriod(k.period);
  const toStore = body.values.map((v, i) => ({ v, i })).filter(({ v }) => v.value !== null && v.value !== '');
  const toClear = body.values.filter(
    (v) => (v.value === null || v.value === '') && rows.get(v.indicator)!.value !== null,
  );
  if (toStore.length)
    await storeValues(
      tx,
      {
        count: toStore.length,
        indicator: (j) => toStore[j]!.v.indicator,
        unit: () => k.unit.code,
        period: () => period,
        value: (j) => toStore[j]!.v.value,
        source: () => `form ${k.ds.code}`,
        comment: (j) => toStore[j]!.v.comment?.trim() || null,
        locate: (j, f) => `values[${toStore[j]!.i}].${f === 'unit' ? 'unit' : f}`,
      },
      { action: body.submit ? 'submit' : 'save' },
    );
  for (const v of toClear) {
    const ind = (await dataSetsRepository.indicators(tx.db, [k.ds.id])).find((x) => x.code === v.indicator)!;
    const p = periodStart(k.period);
    await dataValuesRepository.deleteOne(tx.db, ind.id, k.unit.id, PERIOD_TYPE_RANK[k.period.type], p);
    await recordChange(tx, {
      action: 'clear',
      type: 'data_value',
      id: `${v.indicator}/${k.unit.code}/${period}`,
      before: { value: rows.get(v.indicator)!.value },
    });
  }
  const after = await buildForm(tx, k);
  const warnings: Problem[] = [];
  body.values.forEach((v, i) => {
    const r = after.rows.find((x) => x.indicator === v.indicator)!;
    if (r.outlier && !r.comment)
      warnings.push({
        path: `values[${i}].comment`,
        message: `${r.value} lies more than ${OUTLIER_MADS} median absolute deviations from this unit's median ${r.median} (MAD ${r.mad}); confirm it with a comment`,
      });
  });
  // Outliers already stored but not in this request also need their comment before a submit.
  after.rows.forEach((r) => {
    if (r.outlier && !r.comment && !seen.has(r.indicator))
      warnings.push({
        path: `rows.${r.indicator}.comment`,
        message: `${r.value} lies more than ${OUTLIER_MADS} median absolute deviations from this unit's median ${r.median}; confirm it with a comment`,
      });
  });
  if (body.submit) {
    const missing = after.rows
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.value === null)
      .map(({ r }) => {
        const i = body.values.findIndex((v) => v.indicator === r.indicator);
        return {
          path: i >= 0 ? `values[${i}].value` : `rows.${r.indicator}.value`,
          message: `${r.indicator}: no value`,
        };
      });
    if (warnings.length || missing.length)
      throw new ValidationError([...missing, ...warnings], 'the form cannot be submitted');
  }
  const { submission } = await changeSubmissionState(
    tx,
    { dataSet: k.ds, unit: k.unit, period: k.period },
    body.submit ? 'submit' : 'save',
    body.comment !== undefined ? { comment: body.comment } : {},
  );
  return { form: { ...(await buildForm(tx, k)), submission }, warnings };
}

export interface GridSaveResult {
  dataSet: string;
  parent: string;
  period: string;
  /** The saved forms, in the order given. */
  forms: FormView[];
  /** Outliers without a confirming comment (a draft keeps them; a submit refuses them), at `forms[i].…`. */
  warnings: Problem[];
}

/**
 * A parent's grid entry (a province's secretariat or reporter fills one period for its
 * communes): each row is one unit's form, saved or submitted with exactly the checks of
 * saveForm; all or nothing — one bad row and nothing is stored, every problem named at
 * `forms[i].…` (`forms[i]` for a form that cannot be changed).
 */
export async function saveGrid(
  ctx: ServiceContext,
  dsCode: string,
  parentCode: string,
  periodCode: string,
  body: {
    forms: Array<{ unit: string; values: FormEntry[]; comment?: string | undefined }>;
    submit?: boolean | undefined;
  },
): Promise<GridSaveResult> {
  const parent = await requireVisibleUnit(ctx, parentCode);
  const problems: Problem[] = [];
  const keys: Array<FormKey | null> = [];
  const seen = new Set<string>();
  for (const [i, f] of body.forms.entries()) {
    const k = await resolveForm(ctx, dsCode, f.unit, periodCode).catch((e: unknown) => {
      if (e instanceof NotFoundError) return null;
      throw e;
    });
    if (!k || !k.unit.path.startsWith(parent.path) || k.unit.id === parent.id)
      problems.push({
        path: `forms[${i}].unit`,
        message: `${f.unit} is not a unit under ${parent.code} that reports ${dsCode}`,
      });
    else if (seen.has(k.unit.code)) problems.push({ path: `forms[${i}].unit`, message: `${f.unit} is given twice` });
    else
      mustBeAllowed(
        indicatorPolicy.canEnter(ctx.actor, k.unit),
        'filling a form needs the reporter or secretariat role',
      );
    if (k) seen.add(k.unit.code);
    keys.push(k);
  }
  if (problems.length) throw new ValidationError(problems, 'the grid was not saved');
  return inTransaction(ctx, async (tx) => {
    const forms: FormView[] = [];
    const warnings: Problem[] = [];
    for (const [i, f] of body.forms.entries()) {
      const at = (p: Problem) => ({ ...p, path: `forms[${i}].${p.path}` });
      try {
        const r = await saveFormIn(tx, keys[i]!, {
          values: f.values,
          submit: body.submit,
          ...(f.comment !== undefined ? { comment: f.comment } : {}),
        });
        forms.push(r.form);
        warnings.push(...r.warnings.map(at));
      } catch (e) {
        if (e instanceof ValidationError) problems.push(...e.problems.map(at));
        else if (e instanceof ConflictError) problems.push({ path: `forms[${i}]`, message: e.message });
        else throw e;
      }
    }
    // One bad row and the transaction is rolled back: nothing of the grid is stored.
    if (problems.length) throw new ValidationError(problems, 'the grid was not saved');
    const ds = keys[0]?.ds ?? (await requireDataSet(tx.db, dsCode));
    return {
      dataSet: ds.code,
      parent: parent.code,
      period: formatPeriod(periodOrThrow(periodCode, ds.period_type as PeriodType, 'period')),
      forms,
      warnings,
    };
  });
}

/** Review of a submitted form by a secretariat over the unit: approve, return (with a comment) or reopen. */
export async function reviewForm(
  ctx: ServiceContext,
  dsCode: string,
  unitCode: string,
  periodCode: string,
  decision: 'approve' | 'return' | 'reopen',
  comment?: string,
): Promise<FormView> {
  const k = await resolveForm(ctx, dsCode, unitCode, periodCode);
  if (decision === 'return' && !comment?.trim())
    throw new ValidationError([{ path: 'comment', message: 'say why the form is returned' }]);
  return inTransaction(ctx, async (tx) => {
    await changeSubmissionState(tx, { dataSet: k.ds, unit: k.unit, period: k.period }, decision, {
      comment: comment ?? null,
    });
    return buildForm(tx, k);
  });
}
