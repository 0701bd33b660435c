/**
 * Issue 16: what the web app offers comes from the same rules as the server's policies
 * (src/domain/capabilities.ts), every error code a user may meet has its own sentence in
 * every language, and no web message in vi, zh or ar is left as its English interface text.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import type { Actor, ActorGrant, Role } from '../../src/domain/actor.js';
import { can, CAPABILITIES, capabilitiesOf, mayOn } from '../../src/domain/capabilities.js';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { reportPolicy } from '../../src/policies/reports.js';
import { indicatorPolicy } from '../../src/policies/indicators.js';
import { programmePolicy } from '../../src/policies/programmes.js';
import { userPolicy } from '../../src/policies/users.js';
import { SHOWN_ERROR_CODES } from '../../web/src/lib/errors.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function flatten(o: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === 'object')
      for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}
const catalogue = (lang: string) => flatten(JSON.parse(read(`web/src/i18n/${lang}.json`)) as Record<string, unknown>);

const ROLES: Role[] = ['admin', 'secretariat', 'reporter', 'viewer'];
const path = fc
  .array(fc.constantFrom('1', '2', '3'), { minLength: 0, maxLength: 3 })
  .map((parts) => `/${parts.map((p) => `${p}/`).join('')}`);
const grant: fc.Arbitrary<ActorGrant> = fc
  .record({ role: fc.constantFrom(...ROLES), unitPath: path })
  .map((g) => ({ ...g, role: g.role, unit: g.unitPath === '/' ? null : g.unitPath }));
const actor: fc.Arbitrary<Actor> = fc.array(grant, { maxLength: 3 }).map((grants) => ({ name: 'u', grants }));

describe('capabilities: one source for the server and the web app', () => {
  it('the policies answer exactly what the capabilities answer', () => {
    fc.assert(
      fc.property(actor, path, (a, p) => {
        expect(reportPolicy.canSubmit(a, { org_unit_path: p })).toBe(mayOn(a, 'report', p));
        expect(reportPolicy.canReview(a, { org_unit_path: p })).toBe(mayOn(a, 'review', p));
        expect(indicatorPolicy.canEnterAny(a)).toBe(can(a, 'enterValues'));
        expect(indicatorPolicy.canDefine(a)).toBe(can(a, 'defineIndicators'));
        expect(programmePolicy.canImport(a)).toBe(can(a, 'importProgrammes'));
        expect(userPolicy.canManageUsers(a)).toBe(can(a, 'manageUsers'));
      }),
    );
  });

  it('a capability held somewhere is one held on some unit, and on no unit otherwise', () => {
    fc.assert(
      fc.property(actor, (a) => {
        const all = capabilitiesOf(a);
        for (const c of CAPABILITIES) {
          const somewhere = a.grants!.some((g) => mayOn(a, c, g.unitPath));
          expect(all[c], c).toBe(somewhere);
        }
      }),
    );
  });

  it('the demo roles: a viewer may only read, a reporter report, a secretariat review, an admin everything', () => {
    const at = (role: Role): Actor => ({ name: role, grants: [{ role, unit: 'VN-HN', unitPath: '/1/2/' }] });
    expect(capabilitiesOf(at('viewer'))).toMatchObject({
      read: true,
      report: false,
      review: false,
      importProgrammes: false,
    });
    expect(capabilitiesOf(at('reporter'))).toMatchObject({ report: true, review: false, importProgrammes: false });
    expect(capabilitiesOf(at('secretariat'))).toMatchObject({ report: false, review: true, importProgrammes: false });
    expect(Object.values(capabilitiesOf({ grants: [{ role: 'admin', unit: null, unitPath: '/' }] }))).toEqual(
      CAPABILITIES.map(() => true),
    );
  });
});

describe('errors shown to users', () => {
  it('the API sends only the declared codes', () => {
    const sources = readdirSync(new URL('src/api/', root), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(`src/api/${f}`));
    const sent = new Set<string>();
    for (const text of sources) {
      for (const m of text.matchAll(/error: \{\s*code: '([a-z_]+)'/g)) sent.add(m[1]!);
      for (const m of text.matchAll(/fail\(\s*reply,\s*\d+,\s*'([a-z_]+)'/g)) sent.add(m[1]!);
      for (const m of text.matchAll(/\? '([a-z_]+)'|: '([a-z_]+)';/g)) if (m[1]) sent.add(m[1]);
    }
    expect(sent.size).toBeGreaterThan(8);
    for (const code of sent)
      if (code.includes('_') || ['invalid', 'conflict', 'forbidden', 'unauthorized', 'csrf', 'internal'].includes(code))
        expect(ERROR_CODES as readonly string[], code).toContain(code);
  });

  it.each(['vi', 'en', 'zh', 'ar'])('every code has its own sentence in %s, translated', (lang) => {
    const messages = catalogue(lang);
    const en = catalogue('en');
    for (const code of SHOWN_ERROR_CODES) {
      const text = messages.get(`errors.code.${code}`);
      expect(text, `${lang}: errors.code.${code}`).toBeTruthy();
      if (lang !== 'en')
        expect(text, `${lang}: errors.code.${code} is English`).not.toBe(en.get(`errors.code.${code}`));
    }
  });
});

/** Latin-script words that are names or formats, the same in every language. */
const SAME_EVERYWHERE = new Set([
  'Mandate',
  'URL',
  'http',
  'https',
  'txt',
  'HTML',
  'PDF',
  'DOCX',
  'XLSX',
  'CSV',
  'DHIS2',
]);
/** Messages that are the same words in Vietnamese as in English. */
const SAME_IN_VI = new Set(['rankings.normalisation.min_max']);
/** Named methods, written as their authors do. */
const NAMED = new Set(['Theil', 'Sen']);

describe('no English interface text in vi, zh or ar', () => {
  const en = catalogue('en');
  it.each(['vi', 'zh', 'ar'])('%s: no message is its English text', (lang) => {
    const messages = catalogue(lang);
    const untranslated = [...messages].filter(
      ([k, v]) =>
        v === en.get(k) &&
        /\p{L}{2,}/u.test(v.replace(/\{\{\w+\}\}/g, '')) &&
        !SAME_IN_VI.has(k) &&
        !SAME_EVERYWHERE.has(v),
    );
    expect(untranslated).toEqual([]);
  });

  it.each(['zh', 'ar'])('%s: no English word inside a message', (lang) => {
    const words = [...catalogue(lang)].flatMap(([k, v]) =>
      [...v.replace(/\{\{\w+\}\}/g, '').matchAll(/[A-Za-z]{2,}/g)]
        .map((m) => m[0])
        .filter((w) => !SAME_EVERYWHERE.has(w) && !NAMED.has(w))
        .map((w) => `${k}: ${w}`),
    );
    expect(words).toEqual([]);
  });
});
