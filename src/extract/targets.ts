/**
 * Numeric targets: percentages ("ít nhất 30%", "at least 30%", "≥30%", "达到30%以上",
 * "لا تقل عن 30%"), ranks ("thuộc nhóm 30 nước dẫn đầu", "top 30", "前30名", "أفضل 30"),
 * rank changes ("tăng ít nhất 5 bậc", "rise 5 places", "提升5位"), fractions ("12/53",
 * "12 of 53", "12 من أصل 53") and counts with a comparison ("ít nhất 3 đô thị thông minh",
 * "at least 3 smart cities", "至少3个", "ما لا يقل عن 3").
 *
 * One global scan over the numbers; each number is judged by anchored patterns over
 * bounded windows either side, so the pass is linear.
 */
import type { Language } from '../domain/i18n.js';
import type { Comparison, Direction, TargetItem, ValueType } from './types.js';
import { asciiDigits, conf } from './text.js';
import { wordNumbers } from './numbers.js';

const LEFT = 96;
const RIGHT = 48;

const NUMBER = /(?<![\d.,/A-Za-z\u00c0-\u024f\u1e00-\u1eff])\d+(?:[.,]\d+)*(?:\s*\/\s*\d+)?/gu;

interface Cue {
  re: RegExp;
  comparison: Comparison;
}

/** Comparison cues just before the number (anchored at the end of the left window). */
const LEFT_CUES: Record<Language, Cue[]> = {
  vi: [
    {
      re: /(?:ít nhất|tối thiểu|không dưới|không thấp hơn|không ít hơn|từ)\s*(?:là\s*|đạt\s*|có\s*(?:từ\s*)?)?$/iu,
      comparison: '>=',
    },
    { re: /(?:trên|hơn|vượt|vượt quá|cao hơn)\s*$/iu, comparison: '>' },
    { re: /(?:tối đa|không quá|không vượt quá|không cao hơn|không hơn)\s*(?:là\s*)?$/iu, comparison: '<=' },
    { re: /(?:dưới|thấp hơn|ít hơn)\s*$/iu, comparison: '<' },
    { re: /(?:đạt|lên|đến|tới|bằng|đạt mức|đạt tỷ lệ|chiếm|là)\s*(?:khoảng\s*)?$/iu, comparison: '=' },
  ],
  en: [
    {
      re: /\b(?:at\s+least|a\s+minimum\s+of|no\s+less\s+than|not\s+less\s+than|minimum(?:\s+of)?|or\s+more\s+than)\s*$/i,
      comparison: '>=',
    },
    { re: /\b(?:more\s+than|over|above|exceeding|exceed|in\s+excess\s+of|greater\s+than)\s*$/i, comparison: '>' },
    {
      re: /\b(?:at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|up\s+to|maximum(?:\s+of)?|not\s+exceeding)\s*$/i,
      comparison: '<=',
    },
    { re: /\b(?:less\s+than|under|below|fewer\s+than)\s*$/i, comparison: '<' },
    { re: /\b(?:reach(?:ing|es)?|achieve|to|of|at|equal\s+to|account\s+for|accounting\s+for)\s*$/i, comparison: '=' },
  ],
  zh: [
    { re: /(?:至少|不低于|不少于|不小于|最低|最少)\s*(?:达到)?\s*$/u, comparison: '>=' },
    { re: /(?:超过|高于|大于|多于)\s*$/u, comparison: '>' },
    { re: /(?:不超过|不高于|最多|至多|控制在)\s*$/u, comparison: '<=' },
    { re: /(?:低于|少于|小于)\s*$/u, comparison: '<' },
    { re: /(?:达到|达|提高到|提升到|增加到|增长到|为|占)\s*$/u, comparison: '=' },
  ],
  ar: [
    {
      re: /(?:لا\s+تقل\s+عن|لا\s+يقل\s+عن|ما\s+لا\s+يقل\s+عن|على\s+الأقل|كحد\s+أدنى|بحد\s+أدنى|لا\s+(?:تقل|يقل)\s+[^.،؛\d]{1,60}عن)\s*$/u,
      comparison: '>=',
    },
    { re: /(?:أكثر\s+من|يتجاوز|تتجاوز|تفوق|يفوق|أعلى\s+من)\s*$/u, comparison: '>' },
    { re: /(?:لا\s+تزيد\s+عن|لا\s+يزيد\s+عن|كحد\s+أقصى|بحد\s+أقصى|لا\s+تتجاوز|لا\s+يتجاوز)\s*$/u, comparison: '<=' },
    { re: /(?:أقل\s+من)\s*$/u, comparison: '<' },
    { re: /(?:بنسبة|نسبة|إلى|الى|يبلغ|تبلغ|بلوغ|تحقيق)\s*$/u, comparison: '=' },
  ],
};

/** Comparison cues right after the number and its unit ("30%以上", "30% على الأقل", "30% trở lên"). */
const RIGHT_CUES: Record<Language, Cue[]> = {
  vi: [
    { re: /^\s*(?:trở lên|trở\s+lên)/iu, comparison: '>=' },
    { re: /^\s*(?:trở xuống)/iu, comparison: '<=' },
  ],
  en: [
    { re: /^\s*(?:or\s+more|or\s+above|or\s+higher|and\s+above|plus)\b/i, comparison: '>=' },
    { re: /^\s*(?:or\s+less|or\s+fewer|or\s+below|or\s+lower)\b/i, comparison: '<=' },
  ],
  zh: [
    { re: /^\s*(?:以上|及以上|左右以上)/u, comparison: '>=' },
    { re: /^\s*(?:以下|及以下|以内)/u, comparison: '<=' },
  ],
  ar: [
    { re: /^\s*(?:على\s+الأقل|فأكثر|أو\s+أكثر)/u, comparison: '>=' },
    { re: /^\s*(?:على\s+الأكثر|أو\s+أقل|فأقل)/u, comparison: '<=' },
  ],
};

/** Rank-group patterns around the number: "nhóm 30 nước dẫn đầu", "top 30", "前30名", "أفضل 30". */
const RANK_LEFT: Record<Language, RegExp> = {
  vi: /(?:nhóm|top|tốp|trong số|vào|thuộc)\s*$/iu,
  en: /\b(?:top|the\s+top|among\s+the\s+(?:top|first|best)|in\s+the\s+top|into\s+the\s+top|first|best)\s*$/i,
  zh: /(?:前|第)\s*$/u,
  ar: /(?:أفضل|أول|(?:المراكز|المركز|المرتبة)(?:\s*الـ?)?|الـ?)\s*$/u,
};
const RANK_RIGHT: Record<Language, RegExp> = {
  vi: /^\s*(?:nước|quốc gia|nền kinh tế|địa phương|tỉnh|thế giới|doanh nghiệp)?\s*(?:dẫn đầu|hàng đầu|đứng đầu|cao nhất|tốt nhất)/iu,
  en: /^\s*(?:countries|economies|nations|places|positions|worldwide|globally|in\s+the\s+world|of\s+the\s+world|world|in\s+the\s+region|ranked)?/i,
  zh: /^\s*(?:名|位|强)/u,
  ar: /^\s*(?:دولة|دول|بلدا|بلدان|مراكز|الأولى|اقتصادا)?/u,
};
/** Rank change: "tăng (ít nhất) 5 bậc", "rise (by) 5 places", "提升5位", "التقدم 5 مراتب". */
const PLACES_RIGHT: Record<Language, RegExp> = {
  vi: /^\s*(?:bậc|hạng|vị trí|vị trí xếp hạng)/iu,
  en: /^\s*(?:places?|positions?|ranks?|spots?|notches?)\b/i,
  zh: /^\s*(?:位|名|个位次)/u,
  ar: /^\s*(?:مراتب|مرتبة|مراكز|مركزا|درجات)/u,
};
const RANK_UP_LEFT: Record<Language, RegExp> = {
  vi: /(?:tăng|nâng|cải thiện|vươn lên|lên)\b/iu,
  en: /\b(?:rise|raise|climb|improve|move\s+up|advance|gain|jump|up)/i,
  zh: /(?:提升|上升|提高|前进)/u,
  ar: /(?:التقدم|تقدم|رفع|تحسين|الصعود)/u,
};
const PERCENT =
  /^\s*(?:%|٪|phần trăm|percent|per\s+cent|percentage\s+points?|điểm phần trăm|个百分点|في\s+المائة|بالمائة|بالمئة)/iu;
const FRACTION_OF: Record<Language, RegExp> = {
  vi: /^\s*(?:trên|trong số|trên tổng số|trong tổng số)\s+(\d+)(?![\d/])/iu,
  en: /^\s*(?:out\s+of|of)\s+(?:the\s+|all\s+)?(\d+)(?![\d/])/i,
  zh: /^$/u,
  ar: /^\s*(?:من\s+أصل|من\s+بين|من)\s+(\d+)(?![\d/])/u,
};
const LOWER_BETTER: Record<Language, RegExp> = {
  vi: /(?:giảm|hạ|cắt giảm|kéo giảm|rút ngắn|tỷ lệ hộ nghèo|tai nạn|ô nhiễm|phát thải|tiêu hao|tồn đọng|quá hạn)/iu,
  en: /\b(?:reduce|reduc|cut|lower|decrease|shorten|poverty|emission|accidents?|pollution|consumption|backlog|overdue)/i,
  zh: /(?:降低|减少|下降|缩短|压减|排放|能耗|污染)/u,
  ar: /(?:خفض|تخفيض|تقليل|الحد من|انبعاثات|الفقر|التلوث|استهلاك)/u,
};
/** Ordinals and names of documents: not targets ("lần thứ 8", "Đề án 06", "第20次", "20th"). */
const NOT_TARGET_LEFT: Record<Language, RegExp> = {
  vi: /(?:thứ|lần|khóa|khoá|số|Đề án|Quyết định|Nghị quyết|Nghị định|Thông tư|Chỉ thị|Luật|Điều|khoản|Chương|mục|Kết luận|Công văn|phiên|ngày|tháng|năm|quý|Ảnh|tuổi)\s*$/iu,
  en: /\b(?:No\.?|number|Decision|Resolution|Decree|Article|Section|Chapter|Law|session|phase|the|page|version|v|day|month|year|quarter|aged?)\s*$/i,
  zh: /(?:第|号|次|届)\s*$/u,
  ar: /(?:رقم|المادة|القرار|المرسوم|الفصل|الدورة|يوم|شهر|عام|سنة|العام|الجلسة)\s*$/u,
};
const COUNT_NOUN: Record<Language, RegExp> = {
  vi: /^\s*((?:[\p{L}]+\s+){0,4}[\p{L}]+)/u,
  en: /^\s*((?:[A-Za-z-]+\s+){0,4}[A-Za-z-]+)/,
  zh: /^\s*(个|项|家|座|所|万|亿|千|百|条|款|名|人|户|套|台|公里|千米|吨|元|平方米)?([\u4e00-\u9fff]{0,6})/u,
  ar: /^\s*((?:[\u0600-\u06ff]+\s+){0,3}[\u0600-\u06ff]+)/u,
};

const MULTIPLIERS: Record<string, number> = {
  nghìn: 1e3,
  ngàn: 1e3,
  triệu: 1e6,
  tỷ: 1e9,
  tỉ: 1e9,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  万: 1e4,
  亿: 1e8,
  千: 1e3,
  trillion: 1e12,
  兆: 1e12,
  ألف: 1e3,
  آلاف: 1e3,
  تريليون: 1e12,
  مليارات: 1e9,
  مليون: 1e6,
  ملايين: 1e6,
  مليار: 1e9,
};
const MULTIPLIER: Record<Language, RegExp> = {
  vi: /^\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?![\p{L}])/iu,
  en: /^\s*(thousand|million|billion|trillion)\b/i,
  zh: /^\s*(万|亿|千)(?!米|克|瓦)/u,
  ar: /^\s*(ألف|آلاف|مليون|ملايين|مليارات|مليار|تريليون)(?![\u0621-\u064a])/u,
};

/** Parse "1.234,5" / "1,234.5" / "30" / "4,5" into a number (language-aware decimal mark). */
export function parseNumber(raw: string, lang: Language): number | null {
  const s = raw.replace(/\s+/g, '');
  if (!/^\d+(?:[.,]\d+)*$/.test(s)) return null;
  const groups = s.split(/[.,]/);
  const seps = s.replace(/\d/g, '');
  if (seps.length === 0) return Number(s);
  // Vietnamese (and Arabic as normalised) use ',' for decimals and '.' for thousands
  const decimalComma = lang === 'vi';
  if (seps.length === 1) {
    const last = groups[1]!;
    const sep = seps[0]!;
    const isDecimal = decimalComma
      ? sep === ',' || (sep === '.' && last.length !== 3)
      : sep === '.' || (sep === ',' && last.length !== 3);
    return isDecimal ? Number(`${groups[0]}.${last}`) : Number(groups.join(''));
  }
  const first = seps[0]!;
  const last = seps[seps.length - 1]!;
  if (first !== last) {
    // "1.234,5" or "1,234.5": the last separator is the decimal mark
    return Number(`${groups.slice(0, -1).join('')}.${groups[groups.length - 1]}`);
  }
  if (groups.slice(1).every((g) => g.length === 3)) return Number(groups.join(''));
  return null;
}

interface NumberToken {
  start: number;
  end: number;
  raw: string;
  /** Set for numbers written in words. */
  value?: number;
}

/** Numbers in digits and in words, in text order. */
function numberTokens(text: string, lang: Language): NumberToken[] {
  const out: NumberToken[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text))
    out.push({ start: m.index, end: m.index + m[0].length, raw: m[0] });
  const words = wordNumbers(text, lang);
  if (words.length === 0) return out;
  for (const w of words) out.push({ start: w.start, end: w.end, raw: text.slice(w.start, w.end), value: w.value });
  return out.sort((a, b) => a.start - b.start);
}

/** A currency next to an amount: "$25,000,000", "500 triệu đồng", "1亿元", "(1) تريليون ريال". */
const CURRENCY_LEFT = /(?:US\$|\$|USD\s*|€|£|¥|￥)\s*$/u;
const CURRENCY_RIGHT: Record<Language, RegExp> = {
  vi: /^\s*(?:đồng|VNĐ|VND|USD|đô la(?: Mỹ)?)(?![\p{L}])/iu,
  en: /^\s*(?:dollars|USD|euros?|EUR|pounds)\b/i,
  zh: /^\s*(?:元|美元|人民币)/u,
  ar: /^\s*(?:ريالا?|ريال|دينارا?|درهما?|دولارا?|جنيها?)(?![\u0621-\u064a])/u,
};

/** Comparison words that set a level ("đạt", "reach", "达到", "يبلغ"), as opposed to plain "to", "of", "at". */
const STRONG_EQUAL: Record<Language, RegExp> = {
  vi: /(?:đạt|đạt mức|tăng lên|nâng lên|lên)\s*(?:khoảng\s*)?$/iu,
  en: /\b(?:reach(?:ing|es)?|achieve|achieving|total(?:ling)?)\s*$/i,
  zh: /(?:达到|达|提高到|提升到|增加到|增长到|增至|扩大到)\s*$/u,
  ar: /(?:يبلغ|تبلغ|بلوغ|إلى|الى|لتصل\s+إلى|ليصل\s+إلى)\s*$/u,
};

/**
 * Verbs that create, train or bring in a number of things: a count right after one is a target
 * even without a comparison word ("establish 5 centres", "đào tạo 500 kỹ sư", "引进30名人才", "تدريب 500 موظف").
 */
const COUNT_VERB: Record<Language, RegExp> = {
  vi: /(?:xây dựng|thành lập|đào tạo|bồi dưỡng|hình thành|tuyển dụng|tuyển chọn|thu hút|phát triển|hỗ trợ|thí điểm|triển khai|nâng cấp|cấp|tổ chức)\s+(?:thêm\s+|mới\s+|khoảng\s+)?$/iu,
  en: /\b(?:establish|create|build|train|hire|recruit|designate|set\s+up|launch|open|deploy|award|fund|certify|connect|construct|develop|upgrade|support|host|organi[sz]e)\s+(?:(?:an?\s+)?(?:additional|new|further|another)\s+|approximately\s+|about\s+|some\s+)?$/i,
  zh: /(?:引进|培养|选拔|建设|设立|建立|组建|筹建|培训|打造|新建|建成|举办|资助|扶持|认定|遴选|发动|创建|推出|招收|吸引|集聚|储备|新增|培育|选派|支持|组织)[^，。；、\d]{0,6}$/u,
  ar: /(?:إنشاء|تأسيس|تدريب|توظيف|بناء|إطلاق|استقطاب|تأهيل|إعداد|تنفيذ|دعم|استحداث)\s+$/u,
};
/** Chinese measure words that count people, bodies, projects or events. */
const ZH_MEASURE = /^\s*(?:名|个|家|项|场次|场|所|座|批|支|套|户|位|期|人次|人)/u;

export interface TargetOptions {
  /** Spans that are already dates or years (numbers inside them are skipped). */
  timeSpans?: [number, number][] | undefined;
}

export function findTargets(input: string, lang: Language, opts: TargetOptions = {}): TargetItem[] {
  const text = asciiDigits(input);
  const out: TargetItem[] = [];
  const time = opts.timeSpans ?? [];
  let ti = 0;
  let prevCount: { end: number } | null = null;
  let consumed = -1;
  for (const tok of numberTokens(text, lang)) {
    if (tok.start < consumed) continue;
    let p = tok.start;
    const raw = tok.raw;
    let end = tok.end;
    while (ti < time.length && time[ti]![1] <= p) ti++;
    if (ti < time.length && time[ti]![0] <= p) continue;
    let left = text.slice(Math.max(0, p - LEFT), p);
    let right = text.slice(end, end + RIGHT);
    // a number in brackets ("إلى (1) تريليون", "المركز (20)", "الـ(5)") reads as the number itself
    const bracket = /^\s*\)/.exec(right);
    const opening = /\(\s*$/.exec(left);
    if (bracket && opening) {
      left = left.slice(0, opening.index);
      p -= opening[0].length;
      end += bracket[0].length;
      right = text.slice(end, end + RIGHT);
    }
    // glued to letters: "5G", "4.0", "IPv6"; document numbers "06/QĐ-TTg"
    if (/^[A-Za-z]/.test(right) || (/^[\p{L}]/u.test(right) && lang !== 'zh')) continue;
    if (/^[-/.][\p{L}\d]/u.test(right)) continue;
    if (/^\.\d/.test(right)) continue;
    if (NOT_TARGET_LEFT[lang].test(left)) continue;
    // fractions
    const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(raw);
    if (frac) {
      const a = Number(frac[1]);
      const b = Number(frac[2]);
      if (b < 2 || a > b || b >= 1900) continue;
      if (/(?:ngày|tháng|sáng|chiều|tối|date|on)\s*$/iu.test(left)) continue;
      const confidence = b <= 12 ? 0.45 : 0.8;
      out.push(target(text, lang, p, end, 'fraction', '=', a, left, right, { of: b, confidence, unit: '' }));
      continue;
    }
    let value = tok.value ?? parseNumber(raw, lang);
    if (value === null) continue;
    const mult = MULTIPLIER[lang].exec(right);
    if (mult) {
      value *= MULTIPLIERS[mult[1]!.toLowerCase()] ?? 1;
      end += mult[0].length;
      right = text.slice(end, end + RIGHT);
    }
    // percent; "百分之三十" writes the percent sign first
    const zhPercent = lang === 'zh' ? /百分之\s*$/u.exec(left) : null;
    if (zhPercent) {
      left = left.slice(0, zhPercent.index);
      p -= zhPercent[0].length;
    }
    // a range "16 - 18%": the lower bound is the target, the upper one is read with it
    const pRange = zhPercent
      ? null
      : /^\s*[-–]\s*\d+(?:[.,]\d+)?(?=\s*(?:%|٪|phần trăm|percent|per\s+cent))/iu.exec(right);
    if (pRange) {
      end += pRange[0].length;
      right = text.slice(end, end + RIGHT);
    }
    const pc = zhPercent ? [''] : PERCENT.exec(right);
    if (pc) {
      end += pc[0]!.length;
      const after = text.slice(end, end + RIGHT);
      const around = comparisonAround(left, after, lang, p, end);
      const { cueStart, cueEnd, explicit } = around;
      const comparison = pRange && around.comparison === '=' ? '>=' : around.comparison;
      consumed = end;
      const t = target(
        text,
        lang,
        cueStart,
        cueEnd,
        'percent',
        comparison,
        value,
        text.slice(Math.max(0, cueStart - LEFT), cueStart),
        after,
        {
          confidence: explicit ? 0.9 : 0.6,
          unit: '%',
        },
      );
      out.push(t);
      continue;
    }
    // rank change: "tăng ít nhất 5 bậc"
    const pl = PLACES_RIGHT[lang].exec(right);
    if (pl) {
      const { comparison, cueStart, explicit } = comparisonAround(left, '', lang, p, end);
      const leftOfCue = text.slice(Math.max(0, cueStart - 24), cueStart);
      const up = RANK_UP_LEFT[lang].test(leftOfCue);
      const isRankGroup = lang === 'zh' && /前\s*$/.test(left);
      if (isRankGroup) {
        const e = end + pl[0].length;
        out.push(
          target(
            text,
            lang,
            p - 1,
            e,
            'rank',
            '<=',
            value,
            text.slice(Math.max(0, p - 1 - LEFT), p - 1),
            text.slice(e, e + RIGHT),
            { confidence: 0.85, unit: 'rank' },
          ),
        );
        continue;
      }
      // "不少于10名", "达到2000名", "خمسة مراكز": people or centres counted, not places gained
      // (that needs a verb of rising: "提升", "上升", "التقدم")
      const zhCount = !up && (lang === 'zh' ? /名|位/u : lang === 'ar' ? /مراكز|مركزا/u : /$^/u).test(pl[0]);
      if ((up || explicit) && !zhCount) {
        const upMatch = up ? /(?:\S+)\s*$/u.exec(leftOfCue) : null;
        const s = upMatch ? cueStart - upMatch[0].length : cueStart;
        const e = end + pl[0].length;
        out.push(
          target(
            text,
            lang,
            s,
            e,
            'rank',
            comparison === '=' ? '>=' : comparison,
            value,
            text.slice(Math.max(0, s - LEFT), s),
            text.slice(e, e + RIGHT),
            {
              confidence: up ? 0.85 : 0.6,
              unit: pl[0].trim(),
              change: true,
            },
          ),
        );
        continue;
      }
    }
    // rank group: "nhóm 30 nước dẫn đầu", "top 30", "前30名", "أفضل 30 دولة"
    const rl = RANK_LEFT[lang].exec(left);
    if (rl) {
      const rr = RANK_RIGHT[lang].exec(right);
      const strong =
        lang === 'vi'
          ? rr !== null && rr[0].trim().length > 0
          : lang === 'zh'
            ? rr !== null && rr[0].length > 0
            : /top|أفضل|أول|المركز|المراكز|المرتبة/i.test(rl[0]) || (lang === 'ar' && /الأولى/u.test(rr?.[0] ?? ''));
      if (strong) {
        const s = p - rl[0].length;
        const e = end + (rr ? rr[0].replace(/\s+$/, '').length : 0);
        out.push(
          target(
            text,
            lang,
            s,
            e,
            'rank',
            '<=',
            value,
            text.slice(Math.max(0, s - LEFT), s),
            text.slice(e, e + RIGHT),
            { confidence: 0.85, unit: 'rank' },
          ),
        );
        continue;
      }
    }
    // "12 of 53", "12 trên 53", "12 من أصل 53"
    const of = FRACTION_OF[lang].exec(right);
    if (of && lang !== 'zh') {
      const b = Number(of[1]);
      if (b > value && b < 1900) {
        const e = end + of[0].length;
        const { comparison, cueStart } = comparisonAround(left, '', lang, p, end);
        out.push(
          targetAt(text, lang, cueStart, e, 'fraction', comparison, value, { of: b, confidence: 0.7, unit: '' }),
        );
        continue;
      }
    }
    // an amount of money: "$25,000,000 for each of fiscal years", "إلى (1) تريليون ريال"
    const curL = CURRENCY_LEFT.exec(left);
    const curR = CURRENCY_RIGHT[lang].exec(right);
    if ((curL || curR) && !tok.value) {
      const l = curL ? left.slice(0, curL.index) : left;
      const s0 = curL ? p - curL[0].length : p;
      const e = end + (curR ? curR[0].length : 0);
      const { comparison, cueStart, explicit } = comparisonAround(l, '', lang, s0, e);
      out.push(
        targetAt(text, lang, cueStart, e, 'number', comparison, value, {
          confidence: explicit ? 0.7 : 0.55,
          unit: (curL?.[0] ?? curR?.[0] ?? '').trim(),
        }),
      );
      continue;
    }
    // counts: with a comparison ("ít nhất 3 đô thị thông minh", "至少3个"), a level ("达到2000名"),
    // a verb that creates or trains ("establish 5 centres", "引进30名人才"), an approximation ("1万名左右"),
    // or the next item of such a list ("选拔100名正职后备人才、200名副职后备人才")
    const range = /^\s*[-–]\s*\d+(?:[.,]\d+)?(?!\s*(?:%|\d))/u.exec(right);
    const rangeEnd = end + (range ? range[0].length : 0);
    const after = range ? text.slice(rangeEnd, rangeEnd + RIGHT) : right;
    const around = comparisonAround(left, after, lang, p, rangeEnd);
    const { cueStart, cueEnd, explicit } = around;
    let comparison = around.comparison;
    if (range && comparison === '=') comparison = '>=';
    const measure = lang === 'zh' ? ZH_MEASURE.exec(after) : null;
    const approx = measure !== null && /^左右/u.test(after.slice(measure[0].length));
    const between = prevCount ? text.slice(prevCount.end, p) : '';
    const continues =
      prevCount !== null &&
      between.length <= 40 &&
      /^[^。；;.!?\n]*(?:[、，,]|\s(?:and|và|و)\s?|[和及与])\s*$/u.test(between) &&
      !/[。；;!?\n]/u.test(between);
    const bare =
      (explicit && comparison === '=' && STRONG_EQUAL[lang].test(left)) ||
      (!explicit && COUNT_VERB[lang].test(left)) ||
      approx ||
      continues;
    if ((explicit && comparison !== '=') || (bare && Number.isInteger(value) && value >= (tok.value ? 2 : 1))) {
      const from = Math.max(cueEnd, rangeEnd);
      const nounM = COUNT_NOUN[lang].exec(text.slice(from, from + RIGHT));
      let unit = '';
      if (nounM) unit = (lang === 'zh' ? (nounM[1] ?? '') + (nounM[2] ?? '') : (nounM[1] ?? '')).trim();
      unit = unitWords(unit, lang);
      // a bare count must count something: a noun after it (in Chinese, a measure word)
      const counted = comparison !== '=' || (lang === 'zh' ? measure !== null : unit.length > 0);
      // "12 người trên một vạn dân", "5 per 1,000 people": a rate, a plain number
      const rate = new RegExp(
        `^\\s*${escapeRe(unit)}\\s*(?:trên|/|per|mỗi|每|لكل)\\s*(?:\\d|một|mỗi|một|every|each|one|a\\s)`,
        'iu',
      );
      const isRate = rate.test(text.slice(from, from + RIGHT));
      const level = unit.length === 0 && !Number.isInteger(value) && comparison !== '=';
      if ((unit.length > 0 || lang === 'zh' || level) && counted) {
        unit = unitWords(unit, lang);
        // a decimal or a bare quantity is a plain number ("降至1.25以下"), not a count of things
        const kind: ValueType =
          isRate || !Number.isInteger(value) || (lang === 'zh' && !nounM?.[1] && !measure) ? 'number' : 'count';
        const e = lang === 'zh' && measure ? Math.max(from, rangeEnd + measure[0].length) : from;
        out.push(
          target(
            text,
            lang,
            cueStart,
            e,
            kind,
            comparison,
            value,
            text.slice(Math.max(0, cueStart - LEFT), cueStart),
            after,
            { confidence: explicit ? 0.75 : 0.6, unit },
          ),
        );
        prevCount = { end: e };
        if (isRate) consumed = from + RIGHT;
      }
    }
  }
  for (const t of out) t.text = input.slice(t.span[0], t.span[1]);
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first words of a noun phrase after a count, stopping at function words. */
function unitWords(s: string, lang: Language): string {
  const stop: Record<Language, RegExp> = {
    vi: /(?:^|\s)(?:tại|ở|trong|của|và|để|với|cho|từ|đến|vào|theo|trên|thuộc|mỗi)(?:\s|$).*/iu,
    en: /(?:^|\s)(?:in|at|of|and|to|for|by|with|from|on|per|each|across|within|that|which|every)(?:\s|$).*/i,
    zh: /$^/,
    ar: /(?:^|\s)(?:في|من|على|إلى|مع|و)(?:\s|$).*/u,
  };
  return s.replace(stop[lang], '').trim();
}

function comparisonAround(
  left: string,
  right: string,
  lang: Language,
  p: number,
  end: number,
): { comparison: Comparison; cueStart: number; cueEnd: number; explicit: boolean } {
  for (const c of RIGHT_CUES[lang]) {
    const m = c.re.exec(right);
    if (m) {
      const l = LEFT_CUES[lang].find((x) => x.re.test(left));
      const lm = l ? l.re.exec(left)! : null;
      return {
        comparison: c.comparison,
        cueStart: lm && lm[0].trim() ? p - lm[0].trimStart().length : p,
        cueEnd: end + m[0].length,
        explicit: true,
      };
    }
  }
  // the longest cue wins ("no more than" over "more than")
  let best: { c: Cue; m: RegExpExecArray } | null = null;
  for (const c of LEFT_CUES[lang]) {
    const m = c.re.exec(left);
    if (m && m[0].trim().length > 0 && (!best || m[0].trimStart().length > best.m[0].trimStart().length))
      best = { c, m };
  }
  if (best)
    return { comparison: best.c.comparison, cueStart: p - best.m[0].trimStart().length, cueEnd: end, explicit: true };
  if (/[≥⩾]\s*$/.test(left))
    return { comparison: '>=', cueStart: p - (left.length - left.search(/[≥⩾]\s*$/)), cueEnd: end, explicit: true };
  if (/[≤⩽]\s*$/.test(left))
    return { comparison: '<=', cueStart: p - (left.length - left.search(/[≤⩽]\s*$/)), cueEnd: end, explicit: true };
  if (/>=?\s*$/.test(left))
    return {
      comparison: /=\s*$/.test(left) ? '>=' : '>',
      cueStart: p - (left.length - left.search(/>=?\s*$/)),
      cueEnd: end,
      explicit: true,
    };
  if (/<=?\s*$/.test(left))
    return {
      comparison: /=\s*$/.test(left) ? '<=' : '<',
      cueStart: p - (left.length - left.search(/<=?\s*$/)),
      cueEnd: end,
      explicit: true,
    };
  for (const c of RIGHT_CUES[lang]) {
    const m = c.re.exec(right);
    if (m) return { comparison: c.comparison, cueStart: p, cueEnd: end + m[0].length, explicit: true };
  }
  return { comparison: '=', cueStart: p, cueEnd: end, explicit: false };
}

type TargetExtra = { of?: number; confidence: number; unit: string; change?: boolean };

/** A target over [start, end), judged with the text's own windows either side. */
function targetAt(
  text: string,
  lang: Language,
  start: number,
  end: number,
  ...what: [ValueType, Comparison, number, TargetExtra]
): TargetItem {
  const [valueType, comparison, value, extra] = what;
  const left = text.slice(Math.max(0, start - LEFT), start);
  return target(text, lang, start, end, valueType, comparison, value, left, text.slice(end, end + RIGHT), extra);
}

function target(
  text: string,
  lang: Language,
  start: number,
  end: number,
  valueType: ValueType,
  comparison: Comparison,
  value: number,
  left: string,
  right: string,
  extra: TargetExtra,
): TargetItem {
  const clauseLeft = lastClause(left);
  const lower = LOWER_BETTER[lang].test(clauseLeft);
  const direction: Direction =
    valueType === 'rank' && !extra.change ? 'lower_is_better' : lower ? 'lower_is_better' : 'higher_is_better';
  let subject = subjectOf(clauseLeft, lang);
  if (valueType === 'fraction' || valueType === 'count') {
    const noun = COUNT_NOUN[lang].exec(right);
    const n = noun ? unitWords(lang === 'zh' ? (noun[2] ?? '') : (noun[1] ?? ''), lang) : '';
    if (n) subject = `${subject} ${n}`.trim();
    if (!extra.unit && n) extra.unit = n;
  }
  if (subject.length < 3) {
    // "100% dịch vụ công …": the measured thing follows the number
    const after = right.replace(/^\s*(?:%|٪|phần trăm|percent)?\s*/iu, '');
    const stop = after.search(/[.;:,!?。；：，！？\n،؛]/u);
    subject = (stop >= 0 ? after.slice(0, stop) : after).trim().slice(0, 120);
  }
  let confidence = extra.confidence;
  if (/(?:\bđã\b|\bwas\b|\bwere\b|\bhad\b|已|تم\s)/iu.test(clauseLeft)) confidence -= 0.2;
  return {
    type: 'target',
    text: text.slice(start, end),
    span: [start, end],
    confidence: conf(confidence),
    valueType,
    comparison,
    value,
    ...(extra.of !== undefined ? { of: extra.of } : {}),
    ...(extra.change ? { change: true } : {}),
    direction: extra.change && valueType === 'rank' ? 'lower_is_better' : direction,
    unit: extra.unit,
    subject,
  };
}

const CONJ: Record<Language, RegExp> = {
  vi: /\s(?:và|hoặc|để|nhằm|bảo đảm|đảm bảo)\s/giu,
  en: /\s(?:and|or|so that|to ensure|ensure that|ensure)\s/gi,
  zh: /(?:和|及|并|使|确保)/gu,
  ar: /\s(?:و|أو|لضمان|بحيث)\s?/gu,
};

/** What is measured: the clause left of the number, from its last conjunction, whole words only. */
function subjectOf(clauseLeft: string, lang: Language): string {
  let s = clauseLeft.replace(/\s+/g, ' ');
  if (lang !== 'zh' && clauseLeft.length >= LEFT - 1) s = s.replace(/^\S*\s/, '');
  let cut = -1;
  for (const m of s.matchAll(CONJ[lang])) if (s.length - (m.index + m[0].length) >= 8) cut = m.index + m[0].length;
  if (cut > 0) s = s.slice(cut);
  // the last comma clause, when it is long enough to name something
  const comma = Math.max(s.lastIndexOf(','), s.lastIndexOf('，'), s.lastIndexOf('،'));
  if (comma >= 0 && s.length - comma > (lang === 'zh' ? 4 : 12)) s = s.slice(comma + 1);
  return s
    .replace(/^[\s\-–•*+·]+/u, '')
    .replace(/^(?:[a-zđ]|\d{1,2}|[ivx]{1,4})[.)]\s+/iu, '')
    .trim()
    .replace(TRAILING[lang], '')
    .trim();
}

/** Function words left dangling before the number ("… thuộc", "… to", "… 达到"). */
const TRAILING: Record<Language, RegExp> = {
  vi: /(?:\s+(?:thuộc|đạt|là|lên|vào|trong|tới|đến|của|ở|tại|với|bằng|chiếm|khoảng|hoàn thành|triển khai|có))+$/iu,
  en: /(?:\s+(?:to|of|into|in|at|reach|reaching|by|the|a|an|be|is|are|for|among|with|than|rank|ranks))+$/i,
  zh: /(?:达到|为|到|在|进入|全球|达|占)+$/u,
  ar: /(?:\s+(?:إلى|الى|في|من|على|عن|ضمن|بنسبة|لتكون|ليكون|لتشمل|بحيث|بما))+$/u,
};

/** The words of the current clause left of a position (after the last , ; : or sentence end). */
function lastClause(left: string): string {
  let i = left.length - 1;
  for (; i >= 0; i--) {
    const ch = left[i]!;
    if (/[.;:!?。；：！？\n،؛]/.test(ch)) break;
  }
  return left.slice(i + 1);
}
