/**
 * The locale date field (issue 16, complaint 7): dates are typed and shown in the user's order
 * (day/month/year in vi, en, ar; year/month/day in zh) and stored as ISO dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datePattern, formatDateField, parseDateField } from '../../web/src/lib/date-field';

const LOCALES = ['vi-VN', 'en-GB', 'zh-CN', 'ar'];

describe('date field', () => {
  it('shows a date in each locale order and digits', () => {
    expect(formatDateField('2024-12-31', 'vi-VN')).toBe('31/12/2024');
    expect(formatDateField('2024-03-05', 'en-GB')).toBe('05/03/2024');
    expect(formatDateField('2024-03-05', 'zh-CN')).toBe('2024/03/05');
    // Arabic digits where the ICU data says so (Chromium), ASCII where it does not (recent Node).
    expect(formatDateField('2024-03-05', 'ar')).toMatch(/^(05|٠٥)\/(03|٠٣)\/(2024|٢٠٢٤)$/);
    expect(datePattern('zh-CN').order).toEqual(['year', 'month', 'day']);
    expect(formatDateField('', 'vi-VN')).toBe('');
  });

  it('reads what the user types in the locale order, with ASCII or Arabic-Indic digits', () => {
    expect(parseDateField('31/12/2024', 'vi-VN')).toBe('2024-12-31');
    expect(parseDateField('5.3.2024', 'en-GB')).toBe('2024-03-05');
    expect(parseDateField('2024/3/5', 'zh-CN')).toBe('2024-03-05');
    expect(parseDateField('2024年3月5日', 'zh-CN')).toBe('2024-03-05');
    expect(parseDateField('\u200f٠٥/٠٣/٢٠٢٤', 'ar')).toBe('2024-03-05');
    expect(parseDateField('05/03/2024', 'ar')).toBe('2024-03-05');
    expect(parseDateField('2024-03-05', 'vi-VN')).toBe('2024-03-05');
    expect(parseDateField('  ', 'vi-VN')).toBe('');
  });

  it('refuses what is not a real date', () => {
    for (const text of ['31/02/2024', '12/31/2024', '1/1/24', 'tomorrow', '1/2', '00/01/2024'])
      expect(parseDateField(text, 'vi-VN'), text).toBeNull();
  });

  it('reads back every date it shows, in every locale', () => {
    const day = fc.date({
      min: new Date('1990-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, fc.constantFrom(...LOCALES), (d, locale) => {
        const iso = d.toISOString().slice(0, 10);
        expect(parseDateField(formatDateField(iso, locale), locale)).toBe(iso);
      }),
    );
  });
});
