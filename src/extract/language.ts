/**
 * Language detection for vi, en, zh and ar by script counts and function words — no
 * model, one pass over (at most) the first 200,000 characters.
 */
import type { Language } from '../domain/i18n.js';

export class ExtractionInputError extends Error {
  constructor(
    readonly reason: 'empty' | 'binary' | 'unknown-language' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionInputError';
  }
}

export interface LanguageGuess {
  language: Language;
  /** Share of the letters that support the guess (0–1). */
  confidence: number;
  /** Letter counts by script, for diagnostics. */
  counts: { latin: number; vietnamese: number; han: number; arabic: number; other: number };
}

const SAMPLE = 200_000;
/** Letters only Vietnamese uses among the four languages (with tone marks or horn/breve). */
/** Letters only Vietnamese uses (breve, horn, đ, and the tone-marked letters of U+1EA0–U+1EF9). */
const VI_LETTERS = /[ăđơưĂĐƠƯĩũĨŨ]/;
const EN_WORDS = new Set([
  'the',
  'and',
  'of',
  'to',
  'in',
  'is',
  'for',
  'on',
  'that',
  'by',
  'with',
  'will',
  'be',
  'are',
  'shall',
  'it',
  'as',
  'an',
  'at',
  'from',
  'this',
  'its',
  'all',
  'which',
  'should',
]);
const VI_WORDS = new Set([
  'và',
  'của',
  'các',
  'là',
  'có',
  'được',
  'trong',
  'cho',
  'với',
  'những',
  'không',
  'để',
  'một',
  'phát',
  'triển',
  'số',
  'năm',
  'người',
  'này',
]);

/** Detect the language or throw an {@link ExtractionInputError} with a clear reason. */
export function detectLanguage(text: string): LanguageGuess {
  if (text.trim().length === 0) throw new ExtractionInputError('empty', 'the text is empty');
  const sample = (text.length > SAMPLE ? text.slice(0, SAMPLE) : text).normalize('NFC');
  let control = 0;
  let replacement = 0;
  let latin = 0;
  let vietnamese = 0;
  let han = 0;
  let arabic = 0;
  let other = 0;
  let kana = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) control++;
    else if (c === 0xfffd) replacement++;
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) latin++;
    else if (c >= 0xc0 && c <= 0x24f) {
      latin++;
      if (VI_LETTERS.test(sample[i]!)) vietnamese++;
    } else if (c >= 0x1e00 && c <= 0x1eff) {
      latin++;
      if (c >= 0x1ea0 && c <= 0x1ef9) vietnamese++;
    } else if (c === 0x303 || c === 0x309 || c === 0x323 || c === 0x31b) {
      vietnamese++; // decomposed tilde, hook, dot below, horn: Vietnamese tone marks
    } else if (c >= 0x300 && c <= 0x36f) {
      // other combining marks
    } else if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else if (
      (c >= 0x600 && c <= 0x6ff) ||
      (c >= 0x750 && c <= 0x77f) ||
      (c >= 0xfb50 && c <= 0xfdff) ||
      (c >= 0xfe70 && c <= 0xfeff)
    ) {
      if (!(c >= 0x660 && c <= 0x669) && c !== 0x60c && c !== 0x61b && c !== 0x61f && c !== 0xfeff) arabic++;
    } else if (
      c > 0x2af &&
      !(c >= 0x2000 && c <= 0x2bff) &&
      !(c >= 0x3000 && c <= 0x303f) &&
      !(c >= 0xff00 && c <= 0xffef)
    )
      other++;
  }
  const counts = { latin, vietnamese, han, arabic, other };
  if (control > 0.01 * sample.length || replacement > 0.05 * sample.length || control > 8) {
    throw new ExtractionInputError(
      'binary',
      'the input looks binary (control bytes or undecodable characters), not plain text',
    );
  }
  const letters = latin + han + arabic + other + kana;
  if (kana > 0.1 * letters)
    throw new ExtractionInputError('unknown-language', 'the text looks Japanese; supported: vi, en, zh, ar');
  if (letters === 0)
    throw new ExtractionInputError('unknown-language', 'the text has no letters (vi, en, zh or ar expected)');
  // Chinese and Arabic by script
  if (han >= 0.25 * letters || (han > 0 && han >= latin / 4 && han >= arabic)) {
    if (han >= arabic) return { language: 'zh', confidence: han / letters, counts };
  }
  if (arabic >= 0.3 * letters) return { language: 'ar', confidence: arabic / letters, counts };
  if (other > 0.3 * letters)
    throw new ExtractionInputError(
      'unknown-language',
      'the text is in a script other than Latin, Chinese or Arabic; supported: vi, en, zh, ar',
    );
  // Latin: Vietnamese has many diacritics and its own function words
  let en = 0;
  let vi = 0;
  let words = 0;
  for (const m of sample
    .slice(0, 50_000)
    .toLowerCase()
    .matchAll(/[\p{L}]+/gu)) {
    words++;
    if (EN_WORDS.has(m[0])) en++;
    if (VI_WORDS.has(m[0])) vi++;
  }
  if (vietnamese >= 0.05 * latin || vi > en)
    return { language: 'vi', confidence: Math.min(1, 0.5 + vietnamese / Math.max(1, latin)), counts };
  if (words > 0 && en / words >= 0.08) return { language: 'en', confidence: Math.min(1, 0.5 + en / words), counts };
  if (words > 0 && words < 8 && en > 0) return { language: 'en', confidence: 0.5, counts };
  throw new ExtractionInputError(
    'unknown-language',
    'could not recognise the language (supported: Vietnamese, English, Chinese, Arabic)',
  );
}
