/**
 * Extraction timing on large inputs: node --import tsx bench/extract.ts [MB...]
 * Builds texts by repeating the programme texts (and adversarial runs) up to each size
 * and prints the time of draftProgramme; growth should be linear.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { draftProgramme, type OrgUnitRef } from '../src/extract/index.js';
import { LANGUAGES } from '../src/domain/languages.js';

const root = resolve(import.meta.dirname, '..');
const units = JSON.parse(readFileSync(join(root, 'test/extract/fixtures/org-units.json'), 'utf8')) as OrgUnitRef[];
const dirs = [
  join(root, '../shared/data/programme-texts'),
  '/work/shared/data/programme-texts',
  join(root, 'test/extract/fixtures'),
];
const texts: Record<string, string[]> = { vi: [], en: [], zh: [], ar: [] };
for (const d of dirs) {
  if (!existsSync(d)) continue;
  for (const f of readdirSync(d)) {
    const m = /\.(vi|en|zh|ar)\.txt$/.exec(f);
    if (m) texts[m[1]!]!.push(readFileSync(join(d, f), 'utf8'));
  }
}
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((x) => x > 0);
for (const mb of sizes.length ? sizes : [1, 2, 5, 10]) {
  for (const lang of LANGUAGES) {
    const base = texts[lang]!.join('\n\n');
    if (!base) continue;
    let big = '';
    while (big.length < mb * 1_000_000) big += `${base}\n\n`;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = draftProgramme(big, { orgUnits: units });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    console.log(
      `${lang} ${mb} MB: ${(ms / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${r.items.length} items, ${r.warnings.length} warnings`,
    );
  }
}
