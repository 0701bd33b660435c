import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readChinese, wordNumbers } from '../../src/extract/numbers.js';
import { findTargets, type TargetItem } from '../../src/extract/index.js';
import type { Language } from '../../src/domain/i18n.js';

const read = (text: string, lang: Language) =>
  wordNumbers(text, lang).map((n) => [text.slice(n.start, n.end), n.value]);

describe('numbers written in words', () => {
  it('reads English, Vietnamese, Chinese and Arabic number words', () => {
    expect(read('at least three centres and twenty-five towns, one hundred and five posts', 'en')).toEqual([
      ['three', 3],
      ['twenty-five', 25],
      ['one hundred and five', 105],
    ]);
    expect(read('ít nhất ba mươi tỉnh, hai mươi lăm xã, mười hai bộ, một trăm linh năm đơn vị', 'vi')).toEqual([
      ['ba mươi', 30],
      ['hai mươi lăm', 25],
      ['mười hai', 12],
      ['một trăm linh năm', 105],
    ]);
    expect(read('至少三十个，两千名，三万五千户，一百零五项', 'zh').map((x) => x[1])).toEqual([30, 2000, 35000, 105]);
    expect(read('ما لا يقل عن ثلاثة مراكز و خمسة وعشرين موظفا و ثلاثة آلاف متدرب', 'ar')).toEqual([
      ['ثلاثة', 3],
      ['خمسة وعشرين', 25],
      ['ثلاثة آلاف', 3000],
    ]);
  });

  it('does not read words that only look like numbers', () => {
    // "năm" is the year before a number or a time word; "tư" is four only after "mươi" ("đầu tư" = invest)
    expect(read('trong năm 2025, năm nay và đầu tư', 'vi')).toEqual([]);
    // "十四五" (the 14th five-year plan) is not one number; a scale alone is not a number
    expect(readChinese('十四五')).toBeNull();
    expect(readChinese('百')).toBeNull();
    expect(read('one two', 'en')).toEqual([]);
    expect(read('a hundred', 'en')).toEqual([]);
  });

  it('property: Chinese numerals up to 99,999,999 read back to their value', () => {
    const D = '零一二三四五六七八九';
    const below10k = (n: number): string => {
      let s = '';
      let zero = false;
      const parts: [number, string][] = [
        [1000, '千'],
        [100, '百'],
        [10, '十'],
        [1, ''],
      ];
      for (const [u, c] of parts) {
        const d = Math.floor(n / u) % 10;
        if (d === 0) {
          if (s) zero = true;
          continue;
        }
        if (zero) s += '零';
        zero = false;
        s += D[d]! + c;
      }
      return s;
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), (n) => {
        const hi = Math.floor(n / 10000);
        const lo = n % 10000;
        const s = (hi ? `${below10k(hi)}万` : '') + (lo ? (hi && lo < 1000 ? '零' : '') + below10k(lo) : '');
        expect(readChinese(s)).toBe(n);
      }),
    );
  });
});

describe('targets written in words and bare counts', () => {
  const FOUND: Array<[Language, string, Partial<TargetItem>]> = [
    ['en', 'Open at least three regional data centres.', { valueType: 'count', comparison: '>=', value: 3 }],
    ['en', 'Cut paper forms by three per cent.', { valueType: 'percent', value: 3 }],
    [
      'en',
      'The Agency shall establish 5 Regional Cybersecurity Centers.',
      { valueType: 'count', comparison: '=', value: 5 },
    ],
    [
      'en',
      'There is authorized to be appropriated $25,000,000 for each of fiscal years 2026 through 2030.',
      { valueType: 'number', value: 25_000_000 },
    ],
    ['vi', 'tỷ lệ dân số trưởng thành có chữ ký số đạt ba phần trăm', { valueType: 'percent', value: 3 }],
    ['vi', 'hình thành ít nhất ba mươi đô thị thông minh', { valueType: 'count', comparison: '>=', value: 30 }],
    ['vi', 'Tối thiểu có 5 doanh nghiệp công nghệ số', { valueType: 'count', comparison: '>=', value: 5 }],
    ['vi', 'đào tạo 500 kỹ sư an toàn thông tin', { valueType: 'count', value: 500 }],
    ['vi', 'có từ 40 - 50 tổ chức nghiên cứu', { valueType: 'count', comparison: '>=', value: 40 }],
    ['vi', 'tăng trung bình 16 - 18%/năm', { valueType: 'percent', comparison: '>=', value: 16 }],
    ['vi', 'số cán bộ nghiên cứu đạt 12 người trên một vạn dân', { valueType: 'number', value: 12 }],
    ['vi', 'chỉ số duy trì trên 0,7;', { valueType: 'number', comparison: '>', value: 0.7 }],
    ['zh', '上网率达到百分之三十', { valueType: 'percent', value: 30 }],
    ['zh', '重点引进30名金融高级管理人才', { valueType: 'count', value: 30 }],
    ['zh', '培养1万名左右具有博士学位的人才', { valueType: 'count', value: 10_000 }],
    ['zh', '博士后研究人员不少于400名', { valueType: 'count', comparison: '>=', value: 400 }],
    ['zh', '至少三个示范区', { valueType: 'count', comparison: '>=', value: 3 }],
    ['ar', 'رفع نسبة الخدمات الرقمية إلى ثلاثة في المائة', { valueType: 'percent', value: 3 }],
    ['ar', 'إنشاء ما لا يقل عن خمسة مراكز للبيانات', { valueType: 'count', comparison: '>=', value: 5 }],
    ['ar', 'رفع الإيرادات غير النفطية إلى (1) تريليون ريال', { valueType: 'number', value: 1e12 }],
    ['ar', 'الوصول إلى المركز (20) في مؤشر فاعلية الحكومة', { valueType: 'rank', comparison: '<=', value: 20 }],
    ['ar', 'تخفيض عدد الموظفين إلى أكثر من (500) ألف موظف', { valueType: 'count', comparison: '>', value: 500_000 }],
  ];
  it.each(FOUND)('%s: %s', (lang, text, want) => {
    const all = findTargets(text, lang);
    expect(all.length, JSON.stringify(all)).toBe(1);
    expect(all[0]).toMatchObject(want);
  });

  const NOT: Array<[Language, string]> = [
    ['en', 'The Cabinet Office will fund centres, at least one in every region.'],
    ['en', 'One of the three agencies reported on the plan.'],
    ['vi', 'Trong năm nay và năm 2025, các bộ đầu tư vào hạ tầng.'],
    ['zh', '坚持统一领导，编制“十四五”规划，实施三大行动。'],
    ['zh', '2000年以来'],
  ];
  it.each(NOT)('%s: no target in "%s"', (lang, text) => {
    expect(findTargets(text, lang)).toEqual([]);
  });
});
