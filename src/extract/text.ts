/**
 * Text plumbing shared by the pattern families: NFC normalisation with an offset map
 * back to the caller's text, diacritic- and case-folding for tolerant matching, and a
 * linear segmentation into paragraphs, sentences and clauses. Everything here is a
 * single left-to-right pass.
 */
import type { Span } from './types.js';

/** A working copy of the input (NFC) plus the way back to the caller's offsets. */
export interface SourceText {
  /** The caller's text. */
  original: string;
  /** NFC-normalised copy the rules run on. */
  text: string;
  /** Offset in `original` of offset `i` in `text` (identity when `map` is null). */
  map: Int32Array | null;
}

const COMBINING = /\p{M}/u;

/** NFC-normalise without losing the offsets (Vietnamese often arrives decomposed). */
export function prepare(original: string): SourceText {
  if (original.normalize('NFC') === original) return { original, text: asciiDigits(original), map: null };
  const parts: string[] = [];
  const map: number[] = [];
  let i = 0;
  const n = original.length;
  while (i < n) {
    let j = i + 1;
    // a base character and its combining marks form one segment (surrogate pairs too)
    const c = original.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && j < n) j++;
    while (j < n && COMBINING.test(original[j]!)) j++;
    const seg = original.slice(i, j).normalize('NFC');
    for (let k = 0; k < seg.length; k++) map.push(i);
    parts.push(seg);
    i = j;
  }
  map.push(n);
  return { original, text: asciiDigits(parts.join('')), map: Int32Array.from(map) };
}

/** Arabic-Indic, Persian and full-width digits (and ％) → ASCII; keeps every offset. */
export function asciiDigits(s: string): string {
  if (!/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19\uff05\u066b\u066c]/.test(s)) return s;
  return s.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19\uff05\u066b\u066c]/g, (ch) => {
    const c = ch.charCodeAt(0);
    if (c >= 0x660 && c <= 0x669) return String(c - 0x660);
    if (c >= 0x6f0 && c <= 0x6f9) return String(c - 0x6f0);
    if (c >= 0xff10 && c <= 0xff19) return String(c - 0xff10);
    if (c === 0x66b) return '.';
    if (c === 0x66c) return ',';
    return '%';
  });
}

/** Map a span in the working copy back to the caller's text. */
export function toOriginal(src: SourceText, span: Span): Span {
  if (!src.map) return span;
  const s = src.map[span[0]] ?? src.original.length;
  // the end maps to the start of the next segment, so the whole last segment is included
  const e = span[1] >= src.map.length - 1 ? src.original.length : src.map[span[1]]!;
  return [s, Math.max(s, e)];
}

const foldCache = new Map<string, string>();

/** Fold one character: lower case, no diacritics, đ → d. Always returns one UTF-16 unit or ''. */
export function foldChar(ch: string): string {
  let f = foldCache.get(ch);
  if (f !== undefined) return f;
  if (ch === 'đ' || ch === 'Đ') f = 'd';
  else {
    f = ch
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    // Arabic: drop harakat and tatweel; unify alef and teh marbuta forms
    f = f
      .replace(/[\u064b-\u0652\u0640]/g, '')
      .replace(/[أإآٱ]/g, 'ا')
      .replace(/ؤ/g, 'و')
      .replace(/ئ/g, 'ي')
      .replace(/ة/g, 'ه')
      .replace(/ى/g, 'ي');
    // curly quotes and dashes → ASCII
    f = f
      .replace(/[’‘`]/g, "'")
      .replace(/[“”„«»]/g, '"')
      .replace(/[–—‑]/g, '-');
    if (f.length > 1) f = f[0]!;
  }
  foldCache.set(ch, f);
  return f;
}

/** Folded text with, for each folded unit, its offset in the input. */
export interface Folded {
  text: string;
  pos: Int32Array;
}

export function fold(s: string): Folded {
  const codes = new Uint16Array(s.length);
  const pos = new Int32Array(s.length + 1);
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      codes[k] = c >= 65 && c <= 90 ? c + 32 : c;
      pos[k++] = i;
      continue;
    }
    const f = foldChar(s[i]!);
    if (f) {
      codes[k] = f.charCodeAt(0);
      pos[k++] = i;
    }
  }
  pos[k] = s.length;
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < k; i += CHUNK) text += String.fromCharCode(...codes.subarray(i, Math.min(k, i + CHUNK)));
  return { text, pos: pos.slice(0, k + 1) };
}

/** Fold a whole string (for dictionary keys). Whitespace runs become one space. */
export function foldString(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) out += foldChar(ch);
  return out.replace(/\s+/g, ' ').trim();
}

export interface Segment {
  start: number;
  end: number;
}

/** Paragraphs: runs of text separated by blank lines or single newlines. */
export function paragraphs(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || text.charCodeAt(i) === 10) {
      let s = start;
      let e = i;
      while (s < e && isSpace(text.charCodeAt(s))) s++;
      while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
      if (e > s) out.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return out;
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000 || c === 0x200b || c === 0xfeff;
}

/** Longest sentence we analyse in one piece; longer runs are cut at a space. */
export const MAX_SENTENCE = 4000;

const SENTENCE_END = new Set(['.', '!', '?', '。', '！', '？', '؟', '…']);

/**
 * Sentences of a paragraph. A period ends a sentence when followed by a space and a
 * capital/non-Latin letter or quote — so "4.0", "06/QĐ-TTg." and "e.g. the" behave.
 */
export function sentences(text: string, para: Segment): Segment[] {
  const out: Segment[] = [];
  let s = para.start;
  for (let i = para.start; i < para.end; i++) {
    const ch = text[i]!;
    let cut = false;
    if (SENTENCE_END.has(ch)) {
      if (ch === '。' || ch === '！' || ch === '？' || ch === '؟') cut = true;
      else {
        let j = i + 1;
        while (
          j < para.end &&
          (text[j] === '.' || text[j] === '”' || text[j] === '"' || text[j] === '’' || text[j] === ')')
        )
          j++;
        if (j >= para.end) cut = false;
        else if (isSpace(text.charCodeAt(j))) {
          let k = j;
          while (k < para.end && isSpace(text.charCodeAt(k))) k++;
          const next = text[k] ?? '';
          cut =
            k < para.end &&
            (next !== next.toLowerCase() || /[“"‘(\d\u0600-\u06ff\u4e00-\u9fff]/.test(next)) &&
            !isAbbreviationBefore(text, i);
        }
        // "1. Connectivity", "II. NHIỆM VỤ", "a. …": a list marker, not a sentence
        if (cut && /^\s*(?:\d{1,2}|[A-Za-z]|[IVXivx]{1,5})$/.test(text.slice(s, i))) cut = false;
        if (cut) i = j - 1;
      }
    } else if (i - s >= MAX_SENTENCE && isSpace(text.charCodeAt(i))) cut = true;
    if (cut) {
      pushTrimmed(text, out, s, i + 1);
      s = i + 1;
    }
  }
  pushTrimmed(text, out, s, para.end);
  return out;
}

const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'no',
  'mr',
  'mrs',
  'dr',
  'st',
  'vs',
  'art',
  'tp',
  'ths',
  'ts',
  'pgs',
]);

function isAbbreviationBefore(text: string, dot: number): boolean {
  let k = dot - 1;
  while (k >= 0 && k > dot - 6 && /[A-Za-z.]/.test(text[k]!)) k--;
  if (k >= 0 && /\p{L}/u.test(text[k]!)) return false;
  const word = text.slice(k + 1, dot).toLowerCase();
  return ABBREVIATIONS.has(word) || (/^[a-z]$/.test(word) && (k < 0 || /\s/.test(text[k]!)));
}

function pushTrimmed(text: string, out: Segment[], s: number, e: number): void {
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push({ start: s, end: e });
}

/** Trim spaces and trailing punctuation from a segment. */
export function trimSegment(text: string, seg: Segment): Segment {
  let { start, end } = seg;
  while (start < end && (isSpace(text.charCodeAt(start)) || /[,;:，；：、،؛\-–—•·*]/.test(text[start]!))) start++;
  while (end > start && (isSpace(text.charCodeAt(end - 1)) || /[.,;:!?。，；：！？、،؛…]/.test(text[end - 1]!))) end--;
  return { start, end };
}

/** Clause separators: commas and semicolons of every script; Chinese 、 is a list comma. */
export const CLAUSE_SEPARATORS = new Set([',', ';', '，', '；', '、', '،', '؛', ':', '：']);

/** Split a segment at clause separators (quotes and brackets protect their content). */
export function clauses(text: string, seg: Segment): Segment[] {
  const out: Segment[] = [];
  let s = seg.start;
  let depth = 0;
  let inQuote = false;
  for (let i = seg.start; i < seg.end; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '（' || ch === '[') depth++;
    else if ((ch === ')' || ch === '）' || ch === ']') && depth > 0) depth--;
    else if (ch === '“' || ch === '「' || ch === '《') inQuote = true;
    else if (ch === '”' || ch === '」' || ch === '》') inQuote = false;
    else if (depth === 0 && !inQuote && CLAUSE_SEPARATORS.has(ch)) {
      // keep "4,5" and "1,000" together
      if (ch === ',' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
      const t = trimSegment(text, { start: s, end: i });
      if (t.end > t.start) out.push(t);
      s = i + 1;
    }
  }
  const t = trimSegment(text, { start: s, end: seg.end });
  if (t.end > t.start) out.push(t);
  return out;
}

/** Round to two decimals (confidences). */
export function conf(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

/** Index of the first span starting at or after `pos` in a list sorted by start. */
export function lowerBound(list: readonly { span: readonly [number, number] }[], pos: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.span[0] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Longest span any short item (deadline, target, agency) may have; bounds the look-back of {@link overlapping}. */
const SLACK = 400;

/** Items of a start-sorted list that overlap [lo, hi) (items are short: at most SLACK long). */
export function overlapping<T extends { span: readonly [number, number] }>(
  list: readonly T[],
  lo: number,
  hi: number,
): T[] {
  const out: T[] = [];
  for (let i = lowerBound(list, lo - SLACK); i < list.length && list[i]!.span[0] < hi; i++) {
    const s = list[i]!.span;
    if (s[1] > lo && s[0] < hi) out.push(list[i]!);
  }
  return out;
}
