/**
 * The public open-data view: published programmes only, figures from approved
 * reports only, with a licence on every download. Nothing here reads narratives,
 * reporters, evidence or submitted/returned reports.
 */
import { recordChange } from './audit.js';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetRow } from '../domain/spreadsheet.js';
import {
  publicRepository,
  type PublicAssignmentRow,
  type PublicProgrammeRow,
} from '../db/repositories/public.repository.js';
import { dateOf } from '../domain/dates.js';
import { NotFoundError } from '../domain/errors.js';
import type { LocalizedText } from '../domain/i18n.js';
import { inTransaction, type ServiceContext } from './context.js';

export function openDataLicence(env: NodeJS.ProcessEnv = process.env): { id: string; url: string } {
  const id = env.MANDATE_OPEN_DATA_LICENCE ?? 'CC-BY-4.0';
  const url =
    env.MANDATE_OPEN_DATA_LICENCE_URL ?? (id === 'CC-BY-4.0' ? 'https://creativecommons.org/licenses/by/4.0/' : '');
  return { id, url };
}

export interface PublicCounts {
  total: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  /** Mean approved percent complete over all assignments. */
  meanPercent: number;
  /** Completed ÷ all assignments. */
  completionRate: number | null;
}

function count(rows: PublicAssignmentRow[]): PublicCounts {
  const c = {
    total: rows.length,
    completed: 0,
    completedOnTime: 0,
    completedLate: 0,
    inProgress: 0,
    notStarted: 0,
    overdue: 0,
    meanPercent: 0,
    completionRate: null as number | null,
  };
  let sum = 0;
  for (const r of rows) {
    sum += Number(r.percent);
    if (r.status === 'completed_on_time') c.completedOnTime++;
    else if (r.status === 'completed_late') c.completedLate++;
    else if (r.status === 'overdue') c.overdue++;
    else if (r.status === 'in_progress') c.inProgress++;
    else c.notStarted++;
  }
  c.completed = c.completedOnTime + c.completedLate;
  c.meanPercent = rows.length ? Math.round((sum / rows.length) * 10) / 10 : 0;
  c.completionRate = rows.length ? c.completed / rows.length : null;
  return c;
}

export interface PublicProgrammeSummary {
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  period: { start: string; end: string };
  publishedAt: string | null;
  asOf: string;
  progress: PublicCounts;
}

/** A published programme with its progress from its approved assignments as of a day. */
function summary(p: PublicProgrammeRow, asOf: string, rows: PublicAssignmentRow[]): PublicProgrammeSummary {
  return {
    code: p.code,
    name: p.name,
    description: p.description,
    period: { start: p.period_start, end: p.period_end },
    publishedAt: p.published_at ? new Date(p.published_at).toISOString() : null,
    asOf,
    progress: count(rows),
  };
}

export async function listPublicProgrammes(
  ctx: ServiceContext,
): Promise<{ licence: ReturnType<typeof openDataLicence>; asOf: string; items: PublicProgrammeSummary[] }> {
  const asOf = dateOf(ctx.now());
  const programmes = await publicRepository.programmes(ctx.db);
  const items = await Promise.all(
    programmes.map(async (p) => summary(p, asOf, await publicRepository.assignments(ctx.db, p.id, asOf))),
  );
  return { licence: openDataLicence(), asOf, items };
}

export interface PublicProgramme extends PublicProgrammeSummary {
  licence: ReturnType<typeof openDataLicence>;
  areas: Array<{ code: string | null; title: LocalizedText | null; progress: PublicCounts }>;
  /** Org units ranked by completion rate (then fewer overdue, then code). */
  units: Array<{ rank: number; code: string; name: LocalizedText; progress: PublicCounts }>;
}

async function requirePublished(ctx: ServiceContext, code: string) {
  const p = await publicRepository.programme(ctx.db, code);
  // The same answer for "does not exist" and "not published": nothing leaks.
  if (!p) throw new NotFoundError(`no published programme ${code}`);
  return p;
}

export async function getPublicProgramme(ctx: ServiceContext, code: string): Promise<PublicProgramme> {
  const asOf = dateOf(ctx.now());
  const p = await requirePublished(ctx, code);
  const rows = await publicRepository.assignments(ctx.db, p.id, asOf);
  const group = <K>(key: (r: PublicAssignmentRow) => K) => {
    const map = new Map<K, PublicAssignmentRow[]>();
    for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
    return map;
  };
  const areas = [...group((r) => r.area).entries()].map(([areaCode, list]) => ({
    code: areaCode,
    title: list[0]!.area_title,
    progress: count(list),
  }));
  const units = [...group((r) => r.unit).entries()]
    .map(([unitCode, list]) => ({ code: unitCode, name: list[0]!.unit_name, progress: count(list) }))
    .sort(
      (a, b) =>
        (b.progress.completionRate ?? 0) - (a.progress.completionRate ?? 0) ||
        a.progress.overdue - b.progress.overdue ||
        a.code.localeCompare(b.code),
    )
    .map((u, i) => ({ rank: i + 1, ...u }));
  return {
    ...summary(p, asOf, rows),
    licence: openDataLicence(),
    areas,
    units,
  };
}

export interface PublicDataset {
  licence: ReturnType<typeof openDataLicence>;
  programme: string;
  asOf: string;
  items: Array<{
    programme: string;
    area: string | null;
    task: string;
    title: LocalizedText;
    unit: string;
    unitName: LocalizedText;
    due: string;
    percent: number;
    state: string;
    status: string;
    completedOn: string | null;
  }>;
}

export async function publicDataset(ctx: ServiceContext, code: string): Promise<PublicDataset> {
  const asOf = dateOf(ctx.now());
  const p = await requirePublished(ctx, code);
  const rows = await publicRepository.assignments(ctx.db, p.id, asOf);
  return {
    licence: openDataLicence(),
    programme: p.code,
    asOf,
    items: rows.map((r) => ({
      programme: p.code,
      area: r.area,
      task: r.node,
      title: r.title,
      unit: r.unit,
      unitName: r.unit_name,
      due: r.due,
      percent: Number(r.percent),
      state: r.state,
      status: r.status,
      completedOn: r.completed_on,
    })),
  };
}

export function datasetCsv(data: PublicDataset): string {
  const columns = [
    'programme',
    'area',
    'task',
    'title_vi',
    'title_en',
    'title_zh',
    'title_ar',
    'unit',
    'unit_name_vi',
    'unit_name_en',
    'due',
    'percent',
    'state',
    'status',
    'completed_on',
    'as_of',
    'licence',
  ];
  // Names and titles are written by secretariats: quoted against formula injection (src/domain/spreadsheet.ts).
  return stringify(
    data.items.map((i) =>
      spreadsheetRow([
        i.programme,
        i.area ?? '',
        i.task,
        i.title.vi ?? '',
        i.title.en ?? '',
        i.title.zh ?? '',
        i.title.ar ?? '',
        i.unit,
        i.unitName.vi ?? '',
        i.unitName.en ?? '',
        i.due,
        i.percent,
        i.state,
        i.status,
        i.completedOn ?? '',
        data.asOf,
        data.licence.id,
      ]),
    ),
    { header: true, columns, bom: true },
  );
}

export async function setPublished(
  ctx: ServiceContext,
  code: string,
  published: boolean,
): Promise<{ code: string; published: boolean }> {
  return inTransaction(ctx, async (tctx) => {
    if (!(await publicRepository.setPublished(tctx.db, code, published, tctx.now())))
      throw new NotFoundError(`no programme with code ${code}`);
    await recordChange(tctx, {
      action: published ? 'publish' : 'unpublish',
      type: 'programme',
      id: code,
      after: { published },
    });
    return { code, published };
  });
}
