/**
 * The demo's data sets (demo/datasets/*.yaml) and a synthetic submission history for the
 * provinces' monthly forms of 2025 (most on time, some late, some missing), so that the
 * completeness views have something to show. Marked synthetic like the rest of the demo.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataSetsRepository } from '../db/repositories/data-sets.repository.js';
import { scheduleOf } from '../domain/data-sets.js';
import { addDays, dateOf } from '../domain/dates.js';
import { formatPeriod, periodOf, periodsBetween, periodStart, type PeriodType } from '../domain/period.js';
import type { ServiceContext } from './context.js';
import { importDataSetsText } from './data-sets.js';
import { seededRandom } from './random.js';

export async function loadDemoDataSets(
  ctx: ServiceContext,
  dir: string,
): Promise<{ dataSets: number; submissions: number }> {
  const folder = join(dir, 'datasets');
  const files = (await readdir(folder).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f)).sort();
  let dataSets = 0;
  for (const f of files)
    dataSets += (await importDataSetsText(ctx, await readFile(join(folder, f), 'utf8'), f)).dataSets.length;
  let submissions = 0;
  const ds = await dataSetsRepository.byCode(ctx.db, 'VN-PROVINCE-MONTHLY');
  if (ds) {
    const random = seededRandom(2025);
    const units = await dataSetsRepository.reportingUnits(ctx.db, ds, {});
    const sched = {
      periodType: ds.period_type as PeriodType,
      openOffsetDays: ds.open_offset_days,
      dueDays: ds.due_days,
      expiryDays: ds.expiry_days,
    };
    const today = dateOf(ctx.now());
    for (const p of periodsBetween('2025M01', formatPeriod(periodOf(today, 'month'))))
      for (const u of units) {
        const r = random();
        if (r > 0.88) continue; // not reported
        const due = scheduleOf(sched, p).due;
        if (due >= today) continue; // not due yet: left to the reporters
        const day = r < 0.7 ? addDays(due, -Math.floor(random() * 8)) : addDays(due, 1 + Math.floor(random() * 20));
        const at = new Date(`${day}T09:00:00Z`);
        await dataSetsRepository.putSubmission(
          ctx.db,
          {
            dataSetId: ds.id,
            unitId: u.id,
            period: formatPeriod(p),
            periodStart: periodStart(p),
            state: random() < 0.6 ? 'approved' : 'submitted',
            submittedAt: at,
            submittedBy: 'synthetic (demo)',
            comment: null,
            by: 'synthetic (demo)',
            at,
          },
          null,
        );
        submissions++;
      }
  }
  return { dataSets, submissions };
}
