/**
 * Deadlines and periods: "trước tháng 12/2024", "giai đoạn 2022-2023", "by 2025",
 * "by the end of 2025", "到2035年", "2025年底前", "في عام 2025", "بحلول عام 2030" …
 *
 * One global scan finds every four-digit year (1900–2099); each hit is widened by
 * small anchored patterns over a bounded window to its left (day, month, quarter,
 * unit word, cue) and right (Chinese 年/月/日, ranges, 底前). Day–month dates without a
 * year ("24/4", "February 27th") are found only when `today` gives the year.
 * Windows are bounded, so the whole pass is linear in the text length.
 */
import { readChinese } from './numbers.js';
import type { Language } from '../domain/i18n.js';
import { periodEnd, periodStart, type Period } from '../domain/period.js';
import { isIsoDate } from '../domain/dates.js';
import type { DeadlineItem, DeadlineRole } from './types.js';
import { asciiDigits, conf } from './text.js';

const LEFT = 48;
const RIGHT = 32;

const EN_MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const AR_MONTHS: Record<string, number> = {
  يناير: 1,
  فبراير: 2,
  مارس: 3,
  أبريل: 4,
  ابريل: 4,
  إبريل: 4,
  مايو: 5,
  يونيو: 6,
  يوليو: 7,
  أغسطس: 8,
  سبتمبر: 9,
  أكتوبر: 10,
  نوفمبر: 11,
  ديسمبر: 12,
  'كانون الثاني': 1,
  شباط: 2,
  آذار: 3,
  نيسان: 4,
  أيار: 5,
  حزيران: 6,
  تموز: 7,
  آب: 8,
  أيلول: 9,
  'تشرين الأول': 10,
  'تشرين الثاني': 11,
  'كانون الأول': 12,
};
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const ORDINAL_Q: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, 一: 1, 二: 2, 三: 3, 四: 4 };

const EN_MONTH_RE =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const AR_MONTH_RE = Object.keys(AR_MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const YEAR = /(?<![\d.,])(?:19|20)\d\d(?![\d%])/g;

interface Left {
  /** Offset (from the year) where the date expression starts. */
  back: number;
  day?: number;
  month?: number;
  quarter?: number;
  /** A unit word ("năm", "tháng", "year", "عام") was seen: evidence that this is a year. */
  unit: boolean;
  /** "end of"/"cuối": the end of the unit. */
  endOf?: boolean;
}

type LeftRule = (w: string) => Left | null;

function rule(re: RegExp, f: (m: RegExpExecArray) => Omit<Left, 'back'>): LeftRule {
  return (w) => {
    const m = re.exec(w);
    return m ? { back: m[0].length, ...f(m) } : null;
  };
}

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

const LEFT_RULES: Record<Language, LeftRule[]> = {
  vi: [
    rule(/(?:ngày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*$/iu, (m) => ({
      day: num(m[1]),
      month: num(m[2]),
      unit: true,
    })),
    rule(/(?:(cuối|đầu)\s+)?tháng\s*(\d{1,2})\s*(?:\/|-|năm|,)\s*$/iu, (m) => ({
      month: num(m[2]),
      unit: true,
      endOf: m[1]?.toLowerCase() === 'cuối',
    })),
    rule(/(?:(cuối|đầu)\s+)?quý\s*(iv|i{1,3}|[1-4])\s*(?:\/|-|năm|,)\s*$/iu, (m) => ({
      quarter: ROMAN[m[2]!.toLowerCase()] ?? num(m[2]),
      unit: true,
      endOf: m[1]?.toLowerCase() === 'cuối',
    })),
    rule(/(?<![\d/])(\d{1,2})\s*\/\s*$/u, (m) => ({ month: num(m[1]), unit: false })),
    rule(/(?:(cuối|đầu|giữa)\s+)?năm\s*$/iu, (m) => ({ unit: true, endOf: m[1]?.toLowerCase() === 'cuối' })),
  ],
  en: [
    rule(
      new RegExp(
        `(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?)?\\b(${EN_MONTH_RE})\\.?\\s*(?:(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*)?$`,
        'i',
      ),
      (m) => ({
        day: num(m[1] ?? m[3]),
        month: EN_MONTHS[m[2]!.toLowerCase()],
        unit: true,
      }),
    ),
    rule(/\b(?:q([1-4])|(first|second|third|fourth)\s+quarter(?:\s+of)?)\s*$/i, (m) => ({
      quarter: num(m[1]) ?? ORDINAL_Q[m[2]!.toLowerCase()],
      unit: true,
    })),
    rule(/(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*$/, (m) => ({ day: num(m[1]), month: num(m[2]), unit: true })),
    rule(
      /\b(?:(?:the\s+)?(end|close)\s+of\s+(?:the\s+)?|end-|year-?end\s+)?(?:(?:fiscal|calendar)\s+)?(?:year\s+)?$/i,
      (m) => ({ unit: /year\s*$/i.test(m[0]), endOf: m[1] !== undefined || /end-$/i.test(m[0]) }),
    ),
  ],
  zh: [],
  ar: [
    rule(/(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*$/u, (m) => ({ day: num(m[1]), month: num(m[2]), unit: true })),
    rule(
      new RegExp(
        `(?:(\\d{1,2})\\s+)?(${AR_MONTH_RE})(?:\\s*[/(]\\s*[\\u0600-\\u06ff]{2,8}(?:\\s[\\u0600-\\u06ff]{2,8})?\\s*\\)?)?\\s*(?:من\\s+)?(?:عام|العام|سنة)?\\s*$`,
        'u',
      ),
      (m) => ({
        day: num(m[1]),
        month: AR_MONTHS[m[2]!],
        unit: true,
      }),
    ),
    // "نهاية 2027" without a word for year
    rule(/(نهاية|أواخر)\s*$/u, () => ({ unit: true, endOf: true })),
    // "عام (1442هـ - 2020م)": the Hijri year written first, the Gregorian one after it
    rule(
      /(?:(نهاية|أواخر|مطلع|بداية)\s+)?(?:عام|العام|لعام|سنة|السنة)\s*(?:\(\s*)?(?:1[34]\d\d\s*هـ?\s*[-–/]\s*)?$/u,
      (m) => ({
        unit: true,
        endOf: m[1] === 'نهاية' || m[1] === 'أواخر',
      }),
    ),
  ],
};

/** Cues before the expression, anchored at its start. */
const DEADLINE_BEFORE: Record<Language, RegExp> = {
  vi: /(?:trước|đến|tới|chậm nhất(?:\s+là)?(?:\s+đến)?|muộn nhất|không muộn hơn|hạn chót|hạn|hoàn thành trong|trong thời hạn|từ nay đến|cho đến|cuối)\s*(?:ngày|hết)?\s*$/iu,
  en: /\b(?:by|before|until|till|through|no later than|not later than|deadline(?: of)?|due(?: by| in)?|to|towards?|up to)\s+(?:the\s+)?$/i,
  zh: /(?:(?<![达提升增])到|至|截至|截止到?|不晚于|力争到|于|在)\s*$/u,
  ar: /(?:بحلول|قبل|حتى|في\s+موعد\s+أقصاه|موعد\s+أقصاه|مع|بـ?نهاية|ب)\s*$/u,
};
const PERIOD_BEFORE: Record<Language, RegExp> = {
  vi: /(?:trong|giai đoạn|thời kỳ|vào|của|từ|kế hoạch|chiến lược|chương trình|năm nay)\s*$/iu,
  en: /\b(?:in|during|for|of|from|within|throughout|over)\s+(?:the\s+)?$/i,
  zh: /(?:在|从|自|于|今年|是)\s*$/u,
  ar: /(?:في|خلال|ل|الفترة|للفترة|من)\s*$/u,
};
const ZH_RIGHT =
  /^年(?:度)?(?:(?:第([一二三四1-4])季度)|(?:(\d{1,2})月(?:(\d{1,2})[日号])?))?(?:(底|末|年底|年末))?(?:(前|以前|之前|为止|底前|末前))?/u;
const ZH_WITHIN = /^年(?:起|开始)[，,]?\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*年(?:内|之内|间)/u;
const RANGE_RIGHT =
  /^\s*(?:年\s*)?(?:[-–—~〜至到]|\bto\b|đến|tới|until|through|إلى|الى|حتى|-)\s*(?:năm\s*|عام\s*)?((?:19|20)\d\d)(?![\d%])(年)?/iu;

export interface TimeOptions {
  /** Today's date (ISO); gives the year of day–month dates that lack one. */
  today?: string | undefined;
}

/** What follows a four-digit number that counts things rather than naming a year. */
const COUNTED: Record<Language, RegExp> = {
  vi: /^\s*(?:nghìn|ngàn|triệu|tỷ|tỉ|người|học viên|doanh nghiệp|đồng)(?![\p{L}])/iu,
  en: /^\s*(?:thousand|million|billion|people|workers|persons|dollars)\b/i,
  zh: /^\s*(?:名|个|家|项|人|户|万|亿|千|元|场|所|座|套|台|吨|公里|批|位)/u,
  ar: /^\s*(?:ألف|آلاف|مليون|ملايين|مليار|موظف|شخص|ريال)(?![\u0621-\u064a])/u,
};

/** Every time expression in `text` (working copy), in order. */
export function findDeadlines(input: string, lang: Language, opts: TimeOptions = {}): DeadlineItem[] {
  const text = asciiDigits(input);
  const out: DeadlineItem[] = [];
  let skipUntil = -1;
  const headlineEnd = text.slice(0, 200).indexOf('\n');
  YEAR.lastIndex = 0;
  for (let m = YEAR.exec(text); m; m = YEAR.exec(text)) {
    const p = m.index;
    if (p < skipUntil) continue;
    const year = Number(m[0]);
    let end = p + 4;
    const right = text.slice(end, end + RIGHT);
    // document numbers: "06/2020/NĐ-CP", "2020/QĐ"
    if (/^\/[A-Za-zĐđ\d]/u.test(right) || /^-[A-ZĐ]{2}/u.test(right)) continue;
    // a count, not a year: "2000名", "2000个", "2000 مليون"
    if (COUNTED[lang].test(right)) continue;
    const leftWin = text.slice(Math.max(0, p - LEFT), p);
    if (/[A-Za-z]-?$/.test(leftWin) && !/[\s(]$/.test(leftWin)) continue; // "ISO27001", "A2025"
    // range
    const r = RANGE_RIGHT.exec(right);
    let rangeEnd: number | undefined;
    if (r) {
      const y2 = Number(r[1]);
      if (y2 > year && y2 - year <= 50) {
        rangeEnd = y2;
        end = end + r[0].length;
      }
    }
    let left: Left | null = null;
    for (const f of LEFT_RULES[lang]) {
      left = f(leftWin);
      if (left && left.back > 0) break;
      if (left && left.back === 0 && !left.unit) left = null;
    }
    const l: Left = left ?? { back: 0, unit: false };
    let { day, month, quarter } = l;
    let endOf = l.endOf ?? false;
    // "2012年起5年内": from a year, within N years — the last of those years is the deadline
    const within = lang === 'zh' && rangeEnd === undefined ? ZH_WITHIN.exec(right) : null;
    const withinN = within ? (/\d/.test(within[1]!) ? Number(within[1]) : readChinese(within[1]!)) : null;
    if (within && withinN && withinN >= 1 && withinN <= 50) {
      rangeEnd = year + withinN - 1;
      end = p + 4 + within[0].length;
    }
    let zhDeadline = within !== null && rangeEnd !== undefined;
    if (lang === 'zh' && rangeEnd === undefined) {
      const z = ZH_RIGHT.exec(right);
      if (z) {
        end = p + 4 + z[0].length;
        l.unit = true;
        if (z[1]) quarter = ORDINAL_Q[z[1]] ?? Number(z[1]);
        if (z[2]) month = Number(z[2]);
        if (z[3]) day = Number(z[3]);
        if (z[4] || /底|末/.test(z[5] ?? '')) endOf = true;
        if (z[5]) zhDeadline = true;
      }
    } else if (lang === 'zh' && rangeEnd !== undefined) l.unit = true;
    // validate parts
    if (month !== undefined && (month < 1 || month > 12)) {
      if (l.day === undefined && !l.unit) {
        month = undefined;
        l.back = 0;
      } else continue;
    }
    if (quarter !== undefined && (quarter < 1 || quarter > 4)) continue;
    let start = p - l.back;
    if (month === undefined && quarter === undefined && day !== undefined) day = undefined;
    // cue
    const before = text.slice(Math.max(0, start - LEFT), start);
    let role: DeadlineRole;
    let confidence: number;
    const dl = DEADLINE_BEFORE[lang].exec(before);
    const pd = PERIOD_BEFORE[lang].exec(before);
    if (
      zhDeadline ||
      (dl && !(lang === 'en' && /\bto\s+$/i.test(dl[0]) && rangeEnd === undefined && !/\b(?:up )?to\s+$/i.test(before)))
    ) {
      role = 'deadline';
      confidence = 0.9;
      if (dl && !zhDeadline) start -= dl[0].length;
      if (lang === 'zh' && /在|于/.test(dl?.[0] ?? '') && !zhDeadline) role = 'period';
    } else if (pd) {
      role = 'period';
      confidence = l.unit || rangeEnd !== undefined ? 0.85 : 0.6;
      start -= pd[0].length;
    } else if (rangeEnd !== undefined) {
      role = 'period';
      confidence = 0.75;
    } else if (l.unit || month !== undefined) {
      role = day !== undefined ? 'date' : 'period';
      confidence = month !== undefined && !l.unit ? 0.55 : 0.7;
    } else {
      role = 'period';
      // a bare year in the headline is the programme's horizon ("Digital Agenda 2031")
      confidence = p < 200 && (headlineEnd < 0 || p < headlineEnd) ? 0.6 : 0.35;
    }
    if (endOf && role === 'period') role = 'deadline';
    if (
      role === 'deadline' &&
      lang === 'en' &&
      /\bto\s+$/i.test(dl?.[0] ?? '') &&
      !/\b(?:up\s+to|to)\s+(?:the\s+)?$/i.test(before)
    )
      confidence = 0.6;
    // trim leading cue whitespace to the first letter
    while (start < p && /\s/.test(text[start]!)) start++;
    const item = build(year, rangeEnd, month, quarter, day, role);
    if (!item) continue;
    if (day !== undefined && role === 'deadline') item.value = item.end;
    out.push({
      type: 'deadline',
      text: text.slice(start, end),
      span: [start, end],
      confidence: conf(confidence),
      role,
      ...item,
    });
    skipUntil = end;
  }
  if (opts.today && isIsoDate(opts.today)) out.push(...dayMonthDates(text, lang, Number(opts.today.slice(0, 4))));
  out.sort((a, b) => a.span[0] - b.span[0]);
  for (const d of out) d.text = input.slice(d.span[0], d.span[1]);
  return dedupe(out);
}

function build(
  year: number,
  rangeEnd: number | undefined,
  month: number | undefined,
  quarter: number | undefined,
  day: number | undefined,
  role: DeadlineRole,
): { value: string; start: string; end: string } | null {
  if (rangeEnd !== undefined) {
    const s = periodStart({ type: 'year', year, index: 0 });
    const e = periodEnd({ type: 'year', year: rangeEnd, index: 0 });
    return { value: role === 'deadline' ? e : `${year}/${rangeEnd}`, start: s, end: e };
  }
  let period: Period;
  if (day !== undefined && month !== undefined) {
    const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (!isIsoDate(d)) return null;
    return { value: d, start: d, end: d };
  }
  if (month !== undefined) period = { type: 'month', year, index: month };
  else if (quarter !== undefined) period = { type: 'quarter', year, index: quarter };
  else period = { type: 'year', year, index: 0 };
  const s = periodStart(period);
  const e = periodEnd(period);
  const code =
    period.type === 'year'
      ? String(year)
      : period.type === 'quarter'
        ? `${year}Q${quarter}`
        : `${year}M${String(month).padStart(2, '0')}`;
  return { value: role === 'deadline' ? e : code, start: s, end: e };
}

const DAY_MONTH: Record<Language, RegExp | null> = {
  vi: /(?:ngày|sáng|chiều|tối|trưa|hôm)\s+(?:ngày\s+)?(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])/giu,
  en: new RegExp(
    `\\b(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${EN_MONTH_RE})|(${EN_MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?)\\b(?!\\s*,?\\s*(?:19|20)\\d\\d)`,
    'gi',
  ),
  zh: /(?<![\d年])(\d{1,2})月(\d{1,2})[日号]/gu,
  ar: null,
};

function dayMonthDates(text: string, lang: Language, year: number): DeadlineItem[] {
  const re = DAY_MONTH[lang];
  if (!re) return [];
  const out: DeadlineItem[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let day: number;
    let month: number;
    if (lang === 'en') {
      day = Number(m[1] ?? m[4]);
      month = EN_MONTHS[(m[2] ?? m[3])!.toLowerCase()]!;
    } else {
      day = Number(lang === 'zh' ? m[2] : m[1]);
      month = Number(lang === 'zh' ? m[1] : m[2]);
    }
    const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (!isIsoDate(d)) continue;
    const start = m.index;
    const end = m.index + m[0].length;
    out.push({
      type: 'deadline',
      role: 'date',
      text: text.slice(start, end),
      span: [start, end],
      confidence: 0.5,
      value: d,
      start: d,
      end: d,
      inferredYear: true,
    });
  }
  return out;
}

function dedupe(items: DeadlineItem[]): DeadlineItem[] {
  const out: DeadlineItem[] = [];
  for (const it of items) {
    const prev = out[out.length - 1];
    if (prev && it.span[0] < prev.span[1]) {
      if (it.confidence > prev.confidence) out[out.length - 1] = it;
      continue;
    }
    out.push(it);
  }
  return out;
}
