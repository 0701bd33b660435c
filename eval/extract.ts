/**
 * Evaluate the extraction engine against the gold annotations in eval/gold/: prints
 * precision, recall and F1 per item type, per language and overall.
 *
 *   npm run eval:extract            # table
 *   npm run eval:extract -- --json  # machine-readable
 *   npm run eval:extract -- --verbose  # also list misses and false positives
 *
 * Texts are looked up by the gold file's `file` name in $MANDATE_TEXTS,
 * data/programme-texts, ../shared/data/programme-texts, /work/shared/data/programme-texts
 * and test/extract/fixtures.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { draftProgramme, type OrgUnitRef } from '../src/extract/index.js';
import {
  GOLD_FORMAT,
  SCORED_TYPES,
  add,
  prf,
  score,
  resolve,
  type Counts,
  type GoldFile,
  type ScoredType,
} from './gold.js';

const root = resolvePath(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const dirs = [
  process.env.MANDATE_TEXTS,
  join(root, 'data/programme-texts'),
  join(root, '../shared/data/programme-texts'),
  '/work/shared/data/programme-texts',
  join(root, 'test/extract/fixtures'),
].filter((d): d is string => !!d);

function findText(file: string): string {
  for (const d of dirs) {
    const p = join(d, file);
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error(`text ${file} not found in ${dirs.join(', ')}`);
}

export interface EvalRow {
  scope: string;
  type: ScoredType;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Run the evaluation; returns one row per (scope, type), scope = file, language or 'all'. */
export function evaluate(goldDir = join(root, 'eval/gold'), verbose = false): EvalRow[] {
  const units = JSON.parse(readFileSync(join(root, 'test/extract/fixtures/org-units.json'), 'utf8')) as OrgUnitRef[];
  const byScope = new Map<string, Record<ScoredType, Counts>>();
  const bump = (scope: string, t: ScoredType, c: Counts) => {
    const cur =
      byScope.get(scope) ??
      (Object.fromEntries(SCORED_TYPES.filter((x) => x !== 'lead').map((x) => [x, { tp: 0, fp: 0, fn: 0 }])) as Record<
        ScoredType,
        Counts
      >);
    cur[t] = add(cur[t] ?? { tp: 0, fp: 0, fn: 0 }, c);
    byScope.set(scope, cur);
  };
  const files = readdirSync(goldDir, { recursive: true, encoding: 'utf8' })
    .filter((x) => x.endsWith('.json'))
    .sort();
  for (const f of files) {
    const gold = JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldFile;
    if ((gold.format as string) !== GOLD_FORMAT) throw new Error(`${f}: format must be ${GOLD_FORMAT}`);
    const text = findText(gold.file);
    const result = draftProgramme(text, { orgUnits: units, today: '2024-06-01' });
    if (result.language !== gold.language)
      console.warn(`${gold.file}: detected ${result.language}, gold says ${gold.language}`);
    const notes: string[] = [];
    const s = score(text, gold, result, notes);
    const prefix = gold.set && gold.set !== 'dev' ? `${gold.set}:` : '';
    // lead attribution is scored only where the gold annotates leads
    const annotatedLeads = gold.items.some((g) => g.type === 'lead');
    for (const t of SCORED_TYPES) {
      if (t === 'lead' && !annotatedLeads) continue;
      bump(gold.file, t, s[t]);
      bump(`${prefix}${gold.language}`, t, s[t]);
      bump(`${prefix}all`, t, s[t]);
    }
    if (verbose) {
      report(text, gold, result);
      for (const n of notes) console.log(`  ${n}`);
    }
  }
  const rows: EvalRow[] = [];
  for (const [scope, counts] of byScope)
    for (const t of SCORED_TYPES) if (counts[t]) rows.push({ scope, type: t, ...prf(counts[t]) });
  return rows;
}

function report(text: string, gold: GoldFile, result: ReturnType<typeof draftProgramme>): void {
  console.log(`\n# ${gold.file}`);
  for (const t of ['task', 'area', 'deadline', 'target', 'agency'] as const) {
    const golds = gold.items.filter((g) => g.type === t);
    const preds = result.items.filter((i) => i.type === t);
    for (const g of golds) {
      const spans = g.mentions
        ? g.mentions.flatMap((m) => resolve(text, typeof m === 'string' ? { quote: m } : m, gold.file))
        : resolve(text, g, gold.file);
      const hit = preds.some((p) => spans.some((s) => Math.min(s[1], p.span[1]) > Math.max(s[0], p.span[0])));
      if (!hit) console.log(`  MISS ${t}: ${(g.quote ?? g.code ?? g.name ?? '').slice(0, 100)}`);
    }
    for (const p of preds) {
      const spans = golds.flatMap((g) =>
        g.mentions
          ? g.mentions.flatMap((m) => resolve(text, typeof m === 'string' ? { quote: m } : m, gold.file))
          : resolve(text, g, gold.file),
      );
      const ign = gold.items
        .filter((g) => g.type === 'ignore' && g.of === t)
        .flatMap((g) => resolve(text, g, gold.file));
      const inside = (s: [number, number]) => Math.min(s[1], p.span[1]) > Math.max(s[0], p.span[0]);
      const knownUnit = p.type === 'agency' && p.code !== undefined && golds.some((g) => g.code === p.code);
      if (!knownUnit && !spans.some(inside) && !ign.some(inside) && !(p.type === 'deadline' && p.role === 'date'))
        console.log(`  EXTRA ${t} (${p.confidence}): ${p.text.slice(0, 100)}`);
    }
  }
}

const pct = (x: number): string => x.toFixed(2);
const SETS = ['dev', 'heldout', 'heldout2', 'heldout3', 'heldout4'];

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eval/extract.ts')) {
  const rows = evaluate(undefined, args.has('--verbose'));
  if (args.has('--json')) console.log(JSON.stringify(rows, null, 2));
  else {
    const scopes = [...new Set(rows.map((r) => r.scope))];
    const setOf = (s: string): string => /^(heldout\d?):/.exec(s)?.[1] ?? 'dev';
    const order = (s: string): number => {
      const held = SETS.indexOf(setOf(s)) * 10;
      const base = s.replace(/^heldout\d?[:/]/, '');
      return held + (base === 'all' ? 2 : base.length <= 3 ? 1 : 0);
    };
    scopes.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
    console.log(
      'Development texts (the rules were written while reading them), then held-out texts (written and annotated before the extractor saw them).\n',
    );
    console.log(
      `${'scope'.padEnd(44)} ${'type'.padEnd(9)} ${'P'.padStart(5)} ${'R'.padStart(5)} ${'F1'.padStart(5)}   tp  fp  fn`,
    );
    for (const s of scopes) {
      for (const r of rows.filter((x) => x.scope === s)) {
        console.log(
          `${s.padEnd(44)} ${r.type.padEnd(9)} ${pct(r.precision).padStart(5)} ${pct(r.recall).padStart(5)} ${pct(r.f1).padStart(5)} ${String(r.tp).padStart(4)}${String(r.fp).padStart(4)}${String(r.fn).padStart(4)}`,
        );
      }
      console.log('');
    }
    // side by side: F1 per language and type, one column per set
    console.log(
      'F1 side by side (dev = rules written on them; heldout, heldout2 = short texts written for the test; heldout3 = real public texts, tuned on after their first run; heldout4 = real public texts, blind at their first run, partly seen since)\n',
    );
    const sets = SETS.filter((x) => scopes.some((s) => setOf(s) === x));
    console.log(`${'lang'.padEnd(5)} ${'type'.padEnd(9)} ${sets.map((x) => x.padStart(9)).join(' ')}`);
    for (const lang of ['vi', 'en', 'zh', 'ar', 'all']) {
      for (const t of SCORED_TYPES) {
        const cells = sets.map((x) => {
          const r = rows.find((y) => y.scope === (x === 'dev' ? lang : `${x}:${lang}`) && y.type === t);
          return (r ? pct(r.f1) : '-').padStart(9);
        });
        console.log(`${lang.padEnd(5)} ${t.padEnd(9)} ${cells.join(' ')}`);
      }
      console.log('');
    }
  }
}
