/**
 * Agencies: names and aliases of the given org units found in the text, tolerant of
 * case and diacritics ("Bo Cong an" = "Bộ Công an"); all-capital aliases ("MIC",
 * "TTTT") match with their case. A definition in brackets after a matched name —
 * "Ủy ban quốc gia về chuyển đổi số (Ủy ban)", "(hereinafter the "Committee")",
 * "（以下简称“网信办”）" — makes the short form an alias for the rest of the text.
 * Other agency-like names (head nouns such as Bộ, Ministry, 委员会, وزارة) that match no
 * org unit are returned as unmatched candidates for the user to map or create.
 *
 * The dictionary is indexed by the first two folded characters of each name; the scan
 * visits each position once, so it is linear in the text for a fixed dictionary.
 */
import type { Language } from '../domain/i18n.js';
import { LANGUAGES } from '../domain/i18n.js';
import type { AgencyItem, OrgUnitRef } from './types.js';
import { conf, fold, foldString, overlapping, type Folded } from './text.js';
import { ACTION_VERBS, AGENCY_HEADS } from './lexicon.js';
import { arabicName, arabicNormal, isArabicHead, segmentWord } from './arabic.js';

const VI_VERBS = new Set(ACTION_VERBS.vi);

interface Entry {
  key: string;
  code: string;
  name: string;
  /** Case-sensitive abbreviation (original form, diacritics folded). */
  exact?: string | undefined;
  han: boolean;
  local?: boolean;
}

export interface AgencyIndex {
  byPrefix: Map<string, Entry[]>;
  units: Map<string, OrgUnitRef>;
}

const isHan = (s: string): boolean => /[\u3400-\u9fff]/u.test(s);
const WORDCH = /[\p{L}\p{N}]/u;

/** Names that, followed by these words, mean a concept not the body ("Chính phủ số", "digital government"). */
const NEG_AFTER: Record<Language, RegExp> = {
  vi: /^\s*(?:số|điện tử|kiến tạo|mở|thông minh)(?![\p{L}])/iu,
  en: /^\s*(?:affairs|services?|data|platforms?)\b/i,
  zh: /^(?:数字化|化)/u,
  ar: /^\s*(?:الرقمية|الإلكترونية)/u,
};
const NEG_BEFORE: Record<Language, RegExp> = {
  vi: /(?:Thủ tướng|Phó Thủ tướng|Chủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc|Bí thư|Trưởng)\s*$/u,
  en: /\b(?:digital|e-|electronic|smart|open)\s*$/i,
  zh: /(?:数字|电子)$/u,
  ar: /$^/u,
};

export function buildAgencyIndex(units: OrgUnitRef[]): AgencyIndex {
  const byPrefix = new Map<string, Entry[]>();
  const map = new Map<string, OrgUnitRef>();
  for (const u of units) {
    map.set(u.code, u);
    const names = new Set<string>();
    for (const l of LANGUAGES) if (u.name[l]) names.add(u.name[l]);
    for (const a of u.aliases ?? []) names.add(a);
    const display = u.name.vi ?? u.name.en ?? u.name.zh ?? u.name.ar ?? u.code;
    for (const n of names) addEntry(byPrefix, n, u.code, display);
  }
  return { byPrefix, units: map };
}

function addEntry(byPrefix: Map<string, Entry[]>, n: string, code: string, display: string, local = false): void {
  const key = foldString(n);
  if (key.length < 2) return;
  const abbreviation = /^[\p{Lu}\d&.\- ]+$/u.test(n.normalize('NFC')) && /\p{Lu}{2}/u.test(n) && n.length <= 12;
  const e: Entry = { key, code, name: display, han: isHan(n), local };
  if (abbreviation) e.exact = stripMarks(n.normalize('NFC'));
  const p = key.slice(0, 2);
  const list = byPrefix.get(p) ?? [];
  if (!list.some((x) => x.key === key && x.code === code)) list.push(e);
  list.sort((a, b) => b.key.length - a.key.length);
  byPrefix.set(p, list);
}

function stripMarks(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'));
}

export interface AgencyResult {
  matched: AgencyItem[];
  unmatched: AgencyItem[];
}

/** Find org units and candidate agencies in `text` (working copy). */
export function findAgencies(text: string, lang: Language, index: AgencyIndex): AgencyResult {
  const f = fold(text);
  const local = new Map<string, Entry[]>();
  const matched = scan(text, f, lang, index.byPrefix, local);
  let all = matched;
  // bracketed short forms define document-local aliases
  let added = false;
  for (const a of matched) {
    const after = text.slice(a.span[1], a.span[1] + 60);
    const m =
      /^\s*[(（]\s*(?:(?:sau đây gọi (?:tắt )?là|gọi tắt là|hereinafter(?: referred to as)?|the|以下简称|简称|ويشار إليها|المشار إليها)\s*)?[“"「]?([^)）“”"」]{2,40}?)[”"」]?\s*[)）]/u.exec(
        after,
      );
    if (m && a.code) {
      const short = m[1]!.trim();
      if (short.length >= 2 && short.length < a.text.length) {
        addEntry(local, short, a.code, a.name, true);
        added = true;
      }
    }
  }
  if (added) all = scan(text, f, lang, index.byPrefix, local);
  resolveAmbiguous(all, index);
  const unmatched = candidates(text, lang, all);
  return { matched: all, unmatched };
}

const prefixOf = (code: string): string => code.split('-')[0]!;

/** The org unit with exactly this name or alias (folded), if any. */
export function unitByName(index: AgencyIndex, name: string): { code: string; name: string } | undefined {
  const key = foldString(name);
  const e = index.byPrefix.get(key.slice(0, 2))?.find((x) => x.key === key);
  return e ? { code: e.code, name: e.name } : undefined;
}

/** Vietnamese titles of people who head a body ("Chủ tịch Quốc hội", "Trưởng Ban Tổ chức Trung ương"). */
const VI_TITLE =
  /(?<![\p{L}])(?:(?:đồng chí|Đồng chí)\s+)?(?:Phó\s+)?(?:Bộ trưởng|Thứ trưởng|Chủ tịch|Tổng Thư ký|Chủ nhiệm|Trưởng [Bb]an|Trưởng|Giám đốc|Tổng Giám đốc|Thống đốc|Tổng Kiểm toán|Chánh án|Viện trưởng|Chánh Văn phòng|Bí thư|Thủ trưởng|Người đứng đầu)\s+$/u;

/**
 * People who stand for their body when work is assigned (Vietnamese): "Thủ tướng (Chính phủ)"
 * → the Government, "Bộ trưởng (Bộ) Công an" → the ministry, "Chủ tịch Quốc hội" → the National
 * Assembly, "Trưởng Ban Tổ chức Trung ương" → that board. The item's span covers the title and
 * the body; its code and name are the body's. For attribution and task subjects only: a person
 * is not proposed as an agency. `found`: the agencies already found (matched and candidates).
 */
export function officeHolders(
  text: string,
  lang: Language,
  index: AgencyIndex,
  found: AgencyItem[] = [],
): AgencyItem[] {
  if (lang !== 'vi') return [];
  const out: AgencyItem[] = [];
  const holder = (body: { code?: string | undefined; name: string }, s: number, e: number): AgencyItem => ({
    type: 'agency',
    ...(body.code ? { code: body.code } : {}),
    name: body.name,
    text: text.slice(s, e),
    span: [s, e],
    confidence: conf(0.7),
  });
  const gov = unitByName(index, 'Chính phủ');
  for (const m of text.matchAll(
    /(?<![\p{L}])(?:(?:đồng chí|Đồng chí)\s+)?(?:Phó\s+)?Thủ tướng(?: Chính phủ)?(?![\p{L}])/gu,
  ))
    if (gov) out.push(holder(gov, m.index, m.index + m[0].length));
  // "Bộ trưởng Công an", "Bộ trưởng Tài chính": the ministry's name without "Bộ" (its words may be lower case after the first)
  for (const m of text.matchAll(/(?<![\p{L}])Bộ trưởng\s+(?!Bộ\s)(\p{Lu}[\p{L}&]*(?:\s+[\p{L}&]+){0,5})/gu)) {
    const words = m[1]!.trim().split(/\s+/u);
    for (let n = words.length; n >= 1; n--) {
      const u = unitByName(index, `Bộ ${words.slice(0, n).join(' ')}`);
      if (!u) continue;
      out.push(holder(u, m.index, m.index + m[0].indexOf(m[1]!) + words.slice(0, n).join(' ').length));
      break;
    }
  }
  // a title written just before a body found in the text
  for (const a of found) {
    const t = VI_TITLE.exec(text.slice(Math.max(0, a.span[0] - 40), a.span[0]));
    if (!t) continue;
    const s = a.span[0] - t[0].length;
    if (!out.some((o) => o.span[0] <= s && o.span[1] >= a.span[1])) out.push(holder(a, s, a.span[1]));
  }
  // a title before the name of an org unit that the scan skipped (names after titles are not proposed)
  for (const m of text.matchAll(
    /(?<![\p{L}])(?:Chủ tịch|Giám đốc|Thống đốc|Chủ nhiệm|Chánh Văn phòng)\s+((?:\p{Lu}[\p{L}]*|tỉnh|thành phố|Nhà nước)(?:\s+(?:\p{Lu}[\p{L}]*|tỉnh|thành phố|Nhà nước)){0,5})/gu,
  )) {
    const words = m[1]!.split(/\s+/u);
    for (let n = words.length; n >= 1; n--) {
      const u = unitByName(index, words.slice(0, n).join(' '));
      if (!u) continue;
      const e = m.index + m[0].indexOf(m[1]!) + words.slice(0, n).join(' ').length;
      if (!out.some((o) => o.span[0] <= m.index && o.span[1] >= e)) out.push(holder(u, m.index, e));
      break;
    }
  }
  return out.sort((x, y) => x.span[0] - y.span[0]);
}

/** Length of the proclitics (و ف then ب ل ك) between the start of the current Arabic word and `i`; 0 when none. */
function arCliticBefore(ft: string, i: number): number {
  let ws = i;
  while (ws > 0 && i - ws < 3 && /[\u0621-\u064a]/u.test(ft[ws - 1]!)) ws--;
  if (ws > 0 && /[\u0621-\u064a]/u.test(ft[ws - 1]!)) return 0;
  const prefix = ft.slice(ws, i);
  return prefix.length > 0 && /^[وف]?[بلك]?$/u.test(prefix) ? prefix.length : 0;
}

/** Names shared by several units: take the unit of the country the other agencies of the text belong to. */
function resolveAmbiguous(items: AgencyItem[], index: AgencyIndex): void {
  if (!items.some((a) => a.alternatives)) return;
  const votes = new Map<string, number>();
  for (const a of items)
    if (a.code && !a.alternatives) votes.set(prefixOf(a.code), (votes.get(prefixOf(a.code)) ?? 0) + 1);
  for (const a of items) {
    if (!a.alternatives || !a.code) continue;
    const options = [a.code, ...a.alternatives];
    let best = a.code;
    for (const o of options) if ((votes.get(prefixOf(o)) ?? 0) > (votes.get(prefixOf(best)) ?? 0)) best = o;
    if (best !== a.code) {
      a.alternatives = options.filter((o) => o !== best);
      a.code = best;
      const u = index.units.get(best);
      if (u) a.name = u.name.vi ?? u.name.en ?? u.name.zh ?? u.name.ar ?? best;
    }
  }
}

function scan(
  text: string,
  f: Folded,
  lang: Language,
  dict: Map<string, Entry[]>,
  local: Map<string, Entry[]>,
): AgencyItem[] {
  const out: AgencyItem[] = [];
  /** The agency of entry `e` found at text[s, end). */
  const found = (e: Entry, s: number, end: number, confidence: number): AgencyItem => ({
    type: 'agency',
    code: e.code,
    name: e.name,
    text: text.slice(s, end),
    span: [s, end],
    confidence: conf(confidence),
  });
  const ft = f.text;
  const n = ft.length;
  const firstChars = new Set<number>();
  for (const k of dict.keys()) firstChars.add(k.charCodeAt(0));
  for (const k of local.keys()) firstChars.add(k.charCodeAt(0));
  let i = 0;
  while (i < n - 1) {
    const prevWord = i > 0 && WORDCH.test(ft[i - 1]!) && !isHan(ft[i - 1]!);
    // Arabic: a name may follow proclitics glued to it ("بوزارة", "وللهيئة")
    const clitic = prevWord && lang === 'ar' ? arCliticBefore(ft, i) : 0;
    if (prevWord && !isHan(ft[i]!) && !clitic) {
      i++;
      continue;
    }
    if (clitic && ft[i - 1] === 'ل' && ft[i] === 'ل') {
      // ل + ال + X is written لل + X: match the entries that start with the article
      const e = (dict.get('ال') ?? []).find((x) => x.key.length > 3 && ft.startsWith(x.key.slice(1), i));
      const endF = e ? i + e.key.length - 1 : -1;
      const next = e ? ft[endF] : undefined;
      if (e && (next === undefined || !WORDCH.test(next))) {
        const s = f.pos[i - 1]!;
        const end = f.pos[endF - 1]! + 1;
        out.push(found(e, s, end, e.key.length > 6 ? 0.9 : 0.75));
        i = endF;
        continue;
      }
    }
    const c0 = ft.charCodeAt(i);
    // most positions start no name: check the first character cheaply
    if (!firstChars.has(c0)) {
      i++;
      continue;
    }
    const p = ft.slice(i, i + 2);
    const loc = local.size ? local.get(p) : undefined;
    const cands = loc ? [...loc, ...(dict.get(p) ?? [])].sort((a, b) => b.key.length - a.key.length) : dict.get(p);
    if (!cands) {
      i++;
      continue;
    }
    let hit: Entry | undefined;
    for (const e of cands) {
      if (!ft.startsWith(e.key, i)) continue;
      const next = ft[i + e.key.length];
      if (!e.han && next !== undefined && WORDCH.test(next) && !isHan(next)) continue;
      const s = f.pos[i]!;
      const end = f.pos[i + e.key.length - 1]! + 1;
      if (e.exact && stripMarks(text.slice(s, end)) !== e.exact) continue;
      if (NEG_AFTER[lang].test(text.slice(end, end + 16)) && e.key.split(' ').length <= 2) continue;
      if (NEG_BEFORE[lang].test(text.slice(Math.max(0, s - 16), s)) && e.key.split(' ').length <= 2) continue;
      hit = e;
      const others = [...new Set(cands.filter((x) => x.key === e.key && x.code !== e.code).map((x) => x.code))];
      out.push({
        ...found(e, s, end, e.local ? 0.75 : e.exact ? 0.85 : e.key.length > 6 ? 0.95 : 0.8),
        ...(others.length ? { alternatives: others } : {}),
      });
      i += e.key.length;
      break;
    }
    if (!hit) i++;
  }
  return out;
}

const VI_STOP = new Set(
  'tại|đã|sẽ|dự|chủ trì|phát hành|ban hành|với|các|trong|cùng|là|được|để|cho|theo|khóa|khoá|lần|phối hợp|chỉ đạo|yêu cầu|đề nghị|thực hiện|triển khai|có|không|này|đó|ngày|năm|về việc|nhằm|từ|trên|gồm|và các|cũng'.split(
    '|',
  ),
);
const VI_OPEN_HEADS =
  /^(?:Ủy ban|Uỷ ban|Hội đồng|Cơ quan|Văn phòng|UBND|Tổng cục|Ngân hàng Nhà nước|Ban cán sự đảng|Đảng đoàn|Đảng ủy|Đảng uỷ|Đảng bộ|Chi bộ|Tổ đảng|Ban Thường vụ)$/u;
/** Heads of bodies whose standing committee is a body too ("Thường trực Hội đồng Dân tộc", "Thường trực Tỉnh ủy"). */
const VI_STANDING = /^(?:Hội đồng|HĐND|Ủy ban|Uỷ ban|Đảng ủy|Đảng uỷ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ)/u;
const ZH_STOP = /[，。、；：“”《》（）()\s和与及同会由在对将并为的请]/u;

/** Agency-like names (by head noun) not covered by a matched org unit. */
function candidates(text: string, lang: Language, matched: AgencyItem[]): AgencyItem[] {
  if (lang === 'ar') return arCandidates(text, matched);
  const alone = STANDALONE[lang];
  alone.lastIndex = 0;
  const standalone: AgencyItem[] = [];
  for (let m = alone.exec(text); m; m = alone.exec(text)) {
    const span: [number, number] = [m.index, m.index + m[0].length];
    if (overlapping(matched, span[0], span[1]).length === 0)
      standalone.push({ type: 'agency', name: m[0], text: m[0], span, confidence: conf(0.7) });
  }
  const rest = headCandidates(text, lang, matched);
  // a standalone name inside a longer name ("Quốc hội" in "Ủy ban Thường vụ Quốc hội") is part of it
  const inLonger = (a: AgencyItem): boolean =>
    rest.some((r) => r.span[0] <= a.span[0] && r.span[1] >= a.span[1] && r.span[1] - r.span[0] > a.span[1] - a.span[0]);
  // (not in Chinese, where the longer match is a title: "中共中央政治局常委" are its members)
  if (lang !== 'zh')
    for (let k = standalone.length - 1; k >= 0; k--) if (inLonger(standalone[k]!)) standalone.splice(k, 1);
  // "the Secretary" on its own: the office the text is about, its first "Secretary of …"
  if (lang === 'en') {
    const principal = rest.find((r) => /^(?:Secretary|Minister) of /u.test(r.name));
    if (principal)
      for (const m of text.matchAll(/\b[Tt]he (Secretary|Minister)\b(?! of)(?!-)/gu)) {
        const s0 = m.index + 4;
        if (m[1] === principal.name.split(' ')[0] && overlapping(rest, s0, s0 + 1).length === 0)
          standalone.push({
            type: 'agency',
            name: principal.name,
            text: m[1]!,
            span: [s0, s0 + m[1]!.length],
            confidence: conf(0.6),
          });
      }
  }
  return [
    ...standalone,
    ...rest.filter((r) => !standalone.some((a) => a.span[0] < r.span[1] && a.span[1] > r.span[0])),
  ].sort((a, b) => a.span[0] - b.span[0]);
}

/** Bodies named without a head noun. */
const STANDALONE: Record<Language, RegExp> = {
  vi: /(?<![\p{L}])(?:Quốc hội|QUỐC HỘI|Bộ Chính trị|BỘ CHÍNH TRỊ|Ban Bí thư|BAN BÍ THƯ|Ban Chấp hành Trung ương(?: Đảng)?|BAN CHẤP HÀNH TRUNG ƯƠNG(?: ĐẢNG)?|[Cc]ác cấp (?:ủy|uỷ)(?:, tổ chức đảng)?)(?![\p{L}])/gu,
  en: /\b(?<!National\s)(?<!\d(?:st|nd|rd|th)\s)(?:Congress|Parliament|the Senate|the Cabinet|National Assembly)\b/g,
  zh: /(?:全国人大常委会|全国人大|全国政协|中央军委|中共中央政治局|中央政治局|中央书记处|党中央|各级(?:党委和政府|党委|政府)|各(?:有关)?(?:地区|部门|单位|高校|科研院所|[\u4e00-\u9fff]{2,4}?部门)(?:(?:[、和及]各?|各)(?:有关)?(?:地区|部门|单位|高校|科研院所|[\u4e00-\u9fff]{2,4}?部门))*)/gu,
  ar: /$^/gu,
};

/**
 * "Ban Chỉ đạo Trung ương về phát triển khoa học, … (Ban Chỉ đạo)": a name followed by its short
 * form in brackets runs up to the bracket, and the short form elsewhere names the same body.
 */
function viShortForms(text: string, out: AgencyItem[]): AgencyItem[] {
  const aliases = new Map<string, string>();
  for (const c of out) {
    const m = /^([^.;:\n()]{0,160}?)\s*\(([^()\n]{3,40})\)/u.exec(text.slice(c.span[1], c.span[1] + 220));
    if (!m || !c.name.startsWith(m[2]!) || !/\s/u.test(m[2]!) || m[2] === c.name) continue;
    const e = c.span[1] + m[1]!.length;
    c.span = [c.span[0], e];
    c.name = c.text = text.slice(c.span[0], e);
    aliases.set(m[2]!, c.name);
  }
  if (aliases.size === 0) return out;
  return out
    .filter(
      (c, i) =>
        !out.some(
          (d, j) =>
            j !== i &&
            d.span[0] <= c.span[0] &&
            d.span[1] >= c.span[1] &&
            d.span[1] - d.span[0] > c.span[1] - c.span[0],
        ),
    )
    .map((c) => {
      const full = aliases.get(c.name);
      if (full) return { ...c, name: full };
      // the full name written out again (a headline, a later sentence)
      for (const name of aliases.values())
        if (name !== c.name && name.startsWith(c.name) && text.startsWith(name, c.span[0]))
          return { ...c, name, text: name, span: [c.span[0], c.span[0] + name.length] as [number, number] };
      return c;
    });
}

function headCandidates(text: string, lang: Language, matched: AgencyItem[]): AgencyItem[] {
  const out: AgencyItem[] = [];
  const re = AGENCY_HEADS[lang];
  re.lastIndex = 0;
  let mi = 0;
  const covered = (s: number, e: number): boolean => {
    while (mi < matched.length && matched[mi]!.span[1] <= s) mi++;
    for (let k = mi; k < matched.length && matched[k]!.span[0] < e; k++) if (matched[k]!.span[1] > s) return true;
    return false;
  };
  let lastEnd = -1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index < lastEnd) continue;
    let span: [number, number] | null;
    if (lang === 'vi') span = viCandidate(text, m.index, m[0]);
    else if (lang === 'en') span = enCandidate(text, m.index, m.index + m[0].length);
    else span = zhCandidate(text, m.index, m.index + m[0].length);
    if (!span) continue;
    const [s, e] = span;
    if (covered(s, e)) {
      // "Ban cán sự đảng Chính phủ" is another body than "Chính phủ": a longer name ending with a matched one wins
      const near = overlapping(matched, s, e);
      const inner =
        near.find(
          (a) =>
            a.span[0] > s &&
            a.span[1] === e &&
            a.span[0] - s >= 4 &&
            near.length === 1 &&
            !/(?:\s(?:và|and|với|of)\s|[,、，،])/u.test(text.slice(s, a.span[0])),
        ) ??
        // "国务院办公厅": an office of a matched body, written after its name, is a body of its own
        (lang === 'zh'
          ? near.find(
              (a) =>
                a.span[0] === s &&
                near.length === 1 &&
                e - a.span[1] >= 2 &&
                e - a.span[1] <= 4 &&
                /(?:办公厅|办公室|[^常]委|局|署|办)$/u.test(text.slice(a.span[1], e)),
            )
          : undefined);
      if (!inner) {
        lastEnd = e;
        continue;
      }
      matched.splice(matched.indexOf(inner), 1);
      mi = 0;
    }
    const name = text.slice(s, e);
    out.push({ type: 'agency', name, text: name, span: [s, e], confidence: conf(0.55) });
    lastEnd = e;
  }
  if (lang !== 'vi') return out;
  for (const c of out) {
    // "Thường trực Hội đồng Dân tộc": the standing committee of a council is a body of its own
    const st = /(?<![\p{L}])Thường trực\s+$/u.exec(text.slice(Math.max(0, c.span[0] - 14), c.span[0]));
    if (st && VI_STANDING.test(c.name)) {
      c.span = [c.span[0] - st[0].length, c.span[1]];
      c.name = c.text = text.slice(c.span[0], c.span[1]);
    }
  }
  return viAcronyms(text, viShortForms(text, out));
}

/** The initials of a Vietnamese name in capitals ("Ủy ban Thường vụ Quốc hội" → "UBTVQH"). */
export function viInitials(name: string): string {
  return name
    .split(/\s+/u)
    .filter((w) => /^\p{L}/u.test(w))
    .map((w) => stripMarks(w[0]!.normalize('NFC')).toUpperCase())
    .join('');
}

/** An acronym written elsewhere in the text that spells a candidate's initials ("UBTVQH") names the same body. */
function viAcronyms(text: string, out: AgencyItem[]): AgencyItem[] {
  const byInitials = new Map<string, string>();
  for (const c of out) {
    const ini = viInitials(c.name);
    if (ini.length >= 4 && !byInitials.has(ini)) byInitials.set(ini, c.name);
  }
  if (byInitials.size === 0) return out;
  const extra: AgencyItem[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])[A-ZĐ]{4,10}(?![\p{L}\p{N}])/gu)) {
    const name = byInitials.get(stripMarks(m[0]));
    if (name && !overlapping(out, m.index, m.index + m[0].length).length)
      extra.push({
        type: 'agency',
        name,
        text: m[0],
        span: [m.index, m.index + m[0].length],
        confidence: conf(0.55),
      });
  }
  return extra.length ? [...out, ...extra].sort((a, b) => a.span[0] - b.span[0]) : out;
}

function viCandidate(text: string, start: number, head: string): [number, number] | null {
  const rest = text.slice(start + head.length, start + head.length + 120);
  const words = rest.split(/(\s+)/u);
  let end = start + head.length;
  let count = 0;
  let capitals = 0;
  let lastCapitalEnd = -1;
  let afterCapital = false;
  let pos = start + head.length;
  for (let k = 0; k < words.length && count < 9; k++) {
    const w = words[k]!;
    if (/^\s+$/u.test(w) || w === '') {
      pos += w.length;
      continue;
    }
    // an opening bracket or quote ends the name ("Ủy ban Thường vụ Quốc hội (UBTVQH)")
    if (/^[(“"«[]/u.test(w)) break;
    const bare = w.replace(/[,.;:!?)”"(“\-–]+$/u, '');
    const lower = bare.toLowerCase();
    // "và" joins two capitalised parts of one name ("Bộ Thông tin và Truyền thông"), not a name and a phrase
    if (lower === 'và' && !/^\p{Lu}/u.test(words[k + 2] ?? '')) break;
    const two = `${lower} ${(words[k + 2] ?? '').toLowerCase().replace(/[,.;:!?)”"(“]+$/u, '')}`;
    // capitalised words belong to the name ("Ban Chỉ đạo …", "Ban Tổ chức Trung ương")
    const capital = /^\p{Lu}/u.test(bare);
    if (
      (!capital && (VI_STOP.has(lower) || VI_STOP.has(two) || VI_VERBS.has(two) || VI_VERBS.has(lower))) ||
      bare === '' ||
      /^\d/.test(bare)
    )
      break;
    if (/^\p{Lu}/u.test(bare)) capitals++;
    else if (!VI_OPEN_HEADS.test(head) && capitals === 0) break;
    pos += bare.length;
    end = pos;
    // a capitalised syllable and the one after it are one word ("Chỉ đạo", "Trung ương")
    if (capital) {
      lastCapitalEnd = pos;
      afterCapital = true;
    } else if (afterCapital) {
      lastCapitalEnd = pos;
      afterCapital = false;
    }
    count++;
    if (bare.length !== w.length) break;
    pos += w.length - bare.length;
  }
  if (count === 0) return null;
  if (!VI_OPEN_HEADS.test(head) && capitals === 0) return null;
  // a name with capitalised words ends with one, or the syllable after it ("Ban Chỉ đạo thảo luận" is
  // "Ban Chỉ đạo" and a verb)
  if (capitals > 0 && lastCapitalEnd > 0 && !VI_OPEN_HEADS.test(head)) end = lastCapitalEnd;
  return [start, end];
}

function enCandidate(text: string, hs: number, he: number): [number, number] | null {
  // extend left over Capitalised words (and inner "and"/"of"), right over "of the Capitalised …"
  const isCap = (w: string): boolean => /^[A-Z][A-Za-z'’-]*$/.test(w);
  const base = Math.max(0, hs - 100);
  const words = [...text.slice(base, hs).matchAll(/[^\s“”"(),;:.]+/g)].map((m) => ({ w: m[0], s: base + m.index }));
  let s = hs;
  let cur = hs;
  for (let k = words.length - 1; k >= 0; k--) {
    const { w, s: ws } = words[k]!;
    // only contiguous words (single spaces between)
    const gap = text.slice(ws + w.length, cur);
    if (!/^[ \t]{1,2}$/.test(gap)) break;
    if (isCap(w) && !/^(?:The|A|An|In|On|By|Under|Recently|And|Of|It|This|That|All|Each)$/.test(w)) s = cur = ws;
    else if ((w === 'and' || w === 'of' || w === '&') && k > 0 && isCap(words[k - 1]!.w)) cur = ws;
    else break;
  }
  let e = he;
  const rm =
    /^(?:[ \t]+(?:of|for|on)(?:[ \t]+the)?(?:[ \t]+(?:[A-Z][A-Za-z'’-]*|and|&)|,[ \t]+(?=[A-Z][A-Za-z'’-]*,?[ \t]+and[ \t]))+)/.exec(
      text.slice(he, he + 120),
    );
  if (rm) e = he + rm[0].replace(/(?:[ \t,]+(?:and|&))+$/, '').replace(/,$/, '').length;
  if (s === hs && e === he) return null;
  if (!isCap(text.slice(hs, he))) return null;
  return [s, e];
}

function zhCandidate(text: string, hs: number, he: number): [number, number] | null {
  let s = hs;
  // "会" stops a name only in "会同" ("人力资源社会保障部" keeps it)
  const stops = (k: number): boolean => ZH_STOP.test(text[k]!) && !(text[k] === '会' && text[k + 1] !== '同');
  while (s > 0 && hs - s < 10 && !stops(s - 1) && /[\u4e00-\u9fff]/u.test(text[s - 1]!)) s--;
  // "市人力资源和社会保障局", "市科技和信息化局": 和 inside a name that starts with its level (市, 省, 区, 县)
  if (s > 0 && /[和会与及]/u.test(text[s - 1]!) && hs - s >= 2) {
    for (let t = s - 2; t >= 0 && s - t <= 12; t--) {
      if (!/[\u4e00-\u9fff]/u.test(text[t]!) || /[由在对将并为的]/u.test(text[t]!)) break;
      if (
        /^(?:市|省|区|县|自治区)/u.test(text.slice(t)) &&
        (t === 0 || /[，。、；：:“”《》（）()\s和与及]/u.test(text[t - 1]!))
      ) {
        s = t;
        break;
      }
    }
  }
  if (hs - s < 2) return null;
  return [s, he];
}

/** Words that end an Arabic name (prepositions, relatives, particles). */
const AR_END =
  /^(?:ذات|ذو|تسمى|يسمى|في|على|من|إلى|الى|عن|مع|التي|الذي|الذين|قد|تم|كما|حيث|بشأن|خلال|أن|ان|إن|لا|لم|لن|ما|هذا|هذه|ذلك|تلك|بين|عند|بعد|قبل|كل|جميع|رقم|يشرف|تتولى|يتولى|بموجب|وفق|وفقا|حسب)$/u;
/** Definite words that qualify the name before them (attributive adjectives: nisba and common ones). */
const AR_ADJECTIVE =
  /^(?:وال|ال)(?:\S*(?:ية|ي|يون|يين|يه)|عامة|عام|عليا|أعلى|اعلى|وطنية|وطني|اتحادية|مركزية|مستقلة|عاملة|دائمة|تنفيذية|مختصة|فنية|رقمية|علمية|كبرى|أولى)$/u;
/** Plural bodies and the Government: names on their own ("الوزارات", "الأجهزة الحكومية", "الحكومة"). */
const AR_PLURAL =
  /^(?:الحكومة|الوزارات|الهيئات|المجالس|اللجان|الأجهزة|الجهات|المؤسسات|الإدارات|المحافظات|البلديات|الدوائر)$/u;
const AR_ALONE = /^(?:الحكومة|الوزارات|الهيئات|المحافظات|البلديات)$/u;
const AR_DEFINITE_ONLY = /^(?:إدارة|ادارة|مصلحة|أمانة|امانة)$/u;
const AR_WORD = /\p{Script=Arabic}+/gu;

/**
 * Arabic candidates. Each word is segmented (proclitics off, article restored); a word whose
 * stem is a head noun ("وزارة", "الهيئة", "لجنة" in "للجنة") starts a name that continues
 * through its genitive chain — indefinite nouns up to the first definite one — then through
 * attributive adjectives and coordinated genitives ("وزارة الشؤون الاجتماعية والعمل",
 * "الهيئة العامة للقوى العاملة"). Plural bodies and the Government stand alone. A definite
 * head defined as a short form ("١. الوزارة: وزارة …") is an alias of the name after it.
 */
function arCandidates(text: string, matched: AgencyItem[]): AgencyItem[] {
  const words = [...text.matchAll(AR_WORD)].map((m) => ({ w: m[0], s: m.index, e: m.index + m[0].length }));
  const out: AgencyItem[] = [];
  const aliases = new Map<string, string>();
  const covered = (s: number, e: number): boolean => overlapping(matched, s, e).length > 0;
  const gapOk = (a: number, b: number): boolean => /^[ \t]+$/u.test(text.slice(a, b));
  for (let k = 0; k < words.length; k++) {
    const { w, s: ws } = words[k]!;
    const seg = segmentWord(w);
    let stem = seg.stem;
    const bare = stem.replace(/^ال/u, '');
    // "للجنة": ل + اللجنة before an adjective ("للجنة الوطنية"), ل + لجنة before a genitive ("للجنة الحزب")
    const nextWord = words[k + 1];
    if (
      /^[وف]?لل/u.test(w) &&
      /^ل/u.test(bare) &&
      nextWord &&
      /^ال/u.test(nextWord.w) &&
      !AR_ADJECTIVE.test(nextWord.w)
    )
      stem = bare;
    const start = ws + seg.prefix;
    // "الحكومة الرقمية": a concept, not the body
    if (NEG_AFTER.ar.test(text.slice(words[k]!.e, words[k]!.e + 16))) continue;
    if (AR_PLURAL.test(stem)) {
      let j = k;
      while (
        j + 1 < words.length &&
        j - k < 2 &&
        gapOk(words[j]!.e, words[j + 1]!.s) &&
        AR_ADJECTIVE.test(words[j + 1]!.w)
      )
        j++;
      const e = words[j]!.e;
      // "الجهات", "الأجهزة" need their adjective ("الجهات الحكومية"); the Government and ministries stand alone
      if (j === k && !AR_ALONE.test(stem)) continue;
      if (!covered(start, e)) {
        const name = arabicName(text.slice(start, e));
        out.push({ type: 'agency', name, text: text.slice(start, e), span: [start, e], confidence: conf(0.6) });
      }
      k = j;
      continue;
    }
    if (!isArabicHead(bare)) continue;
    // "إدارة", "مصلحة" are also verbal nouns ("managing", "interest"): a head only with the article
    if (AR_DEFINITE_ONLY.test(bare) && !/^ال/u.test(stem)) continue;
    // the name's words: head, genitive chain, adjectives
    let j = k;
    let closed = /^ال/u.test(stem);
    for (let n = 0; n < 7 && j + 1 < words.length; n++) {
      const nx = words[j + 1]!;
      if (!gapOk(words[j]!.e, nx.s) || AR_END.test(nx.w)) break;
      if (!closed) {
        j++;
        if (/^(?:ال|لل)/u.test(nx.w)) closed = true;
        continue;
      }
      if (AR_ADJECTIVE.test(nx.w) || /^لل/u.test(nx.w) || (/^وال/u.test(nx.w) && j > k)) {
        j++;
        continue;
      }
      break;
    }
    const e = words[j]!.e;
    const single = j === k;
    // a short form defined in a list of terms: "الوزارة: وزارة الشؤون الاجتماعية والعمل"
    if (single && /^ال/u.test(stem)) {
      const def = /^\s*[:：]\s*/u.exec(text.slice(e, e + 4));
      const alias = aliases.get(arabicNormal(stem));
      if (def) {
        const nk = words.findIndex((x) => x.s >= e + def[0].length);
        if (nk >= 0) {
          const rest = arCandidates(text.slice(words[nk]!.s, words[nk]!.s + 120), []);
          if (rest[0] && rest[0].span[0] === 0) aliases.set(arabicNormal(stem), rest[0].name);
        }
      }
      const name = aliases.get(arabicNormal(stem)) ?? alias;
      if (name && !covered(ws, e))
        out.push({ type: 'agency', name, text: text.slice(ws, e), span: [ws, e], confidence: conf(0.6) });
      continue;
    }
    if (single || covered(start, e)) {
      k = j;
      continue;
    }
    const written = text.slice(start, e);
    const name = `${stem}${text.slice(words[k]!.e, e)}`.replace(/\s+/gu, ' ').trim();
    out.push({ type: 'agency', name, text: written, span: [start, e], confidence: conf(0.6) });
    k = j;
  }
  return out;
}
