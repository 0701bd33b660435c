/**
 * Supervision: who is on time, due soon, overdue or carrying a backlog — counts,
 * rollups along programme and org trees, worst offenders and the overdue list.
 * Everything is one set-based query per view (src/db/repositories/supervision.repository.ts).
 */
import {
  supervisionRepository,
  type AsOf,
  type GroupDimension,
  type ListPage,
  type SupervisionFilter,
  type TallyRow,
} from '../db/repositories/supervision.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { nodesRepository } from '../db/repositories/nodes.repository.js';
import { ValidationError } from '../domain/errors.js';
import { dateOf } from '../domain/dates.js';
import { periodOf, periodStart } from '../domain/period.js';
import { DEFAULT_TIMELINESS } from '../domain/timeliness.js';
import type { LocalizedText } from '../domain/i18n.js';
import type { SupervisionQuery } from '../domain/supervision.js';
import type { ServiceContext } from './context.js';
import { requireVisibleProgramme } from './programmes.js';
import { supervisionPolicy } from '../policies/supervision.js';
import { covers } from '../policies/scope.js';
import { depthOfPath } from '../domain/org-unit.js';
import type { ListNames } from '../db/repositories/list-names.js';

export interface Counts {
  total: number;
  notStarted: number;
  onTrack: number;
  dueSoon: number;
  overdue: number;
  completedOnTime: number;
  completedLate: number;
  backlog: number;
  /** Completed on time ÷ (completed + overdue): the share of work that fell due and was done on time; null when nothing fell due. */
  onTimeRate: number | null;
}

export function emptyCounts(): Counts {
  return {
    total: 0,
    notStarted: 0,
    onTrack: 0,
    dueSoon: 0,
    overdue: 0,
    completedOnTime: 0,
    completedLate: 0,
    backlog: 0,
    onTimeRate: null,
  };
}

const FIELD: Record<string, keyof Omit<Counts, 'total' | 'backlog' | 'onTimeRate'>> = {
  not_started: 'notStarted',
  on_track: 'onTrack',
  due_soon: 'dueSoon',
  overdue: 'overdue',
  completed_on_time: 'completedOnTime',
  completed_late: 'completedLate',
};

/** Adds one tally cell to counts (and refreshes the on-time rate). */
export function addTally(counts: Counts, row: Pick<TallyRow, 'timeliness' | 'backlog' | 'n'>): Counts {
  counts.total += row.n;
  counts[FIELD[row.timeliness]!] += row.n;
  if (row.backlog) counts.backlog += row.n;
  const decided = counts.completedOnTime + counts.completedLate + counts.overdue;
  counts.onTimeRate = decided === 0 ? null : counts.completedOnTime / decided;
  return counts;
}

/** Folds tally cells into counts per group key. */
function countsByGroup(rows: TallyRow[]): Array<{ k1: number | null; k2: number | null; counts: Counts }> {
  const groups = new Map<string, { k1: number | null; k2: number | null; counts: Counts }>();
  for (const row of rows) {
    const key = `${row.k1}|${row.k2}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { k1: row.k1, k2: row.k2, counts: emptyCounts() }));
    addTally(group.counts, row);
  }
  return [...groups.values()];
}

interface Resolved {
  at: AsOf;
  filter: SupervisionFilter;
  rootDepth: number;
}

/** Turns codes into ids and paths; an unknown code is a validation error naming the field. */
export async function resolveQuery(ctx: ServiceContext, q: SupervisionQuery): Promise<Resolved> {
  const asOf = q.asOf ?? dateOf(ctx.now());
  const at: AsOf = {
    asOf,
    dueSoonDays: q.dueSoonDays ?? DEFAULT_TIMELINESS.dueSoonDays,
    backlogStart: periodStart(periodOf(asOf, q.backlogPeriod ?? DEFAULT_TIMELINESS.backlogPeriod)),
  };
  const filter: SupervisionFilter = {
    tag: q.tag,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
    scope: supervisionPolicy.readScope(ctx.actor),
  };
  let rootDepth = 0;
  const problems = [];
  if (q.programme) {
    const programme = await requireVisibleProgramme(ctx, q.programme);
    filter.programmeId = programme.id;
    if (q.node) {
      const node = await nodesRepository.byCode(ctx.db, programme.id, q.node);
      if (!node) problems.push({ path: 'node', message: `no node ${q.node} in ${q.programme}` });
      else filter.nodePath = node.path;
    }
  } else if (q.node) problems.push({ path: 'node', message: 'a node filter needs a programme' });
  if (q.unit) {
    const found = await orgUnitsRepository.byCode(ctx.db, q.unit);
    const unit = found && supervisionPolicy.canFilterBy(ctx.actor, found) ? found : undefined;
    if (!unit) problems.push({ path: 'unit', message: `no org unit ${q.unit}` });
    else {
      filter.unitPath = unit.path;
      rootDepth = unit.depth;
    }
  }
  if (q.lead) {
    const found = await orgUnitsRepository.byCode(ctx.db, q.lead);
    const lead = found && supervisionPolicy.canFilterBy(ctx.actor, found) ? found : undefined;
    if (!lead) problems.push({ path: 'lead', message: `no org unit ${q.lead}` });
    else filter.leadId = lead.id;
  }
  if (problems.length) throw new ValidationError(problems);
  // A scoped actor with one subtree and no unit filter: groups and worst offenders are that subtree's children.
  if (!q.unit && filter.scope && filter.scope.length === 1) {
    const root = filter.scope[0]!;
    filter.unitPath = root;
    rootDepth = depthOfPath(root);
  }
  return { at, filter, rootDepth };
}

export interface GroupRow {
  keys: Array<{ dimension: GroupDimension; id: number | null; code: string | null; name: LocalizedText | null }>;
  counts: Counts;
}

export interface Rollup {
  asOf: string;
  counts: Counts;
  groups: GroupRow[];
  /** Org units (children of the subtree root) with the most overdue work, then backlog. */
  worstOffenders: GroupRow[];
}

export async function rollup(
  ctx: ServiceContext,
  q: SupervisionQuery & { groupBy?: GroupDimension[]; top?: number },
): Promise<Rollup> {
  const { at, filter, rootDepth } = await resolveQuery(ctx, q);
  const dims = q.groupBy ?? [];
  // One scan gives the totals and the worst offenders (grouped by sub-unit); a second only when other groups are asked for.
  const [bySubunit, grouped] = await Promise.all([
    supervisionRepository.tally(ctx.db, at, filter, ['subunit'], rootDepth),
    dims.length && !(dims.length === 1 && dims[0] === 'subunit')
      ? supervisionRepository.tally(ctx.db, at, filter, dims, rootDepth)
      : Promise.resolve(null),
  ]);
  const counts = emptyCounts();
  for (const row of bySubunit) addTally(counts, row);
  const subunitGroups = countsByGroup(bySubunit);
  const groups = dims.length ? await nameGroups(ctx, dims, grouped ? countsByGroup(grouped) : subunitGroups) : [];
  const worst = (await nameGroups(ctx, ['subunit'], subunitGroups))
    .filter((g) => g.counts.overdue > 0 && g.keys[0]?.id !== null)
    .sort(
      (a, b) =>
        b.counts.overdue - a.counts.overdue ||
        b.counts.backlog - a.counts.backlog ||
        (a.keys[0]?.code ?? '').localeCompare(b.keys[0]?.code ?? ''),
    )
    .slice(0, q.top ?? 10);
  return { asOf: at.asOf, counts, groups, worstOffenders: worst };
}

async function nameGroups(
  ctx: ServiceContext,
  dims: GroupDimension[],
  rows: Array<{ k1: number | null; k2: number | null; counts: Counts }>,
): Promise<GroupRow[]> {
  const unitIds = new Set<number>();
  const nodeIds = new Set<number>();
  const programmeIds = new Set<number>();
  for (const row of rows)
    dims.forEach((d, i) => {
      const id = i === 0 ? row.k1 : row.k2;
      if (id === null) return;
      if (d === 'area') nodeIds.add(id);
      else if (d === 'programme') programmeIds.add(id);
      else unitIds.add(id);
    });
  const [units, nodes, programmes] = await Promise.all([
    supervisionRepository.unitNames(ctx.db, [...unitIds]),
    supervisionRepository.nodeNames(ctx.db, [...nodeIds]),
    supervisionRepository.programmeNames(ctx.db, [...programmeIds]),
  ]);
  const unitMap = new Map(
    units.filter((u) => covers(ctx.actor, u.path)).map((u) => [u.id, { code: u.code, name: u.name }]),
  );
  const nodeMap = new Map(nodes.map((n) => [n.id, { code: n.code, name: n.title }]));
  const progMap = new Map(programmes.map((p) => [p.id, { code: p.code, name: p.name }]));
  return rows.map((row) => ({
    keys: dims.map((dimension, i) => {
      const id = i === 0 ? row.k1 : row.k2;
      const named =
        id === null
          ? undefined
          : dimension === 'area'
            ? nodeMap.get(id)
            : dimension === 'programme'
              ? progMap.get(id)
              : unitMap.get(id);
      return { dimension, id, code: named?.code ?? null, name: named?.name ?? null };
    }),
    counts: row.counts,
  }));
}

/** A task as every list names it: its assignment, task, unit, lead agency and due date. */
export interface TaskNames {
  assignment: number;
  node: string;
  title: LocalizedText;
  unit: string;
  unitName: LocalizedText;
  lead: string | null;
  leadName: LocalizedText | null;
  due: string;
}

/** The names of a task (of an item that has more). */
export function taskNames(i: TaskNames): TaskNames {
  const { assignment, node, title, unit, unitName, lead, leadName, due } = i;
  return { assignment, node, title, unit, unitName, lead, leadName, due };
}

/** The names of a task from a list query's row, with the programme, progress and state (none reported: 0, not started). */
export function listRowNames(r: ListNameRow) {
  return {
    assignment: r.id,
    programme: r.programme,
    node: r.node,
    title: r.title,
    unit: r.unit,
    unitName: r.unit_name,
    lead: r.lead,
    leadName: r.lead_name,
    due: r.due,
    percent: r.percent ?? 0,
    state: r.state ?? 'not_started',
  };
}

export interface OverdueItem extends TaskNames {
  programme: string;
  daysLate: number;
  backlog: boolean;
  percent: number;
  state: string;
  lastReportedAt: string | null;
  tags: string[];
}

/** A page of an assignment list: the filter, backlog only or not, the order and the window. */
export type ListQuery = SupervisionQuery & {
  backlogOnly?: boolean;
  sort?: 'days_late' | 'due' | 'unit' | 'programme';
  limit?: number;
  offset?: number;
};

/** The page a list query asks for: 50 rows from the first, in the list's own order unless it asks for another. */
export function listPage(q: ListQuery, sort: ListPage['sort']): ListPage {
  return { backlogOnly: q.backlogOnly ?? false, sort: q.sort ?? sort, limit: q.limit ?? 50, offset: q.offset ?? 0 };
}

export async function overdueList(
  ctx: ServiceContext,
  q: ListQuery,
): Promise<{ asOf: string; total: number; items: OverdueItem[] }> {
  const { at, filter } = await resolveQuery(ctx, q);
  const { rows, total } = await supervisionRepository.overduePage(ctx.db, at, filter, listPage(q, 'days_late'));
  return {
    asOf: at.asOf,
    total,
    items: rows.map((r) => ({ ...toListItem(r), tags: r.tags })),
  };
}

/** The names, progress and state every list query selects (the overdue list, heading for late). */
export interface ListNameRow extends ListNames {
  due: string;
  percent: number | null;
  state: string | null;
}

/** The columns of a row of an assignment list, as the list queries select them. */
export interface ListRow extends ListNameRow {
  days_late: number;
  backlog: boolean;
  last_reported_at: Date | string | null;
}

/** One row of an assignment list (overdue list, the web's lists) as the API returns it. */
export function toListItem(r: ListRow): Omit<OverdueItem, 'tags'> {
  return {
    ...listRowNames(r),
    daysLate: r.days_late,
    backlog: r.backlog,
    lastReportedAt: r.last_reported_at ? new Date(r.last_reported_at).toISOString() : null,
  };
}
