import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findDeadlines } from '../../src/extract/index.js';
import type { Language } from '../../src/domain/i18n.js';

const one = (text: string, lang: Language, today?: string) => {
  const all = findDeadlines(text, lang, { today });
  expect(all.length, `${text}: ${JSON.stringify(all)}`).toBeGreaterThan(0);
  const d = all[0]!;
  expect(text.slice(d.span[0], d.span[1])).toBe(d.text);
  return d;
};

describe('deadlines and periods', () => {
  it('Vietnamese', () => {
    expect(one('xóa vùng lõm sóng, hoàn thành trước tháng 12/2024;', 'vi')).toMatchObject({
      role: 'deadline',
      value: '2024-12-31',
      text: 'trước tháng 12/2024',
    });
    expect(one('các nhiệm vụ tồn đọng trong giai đoạn 2022-2023', 'vi')).toMatchObject({
      role: 'period',
      value: '2022/2023',
      start: '2022-01-01',
      end: '2023-12-31',
    });
    expect(one('Kế hoạch hoạt động năm 2024 của Ủy ban', 'vi')).toMatchObject({
      role: 'period',
      value: '2024',
      end: '2024-12-31',
    });
    expect(one('hoàn thành trước ngày 30/9/2025', 'vi')).toMatchObject({ role: 'deadline', value: '2025-09-30' });
    expect(one('hoàn thành trong quý III/2025', 'vi')).toMatchObject({
      role: 'deadline',
      start: '2025-07-01',
      end: '2025-09-30',
    });
    expect(one('các chỉ tiêu của quý II/2025', 'vi')).toMatchObject({ role: 'period', value: '2025Q2' });
    expect(one('phấn đấu đến năm 2030 đạt mục tiêu', 'vi')).toMatchObject({ role: 'deadline', value: '2030-12-31' });
    expect(one('chậm nhất cuối năm 2025', 'vi')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
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

  it('English', () => {
    expect(one('an integrated pattern will be formed by 2025', 'en')).toMatchObject({
      role: 'deadline',
      value: '2025-12-31',
      text: 'by 2025',
    });
    expect(one('Extend coverage by the end of 2025.', 'en')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
    expect(one('Remove dead zones by December 2025.', 'en')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
    expect(one('establish the centre by Q2 2025', 'en')).toMatchObject({ role: 'deadline', value: '2025-06-30' });
    expect(one('complete it by 31 March 2026', 'en')).toMatchObject({ role: 'deadline', value: '2026-03-31' });
    expect(one('in 2024 the ministry will', 'en')).toMatchObject({ role: 'period', value: '2024' });
    expect(one('the National Broadband Plan 2024–2027', 'en')).toMatchObject({ value: '2024/2027' });
  });

  it('Chinese', () => {
    expect(one('到2035年，数字化发展水平进入世界前列', 'zh')).toMatchObject({
      role: 'deadline',
      value: '2035-12-31',
      text: '到2035年',
    });
    expect(one('2025年底前实现行政村5G通达', 'zh')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
    expect(one('确保在2024年12月31日前完成', 'zh')).toMatchObject({ role: 'deadline', value: '2024-12-31' });
    expect(one('2021—2025年期间', 'zh')).toMatchObject({ value: '2021/2025' });
    expect(one('2025年数字化绿色化协同转型发展工作要点', 'zh')).toMatchObject({ role: 'period', value: '2025' });
  });

  it('Arabic (with Arabic-Indic digits too)', () => {
    expect(one('إطلاق المنصة في عام 2025', 'ar')).toMatchObject({ role: 'period', value: '2025' });
    expect(one('بحلول عام 2030 تصل التغطية إلى', 'ar')).toMatchObject({ role: 'deadline', value: '2030-12-31' });
    expect(one('قبل نهاية عام 2025', 'ar')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
    expect(one('خلال الفترة 2025-2027', 'ar')).toMatchObject({ role: 'period', value: '2025/2027' });
    expect(one('بحلول عام ٢٠٣٠', 'ar')).toMatchObject({ role: 'deadline', value: '2030-12-31' });
    expect(one('قبل 31 ديسمبر 2025', 'ar')).toMatchObject({ role: 'deadline', value: '2025-12-31' });
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
