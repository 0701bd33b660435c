/**
 * Every language has the same keys, and every message the same placeholders, in the
 * server catalogues (src/i18n/<lang>/<area>.json) and in the web app's
 * (web/src/i18n/<lang>.json); the server's i18next fills them in.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { LANGUAGES } from '../../src/domain/languages.js';
import { I18N_AREAS, translator } from '../../src/services/i18n.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, unknown>;

/** key → the sorted placeholders of its message ({name} on the server, {{name}} in the web app). */
function flatten(o: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object')
      for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else
      out.set(
        `${prefix}${k}`,
        [...String(v).matchAll(/\{\{?(\w+)\}?\}/g)]
          .map((m) => m[1])
          .sort()
          .join(','),
      );
  }
  return out;
}

const catalogues: Array<[string, (lang: string) => string]> = [
  ...I18N_AREAS.map((area): [string, (lang: string) => string] => [
    `src/i18n/*/${area}.json`,
    (l) => `src/i18n/${l}/${area}.json`,
  ]),
  ['web/src/i18n/*.json', (l) => `web/src/i18n/${l}.json`],
];

describe('catalogues', () => {
  it('has one folder per language and the same areas in each', () => {
    expect(readdirSync(new URL('src/i18n/', root)).sort()).toEqual([...LANGUAGES].sort());
    for (const l of LANGUAGES)
      expect(readdirSync(new URL(`src/i18n/${l}/`, root)).sort()).toEqual(I18N_AREAS.map((a) => `${a}.json`).sort());
  });

  it.each(catalogues)('%s: the same keys and placeholders in every language', (_name, path) => {
    const en = flatten(read(path('en')));
    expect(en.size).toBeGreaterThan(0);
    for (const l of LANGUAGES) {
      const other = flatten(read(path(l)));
      expect([...other.keys()].sort(), `${path(l)} keys`).toEqual([...en.keys()].sort());
      for (const [k, placeholders] of en) expect(other.get(k), `${path(l)}: ${k}`).toBe(placeholders);
    }
  });

  it('fills placeholders through i18next, in each language, without escaping', () => {
    for (const l of LANGUAGES) {
      const out = translator(l, 'notifications')('subject.overdue', { title: '<b>A & B</b>' });
      expect(out).toContain('<b>A & B</b>');
      expect(out).not.toContain('{title}');
    }
  });
});
