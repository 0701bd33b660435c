/**
 * The demo data set: real org trees and five real programmes (demo/), plus a
 * synthetic, deterministic progress history — every synthetic report is flagged
 * `synthetic` and its narrative says so.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, dateOf, daysBetween } from '../domain/dates.js';
import { formatPeriod, periodOf } from '../domain/period.js';
import type { ReportState } from '../domain/timeliness.js';
import { reportsRepository } from '../db/repositories/reports.repository.js';
import type { ServiceContext } from './context.js';
import { importOrgUnitsText } from './org-units-importer.js';
import { importProgrammeText } from './programme-importer.js';
import { refreshAssignmentStatus } from './progress-reports.js';
import { approvalsRepository } from '../db/repositories/approvals.repository.js';
import { seededRandom } from './random.js';
import { setPublished } from './public.js';
import { importIndicatorText } from './indicator-file.js';
import { loadDemoDataSets } from './demo-data-sets.js';
import { programmesRepository } from '../db/repositories/programmes.repository.js';
import { assignmentsRepository } from '../db/repositories/assignments.repository.js';
import { loadDemoInspection } from './demo-inspections.js';

export const DEMO_DIR = fileURLToPath(new URL('../../demo', import.meta.url));

export interface DemoSummary {
  loaded: boolean;
  units: number;
  programmes: string[];
  assignments: number;
  reports: number;
  indicators: number;
  values: number;
}

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Loads the demo unless programmes exist already. */
export async function loadDemo(ctx: ServiceContext, dir = DEMO_DIR): Promise<DemoSummary> {
  if ((await programmesRepository.count(ctx.db)) > 0)
    return { loaded: false, units: 0, programmes: [], assignments: 0, reports: 0, indicators: 0, values: 0 };
  return ctx.db.transaction().execute(async (trx) => {
    const tctx = { ...ctx, db: trx };
    let units = 0;
    for (const file of (await yamlFiles(dir)).filter((f) => /orgunits-/.test(f))) {
      units += (await importOrgUnitsText(tctx, await readFile(file, 'utf8'), file)).units;
    }
    const programmes: string[] = [];
    let assignments = 0;
    for (const file of await yamlFiles(join(dir, 'programmes'))) {
      const summary = await importProgrammeText(tctx, await readFile(file, 'utf8'), file);
      programmes.push(summary.programme);
      assignments += summary.assignments;
    }
    const reports = await synthesizeProgress(tctx);
    await approvalsRepository.backfillReports(tctx.db);
    // The demo is open data: its programmes are published (approved figures only appear under /public).
    for (const code of programmes) await setPublished(tctx, code, true);
    let indicators = 0;
    let values = 0;
    for (const file of await yamlFiles(join(dir, 'indicators')).catch(() => [] as string[])) {
      const s = await importIndicatorText(tctx, await readFile(file, 'utf8'), file);
      indicators += s.indicators;
      values += s.values + s.synthetic;
    }
    await loadDemoDataSets(tctx, dir);
    await loadDemoInspection(tctx);
    return { loaded: true, units, programmes, assignments, reports, indicators, values };
  });
}

const NARRATIVES: Record<ReportState, string[]> = {
  not_started: ['Chưa triển khai; đang chuẩn bị kế hoạch. / Not started; plan in preparation.'],
  in_progress: [
    'Đang triển khai theo kế hoạch. / Implementation under way as planned.',
    'Đã hoàn thành khảo sát, đang triển khai. / Survey finished, roll-out under way.',
    'Đã bố trí kinh phí, đang lựa chọn nhà thầu. / Budget allocated, contractor selection in progress.',
  ],
  blocked: [
    'Vướng mắc về kinh phí và thủ tục đầu tư; đề nghị hỗ trợ. / Blocked by funding and investment procedures; support requested.',
  ],
  completed: ['Đã hoàn thành, có báo cáo kết quả kèm theo. / Completed; results report attached.'],
};

/**
 * A plausible history for every leaf assignment, relative to today so the demo shows
 * every timeliness state: completed on time and late, overdue (some from earlier
 * years: backlog), due soon, on track, not started, blocked; most reports approved,
 * some awaiting review, a few returned.
 */
export async function synthesizeProgress(ctx: ServiceContext): Promise<number> {
  const random = seededRandom(20240424);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const today = dateOf(ctx.now());
  const leaves = await assignmentsRepository.leaves(ctx.db);
  // A few open assignments get an interim deadline inside the due-soon window, as
  // committees set for laggards; recorded like any other synthetic change.
  const future = leaves.filter((a) => a.due_date > addDays(today, 30));
  for (let i = 0; i < Math.min(4, future.length); i++) {
    const a = future[Math.floor((i * future.length) / 4)]!;
    a.due_date = addDays(today, 3 + i * 3);
    await assignmentsRepository.setDueDate(ctx.db, a.id, a.due_date);
  }
  let count = 0;
  for (const a of leaves) {
    const start = a.start_date ?? addDays(a.due_date, -365);
    if (start > today) continue;
    const due = a.due_date;
    const past = due < today;
    const roll = random();
    let finalState: ReportState;
    let finishDay: string;
    if (past) {
      finalState = roll < 0.74 ? 'completed' : roll < 0.8 ? 'blocked' : 'in_progress';
      finishDay =
        finalState === 'completed'
          ? random() < 0.7
            ? addDays(due, -Math.floor(random() * 40))
            : addDays(due, 1 + Math.floor(random() * 90))
          : addDays(today, -Math.floor(random() * 60));
    } else {
      finalState = roll < 0.2 ? 'not_started' : roll < 0.3 ? 'completed' : roll < 0.38 ? 'blocked' : 'in_progress';
      finishDay = addDays(today, -Math.floor(random() * 30));
    }
    if (finishDay > today) finishDay = today;
    if (finishDay < start) finishDay = start;
    if (finalState === 'not_started') continue;
    const steps = 1 + Math.floor(random() * 4);
    const span = Math.max(0, daysBetween(start, finishDay));
    for (let s = 1; s <= steps; s++) {
      const last = s === steps;
      const day = last ? finishDay : addDays(start, Math.floor((span * s) / (steps + 1)));
      const state: ReportState = last ? finalState : 'in_progress';
      const percent = state === 'completed' ? 100 : Math.min(95, Math.round((100 * s) / (steps + 1) - random() * 10));
      const row = await reportsRepository.insert(ctx.db, {
        assignmentId: a.id,
        period: formatPeriod(periodOf(day, 'month')),
        percent: Math.max(state === 'in_progress' || state === 'blocked' ? 5 : 0, percent),
        state,
        narrative: `[synthetic] ${pick(NARRATIVES[state])}`,
        evidence:
          state === 'completed'
            ? [{ url: `https://example.gov.vn/evidence/${a.id}`, title: 'Báo cáo kết quả / results report' }]
            : [],
        reporter: 'demo reporter (synthetic)',
        reportedAt: new Date(`${day}T0${2 + Math.floor(random() * 7)}:00:00Z`),
        synthetic: true,
      });
      count++;
      const pending = last && daysBetween(day, today) < 45 && random() < 0.5;
      if (!pending) {
        const returned = !last && random() < 0.05;
        await reportsRepository.review(ctx.db, row.id, {
          state: returned ? 'returned' : 'approved',
          comment: returned ? '[synthetic] Thiếu minh chứng. / Evidence missing.' : null,
          by: 'demo secretariat (synthetic)',
          at: new Date(`${addDays(day, 2) < today ? addDays(day, 2) : today}T09:00:00Z`),
        });
      }
    }
    await refreshAssignmentStatus(ctx.db, a.id);
  }
  return count;
}
