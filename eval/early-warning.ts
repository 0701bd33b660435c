/**
 * Backtest of the early warning ("heading for late"): for N = 60, 30 and 14 days before
 * each due date, the warning's precision and recall against what happened, beside the
 * naive "due soon" rule — replayed with only the reports made up to each as-of day.
 *
 *   npm run eval:early-warning                      # the demo and the synthetic country (both generated)
 *   DATABASE_URL=postgres://… npm run eval:early-warning   # a real programme's history
 *   npm run eval:early-warning -- --programme vn-ndx-2024 --end 2025-06-30 --tolerance 0,7,14,30
 *   npm run eval:early-warning -- --scale 0.02      # size of the synthetic country (bench/generate.ts)
 *   npm run eval:early-warning -- --json
 *
 * The demo's and the synthetic country's histories are generated: their figures show how
 * the rule behaves, not how it will do on real programmes.
 */
import { parseArgs } from 'node:util';
import { openStore, redactUrl, type Store } from '../src/db/connect.js';
import { systemContext } from '../src/services/context.js';
import { loadDemo } from '../src/services/demo.js';
import { DEFAULT_EARLY_WARNING } from '../src/domain/early-warning.js';
import { backtestEarlyWarning, backtestTable, type Backtest } from '../src/services/early-warning-backtest.js';
import { generateCountry, sizeFor } from '../bench/generate.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    programme: { type: 'string' },
    unit: { type: 'string' },
    end: { type: 'string' },
    tolerance: { type: 'string', default: '0,7,14,30' },
    silence: { type: 'string' },
    window: { type: 'string' },
    scale: { type: 'string', default: '0.02' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

const tolerances = values.tolerance.split(',').map((t) => Number(t.trim()));
if (tolerances.some((t) => !Number.isInteger(t) || t < 0)) {
  console.error(`--tolerance: expected whole days ≥ 0 separated by commas, got '${values.tolerance}'`);
  process.exit(2);
}
const silenceDays = values.silence ? Number(values.silence) : DEFAULT_EARLY_WARNING.silenceDays;
const windowReports = values.window ? Number(values.window) : DEFAULT_EARLY_WARNING.windowReports;

interface Section {
  title: string;
  synthetic: boolean;
  runs: Backtest[];
}

async function run(store: Store, end: string | undefined, filter: { programme?: string; unit?: string }) {
  const ctx = systemContext(store.db);
  const runs: Backtest[] = [];
  for (const toleranceDays of tolerances)
    runs.push(
      await backtestEarlyWarning(ctx, {
        ...filter,
        ...(end ? { end } : {}),
        toleranceDays,
        silenceDays,
        windowReports,
      }),
    );
  return runs;
}

const sections: Section[] = [];
const url = values['database-url'] ?? process.env.DATABASE_URL;
const filter = {
  ...(values.programme ? { programme: values.programme } : {}),
  ...(values.unit ? { unit: values.unit } : {}),
};
if (url) {
  const store = await openStore({ databaseUrl: url });
  try {
    sections.push({
      title: `Database ${redactUrl(url)}`,
      synthetic: false,
      runs: await run(store, values.end, filter),
    });
  } finally {
    await store.close();
  }
} else {
  if (values.only !== 'synthetic') {
    const demo = await openStore({});
    try {
      await loadDemo(systemContext(demo.db));
      sections.push({
        title: 'Demo (SYNTHETIC progress history, real deadlines)',
        synthetic: true,
        runs: await run(demo, values.end, filter),
      });
    } finally {
      await demo.close();
    }
  }
  if (values.only !== 'demo') {
    const country = await openStore({});
    try {
      const end = values.end ?? '2025-06-30';
      const g = await generateCountry(country.db, sizeFor(Number(values.scale)), end);
      sections.push({
        title: `Synthetic country (SYNTHETIC, bench/generate.ts at scale ${values.scale}: ${g.leaves} leaf assignments, ${g.reports} reports)`,
        synthetic: true,
        runs: await run(country, end, {}),
      });
    } finally {
      await country.close();
    }
  }
}

if (values.json) console.log(JSON.stringify(sections, null, 2));
else
  for (const s of sections) {
    console.log(`\n## ${s.title}\n`);
    if (s.synthetic)
      console.log('Generated history: the figures show how the rule behaves, not how it will do on real programmes.\n');
    for (const r of s.runs) {
      console.log(
        `### tolerance ${r.settings.toleranceDays} days · silence ${r.settings.silenceDays} days · window ${r.settings.windowReports} report days · history up to ${r.end}\n`,
      );
      console.log(backtestTable(r));
      console.log();
    }
  }
