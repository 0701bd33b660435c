/**
 * `npm run bench:indicators` (also run at the end of `npm run bench`): imports 1,000,000
 * data values (5 indicators × 3,335 units of the synthetic country × 60 months) from CSV
 * — parse, check every row, write in batched multi-row upserts — and times the
 * aggregation of one indicator over the whole country for 60 months, right after the
 * import (fresh data, no ANALYZE) and right after a new value is entered.
 * Env: BENCH_STORES (pglite,postgres), BENCH_RUNS, BENCH_POSTGRES_URL, BENCH_VALUES.
 */
import { sql } from 'kysely';
import type { Store } from '../src/db/connect.js';
import { withBenchStore } from './scratch.js';
import { systemContext } from '../src/services/context.js';
import { createIndicator } from '../src/services/indicators.js';
import { enterValue, prepareValues, storeValues, writeValues } from '../src/services/data-values.js';
import { readCsv } from '../src/services/value-files.js';
import { aggregatedValues } from '../src/services/indicator-aggregation.js';
import { row, time } from './stats.js';

const stores = (process.env.BENCH_STORES ?? 'pglite,postgres').split(',');
const runs = Number(process.env.BENCH_RUNS ?? 30);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const target = Number(process.env.BENCH_VALUES ?? 1_000_000);
const INDICATORS = 5;
const MONTHS = 60; // 2020M01 … 2024M12

/** The org tree of the synthetic country (as bench/generate.ts): a committee, 20 ministries, 35 provinces, 3,300 communes. */
async function generateUnits(store: Store): Promise<string[]> {
  const run = (q: ReturnType<typeof sql>) => q.execute(store.db);
  await run(
    sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name) VALUES ('X', 'committee', NULL, '', 0, '{"en":"National committee"}')`,
  );
  await run(sql`UPDATE org_units SET path = '/' || id || '/' WHERE code = 'X'`);
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-M' || g, 'ministry', r.id, '', 1, json_build_object('en', 'Ministry ' || g)::jsonb FROM generate_series(1, 20) g, org_units r WHERE r.code = 'X'`);
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-P' || g, 'province', r.id, '', 1, json_build_object('en', 'Province ' || g)::jsonb FROM generate_series(1, 35) g, org_units r WHERE r.code = 'X'`);
  await run(
    sql`UPDATE org_units u SET path = p.path || u.id || '/' FROM org_units p WHERE u.parent_id = p.id AND u.depth = 1`,
  );
  await run(sql`INSERT INTO org_units (code, kind, parent_id, path, depth, name)
    SELECT 'X-C' || g, 'commune', p.id, '', 2, json_build_object('en', 'Commune ' || g)::jsonb
    FROM generate_series(1, 3300) g JOIN org_units p ON p.code = 'X-P' || (1 + (g % 35))`);
  await run(
    sql`UPDATE org_units u SET path = p.path || u.id || '/' FROM org_units p WHERE u.parent_id = p.id AND u.depth = 2`,
  );
  await run(sql`ANALYZE org_units`);
  const units = await store.db
    .selectFrom('org_units')
    .select('code')
    .where('kind', 'in', ['province', 'commune'])
    .orderBy('id')
    .execute();
  return units.map((u) => u.code);
}

function csvText(units: string[]): { text: string; count: number } {
  const lines = ['indicator,unit,period,value,source,comment'];
  let count = 0;
  outer: for (let i = 1; i <= INDICATORS; i++)
    for (const unit of units)
      for (let m = 0; m < MONTHS; m++) {
        if (count >= target) break outer;
        const period = `${2020 + Math.floor(m / 12)}M${String((m % 12) + 1).padStart(2, '0')}`;
        lines.push(`bench_${i},${unit},${period},${(count * 7919) % 1000},synthetic,`);
        count++;
      }
  return { text: `${lines.join('\n')}\n`, count };
}

console.log(
  `\nIndicators benchmark — ${target.toLocaleString('en')} values (${INDICATORS} indicators × units × ${MONTHS} months), ${runs} timed runs per query, Node ${process.version}`,
);
for (const kind of stores) {
  await withBenchStore(kind, adminUrl, async (store) => {
    const ctx = { ...systemContext(store.db), actor: { name: 'bench' } };
    const units = await generateUnits(store);
    for (let i = 1; i <= INDICATORS; i++)
      await createIndicator(ctx, {
        code: `bench_${i}`,
        name: { en: `Bench ${i}` },
        unit: 'x',
        valueType: 'count',
        synthetic: true,
      });
    const { text, count } = csvText(units);
    console.log(
      `\n${kind}: ${units.length + 21} org units, CSV of ${count.toLocaleString('en')} values (${(text.length / 1e6).toFixed(1)} MB)`,
    );

    let t0 = process.hrtime.bigint();
    const { stored } = await storeValues(ctx, readCsv(text, 'bench.csv'));
    let s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `  import CSV (parse + check + write, new rows)   ${s.toFixed(2)} s   ${Math.round(stored / s).toLocaleString('en')} values/s`,
    );

    // Fresh data: aggregate right after the import, no ANALYZE, no VACUUM.
    const q = { unit: 'X', from: '2020M01', to: '2024M12' };
    const national = await time(() => aggregatedValues(ctx, 'bench_1', q), runs);
    console.log(row('aggregate 1 indicator, country × 60 months', national));
    const provinces = await time(() => aggregatedValues(ctx, 'bench_1', { ...q, level: 1 }), runs);
    console.log(row('… by province (35 × 60 rows)', provinces));
    const years = await time(() => aggregatedValues(ctx, 'bench_1', { ...q, level: 1, periodType: 'year' }), runs);
    console.log(row('… by province, rolled up to years', years));
    let v = 0;
    const afterWrite = await time(
      async () => {
        await enterValue(ctx, { indicator: 'bench_1', orgUnit: 'X-C7', period: '2024M12', value: ++v });
        await aggregatedValues(ctx, 'bench_1', q);
      },
      Math.min(runs, 20),
    );
    console.log(row('value entered + national aggregation', afterWrite));

    // Re-import of the same file: every row an update (ON CONFLICT … DO UPDATE).
    const raw = readCsv(text, 'bench.csv');
    t0 = process.hrtime.bigint();
    const batch = await prepareValues(store.db, raw);
    const checked = Number(process.hrtime.bigint() - t0) / 1e9;
    t0 = process.hrtime.bigint();
    await store.db.transaction().execute((trx) => writeValues({ ...ctx, db: trx }, batch));
    s = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `  re-import: check ${checked.toFixed(2)} s, write (all updates) ${s.toFixed(2)} s   ${Math.round(count / s).toLocaleString('en')} values/s`,
    );
  });
}
