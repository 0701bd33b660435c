import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  LANGUAGES as DOMAIN_LANGUAGES,
  pickText as domainPickText,
  type LocalizedText,
} from '../../src/domain/i18n.js';
import { fold, LANGUAGES, pickText } from '../../web/src/lib/text.js';
import { GRIDS } from '../../web/src/data/province-grid.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('web text helpers', () => {
  it('fold ignores Vietnamese diacritics, đ and case', () => {
    expect(fold('Thành phố Hà Nội')).toBe('thanh pho ha noi');
    expect(fold('Điện Biên')).toBe('dien bien');
    expect(fold('ĐẮK LẮK')).toBe('dak lak');
    expect(fold('Xóa bỏ các vùng lõm sóng')).toContain('xoa bo cac vung lom song');
    expect(fold('  Hạ   tầng  số ')).toBe('ha tang so');
  });

  it('pickText falls back exactly like the domain rule', () => {
    expect(LANGUAGES).toEqual(DOMAIN_LANGUAGES);
    const text = fc.record({
      vi: fc.option(fc.string(), { nil: undefined }),
      en: fc.option(fc.string(), { nil: undefined }),
      zh: fc.option(fc.string(), { nil: undefined }),
      ar: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(text, fc.constantFrom(...LANGUAGES), (t, lang) => {
        const clean = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as LocalizedText;
        expect(pickText(clean, lang)).toBe(domainPickText(clean, lang));
      }),
    );
  });
});

describe('province tile grids', () => {
  for (const [root, file] of [
    ['VN', 'orgunits-vn.yaml'],
    ['CN', 'orgunits-cn.yaml'],
  ] as const) {
    it(`${root}: one tile per province of the demo org tree, no two on one square`, async () => {
      const grid = GRIDS[root]!;
      const text = await readFile(join(ROOT, 'demo', file), 'utf8');
      const codes = new Set<string>();
      const walk = (units: Array<{ code: string; kind: string; children?: unknown[] }>) => {
        for (const u of units) {
          if (u.kind === 'province') codes.add(u.code);
          if (u.children) walk(u.children as typeof units);
        }
      };
      walk((YAML.parse(text) as { units: Array<{ code: string; kind: string }> }).units);
      expect(new Set(grid.tiles.map((t) => t.code))).toEqual(codes);
      const squares = new Set(grid.tiles.map((t) => `${t.row},${t.col}`));
      expect(squares.size).toBe(grid.tiles.length);
      for (const t of grid.tiles) {
        expect(t.row).toBeLessThan(grid.rows);
        expect(t.col).toBeLessThan(grid.cols);
      }
    });
  }
});
