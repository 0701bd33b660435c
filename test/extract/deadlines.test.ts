import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDeadlines, type DeadlineItem } from '../../src/extract/index.js';
import type { Language } from '../../src/domain/i18n.js';

const one = (text: string, lang: Language, today?: string) => {
  const all = findDeadlines(text, lang, { today });
  expect(all.length, `${text}: ${JSON.stringify(all)}`).toBeGreaterThan(0);
  const d = all[0]!;
  expect(text.slice(d.span[0], d.span[1])).toBe(d.text);
  return d;
};

describe('deadlines and periods', () => {
  // [language, text, what is found first]; Arabic with Arabic-Indic digits too.
  const FOUND: Array<[Language, string, Partial<DeadlineItem>]> = [
    [
      'vi',
      'xóa vùng lõm sóng, hoàn thành trước tháng 12/2024;',
      { role: 'deadline', value: '2024-12-31', text: 'trước tháng 12/2024' },
    ],
    [
      'vi',
      'các nhiệm vụ tồn đọng trong giai đoạn 2022-2023',
      { role: 'period', value: '2022/2023', start: '2022-01-01', end: '2023-12-31' },
    ],
    ['vi', 'Kế hoạch hoạt động năm 2024 của Ủy ban', { role: 'period', value: '2024', end: '2024-12-31' }],
    ['vi', 'hoàn thành trước ngày 30/9/2025', { role: 'deadline', value: '2025-09-30' }],
    ['vi', 'hoàn thành trong quý III/2025', { role: 'deadline', start: '2025-07-01', end: '2025-09-30' }],
    ['vi', 'các chỉ tiêu của quý II/2025', { role: 'period', value: '2025Q2' }],
    ['vi', 'phấn đấu đến năm 2030 đạt mục tiêu', { role: 'deadline', value: '2030-12-31' }],
    ['vi', 'chậm nhất cuối năm 2025', { role: 'deadline', value: '2025-12-31' }],
    ['en', 'an integrated pattern will be formed by 2025', { role: 'deadline', value: '2025-12-31', text: 'by 2025' }],
    ['en', 'Extend coverage by the end of 2025.', { role: 'deadline', value: '2025-12-31' }],
    ['en', 'Remove dead zones by December 2025.', { role: 'deadline', value: '2025-12-31' }],
    ['en', 'establish the centre by Q2 2025', { role: 'deadline', value: '2025-06-30' }],
    ['en', 'complete it by 31 March 2026', { role: 'deadline', value: '2026-03-31' }],
    ['en', 'in 2024 the ministry will', { role: 'period', value: '2024' }],
    ['en', 'the National Broadband Plan 2024–2027', { value: '2024/2027' }],
    ['zh', '到2035年，数字化发展水平进入世界前列', { role: 'deadline', value: '2035-12-31', text: '到2035年' }],
    ['zh', '2025年底前实现行政村5G通达', { role: 'deadline', value: '2025-12-31' }],
    ['zh', '确保在2024年12月31日前完成', { role: 'deadline', value: '2024-12-31' }],
    ['zh', '2021—2025年期间', { value: '2021/2025' }],
    ['zh', '2025年数字化绿色化协同转型发展工作要点', { role: 'period', value: '2025' }],
    ['ar', 'إطلاق المنصة في عام 2025', { role: 'period', value: '2025' }],
    ['ar', 'بحلول عام 2030 تصل التغطية إلى', { role: 'deadline', value: '2030-12-31' }],
    ['ar', 'قبل نهاية عام 2025', { role: 'deadline', value: '2025-12-31' }],
    ['ar', 'خلال الفترة 2025-2027', { role: 'period', value: '2025/2027' }],
    ['ar', 'بحلول عام ٢٠٣٠', { role: 'deadline', value: '2030-12-31' }],
    ['ar', 'قبل 31 ديسمبر 2025', { role: 'deadline', value: '2025-12-31' }],
  ];
  it.each(FOUND)('%s: %s', (lang, text, found) => {
    expect(one(text, lang)).toMatchObject(found);
  });

  it('infers the year of a day and month from today', () => {
    expect(one('Sáng 24/4, Thủ tướng chủ trì phiên họp', 'vi', '2024-06-01')).toMatchObject({
      role: 'date',
      value: '2024-04-24',
      inferredYear: true,
    });
  });

  it('does not read document numbers or fractions as dates', () => {
    expect(findDeadlines('theo Quyết định 06/QĐ-TTg và Nghị định 47/2020/NĐ-CP', 'vi')).toEqual([]);
    expect(findDeadlines('hoàn thành triển khai 12/53 dịch vụ công', 'vi')).toEqual([]);
    expect(findDeadlines('the ISO27001 standard and 5G networks', 'en')).toEqual([]);
  });

  const lastDay = (y: number, m: number): string => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

  it('property: month deadlines normalise to the last day of the month in every language', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const want = lastDay(y, m);
        expect(one(`hoàn thành trước tháng ${m}/${y}.`, 'vi').end).toBe(want);
        expect(one(`hoàn thành trước tháng ${String(m).padStart(2, '0')}/${y}.`, 'vi').end).toBe(want);
        expect(one(`${y}年${m}月底前完成`, 'zh').end).toBe(want);
        const en = [
          'January',
          'February',
          'March',
          'April',
          'May',
          'June',
          'July',
          'August',
          'September',
          'October',
          'November',
          'December',
        ][m - 1];
        expect(one(`complete it by ${en} ${y}.`, 'en').end).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it('property: years and ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2098 }), fc.integer({ min: 1, max: 10 }), (y, k) => {
        const y2 = Math.min(2099, y + k);
        expect(one(`by ${y}`, 'en')).toMatchObject({ value: `${y}-12-31`, role: 'deadline' });
        expect(one(`到${y}年`, 'zh')).toMatchObject({ value: `${y}-12-31`, role: 'deadline' });
        expect(one(`بحلول عام ${y}`, 'ar')).toMatchObject({ value: `${y}-12-31`, role: 'deadline' });
        const r = one(`giai đoạn ${y}–${y2}`, 'vi');
        expect(r).toMatchObject({ start: `${y}-01-01`, end: `${y2}-12-31` });
      }),
      { numRuns: 200 },
    );
  });

  it('property: any text gives well-formed spans and valid dates', () => {
    const piece = fc.constantFrom(
      'trước tháng ',
      'năm ',
      'by ',
      '到',
      '年',
      'عام ',
      '/',
      '-',
      '–',
      ' ',
      '12',
      '2024',
      '31',
      '7/',
      '2030',
      'Q2 ',
      'quý IV/',
      '底前',
      'December ',
      'ngày ',
      '.',
      ',',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.constantFrom<Language>('vi', 'en', 'zh', 'ar'),
        (parts, lang) => {
          const text = parts.join('');
          for (const d of findDeadlines(text, lang, { today: '2024-06-01' })) {
            expect(d.span[0]).toBeGreaterThanOrEqual(0);
            expect(d.span[1]).toBeLessThanOrEqual(text.length);
            expect(d.span[0]).toBeLessThan(d.span[1]);
            expect(d.start <= d.end).toBe(true);
            expect(/^\d{4}-\d{2}-\d{2}$/.test(d.end)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('headline years', () => {
  it('a bare year in the headline is a period; elsewhere it is too weak to keep', () => {
    const text = 'Digital Agenda 2031\n\nThe agenda lists 2031 projects.';
    const ds = findDeadlines(text, 'en');
    expect(ds[0]).toMatchObject({ role: 'period', value: '2031', confidence: 0.6 });
    expect(ds[1]!.confidence).toBeLessThan(0.5);
  });
});

describe('Chinese and Arabic deadline forms', () => {
  const FOUND: Array<[Language, string, string]> = [
    ['zh', '力争到2025年底前完成', '2025-12-31'],
    ['zh', '于2026年6月底前完成平台建设', '2026-06-30'],
    ['zh', '2025年年底前全面建成', '2025-12-31'],
    ['zh', '从2024年起3年内培养人才', '2026-12-31'],
    ['zh', '2024年起，五年内建成', '2028-12-31'],
    ['ar', 'بحلول عام 2030 تتحقق الأهداف', '2030-12-31'],
    ['ar', 'بحلول عام (1442هـ - 2020م) نرفع الكفاءة', '2020-12-31'],
    ['ar', 'قبل نهاية عام 2026 يتم إطلاق المنصة', '2026-12-31'],
    ['ar', 'في موعد أقصاه نهاية 2027', '2027-12-31'],
  ];
  it.each(FOUND)('%s: %s', (lang, text, end) => {
    const d = findDeadlines(text, lang).find((x) => x.role === 'deadline');
    expect(d, JSON.stringify(findDeadlines(text, lang))).toBeDefined();
    expect(d!.end).toBe(end);
    expect(text.slice(d!.span[0], d!.span[1])).toBe(d!.text);
  });

  it('a four-digit count is not a year: "达到2000名", "培训2000名"', () => {
    expect(findDeadlines('高层次人才达到2000名左右，培训2000名人才', 'zh')).toEqual([]);
  });
});
