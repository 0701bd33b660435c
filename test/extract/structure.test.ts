import { describe, expect, it } from 'vitest';
import { draftProgramme, findCounts, findMarkers } from '../../src/extract/index.js';
import { fixture, orgUnits } from './helpers.js';

describe('enumeration markers', () => {
  it('Vietnamese "Thứ nhất … Thứ tư" and "Một là, Hai là"', () => {
    const text =
      'Kế hoạch gồm 4 nội dung. Thứ nhất, xây dựng thể chế. Thứ hai, phát triển hạ tầng. Thứ ba: phát triển dữ liệu. Thứ tư, bảo đảm an ninh mạng.';
    expect(findMarkers(text, 'vi').map((m) => m.ordinal)).toEqual([1, 2, 3, 4]);
    expect(
      findMarkers('Một là, hoàn thiện thể chế. Hai là, phát triển hạ tầng số.', 'vi').map((m) => m.ordinal),
    ).toEqual([1, 2]);
    // not a marker mid-sentence
    expect(findMarkers('lần đầu tiên và thứ hai trong năm', 'vi')).toEqual([]);
  });

  it('English "First, … The second is … Finally,"', () => {
    const text = 'The plan has three parts. First, build networks. The second is to share data. Finally, train people.';
    expect(findMarkers(text, 'en').map((m) => m.ordinal)).toEqual([1, 2, 3]);
    expect(findMarkers('This is the first time the second plan was adopted.', 'en')).toEqual([]);
  });

  it('Chinese 一是/二是 and 一、 headings', () => {
    const ms = findMarkers('一、总体要求\n一是加快建设。二是推动共享。三是提升能力。\n二、保障措施', 'zh');
    expect(ms.filter((m) => m.family === 'ordinal').map((m) => m.ordinal)).toEqual([1, 2, 3]);
    expect(ms.filter((m) => m.family === 'roman').map((m) => m.ordinal)).toEqual([1, 2]);
  });

  it('Arabic أولاً / ثانياً / ثالثاً', () => {
    const text = 'أولاً: تطوير البنية التحتية.\nثانياً: الحكومة الرقمية.\nثالثًا: الأمن السيبراني.';
    expect(findMarkers(text, 'ar').map((m) => m.ordinal)).toEqual([1, 2, 3]);
  });

  it('numbered, lettered, roman and bulleted lines', () => {
    const text = 'I. MỤC TIÊU\nII. NHIỆM VỤ\n1. Hạ tầng số\na) Phủ sóng 5G.\nb) Xóa vùng lõm sóng.\n- Ghi chú\n• Khác';
    const fams = findMarkers(text, 'vi').map((m) => `${m.family}${m.ordinal}`);
    expect(fams).toEqual(['roman1', 'roman2', 'numbered1', 'letter1', 'letter2', 'bullet0', 'bullet0']);
  });
});

describe('announced counts', () => {
  it('finds counts in each language', () => {
    expect(findCounts('đã phân công 4 lĩnh vực với 22 nhiệm vụ trọng tâm', 'vi').map((c) => [c.of, c.value])).toEqual([
      ['area', 4],
      ['task', 22],
    ]);
    expect(findCounts('The plan sets 3 priority areas and 6 key tasks.', 'en').map((c) => [c.of, c.value])).toEqual([
      ['area', 3],
      ['task', 6],
    ]);
    expect(findCounts('部署了4个方面22项重点任务', 'zh').map((c) => [c.of, c.value])).toEqual([
      ['area', 4],
      ['task', 22],
    ]);
    expect(findCounts('وتتضمن 3 محاور و9 مبادرات رئيسية', 'ar').map((c) => [c.of, c.value])).toEqual([
      ['area', 3],
      ['task', 9],
    ]);
    // examples, not structure
    expect(findCounts('chuyển đổi xanh hóa trong 8 lĩnh vực như điện lực, khai thác', 'vi')).toEqual([]);
  });

  it('warns when the announced count differs from what was found', () => {
    const text =
      'Kế hoạch có 3 lĩnh vực với 5 nhiệm vụ. Thứ nhất, phát triển hạ tầng số. Bao gồm xây dựng trung tâm dữ liệu, phủ sóng 5G. Thứ hai, phát triển dữ liệu. Bao gồm xây dựng cơ sở dữ liệu quốc gia.';
    const r = draftProgramme(text, { orgUnits });
    const msgs = r.warnings.filter((w) => w.code === 'count-mismatch').map((w) => w.message);
    expect(msgs.some((m) => m.includes('3 areas') && m.includes('2 were found'))).toBe(true);
    expect(msgs.some((m) => m.includes('5 tasks') && m.includes('3 were found'))).toBe(true);
  });

  it('no warning when the count matches', () => {
    const r = draftProgramme(fixture('broadband-plan.en.txt'), { orgUnits });
    expect(r.warnings.filter((w) => w.code === 'count-mismatch')).toEqual([]);
  });
});

describe('headed areas', () => {
  it('reads "Pillar one:", "Lĩnh vực 2:", "المحور الأول:" and "第一部分" as area markers', () => {
    expect(
      findMarkers('Pillar one: schools. Train teachers.\nPillar two: the workforce.', 'en').map((m) => m.ordinal),
    ).toEqual([1, 2]);
    expect(findMarkers('Lĩnh vực 1: hạ tầng số.\nLĩnh vực thứ hai: dữ liệu.', 'vi').map((m) => m.ordinal)).toEqual([
      1, 2,
    ]);
    expect(findMarkers('المحور الأول: الخدمات\nالمحور الثاني: البيانات', 'ar').map((m) => m.ordinal)).toEqual([1, 2]);
    expect(findMarkers('第一部分：总体要求。第二部分：重点任务。', 'zh').map((m) => m.ordinal)).toEqual([1, 2]);
    // an area noun inside a sentence is no marker
    expect(findMarkers('The second pillar one: is not here', 'en')).toEqual([]);
  });
});
