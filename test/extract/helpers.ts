import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OrgUnitRef } from '../../src/extract/index.js';

export const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const orgUnits: OrgUnitRef[] = JSON.parse(readFileSync(join(fixturesDir, 'org-units.json'), 'utf8'));
export const fixture = (name: string): string => readFileSync(join(fixturesDir, name), 'utf8');

const TEXT_DIRS = [
  process.env.MANDATE_TEXTS,
  join(fixturesDir, '../../../data/programme-texts'),
  join(fixturesDir, '../../../../shared/data/programme-texts'),
  '/work/shared/data/programme-texts',
];

/** A text of ../shared/data/programme-texts, or null when that folder is not there. */
export function programmeText(name: string): string | null {
  for (const d of TEXT_DIRS) {
    if (!d) continue;
    try {
      return readFileSync(join(d, name), 'utf8');
    } catch {
      // next
    }
  }
  return null;
}
