/** The demo indicator files (demo/indicators) parse: file schema, every definition, every target, every period. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { indicatorFileSchema } from '../../src/services/indicator-file.js';
import { compositeConfigSchema, indicatorInputSchema, targetInputSchema } from '../../src/domain/indicators/index.js';
import { parsePeriod } from '../../src/domain/period.js';

const DIR = fileURLToPath(new URL('../../demo/indicators/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(FILES)('demo/indicators/%s', (name) => {
  const file = indicatorFileSchema.parse(parse(readFileSync(join(DIR, name), 'utf8')));

  it('defines valid indicators, targets and values', () => {
    for (const { targets, values, generate, ...definition } of file.indicators) {
      const ind = indicatorInputSchema.safeParse(definition);
      expect(ind.success, `${String(definition.code)}: ${JSON.stringify(ind.error?.issues)}`).toBe(true);
      for (const t of targets ?? [])
        expect(targetInputSchema.safeParse({ ...t, indicator: definition.code }).success).toBe(true);
      for (const v of values ?? []) expect(parsePeriod(v.period), v.period).not.toBeNull();
      // Figures without a published source are marked synthetic.
      const unsourced = (values ?? []).some((v) => !v.source || /synthetic/.test(v.source)) || generate !== undefined;
      if (unsourced) expect(definition.synthetic, String(definition.code)).toBe(true);
    }
    for (const c of file.compositeIndices) expect(compositeConfigSchema.safeParse(c.config).success).toBe(true);
  });
});
