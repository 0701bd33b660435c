/**
 * Structure: enumeration markers ("Thứ nhất", "The second is", "二是", "ثانياً"), list
 * items at line starts (1. / a) / I. / - / •) and announced counts ("4 lĩnh vực với 22
 * nhiệm vụ", "4 areas and 22 key tasks", "4个方面22项重点任务", "4 محاور و22 مهمة").
 * Each family is one global regex pass; markers are then grouped into enumerations.
 */
import type { Language } from '../domain/i18n.js';
import type { CountItem } from './types.js';
import { conf } from './text.js';

/** `sub`: Chinese bracketed headings ("（一）"), the level between "一、" and "1.". */
export type MarkerFamily = 'ordinal' | 'roman' | 'sub' | 'numbered' | 'letter' | 'bullet';

export interface Marker {
  family: MarkerFamily;
  ordinal: number;
  /** Span of the marker itself, including its punctuation. */
  start: number;
  end: number;
  text: string;
  /** At the start of a line. */
  lineStart: boolean;
}

/** Number words in order (1, 2, …): each entry is a word, or the words that all mean that number. */
function numberWords(words: readonly (string | readonly string[])[]): Record<string, number> {
  return Object.fromEntries(words.flatMap((w, i) => (typeof w === 'string' ? [w] : w).map((x) => [x, i + 1])));
}

const VI_FIVE_TO_TEN = ['năm', 'sáu', 'bảy', 'tám', 'chín', 'mười'];
const VI_ORD = numberWords(['nhất', 'hai', 'ba', ['tư', 'bốn'], ...VI_FIVE_TO_TEN, 'mười một', 'mười hai']);
const VI_CARD = numberWords(['một', 'hai', 'ba', 'bốn', ...VI_FIVE_TO_TEN]);
const EN_ORD = numberWords('first second third fourth fifth sixth seventh eighth ninth tenth'.split(' '));
const EN_CARD = numberWords(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']);
const ZH_NUM = numberWords([...'一二三四五六七八九十', '十一', '十二', '十三', '十四', '十五']);
const AR_ORD = numberWords([['أول', 'اول', 'أوّل'], ...'ثاني ثالث رابع خامس سادس سابع ثامن تاسع عاشر'.split(' ')]);

const ORDINAL_RE: Record<Language, RegExp> = {
  vi: /(?<![\p{L}])(?:Thứ\s+(nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai))?)|(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là)\s*[,:.\-–]/gu,
  en: /(?<![\p{L}])(?:(?:The\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?(?:\s+is\b|\s+are\b|\s*[,:])|(One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\s+is\b|(Finally|Lastly),)/giu,
  zh: /(?:(十[一二三四五]?|[一二三四五六七八九])是|第(十[一二三四五]?|[一二三四五六七八九])[，,、是]|[（(](十[一二三四五]?|[一二三四五六七八九])[）)]|(?<=^|[\n。；：:])\s*(十[一二三四五]?|[一二三四五六七八九])、)/gmu,
  ar: new RegExp(
    `(?<![\\u0600-\\u06ff])(${Object.keys(AR_ORD).join('|')})(?:اً|ًا|ا|ً)(?![\\u0621-\\u064a])\\s*[:،,\\-–]?`,
    'gu',
  ),
};

/** "Pillar one: …", "Area 2 –", "Lĩnh vực thứ nhất:", "المحور الأول:", "第一部分" — an area noun with an ordinal, opening a line or sentence. */
const AR_ORD_ADJ = numberWords(
  // masculine (المحور الثاني) and feminine (الركيزة الثانية: + ة, but the first is الأولى)
  ['الأول', 'الثاني', 'الثالث', 'الرابع', 'الخامس', 'السادس', 'السابع', 'الثامن', 'التاسع', 'العاشر'].map((m, i) => [
    m,
    i === 0 ? 'الأولى' : `${m}ة`,
  ]),
);
const HEADED_RE: Record<Language, RegExp> = {
  vi: /(?<![\p{L}])(?:Lĩnh vực|Nhóm nhiệm vụ|Nhóm giải pháp|Nhóm|Trụ cột|Phần|Nội dung|Chương trình|Định hướng|Mục tiêu|Đột phá)\s+(thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|\d{1,2}|[IVX]{1,4})\s*[:.\-–]/gu,
  en: /\b(?:Pillar|Area|Priority|Priority area|Objective|Goal|Part|Component|Theme|Strand|Track|Workstream|Focus area|Action area)\s+(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|[IVX]{1,4})\s*[:.\-–]/gu,
  zh: /第([一二三四五六七八九十])(?:部分|方面|板块|项任务)[：:，,\s]/gu,
  ar: new RegExp(
    `(?<![\\u0600-\\u06ff])(?:المحور|المجال|الركيزة|الهدف|الأولوية|المسار|البرنامج)\\s+(${Object.keys(AR_ORD_ADJ).join('|')})(?![\\u0621-\\u064a])\\s*[:\\-–]`,
    'gu',
  ),
};
const ROMAN_NUM: Record<string, number> = { I: 1, II: 2, III: 3, IV: 4, V: 5, VI: 6, VII: 7, VIII: 8, IX: 9, X: 10 };

function headedOrdinal(raw: string, lang: Language): number | undefined {
  const w = raw.toLowerCase().replace(/^thứ\s+/u, '');
  if (/^\d+$/.test(w)) return Number(w);
  if (ROMAN_NUM[raw]) return ROMAN_NUM[raw];
  if (lang === 'vi') return VI_ORD[w];
  if (lang === 'en') return EN_CARD[w];
  if (lang === 'zh') return ZH_NUM[raw];
  return AR_ORD_ADJ[raw];
}

const LINE_RE =
  /^[ \t]*(?:(\d{1,2})[.)．](?!\d)|([a-zđ])[.)]|([IVX]{1,4})(?:[.)]|-(?=[ \t]))|([-•*+–·▪●◦]))(?:[ \t]+(?=\S)|(?=[\u3400-\u9fff“]))/gmu;
const ROMAN: Record<string, number> = {
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  V: 5,
  VI: 6,
  VII: 7,
  VIII: 8,
  IX: 9,
  X: 10,
  XI: 11,
  XII: 12,
};

/** All enumeration markers, in text order. */
export function findMarkers(text: string, lang: Language): Marker[] {
  const out: Marker[] = [];
  const re = ORDINAL_RE[lang];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let ordinal: number | undefined;
    let start = m.index;
    if (lang === 'vi') ordinal = m[1] ? VI_ORD[m[1].toLowerCase().replace(/\s+/g, ' ')] : VI_CARD[m[2]!.toLowerCase()];
    else if (lang === 'en') ordinal = m[1] ? EN_ORD[m[1].toLowerCase()] : m[2] ? EN_CARD[m[2].toLowerCase()] : -1;
    else if (lang === 'zh') ordinal = ZH_NUM[(m[1] ?? m[2] ?? m[3] ?? m[4])!];
    else ordinal = AR_ORD[m[1]!];
    if (ordinal === undefined) continue;
    if (lang === 'zh' && m[4]) start = m.index + m[0].indexOf(m[4]);
    // must open a sentence or a clause (not "for the first time")
    const before = text.slice(Math.max(0, start - 3), start);
    const atBoundary =
      start === 0 || /(?:^|[.!?;:。；：！？\n،؛)])\s*$/u.test(before) || (lang === 'zh' && /[，,]\s*$/.test(before));
    if (!atBoundary) continue;
    if (lang === 'en' && !/^[A-Z]/.test(m[0])) continue;
    if (
      lang === 'en' &&
      m[1] &&
      /^first\s+is|^the\s+first\s+is/i.test(m[0]) === false &&
      /,\s*$|:\s*$/.test(m[0]) === false &&
      !/\bis\b|\bare\b/.test(m[0])
    )
      continue;
    const lineStart = /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, start - 40), start));
    out.push({
      family: lang === 'zh' && m[3] ? 'sub' : lang === 'zh' && m[4] ? 'roman' : 'ordinal',
      ordinal,
      start,
      end: m.index + m[0].length,
      text: m[0].trim(),
      lineStart,
    });
  }
  const hre = HEADED_RE[lang];
  hre.lastIndex = 0;
  for (let m = hre.exec(text); m; m = hre.exec(text)) {
    const ordinal = headedOrdinal(m[1]!, lang);
    if (!ordinal) continue;
    const start = m.index;
    const before = text.slice(Math.max(0, start - 3), start);
    if (!(start === 0 || /(?:^|[.!?;:。；：！？\n])\s*$/u.test(before))) continue;
    const lineStart = /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, start - 40), start));
    out.push({ family: 'ordinal', ordinal, start, end: m.index + m[0].length, text: m[0].trim(), lineStart });
  }
  out.sort((a, b) => a.start - b.start);
  // "Finally," continues an open enumeration
  for (let i = 0; i < out.length; i++)
    if (out[i]!.ordinal === -1) out[i]!.ordinal = i > 0 ? out[i - 1]!.ordinal + 1 : 0;
  const ordinals = out.filter((m) => m.ordinal > 0);
  const lines: Marker[] = [];
  LINE_RE.lastIndex = 0;
  for (let m = LINE_RE.exec(text); m; m = LINE_RE.exec(text)) {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const end = m.index + m[0].length;
    if (m[1]) lines.push({ family: 'numbered', ordinal: Number(m[1]), start, end, text: m[0].trim(), lineStart: true });
    else if (m[2])
      lines.push({
        family: 'letter',
        ordinal: m[2].charCodeAt(0) - 96,
        start,
        end,
        text: m[0].trim(),
        lineStart: true,
      });
    else if (m[3] && ROMAN[m[3]])
      lines.push({ family: 'roman', ordinal: ROMAN[m[3]]!, start, end, text: m[0].trim(), lineStart: true });
    else if (m[4]) lines.push({ family: 'bullet', ordinal: 0, start, end, text: m[0].trim(), lineStart: true });
  }
  const all = [...ordinals, ...lines].sort((a, b) => a.start - b.start);
  // drop overlapping duplicates
  const res: Marker[] = [];
  for (const m of all) if (!res.length || m.start >= res[res.length - 1]!.end) res.push(m);
  return res;
}

const AREA_NOUN: Record<Language, string> = {
  vi: '(?:lĩnh vực|nhóm nhiệm vụ|nhóm giải pháp|nhóm|trụ cột|nội dung|phần|mục tiêu|định hướng|chương trình|đột phá)',
  en: '(?:areas?|pillars?|fields?|aspects?|parts?|sections?|priorities|priority areas?|goals?|objectives?|dimensions?|foundations?)',
  zh: '(?:个?方面|个?领域|大板块|个板块|大部分|个部分|大目标|项目标)',
  ar: '(?:محاور|محورا|محاورَ|مجالات|مجالا|ركائز|أهداف|أقسام)',
};
const TASK_NOUN: Record<Language, string> = {
  vi: '(?:nhiệm vụ|giải pháp|công việc|hoạt động|đầu việc)',
  en: '(?:(?:key|major|main|priority|specific|concrete)\\s+)?(?:tasks?|measures?|actions?|initiatives?|activities)',
  zh: '(?:项)?(?:重点)?(?:任务|举措|措施|工作)',
  ar: '(?:مهمة|مهام|إجراء|إجراءات|مبادرة|مبادرات|مشروعا|مشاريع)',
};
const NUM_WORD =
  '(\\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const WORD_NUM: Record<string, number> = { ...VI_CARD, ...EN_CARD, eleven: 11, twelve: 12 };

/** "4 lĩnh vực với 22 nhiệm vụ": counts the text announces. */
export function findCounts(text: string, lang: Language): CountItem[] {
  const out: CountItem[] = [];
  const sep = lang === 'zh' ? '\\s*' : '\\s+';
  const adj = lang === 'vi' ? '(?:\\s+(?:trọng tâm|trọng điểm|chủ yếu|chính|lớn|cụ thể|ưu tiên))?' : '';
  const kinds: [CountItem['of'], string][] = [
    ['area', AREA_NOUN[lang]],
    ['task', TASK_NOUN[lang]],
  ];
  for (const [of, noun] of kinds) {
    const re =
      lang === 'zh'
        ? new RegExp(`(?<!\\d)(\\d{1,3})\\s*${noun}`, 'gu')
        : new RegExp(
            `(?:(?<![\\p{L}\\d])|(?<=(?:^|\\s)و))${NUM_WORD}${sep}(?:(?:key|major|main|big|important)\\s+)?${noun}${adj}(?![\\p{L}])`,
            'giu',
          );
    for (const m of text.matchAll(re)) {
      const raw = m[1]!.toLowerCase();
      const value = /\d/.test(raw) ? Number(raw) : WORD_NUM[raw];
      if (!value || value < 2) continue;
      // "8 lĩnh vực như …" lists examples, not the programme's structure
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
      if (/^\s*(?:như|such as|including|包括|如|مثل)/iu.test(after)) continue;
      out.push({ type: 'count', of, value, text: m[0], span: [m.index, m.index + m[0].length], confidence: conf(0.8) });
    }
  }
  return out.sort((a, b) => a.span[0] - b.span[0]);
}
