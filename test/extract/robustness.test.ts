import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { draftProgramme, draftToYaml, ExtractionInputError } from '../../src/extract/index.js';
import { programmeFileSchema, type NodeSpec } from '../../src/domain/programme-file.js';
import { fixture, orgUnits } from './helpers.js';

const sources = [
  'provincial-plan.vi.txt',
  'broadband-plan.en.txt',
  'digital-government.zh.txt',
  'digital-transformation.ar.txt',
].map(fixture);
const fragments = sources.flatMap((t) => t.split(/(?<=[.。\n:：,，])/u)).filter((f) => f.trim().length > 0);
const noise = [
  '',
  '\n',
  '\n\n',
  ' ',
  '1. ',
  '- ',
  '• ',
  'Thứ nhất, ',
  'The second is ',
  '二是',
  'ثانياً: ',
  '(',
  ')',
  '“',
  '%',
  '12/53',
  '2024',
  '年',
  'quý IV/',
  'top ',
  'ít nhất ',
  '\u00a0',
  '\t',
  '\r\n',
];

function allNodes(nodes: NodeSpec[]): NodeSpec[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children ?? [])]);
}

describe('robustness', () => {
  it('property: any mixture of fragments gives a valid draft with exact spans, or a typed input error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...fragments), fc.constantFrom(...noise)), { minLength: 1, maxLength: 40 }),
        (parts) => {
          const text = parts.join('');
          let r;
          try {
            r = draftProgramme(text, { orgUnits, today: '2024-06-01' });
          } catch (e) {
            expect(e).toBeInstanceOf(ExtractionInputError);
            return;
          }
          expect(programmeFileSchema.safeParse(r.draft).success).toBe(true);
          const codes = allNodes(r.draft.nodes).map((n) => n.code);
          expect(new Set(codes).size).toBe(codes.length);
          for (const it of r.items) {
            expect(it.span[0]).toBeGreaterThanOrEqual(0);
            expect(it.span[1]).toBeLessThanOrEqual(text.length);
            expect(text.slice(it.span[0], it.span[1])).toBe(it.text);
          }
          expect(typeof draftToYaml(r, text)).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: decomposed input gives the same items as composed input, on the caller’s offsets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments.filter((f) => /[ăâđêôơưạ-ỹ]/iu.test(f))), {
          minLength: 1,
          maxLength: 12,
        }),
        (parts) => {
          const nfc = parts.join(' ');
          const nfd = nfc.normalize('NFD');
          let a;
          let b;
          try {
            a = draftProgramme(nfc, { orgUnits, language: 'vi' });
            b = draftProgramme(nfd, { orgUnits, language: 'vi' });
          } catch (e) {
            expect(e).toBeInstanceOf(ExtractionInputError);
            return;
          }
          expect(b.items.map((i) => [i.type, i.text.normalize('NFC')])).toEqual(a.items.map((i) => [i.type, i.text]));
          for (const it of b.items) expect(nfd.slice(it.span[0], it.span[1])).toBe(it.text);
        },
      ),
      { numRuns: 100 },
    );
  });
});
