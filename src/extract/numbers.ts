/**
 * Numbers written in words, in the four languages: "three", "twenty-five", "ba mươi",
 * "hai mươi lăm", "三十", "两千", "ثلاثة", "خمسة وعشرين". Each hit gives its span and value,
 * so the target scan can judge it like a number written in digits.
 *
 * Only well-formed sequences are read ("十四五" — the 14th five-year plan — is not a number;
 * a scale word alone, "hundred", "trăm", "百", is not one either).
 */
import type { Language } from '../domain/i18n.js';

export interface WordNumber {
  start: number;
  end: number;
  value: number;
}

const LETTER = /[\p{L}\p{M}]/u;

type Kind = 'unit' | 'teen' | 'ten' | 'hundred' | 'scale';
interface Word {
  kind: Kind;
  value: number;
}

const EN: Record<string, Word> = {};
[
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
].forEach((w, i) => (EN[w] = { kind: i < 10 ? 'unit' : 'teen', value: i }));
['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].forEach(
  (w, i) => (EN[w] = { kind: 'ten', value: (i + 2) * 10 }),
);
EN.hundred = { kind: 'hundred', value: 100 };
EN.thousand = { kind: 'scale', value: 1e3 };
EN.million = { kind: 'scale', value: 1e6 };
EN.billion = { kind: 'scale', value: 1e9 };
EN.trillion = { kind: 'scale', value: 1e12 };

/** Combine a sequence of words: units, teens and tens add; "hundred" multiplies; scales close a group. */
function combine(words: Word[]): number | null {
  let total = 0;
  let cur = 0;
  let last: Kind | null = null;
  for (const w of words) {
    switch (w.kind) {
      case 'unit':
        // "twenty five" / "ba mươi lăm" add; two units in a row ("one two") are not a number
        if (last === 'unit' || last === 'teen') return null;
        cur += w.value;
        break;
      case 'teen':
        if (last === 'unit' || last === 'teen' || last === 'ten') return null;
        cur += w.value;
        break;
      case 'ten':
        if (last === 'unit' || last === 'teen' || last === 'ten') return null;
        cur += w.value;
        break;
      case 'hundred':
        if (last !== 'unit') return null;
        cur *= 100;
        break;
      case 'scale':
        if (last === null || last === 'scale') return null;
        total += cur * w.value;
        cur = 0;
        break;
    }
    last = w.kind;
  }
  return total + cur;
}

/** Group runs of number words separated by the given joiners; `word` reads one word (null: not a number word). */
function scanWords(
  text: string,
  token: RegExp,
  joiner: RegExp,
  word: (w: string, prev: string | null, next: string | null) => Word | null,
  read: (words: Word[]) => number | null = combine,
): WordNumber[] {
  const out: WordNumber[] = [];
  const toks: { s: number; e: number; w: string }[] = [];
  token.lastIndex = 0;
  for (let m = token.exec(text); m; m = token.exec(text))
    if (m.index === 0 || !LETTER.test(text[m.index - 1]!)) toks.push({ s: m.index, e: m.index + m[0].length, w: m[0] });
  let i = 0;
  while (i < toks.length) {
    const run: { s: number; e: number; word: Word }[] = [];
    let j = i;
    while (j < toks.length) {
      if (run.length && !joiner.test(text.slice(run[run.length - 1]!.e, toks[j]!.s))) break;
      const prev = run.length ? toks[j - 1]!.w : null;
      const next = /^[\s,]*([\p{L}\d]+)/u.exec(text.slice(toks[j]!.e, toks[j]!.e + 24))?.[1] ?? null;
      const w = word(toks[j]!.w, prev, next);
      if (!w) break;
      run.push({ s: toks[j]!.s, e: toks[j]!.e, word: w });
      j++;
    }
    // a run must start with a digit word, and a trailing scale-less hundred is fine
    while (run.length && (run[0]!.word.kind === 'scale' || run[0]!.word.kind === 'hundred')) run.shift();
    if (run.length) {
      const v = read(run.map((r) => r.word));
      if (v !== null) out.push({ start: run[0]!.s, end: run[run.length - 1]!.e, value: v });
    }
    i = Math.max(j, i + 1);
  }
  return out;
}

const VI: Record<string, Word> = {
  một: { kind: 'unit', value: 1 },
  hai: { kind: 'unit', value: 2 },
  ba: { kind: 'unit', value: 3 },
  bốn: { kind: 'unit', value: 4 },
  năm: { kind: 'unit', value: 5 },
  sáu: { kind: 'unit', value: 6 },
  bảy: { kind: 'unit', value: 7 },
  bẩy: { kind: 'unit', value: 7 },
  tám: { kind: 'unit', value: 8 },
  chín: { kind: 'unit', value: 9 },
  mười: { kind: 'teen', value: 10 },
  trăm: { kind: 'hundred', value: 100 },
  nghìn: { kind: 'scale', value: 1e3 },
  ngàn: { kind: 'scale', value: 1e3 },
  vạn: { kind: 'scale', value: 1e4 },
  triệu: { kind: 'scale', value: 1e6 },
  tỷ: { kind: 'scale', value: 1e9 },
  tỉ: { kind: 'scale', value: 1e9 },
};
/** Words after which "năm" is the year, not five ("năm nay", "năm 2025", "năm học"). */
const VI_YEAR_NEXT = /^(?:\d.*|nay|qua|tới|toi|sau|trước|học|tài|ngân|đó|này|kế|mới|thứ|rồi)$/iu;

/** Vietnamese: "ba mươi" (3 × 10), "hai mươi lăm" (25), "mười hai" (12), "một trăm linh năm" (105). */
function readVi(words: Word[]): number | null {
  let total = 0;
  let group = 0; // below a thousand
  let cur = 0; // below a hundred
  let lastUnit = false;
  for (const w of words) {
    if (w.kind === 'unit') {
      if (lastUnit) return null;
      cur += w.value;
      lastUnit = true;
      continue;
    }
    lastUnit = false;
    if (w.kind === 'ten') {
      // "mươi": multiplies the unit before it
      if (cur < 1 || cur > 9) return null;
      cur *= 10;
    } else if (w.kind === 'teen') cur += 10;
    else if (w.kind === 'hundred') {
      group += (cur || 1) * 100;
      cur = 0;
    } else if (w.kind === 'scale') {
      total += (group + cur || 1) * w.value;
      group = 0;
      cur = 0;
    }
  }
  return total + group + cur;
}

const ZH_DIGIT: Record<string, number> = {
  ...Object.fromEntries([...'〇一二三四五六七八九'].map((c, i) => [c, i])),
  零: 0,
  两: 2,
};
const ZH_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Chinese numerals: "三十", "一百二十", "两千", "三万五千"; null for sequences that are not one number ("十四五"). */
export function readChinese(s: string): number | null {
  if (!/[一二两三四五六七八九十]/u.test(s)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const ch of s) {
    if (ch in ZH_DIGIT) {
      if (digit !== null && digit !== 0) return null; // two digits in a row
      digit = ZH_DIGIT[ch]!;
    } else if (ch in ZH_UNIT) {
      const u = ZH_UNIT[ch]!;
      if (u >= lastUnit) return null;
      section += (digit ?? (u === 10 ? 1 : NaN)) * u;
      if (Number.isNaN(section)) return null;
      digit = null;
      lastUnit = u;
    } else if (ch in ZH_BIG) {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * ZH_BIG[ch]!;
      section = 0;
      digit = null;
      lastUnit = Infinity;
    } else return null;
  }
  // "十四五": a digit after a ten with another digit pending is caught above; "三十五" ends with a digit
  return total + section + (digit ?? 0);
}

const AR_UNITS: [RegExp, number][] = [
  [/^(?:واحد|واحدة)$/u, 1],
  [/^(?:[اإ]ثنان|[اإ]ثنين|[اإ]ثنتان|[اإ]ثنتين|[اإ]ثنا|[اإ]ثنتا)$/u, 2],
  [/^(?:ثلاث|ثلاثة)$/u, 3],
  [/^(?:[أا]ربع|[أا]ربعة)$/u, 4],
  [/^(?:خمس|خمسة)$/u, 5],
  [/^(?:ست|ستة)$/u, 6],
  [/^(?:سبع|سبعة)$/u, 7],
  [/^(?:ثمان|ثماني|ثمانية)$/u, 8],
  [/^(?:تسع|تسعة)$/u, 9],
];
const AR_TENS: [RegExp, number][] = [
  [/^(?:عشرون|عشرين)$/u, 20],
  [/^(?:ثلاثون|ثلاثين)$/u, 30],
  [/^(?:[أا]ربعون|[أا]ربعين)$/u, 40],
  [/^(?:خمسون|خمسين)$/u, 50],
  [/^(?:ستون|ستين)$/u, 60],
  [/^(?:سبعون|سبعين)$/u, 70],
  [/^(?:ثمانون|ثمانين)$/u, 80],
  [/^(?:تسعون|تسعين)$/u, 90],
];

function arWord(raw: string, prev: string | null): Word | null {
  // "خمسة وعشرين": the conjunction glues the next part of a compound number
  const w = prev !== null && raw.startsWith('و') && raw.length > 3 ? raw.slice(1) : raw;
  for (const [re, v] of AR_UNITS) if (re.test(w)) return { kind: 'unit', value: v };
  if (/^(?:عشر|عشرة)$/u.test(w)) return { kind: 'teen', value: 10 };
  for (const [re, v] of AR_TENS) if (re.test(w)) return { kind: 'ten', value: v };
  if (/^(?:مائة|مئة)$/u.test(w)) return { kind: 'hundred', value: 100 };
  if (/^(?:مائتان|مائتين|مئتان|مئتين)$/u.test(w)) return { kind: 'hundred', value: 200 };
  if (/^(?:ألف|آلاف|الف|ألفا)$/u.test(w)) return { kind: 'scale', value: 1e3 };
  if (/^(?:مليون|ملايين)$/u.test(w)) return { kind: 'scale', value: 1e6 };
  if (/^(?:مليار|مليارات)$/u.test(w)) return { kind: 'scale', value: 1e9 };
  return null;
}

/** Arabic: "ثلاثة" (3), "ثلاثة عشر" (13), "خمسة وعشرين" (25), "ثلاثة آلاف" (3,000), "مئتين" (200). */
function readAr(words: Word[]): number | null {
  let total = 0;
  let cur = 0;
  let last: Kind | null = null;
  for (const w of words) {
    if (w.kind === 'unit') {
      if (last === 'unit' || last === 'teen') return null;
      cur += w.value;
    } else if (w.kind === 'teen') {
      // "ثلاثة عشر" = 13; "عشرة" alone = 10
      if (last === 'teen' || last === 'ten') return null;
      cur += 10;
    } else if (w.kind === 'ten') {
      if (last === 'ten' || last === 'teen') return null;
      cur += w.value;
    } else if (w.kind === 'hundred') {
      // "ثلاث مائة" = 300; "مائتان" = 200
      cur = w.value === 200 ? cur + 200 : (cur || 1) * 100;
    } else {
      total += (cur || 1) * w.value;
      cur = 0;
    }
    last = w.kind;
  }
  return total + cur;
}

// only the number words are tokens, so a long text is scanned once by one regular expression
const EN_TOKEN = new RegExp(`\\b(?:${Object.keys(EN).join('|')})\\b`, 'gi');
const VI_WORDS = [...Object.keys(VI), 'mươi', 'lăm', 'tư', 'mốt'];
const VI_TOKEN = new RegExp(
  `(?:${[...VI_WORDS, ...VI_WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('|')})(?![\\p{L}])`,
  'gu',
);
const AR_TOKEN =
  /(?<![\u0621-\u064a])و?(?:واحدة?|[اإ]ثن(?:ان|ين|تان|تين|ا|تا)|ثلاثة?|[أا]ربعة?|خمسة?|ستة?|سبعة?|ثماني?ة?|ثمان|تسعة?|عشرة?|عشر(?:ون|ين)|ثلاث(?:ون|ين)|[أا]ربع(?:ون|ين)|خمس(?:ون|ين)|ست(?:ون|ين)|سبع(?:ون|ين)|ثمان(?:ون|ين)|تسع(?:ون|ين)|مائة|مئة|مائت(?:ان|ين)|مئت(?:ان|ين)|ألفا?|آلاف|الف|مليون|ملايين|مليارا?ت?)(?![\u0621-\u064a])/gu;

/** Every number written in words in `text` (offsets into `text`). */
export function wordNumbers(text: string, lang: Language): WordNumber[] {
  switch (lang) {
    case 'en':
      return scanWords(text, EN_TOKEN, /^(?:[\s-]+|\s+and\s+)$/i, (w) => EN[w.toLowerCase()] ?? null);
    case 'vi':
      return scanWords(
        text,
        VI_TOKEN,
        /^\s+(?:(?:linh|lẻ)\s+)?$/iu,
        (w, prev, next) => {
          const l = w.toLowerCase();
          if (l === 'mươi') return { kind: 'ten', value: 10 };
          // "tư", "lăm", "mốt" only after "mươi"/"mười" ("đầu tư" is not four)
          if (l === 'lăm' || l === 'tư' || l === 'mốt')
            return prev && /^(?:mươi|mười)$/iu.test(prev)
              ? { kind: 'unit', value: l === 'lăm' ? 5 : l === 'tư' ? 4 : 1 }
              : null;
          if (
            l === 'năm' &&
            (next === null || VI_YEAR_NEXT.test(next)) &&
            !(prev && /^(?:mươi|mười|trăm)$/iu.test(prev))
          )
            return null;
          return VI[l] ?? null;
        },
        readVi,
      ).filter((n) => !/^năm$/iu.test(text.slice(n.start, n.end)) || !/\d/.test(text.slice(n.end, n.end + 3)));
    case 'zh': {
      const out: WordNumber[] = [];
      const re = /[零〇一二两三四五六七八九十百千万亿]+/gu;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const v = readChinese(m[0]);
        if (v !== null) out.push({ start: m.index, end: m.index + m[0].length, value: v });
      }
      return out;
    }
    case 'ar':
      return scanWords(text, AR_TOKEN, /^\s+$/u, (w, prev) => arWord(w, prev), readAr);
  }
}
