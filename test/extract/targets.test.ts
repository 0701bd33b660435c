import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findTargets, parseNumber, type TargetItem } from '../../src/extract/index.js';
import type { Language } from '../../src/domain/i18n.js';

const one = (text: string, lang: Language) => {
  const all = findTargets(text, lang);
  expect(all.length, `${text}: ${JSON.stringify(all)}`).toBe(1);
  const t = all[0]!;
  expect(text.slice(t.span[0], t.span[1])).toBe(t.text);
  return t;
};

describe('numeric targets', () => {
  // Percent, rank change, rank group, fraction and count in every language: [language, text, what is found].
  const FOUND: Array<[Language, string, Partial<TargetItem>]> = [
    [
      'vi',
      'tốc độ tăng trưởng các dịch vụ bưu chính ít nhất 30%...',
      { valueType: 'percent', comparison: '>=', value: 30, direction: 'higher_is_better', text: 'ít nhất 30%' },
    ],
    [
      'vi',
      'chỉ số phát triển Chính phủ điện tử tăng ít nhất 5 bậc',
      {
        valueType: 'rank',
        comparison: '>=',
        value: 5,
        change: true,
        direction: 'lower_is_better',
        text: 'tăng ít nhất 5 bậc',
      },
    ],
    [
      'vi',
      'chỉ số an toàn an ninh mạng thuộc nhóm 30 nước dẫn đầu.',
      { valueType: 'rank', comparison: '<=', value: 30, direction: 'lower_is_better', text: 'nhóm 30 nước dẫn đầu' },
    ],
    [
      'vi',
      'hoàn thành triển khai 12/53 dịch vụ công thiết yếu',
      { valueType: 'fraction', value: 12, of: 53, unit: 'dịch vụ công thiết yếu' },
    ],
    [
      'vi',
      'hỗ trợ hình thành ít nhất 3 đô thị thông minh',
      { valueType: 'count', comparison: '>=', value: 3, unit: 'đô thị thông minh' },
    ],
    ['vi', 'tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80,5%', { valueType: 'percent', comparison: '>=', value: 80.5 }],
    ['vi', 'giảm tỷ lệ hộ nghèo xuống dưới 3%', { comparison: '<', value: 3, direction: 'lower_is_better' }],
    ['en', 'Extend 4G coverage to at least 98% of villages', { valueType: 'percent', comparison: '>=', value: 98 }],
    ['en', 'reduce unpatched servers to no more than 5%', { comparison: '<=', value: 5, direction: 'lower_is_better' }],
    ['en', '≥30% of firms use cloud services', { comparison: '>=', value: 30 }],
    ['en', 'rank in the top 30 countries for cybersecurity', { valueType: 'rank', comparison: '<=', value: 30 }],
    ['en', 'rise at least 5 places in the EGDI ranking', { valueType: 'rank', change: true, value: 5 }],
    ['en', 'bring 40 of 52 essential services online', { valueType: 'fraction', value: 40, of: 52 }],
    ['en', 'train at least 1.5 million civil servants', { valueType: 'count', value: 1_500_000 }],
    ['zh', '政务服务事项网上可办率达到90%以上', { valueType: 'percent', comparison: '>=', value: 90 }],
    ['zh', '行政村5G网络通达率不低于80%', { comparison: '>=', value: 80 }],
    ['zh', '力争网络安全指数进入全球前30名', { valueType: 'rank', comparison: '<=', value: 30 }],
    ['zh', '单位GDP能耗降低13.5%', { valueType: 'percent', value: 13.5, direction: 'lower_is_better' }],
    ['zh', '培育至少100家数字化转型促进中心', { valueType: 'count', comparison: '>=', value: 100 }],
    ['ar', 'لتشمل 95% على الأقل من المناطق', { valueType: 'percent', comparison: '>=', value: 95 }],
    ['ar', 'لا تقل نسبة الخدمات المقدمة إلكترونياً عن 90%', { comparison: '>=', value: 90 }],
    ['ar', 'لتكون ضمن أفضل 10 دول', { valueType: 'rank', comparison: '<=', value: 10 }],
    ['ar', 'ربط 40 من أصل 52 جهة حكومية', { valueType: 'fraction', value: 40, of: 52 }],
    ['ar', 'تدريب ما لا يقل عن 100 ألف مواطن', { valueType: 'count', value: 100_000 }],
    ['ar', 'لتشمل ٩٥٪ على الأقل من المناطق', { valueType: 'percent', value: 95, text: '٩٥٪ على الأقل' }],
  ];
  it.each(FOUND)('%s: %s', (lang, text, found) => {
    expect(one(text, lang)).toMatchObject(found);
  });

  it('ignores ordinals, document numbers, versions and technology names', () => {
    for (const [text, lang] of [
      ['phiên họp lần thứ 8 của Ủy ban', 'vi'],
      ['theo Quyết định 06/QĐ-TTg', 'vi'],
      ['Trung tâm Cách mạng công nghiệp 4.0 Việt Nam', 'vi'],
      ['thúc đẩy thương mại 5G', 'vi'],
      ['the 20th National Congress and IPv6 deployment', 'en'],
      ['党的第20次全国代表大会', 'zh'],
      ['القرار رقم 15 لسنة 2024', 'ar'],
    ] as const) {
      expect(findTargets(text, lang), text).toEqual([]);
    }
  });
});

describe('parseNumber', () => {
  it('reads decimal marks by language', () => {
    expect(parseNumber('80,5', 'vi')).toBe(80.5);
    expect(parseNumber('1.000', 'vi')).toBe(1000);
    expect(parseNumber('1.000.000', 'vi')).toBe(1_000_000);
    expect(parseNumber('1,000', 'en')).toBe(1000);
    expect(parseNumber('13.5', 'zh')).toBe(13.5);
    expect(parseNumber('1.234,5', 'en')).toBe(1234.5);
    expect(parseNumber('abc', 'en')).toBeNull();
  });

  it('property: integers with thousands separators round-trip in every convention', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => {
        expect(parseNumber(n.toLocaleString('en-US'), 'en')).toBe(n);
        expect(parseNumber(n.toLocaleString('de-DE'), 'vi')).toBe(n);
        expect(parseNumber(String(n), 'zh')).toBe(n);
      }),
    );
  });

  it('property: decimals round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 9 }), (i, d) => {
        expect(parseNumber(`${i}.${d}`, 'en')).toBe(Number(`${i}.${d}`));
        expect(parseNumber(`${i},${d}`, 'vi')).toBe(Number(`${i}.${d}`));
      }),
    );
  });

  it('property: percentages in running text are found with their value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom<[Language, string]>(
          ['vi', 'đạt ít nhất '],
          ['en', 'at least '],
          ['zh', '不低于'],
          ['ar', 'لا تقل عن '],
        ),
        (n, [lang, cue]) => {
          const t = one(`${cue}${n}%`, lang);
          expect(t).toMatchObject({ valueType: 'percent', value: n, comparison: '>=' });
        },
      ),
    );
  });
});
