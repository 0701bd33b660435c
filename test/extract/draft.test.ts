import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import {
  draftProgramme,
  draftSpans,
  draftToYaml,
  ExtractionInputError,
  type DeadlineItem,
  type TaskItem,
  type TargetItem,
} from '../../src/extract/index.js';
import { programmeFileSchema, type NodeSpec } from '../../src/domain/programme-file.js';
import { nodeCodeSchema } from '../../src/domain/programme.js';
import { indicatorInputSchema } from '../../src/domain/indicators/indicator.js';
import { fixture, orgUnits, programmeText } from './helpers.js';

const session8 = programmeText('vn-national-dx-committee-session-8.vi.txt');

function allNodes(nodes: NodeSpec[]): NodeSpec[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children ?? [])]);
}

describe.runIf(session8 !== null)('acceptance: national DX committee session 8', () => {
  const text = session8!;
  const r = draftProgramme(text, { orgUnits, code: 'VN-NCDX-S8', today: '2024-04-30' });

  it('is Vietnamese and a valid programme file', () => {
    expect(r.language).toBe('vi');
    expect(programmeFileSchema.safeParse(r.draft).success).toBe(true);
    expect(r.draft.issuers).toContain('VN-NCDX');
  });

  it('proposes the dead-zone removal task with its 12/2024 deadline and span', () => {
    const task = r.items.find((i): i is TaskItem => i.type === 'task' && /vùng lõm sóng/.test(i.text));
    expect(task).toBeDefined();
    expect(task!.due).toBe('2024-12-31');
    expect(text.slice(task!.span[0], task!.span[1])).toBe(task!.text);
    expect(task!.text).toContain('trước tháng 12/2024');
    const node = allNodes(r.draft.nodes).find((n) => /vùng lõm sóng/.test(n.title.vi ?? ''));
    expect(node?.due).toBe('2024-12-31');
    const dl = r.items.find((i): i is DeadlineItem => i.type === 'deadline' && i.text === 'trước tháng 12/2024');
    expect(dl).toMatchObject({ role: 'deadline', value: '2024-12-31' });
  });

  const target = (pred: (t: TargetItem) => boolean) => {
    const t = r.items.find((i): i is TargetItem => i.type === 'target' && pred(i));
    expect(t).toBeDefined();
    expect(text.slice(t!.span[0], t!.span[1])).toBe(t!.text);
    return t!;
  };

  it('proposes the 12-of-53 online services target', () => {
    const t = target((x) => x.valueType === 'fraction');
    expect(t).toMatchObject({ value: 12, of: 53, text: '12/53' });
    expect(t.unit).toContain('dịch vụ công');
    const ind = r.targets.find((i) => i.target.of === 53);
    expect(ind).toMatchObject({ valueType: 'count', target: { value: 12, of: 53, comparison: 'eq' }, span: t.span });
    for (const p of r.targets)
      expect(indicatorInputSchema.safeParse(p.indicator).success, JSON.stringify(p.indicator)).toBe(true);
    expect(ind!.indicator.programmeNodes?.[0]).toMatchObject({ programme: 'VN-NCDX-S8' });
  });

  it.each([
    ['EGDI "+5 places"', true, { value: 5, comparison: '>=', text: 'tăng ít nhất 5 bậc' }, 'Chính phủ điện tử'],
    ['cybersecurity "top 30"', false, { value: 30, comparison: '<=', text: 'nhóm 30 nước dẫn đầu' }, 'an ninh mạng'],
  ] as const)('proposes the %s rank target', (_, change, found, subject) => {
    const t = target((x) => x.valueType === 'rank' && Boolean(x.change) === change);
    expect(t).toMatchObject({ ...found, direction: 'lower_is_better' });
    expect(t.subject).toContain(subject);
  });

  it('writes YAML with spans as comments and a spans side file', () => {
    const yamlText = draftToYaml(r, text);
    expect(yamlText).toMatch(/# span \[\d+, \d+\) confidence/);
    expect(yamlText).toContain('Proposed indicators');
    expect(programmeFileSchema.parse(parse(yamlText))).toEqual(r.draft);
    const side = draftSpans(r);
    expect(side.format).toBe('mandate.draft-spans/1');
    for (const [code, p] of Object.entries(side.nodes)) {
      expect(allNodes(r.draft.nodes).some((n) => n.code === code)).toBe(true);
      expect(p.span[0]).toBeLessThan(p.span[1]);
      expect(p.span[1]).toBeLessThanOrEqual(text.length);
    }
    expect(JSON.parse(JSON.stringify(side))).toEqual(side);
  });
});

describe('draftProgramme', () => {
  const inputs = [
    'digital-government.zh.txt',
    'digital-transformation.ar.txt',
    'broadband-plan.en.txt',
    'provincial-plan.vi.txt',
  ];

  it.each(inputs)('%s gives a valid draft with unique valid codes and exact spans', (name) => {
    const text = fixture(name);
    const r = draftProgramme(text, { orgUnits });
    expect(programmeFileSchema.safeParse(r.draft).success).toBe(true);
    const codes = allNodes(r.draft.nodes).map((n) => n.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(nodeCodeSchema.safeParse(c).success).toBe(true);
    for (const it of r.items) {
      expect(text.slice(it.span[0], it.span[1])).toBe(it.text);
      expect(it.confidence).toBeGreaterThanOrEqual(0);
      expect(it.confidence).toBeLessThanOrEqual(1);
    }
    const doc = parseDocument(draftToYaml(r, text));
    expect(doc.errors).toEqual([]);
    for (const p of r.targets)
      expect(indicatorInputSchema.safeParse(p.indicator).success, JSON.stringify(p.indicator)).toBe(true);
  });

  it('leaves out leads that match no org unit and lists them instead', () => {
    const r = draftProgramme(fixture('provincial-plan.vi.txt'), { orgUnits });
    const codes = new Set(orgUnits.map((u) => u.code));
    for (const n of allNodes(r.draft.nodes)) {
      if (n.lead) expect(codes.has(n.lead)).toBe(true);
      for (const c of n.coordinators ?? []) expect(codes.has(c)).toBe(true);
    }
    expect(r.unmatchedAgencies.map((u) => u.name)).toContain('Sở Thông tin và Truyền thông');
    expect(r.warnings.some((w) => w.code === 'unmatched-agency')).toBe(true);
  });

  it('works without org units and names an UNKNOWN issuer with a warning', () => {
    const r = draftProgramme('Các địa phương khẩn trương xóa bỏ vùng lõm sóng, hoàn thành trước tháng 12/2024.');
    expect(r.draft.issuers).toEqual(['UNKNOWN']);
    expect(r.warnings.map((w) => w.code)).toContain('no-issuer');
    expect(r.draft.nodes[0]).toMatchObject({ code: 'T1', kind: 'task', due: '2024-12-31' });
  });

  it('maps spans back to decomposed (NFD) input', () => {
    const nfc = 'Bộ Công an chủ trì xây dựng cơ sở dữ liệu, hoàn thành trước tháng 12/2024.';
    const nfd = nfc.normalize('NFD');
    expect(nfd.length).toBeGreaterThan(nfc.length);
    const r = draftProgramme(nfd, { orgUnits });
    const ag = r.items.find((i) => i.type === 'agency')!;
    expect(ag.text.normalize('NFC')).toBe('Bộ Công an');
    expect(nfd.slice(ag.span[0], ag.span[1])).toBe(ag.text);
    const dl = r.items.find((i) => i.type === 'deadline')!;
    expect(dl.text.normalize('NFC')).toBe('trước tháng 12/2024');
    // Arabic hamza letters decompose too
    const ar = 'تتولى هيئة الحكومة الرقمية إطلاق منصة موحدة قبل نهاية عام 2025.'.normalize('NFD');
    const ra = draftProgramme(ar, { orgUnits });
    expect(ra.draft.nodes[0]).toMatchObject({ lead: 'SA-DGA', due: '2025-12-31' });
    for (const it of ra.items) expect(ar.slice(it.span[0], it.span[1])).toBe(it.text);
  });

  it('rejects bad input with typed errors', () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof ExtractionInputError ? e.reason : String(e);
      }
      return 'no error';
    };
    expect(reason(() => draftProgramme(''))).toBe('empty');
    expect(
      reason(() =>
        draftProgramme('\u0000\u0001\u0002binary\u0000\u0000\u0000\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f'),
      ),
    ).toBe('binary');
    expect(reason(() => draftProgramme('Программа цифровой экономики Российской Федерации'))).toBe('unknown-language');
    expect(reason(() => draftProgramme(null as unknown as string))).toBe('binary');
  });

  it('returns on a 10 MB text (linear passes, no catastrophic backtracking)', () => {
    const base = [
      fixture('provincial-plan.vi.txt'),
      programmeText('vn-national-dx-committee-session-8.vi.txt') ?? fixture('provincial-plan.vi.txt'),
    ].join('\n\n');
    let big = '';
    while (big.length < 10_000_000) big += `${base}\n\n`;
    // adversarial runs: long numbers, separators and spaces without structure
    big += `${'1/'.repeat(50_000)} ${'ít nhất '.repeat(20_000)} ${'Bộ '.repeat(20_000)} ${'a'.repeat(200_000)}`;
    const r = draftProgramme(big, { orgUnits, minConfidence: 0.9 });
    expect(r.language).toBe('vi');
    expect(r.textLength).toBe(big.length);
    expect(r.items.length).toBeGreaterThan(1000);
  }, 120_000);
});

describe('decodeText and draftSummary', () => {
  it('decodes UTF-8 and UTF-16 and rejects binary files', async () => {
    const { decodeText } = await import('../../src/extract/index.js');
    expect(decodeText(new TextEncoder().encode('Bộ Công an'))).toBe('Bộ Công an');
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('abc')]))).toBe('abc');
    const utf16 = Buffer.from('\ufeff数字中国', 'utf16le');
    expect(decodeText(new Uint8Array(utf16))).toBe('数字中国');
    expect(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08]))).toThrow(ExtractionInputError);
    expect(() => decodeText(new Uint8Array([0xc3, 0x28, 0x41]))).toThrow(/UTF-8/);
    expect(() => decodeText(new Uint8Array([]))).toThrow(/empty/);
  });

  it('summarises a draft', async () => {
    const { draftSummary } = await import('../../src/extract/index.js');
    const r = draftProgramme(fixture('broadband-plan.en.txt'), { orgUnits, code: 'NBP' });
    const s = draftSummary(r);
    expect(s).toContain('Draft NBP (en): 3 areas, 6 tasks');
    expect(s).toContain('I1');
  });
});
