import { describe, expect, it } from 'vitest';
import { detectLanguage, draftProgramme, ExtractionInputError } from '../../src/extract/index.js';
import { fixture } from './helpers.js';

describe('detectLanguage', () => {
  it.each([
    ['vi', 'Các bộ, ngành khẩn trương hoàn thành các nhiệm vụ chuyển đổi số trước tháng 12/2024.'],
    ['en', 'The ministries shall complete the digital transformation tasks by the end of 2024.'],
    ['zh', '各地区各部门要加快推进数字政府建设，确保各项任务按期完成。'],
    ['ar', 'تعمل الوزارات على استكمال مهام التحول الرقمي بحلول نهاية عام 2024.'],
  ] as const)('recognises %s', (lang, text) => {
    expect(detectLanguage(text).language).toBe(lang);
  });

  it('recognises the fixtures', () => {
    expect(detectLanguage(fixture('digital-government.zh.txt')).language).toBe('zh');
    expect(detectLanguage(fixture('digital-transformation.ar.txt')).language).toBe('ar');
    expect(detectLanguage(fixture('broadband-plan.en.txt')).language).toBe('en');
    expect(detectLanguage(fixture('provincial-plan.vi.txt')).language).toBe('vi');
  });

  it('recognises decomposed (NFD) Vietnamese', () => {
    expect(detectLanguage('Các bộ, ngành khẩn trương hoàn thành nhiệm vụ được giao.'.normalize('NFD')).language).toBe(
      'vi',
    );
  });

  it('treats English with a few Chinese names as English', () => {
    expect(
      detectLanguage('The Cyberspace Administration of China (中央网信办) will lead the work on data security in 2025.')
        .language,
    ).toBe('en');
  });

  const reason = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return e instanceof ExtractionInputError ? e.reason : 'other';
    }
    return undefined;
  };

  it('rejects empty and blank input', () => {
    expect(reason(() => detectLanguage(''))).toBe('empty');
    expect(reason(() => detectLanguage(' \n\t  '))).toBe('empty');
    expect(reason(() => draftProgramme('   '))).toBe('empty');
  });

  it('rejects binary input', () => {
    const bytes = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0,
    ]);
    expect(reason(() => detectLanguage(bytes.toString('utf8')))).toBe('binary');
    expect(reason(() => detectLanguage('\ufffd\ufffd\ufffd abc \ufffd\ufffd'))).toBe('binary');
  });

  it('rejects other languages with a clear message', () => {
    expect(reason(() => detectLanguage('Правительство утвердило национальную программу цифровой экономики.'))).toBe(
      'unknown-language',
    );
    expect(
      reason(() =>
        detectLanguage(
          'Le gouvernement a adopté la stratégie nationale numérique pour améliorer les services publics.',
        ),
      ),
    ).toBe('unknown-language');
    expect(reason(() => detectLanguage('デジタル庁は、行政サービスのデジタル化を推進します。'))).toBe(
      'unknown-language',
    );
    expect(reason(() => detectLanguage('12345 67890 !!! ???'))).toBe('unknown-language');
    expect(() => detectLanguage('Правительство утвердило программу.')).toThrow(/vi, en, zh, ar|supported/);
  });
});
