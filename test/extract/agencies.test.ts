import { describe, expect, it } from 'vitest';
import { buildAgencyIndex, findAgencies } from '../../src/extract/index.js';
import { orgUnits } from './helpers.js';

const index = buildAgencyIndex(orgUnits);
const codes = (text: string, lang: Parameters<typeof findAgencies>[1]) =>
  findAgencies(text, lang, index).matched.map((a) => a.code);

describe('agencies', () => {
  it('matches Vietnamese names tolerant of case and diacritics', () => {
    expect(codes('Bộ Công an chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư.', 'vi')).toEqual(['VN-MPS', 'VN-MPI']);
    expect(codes('BỘ CÔNG AN và bo ke hoach va dau tu', 'vi')).toEqual(['VN-MPS', 'VN-MPI']);
    expect(codes('Văn phòng Chính phủ tổng hợp báo cáo', 'vi')).toEqual(['VN-OOG']);
    expect(codes('tại điểm cầu Hải Dương', 'vi')).toEqual(['VN-HD']);
  });

  it('keeps the span of the words as written (NFD input is the caller’s business: draftProgramme maps it)', () => {
    const text = 'Giao bo cong an chu tri.';
    const a = findAgencies(text, 'vi', index).matched[0]!;
    expect(text.slice(a.span[0], a.span[1])).toBe('bo cong an');
  });

  it('matches abbreviations only with their case', () => {
    expect(codes('MIC will lead the plan', 'en')).toEqual(['VN-MIC']);
    expect(codes('the mic was off', 'en')).toEqual([]);
    expect(codes('Bộ TT&TT hướng dẫn', 'vi')).toEqual(['VN-MIC']);
  });

  it('does not read concepts as bodies: "Chính phủ số", "Thủ tướng Chính phủ"', () => {
    expect(codes('phát triển Chính phủ số, chính phủ điện tử', 'vi')).toEqual([]);
    expect(codes('Thủ tướng Chính phủ chỉ đạo', 'vi')).toEqual([]);
    expect(codes('các chỉ đạo của Chính phủ', 'vi')).toEqual(['VN-GOV']);
  });

  it('matches English, Chinese and Arabic names', () => {
    expect(
      codes(
        'The National Development and Reform Commission and the Ministry of Industry and Information Technology',
        'en',
      ),
    ).toEqual(['CN-NDRC', 'CN-MIIT']);
    expect(codes('国家发展改革委牵头，会同工业和信息化部、中央网信办制定标准', 'zh')).toEqual([
      'CN-NDRC',
      'CN-MIIT',
      'CN-CAC',
    ]);
    expect(
      codes('تعمل وزارة الاتصالات وتقنية المعلومات بالتنسيق مع الهيئة السعودية للبيانات والذكاء الاصطناعي', 'ar'),
    ).toEqual(['SA-MCIT', 'SA-SDAIA']);
    // Arabic without hamza, with tatweel
    expect(codes('هيئة الحكومة الرقمـية', 'ar')).toEqual(['SA-DGA']);
  });

  it('learns a short form defined in brackets', () => {
    const text = 'Ủy ban Quốc gia về chuyển đổi số (Ủy ban) họp phiên thứ 8. Ủy ban yêu cầu các bộ báo cáo.';
    expect(codes(text, 'vi')).toEqual(['VN-NCDX', 'VN-NCDX', 'VN-NCDX']);
  });

  it('lists unmatched candidate agencies', () => {
    const vi = findAgencies('Sở Thông tin và Truyền thông chủ trì, phối hợp với Bộ Công an.', 'vi', index);
    expect(vi.unmatched.map((a) => a.name)).toEqual(['Sở Thông tin và Truyền thông']);
    expect(vi.unmatched[0]!.code).toBeUndefined();
    const en = findAgencies(
      'The Digital Economy Agency of Ruritania will cooperate with the State Council.',
      'en',
      index,
    );
    expect(en.unmatched.map((a) => a.name)).toEqual(['Digital Economy Agency of Ruritania']);
    const zh = findAgencies('国家数据局牵头制定数据标准。', 'zh', index);
    expect(zh.unmatched.map((a) => a.name)).toEqual(['国家数据局']);
    const ar = findAgencies('تتولى هيئة تنظيم الاتصالات متابعة التنفيذ.', 'ar', index);
    expect(ar.unmatched.map((a) => a.name)).toEqual(['هيئة تنظيم الاتصالات']);
  });
});

describe('ambiguous names', () => {
  it('picks the unit of the country the other agencies belong to, and lists the alternatives', () => {
    const units = [
      ...orgUnits,
      { code: 'VN-MOT', name: { vi: 'Bộ Giao thông vận tải', en: 'Ministry of Transport' }, aliases: [] },
    ];
    const idx = buildAgencyIndex(units);
    const text =
      'Ủy ban Phát triển và Cải cách Quốc gia, Bộ Công nghiệp và Công nghệ Thông tin, Bộ Giao thông Vận tải đã phối hợp phát hành.';
    const r = findAgencies(text, 'vi', idx).matched;
    const mot = r.find((a) => a.text === 'Bộ Giao thông Vận tải')!;
    expect(mot.code).toBe('CN-MOT');
    expect(mot.alternatives).toEqual(['VN-MOT']);
    const vn = findAgencies('Bộ Công an và Bộ Giao thông Vận tải phối hợp.', 'vi', idx).matched;
    expect(vn.find((a) => a.text === 'Bộ Giao thông Vận tải')!.code).toBe('VN-MOT');
  });
});

describe('Vietnamese name boundaries', () => {
  const vi = (text: string) =>
    findAgencies(text, 'vi', buildAgencyIndex([])).unmatched.map((a) => [text.slice(a.span[0], a.span[1]), a.name]);

  it('ends a name at its last capitalised word and the syllable after it, not at a verb or a dangling "và"', () => {
    expect(vi('Ban Chỉ đạo thảo luận các nội dung.')).toEqual([['Ban Chỉ đạo', 'Ban Chỉ đạo']]);
    expect(vi('Ban Chỉ đạo phải chủ động hành động.')).toEqual([['Ban Chỉ đạo', 'Ban Chỉ đạo']]);
    expect(vi('Thành viên Ban Chỉ đạo và đại diện lãnh đạo các bộ dự họp.')[0]).toEqual(['Ban Chỉ đạo', 'Ban Chỉ đạo']);
  });

  it('reads a party body named before the body it serves ("Ban cán sự đảng Chính phủ" is not "Chính phủ")', () => {
    const text = 'Ban cán sự đảng Chính phủ chỉ đạo rà soát Quy hoạch điện VIII.';
    const r = findAgencies(text, 'vi', buildAgencyIndex(orgUnits));
    expect([...r.matched, ...r.unmatched].map((a) => text.slice(a.span[0], a.span[1]))).toEqual([
      'Ban cán sự đảng Chính phủ',
    ]);
  });

  it('runs a name up to its short form in brackets, and reads the short form as that body', () => {
    const text =
      'Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ và chuyển đổi số (Ban Chỉ đạo) đã họp. Ban Chỉ đạo thống nhất chương trình.';
    const full = 'Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ và chuyển đổi số';
    const got = vi(text);
    expect(got[0]).toEqual([full, full]);
    expect(got.slice(1).every(([written, name]) => written === 'Ban Chỉ đạo' && name === full)).toBe(true);
  });
});

describe('Chinese name boundaries', () => {
  const zh = (text: string) =>
    findAgencies(text, 'zh', buildAgencyIndex([])).unmatched.map((a) => text.slice(a.span[0], a.span[1]));

  it('keeps 和 inside a name that starts with its level, and stops at a list', () => {
    expect(zh('牵头单位：市人力资源和社会保障局，配合单位：市科技和信息化局')).toEqual([
      '市人力资源和社会保障局',
      '市科技和信息化局',
    ]);
    expect(zh('，市委组织部和市人力资源和社会保障局，')).toEqual(['市委组织部', '市人力资源和社会保障局']);
  });

  it('reads 人民政府, 市…联/协 and a body before its head’s title (院长, 检察长)', () => {
    expect(zh('根据《中共广州市委、广州市人民政府关于全面推进》')).toEqual(['中共广州市委', '广州市人民政府']);
    expect(zh('配合单位：市工商联、市科协')).toEqual(['市工商联', '市科协']);
    expect(zh('最高人民法院院长，最高人民检察院检察长')).toEqual(['最高人民法院', '最高人民检察院']);
  });
});

describe('Vietnamese party and assembly bodies, whole', () => {
  const names = (text: string) => findAgencies(text, 'vi', index).unmatched.map((a) => a.name);

  it('a standalone name inside a longer one is part of it ("Ủy ban Thường vụ Quốc hội")', () => {
    expect(names('Ủy ban Thường vụ Quốc hội cho ý kiến về dự án luật.')).toEqual(['Ủy ban Thường vụ Quốc hội']);
    expect(names('Văn phòng Quốc hội phối hợp với Quốc hội.')).toEqual(['Văn phòng Quốc hội', 'Quốc hội']);
  });

  it('"Thường trực" before a council or committee belongs to the name; before "Ban Bí thư" it does not', () => {
    expect(names('Thường trực Hội đồng Dân tộc chủ trì thẩm tra dự án.')).toEqual(['Thường trực Hội đồng Dân tộc']);
    expect(names('Thường trực Ban Bí thư chỉ đạo xây dựng kế hoạch.')).toEqual(['Ban Bí thư']);
  });

  it('party committees and cells are heads of names ("Đảng ủy cơ quan …", "Tổ đảng …")', () => {
    expect(names('Đảng ủy cơ quan Văn phòng Quốc hội phổ biến nghị quyết.')).toEqual([
      'Đảng ủy cơ quan Văn phòng Quốc hội',
    ]);
    expect(names('Đảng đoàn Quốc hội phối hợp với Đảng ủy Văn phòng Quốc hội rà soát.')).toEqual([
      'Đảng đoàn Quốc hội',
      'Đảng ủy Văn phòng Quốc hội',
    ]);
  });

  it('names in capitals and plural party bodies', () => {
    expect(names('BỘ CHÍNH TRỊ yêu cầu các cấp ủy, tổ chức đảng quán triệt nghị quyết.')).toEqual([
      'BỘ CHÍNH TRỊ',
      'các cấp ủy, tổ chức đảng',
    ]);
  });

  it('an acronym spelling a name’s initials names the same body; a bracket ends a name', () => {
    const found = findAgencies('Ủy ban Thường vụ Quốc hội (UBTVQH) họp. UBTVQH cho ý kiến.', 'vi', index).unmatched;
    expect(found.map((a) => [a.text, a.name])).toEqual([
      ['Ủy ban Thường vụ Quốc hội', 'Ủy ban Thường vụ Quốc hội'],
      ['UBTVQH', 'Ủy ban Thường vụ Quốc hội'],
      ['UBTVQH', 'Ủy ban Thường vụ Quốc hội'],
    ]);
  });
});
