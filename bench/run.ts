/**
 * `npm run bench`: builds the synthetic country on PGlite and on PostgreSQL and times
 * the supervision queries the dashboards run. Options (env): BENCH_SCALE (default 1 =
 * 100,000 assignments, 1,000,000 reports), BENCH_STORES (pglite,postgres), BENCH_RUNS,
 * BENCH_POSTGRES_URL (admin URL; a scratch database is created and dropped).
 */
import { withBenchStore } from './scratch.js';
import { systemContext } from '../src/services/context.js';
import { overdueList, rollup } from '../src/services/supervision.js';
import { submitReport } from '../src/services/progress-reports.js';
import { completenessOf } from '../src/services/completeness.js';
import { aggregatedValues } from '../src/services/indicator-aggregation.js';
import { benchMonths, generateCountry, generateFigures, sizeFor } from './generate.js';
import { row, time } from './stats.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const stores = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
const runs = Number(process.env.BENCH_RUNS ?? 30);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const AS_OF = '2024-09-30';

console.log(
  `Mandate benchmark — scale ${scale}, ${runs} timed runs per query, as of ${AS_OF}, Node ${process.version}`,
);
for (const kind of stores) {
  await withBenchStore(kind, adminUrl, async (store) => {
    const started = Date.now();
    const g = await generateCountry(store.db, sizeFor(scale), AS_OF);
    console.log(
      `\n${kind}: ${g.units} org units, ${g.tasks} tasks, ${g.assignments} assignments (${g.leaves} leaves), ${g.reports} reports — generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const ctx = { ...systemContext(store.db), now: () => new Date(`${AS_OF}T12:00:00Z`) };
    let overdueTotal = 0;
    const results = [
      ['national rollup (counts + worst provinces)', () => rollup(ctx, { unit: 'X' })],
      ['rollup grouped by province', () => rollup(ctx, { unit: 'X', groupBy: ['subunit'] })],
      ['rollup of one programme × area × lead', () => rollup(ctx, { programme: 'PRG3', groupBy: ['area', 'lead'] })],
      ['rollup of one province subtree', () => rollup(ctx, { unit: 'X-P7' })],
      ['overdue list, first page (50)', async () => (overdueTotal = (await overdueList(ctx, { limit: 50 })).total)],
      ['overdue list, backlog only, page 10', () => overdueList(ctx, { backlogOnly: true, limit: 50, offset: 450 })],
      ['overdue list filtered by tag green + lead', () => overdueList(ctx, { tag: 'green', lead: 'X-M3', limit: 50 })],
      ['national rollup as of a past date (history)', () => rollup(ctx, { unit: 'X', asOf: '2023-06-30' })],
    ] as const;
    for (const [name, fn] of results) console.log(row(name, await time(fn, runs)));
    console.log(`  (overdue assignments as of ${AS_OF}: ${overdueTotal})`);
    // A write right before the read: no precomputed snapshot can go stale.
    const leaf = await store.db
      .selectFrom('assignments')
      .select('id')
      .where('child_count', '=', 0)
      .where('current_state', '<>', 'completed')
      .limit(1)
      .executeTakeFirstOrThrow();
    let percent = 10;
    const t = await time(
      async () => {
        percent = percent >= 90 ? 10 : percent + 1;
        await submitReport(ctx, leaf.id, { period: '2024M10', percent, state: 'in_progress', narrative: 'bench' });
        await rollup(ctx, { unit: 'X' });
      },
      Math.min(runs, 20),
    );
    console.log(row('report submitted + national rollup', t));

    // Figures (issue 12): reporting completeness rolled up the tree, and one indicator over the country.
    const fstarted = Date.now();
    const fg = await generateFigures(store.db, AS_OF);
    console.log(
      `  figures: ${fg.dataSets} data set definitions (3 × province, commune), ${fg.expected} forms expected over 12 months, ${fg.submissions} received, ${fg.values} values — generated in ${((Date.now() - fstarted) / 1000).toFixed(1)} s`,
    );
    const months = benchMonths(AS_OF);
    const span = { from: months.first, to: months.last };
    const figures = [
      ['completeness, national total (12 months)', () => completenessOf(ctx, { unit: 'X', ...span })],
      ['completeness by province (35 × 6 × 12 rows)', () => completenessOf(ctx, { unit: 'X', level: 1, ...span })],
      ['completeness of one province by commune', () => completenessOf(ctx, { unit: 'X-P7', level: 1, ...span })],
      ['aggregate 1 indicator, country × 12 months', () => aggregatedValues(ctx, 'fig_1', { unit: 'X', ...span })],
    ] as const;
    for (const [name, fn] of figures) console.log(row(name, await time(fn, runs)));
  });
}

// Indicators: 1,000,000 data values imported, one indicator aggregated over the country (bench/indicators.ts).
if (process.env.BENCH_SKIP_INDICATORS !== '1') await import('./indicators.js');
