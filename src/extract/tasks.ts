/**
 * Areas and tasks. Areas come from enumeration markers; tasks are imperative clauses:
 * a clause that opens (after allowed adverbs and introducers) with an action verb from
 * the language's lexicon, or with a subject (an agency, "các địa phương", "all
 * departments") followed by such a verb. Clauses that do not open a task continue the
 * previous one. Sentences in context sections ("Về quan điểm…", "lessons") are skipped;
 * sections announcing tasks ("Về nhiệm vụ, giải pháp…") raise confidence.
 */
import type { Language } from '../domain/i18n.js';
import type { AreaItem, Span, TaskItem } from './types.js';
import { clauses, conf, overlapping, paragraphs, sentences, trimSegment, type Segment } from './text.js';
import { ACTION_VERBS, LEADERS, NON_TASK, SECTION_OFF, SECTION_ON, TAGS } from './lexicon.js';
import type { Marker } from './structure.js';

interface Lex {
  verbs: Set<string>;
  leaders: Set<string>;
  maxVerbWords: number;
  maxLeaderWords: number;
}

const lexCache = new Map<Language, Lex>();
function lex(lang: Language): Lex {
  let l = lexCache.get(lang);
  if (!l) {
    const verbs = new Set(ACTION_VERBS[lang]);
    const leaders = new Set(LEADERS[lang]);
    const wc = (s: string): number => (lang === 'zh' ? s.length : s.split(' ').length);
    l = {
      verbs,
      leaders,
      maxVerbWords: Math.max(...[...verbs].map(wc)),
      maxLeaderWords: Math.max(...[...leaders].map(wc)),
    };
    lexCache.set(lang, l);
  }
  return l;
}

/** Generic subjects that may precede a task verb ("Các địa phương", "All regions", "各地区"). */
const SUBJECTS: Record<Language, RegExp> = {
  vi: /^(?:các\s+|mỗi\s+|từng\s+)?(?:bộ|ngành|bộ, ngành|địa phương|tỉnh|thành phố|bộ trưởng|trưởng ngành|chủ tịch|ubnd|ủy ban nhân dân|uỷ ban nhân dân|cơ quan|đơn vị|doanh nghiệp|tập đoàn|ngân hàng|sở|ban|văn phòng|người đứng đầu)(?:[\s,]+(?:ngành|địa phương|các cấp|trung ương|liên quan|thành phố|tỉnh|cơ quan|đơn vị|bí thư|chủ tịch|ubnd|trưởng ngành))*\s*/iu,
  en: /^(?:all\s+|each\s+|the\s+|relevant\s+|local\s+)*(?:regions?|departments?|ministries|ministry|provinces?|localities|governments?|agencies|authorities|committees?|units?|enterprises|members?)(?:\s+(?:and|&)\s+(?:departments?|regions?|agencies|ministries|localities))?(?:,\s+according\s+to[^,]{0,60},)?\s*/i,
  zh: /^(?:各地区?|各部门|各有关部门|有关部门|各级政府|地方|各地方|各省|各级)(?:[、和]?(?:各部门|部门|地区))*/u,
  ar: /^(?:على\s+)?(?:الوزارات|الجهات|الهيئات|المحافظات|البلديات|الإدارات|جميع\s+الجهات)(?:\s+(?:المعنية|الحكومية|المختصة))?\s*/u,
};
const MODAL: Record<Language, RegExp> = {
  vi: /^(?:cần|phải|cần phải|sẽ|khẩn trương|tiếp tục|chủ động|tích cực)\s+/iu,
  en: /^(?:shall|will|must|should|are to|is to|are required to|need to)\s+/i,
  zh: /^(?:要|应|应当|须|必须|将)/u,
  ar: /^(?:أن\s+|على\s+أن\s+)?(?:تعمل|تقوم|يجب|ينبغي|سوف)\s+/u,
};
/** "X nhấn mạnh/yêu cầu <task>": a reporting head whose complement is the task. */
const REPORTING: Record<Language, RegExp | null> = {
  vi: /^[^,;]{0,60}?(?:nhấn mạnh|yêu cầu|đề nghị|giao|đề ra|nêu rõ)\s+(?:cần\s+|phải\s+|việc\s+)?/iu,
  en: null,
  zh: /^[^，；]{0,20}?(?:要求|提出|强调|明确)[，,：:]?/u,
  ar: /^[^،؛]{0,60}?(?:دعا\s+إلى|دعت\s+إلى|شدد\s+على|أكد\s+على|طالب\s+ب|وجه\s+ب)\s*/u,
};

const MODAL_AFTER_SUBJECT: Record<Language, RegExp> = {
  vi: /^(?:[\p{L}\p{M}]+\s+){1,8}?(?:phải|cần|sẽ|có trách nhiệm)\s+(?:(?:khẩn trương|tiếp tục|tích cực|chủ động)\s+)?/iu,
  en: /^(?:[\w'’-]+\s+){1,8}?(?:will|shall|must|should|are to|is to|are required to|is required to)\s+(?:(?:also|further|actively|jointly|fully|gradually)\s+)?/i,
  zh: /^[\u4e00-\u9fff]{1,24}?(?:都|也|还)?(?:要|应|须|必须|应当|将)(?:进一步|积极|加快|切实|适时|及时|认真|抓紧|全面|不断)?/u,
  ar: /^(?:[\u0600-\u06ff]+\s+){1,6}?(?:أن|سوف|س)\s*/u,
};

/** Chinese prepositions that open a phrase between the modal and the verb ("要按照…修订"). */
const ZH_PREP = /^(?:按照|根据|依照|依据|通过|结合|围绕|依托|对|在|以|从|把|将|向|与|同)/u;

const AR_TASK_VERB =
  /^(?:(?:و|ف)?(?:كما\s+)?س[نيت][\p{Script=Arabic}\p{M}]{2,}|(?:و|ف)?(?:كل[ّ]?ف|كل[ّ]?فت|يكل[ّ]?ف|تكل[ّ]?ف|يصدر|تصدر|يتولى|تتولى|يقوم|تقوم|يضع|تضع|تنشأ|ينشأ|يلتزم|تلتزم|يخطر|تخطر|يعد|تعد|يرفع|ترفع)(?![\u0621-\u064a])|على\s+(?:[\u0621-\u064a]+\s+){1,4}أن\s+[يت][\u0621-\u064a]{2,})/u;

const COMPLETION: Record<Language, RegExp> = {
  vi: /^(?:hoàn thành|xong)(?=[\s,]|$)/iu,
  en: /^(?:complete|completed|finish|finished|done)\b/i,
  zh: /^(?:完成|实现)/u,
  ar: /^(?:إنجاز|انجاز|استكمال|إتمام)/u,
};

/** Noun compounds that continue an agency name written in lower case ("Ban Chỉ đạo chuyển đổi số tỉnh"). */
const VI_NAME_COMPOUND = /^(?:chuyển đổi (?:số|xanh)|đổi mới sáng tạo)(?![\p{L}\p{M}])/iu;

export interface VerbStart {
  /** Offset (in the clause) of the verb. */
  verbAt: number;
  /** The verb phrase found. */
  verb: string;
  /** True when a subject preceded the verb. */
  subject: boolean;
  /** True when the verb follows a reporting head ("Thủ tướng nhấn mạnh …"): the task starts at the verb. */
  reported?: boolean;
}

/** Does the clause open with an action verb (after leaders / a subject)? */
export function verbStart(clause: string, lang: Language, agencies: Span[] = [], times: Span[] = []): VerbStart | null {
  const l = lex(lang);
  let pos = 0;
  let subject = false;
  const s0 = clause;
  for (let round = 0; round < 10; round++) {
    const rest = s0.slice(pos);
    // an inline enumerator opening the clause: "(1) conduct …", "(b) …", "a) …", "—"
    const en = /^(?:[—–-]\s*)?\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)\s+/u.exec(rest);
    if (en) {
      pos += en[0].length;
      continue;
    }
    if (round === 0) {
      const rep = REPORTING[lang]?.exec(rest);
      if (rep && rep[0].length < rest.length) {
        const inner = verbStart(
          rest.slice(rep[0].length),
          lang,
          agencies.map((a) => [a[0] - rep[0].length, a[1] - rep[0].length] as Span),
        );
        if (inner && !matchPhrase(rest, lang, l.verbs, l.maxVerbWords))
          return { ...inner, verbAt: inner.verbAt + rep[0].length, reported: true };
      }
    }
    const v = matchPhrase(rest, lang, l.verbs, l.maxVerbWords);
    // "Ban Chỉ đạo chuyển đổi số tỉnh …": right after a name, a noun compound still belongs to the name
    if (v && subject && lang === 'vi' && VI_NAME_COMPOUND.test(rest)) return null;
    if (v) return { verbAt: pos, verb: v, subject };
    if (lang === 'ar') {
      // commitments in the future ("سنعمل على …", "وسيتم …", "كما سنطور …"), provisions that
      // assign work ("يصدر الوزير …", "تتولى …", "تنشأ هيئة …") and "على X أن يقوم …"
      const ar = AR_TASK_VERB.exec(rest);
      if (ar) return { verbAt: pos, verb: ar[0], subject };
    }
    if (lang === 'zh' && subject) {
      // "请科技部、财政部等部门在2019年2月底前完成": the rest of the subject list, then its time
      const etc = /^等(?:有关)?(?:部门|单位|机构)/u.exec(rest);
      if (etc) {
        pos += etc[0].length;
        continue;
      }
      if (/^[在于]/u.test(rest) && times.some((a) => a[0] === pos + 1)) {
        pos = times.find((a) => a[0] === pos + 1)![1];
        continue;
      }
    }
    // a time expression opening the clause ("2026年6月30日前完成 …", "By 2025, …"): skip it
    const dl = times.find((a) => a[0] === pos);
    if (dl) {
      pos = dl[1];
      pos += s0.slice(pos).length - s0.slice(pos).replace(/^[\s,、，،]+/u, '').length;
      continue;
    }
    // an agency named here is the subject or a partner: skip it
    const ag = agencies.find(
      (a) =>
        a[0] >= pos &&
        a[0] <= pos + (lang === 'en' ? 4 : 0) &&
        a[1] > pos &&
        /^(?:|[Tt]he\s+)$/u.test(s0.slice(pos, a[0])),
    );
    if (ag) {
      pos = ag[1];
      pos += s0.slice(pos).length - s0.slice(pos).replace(/^[\s,、，،]+/u, '').length;
      subject = true;
      continue;
    }
    const ld = matchPhrase(rest, lang, l.leaders, l.maxLeaderWords);
    if (ld) {
      pos += ld.length;
      pos += rest.slice(ld.length).length - rest.slice(ld.length).trimStart().length;
      continue;
    }
    if (!subject) {
      const sm = SUBJECTS[lang].exec(rest);
      // "Bộ Xây dựng …" is a name, not the generic subject "bộ"
      if (sm && sm[0].trim().length > 0 && !/^\p{Lu}/u.test(rest.slice(sm[0].length))) {
        subject = true;
        pos += sm[0].length;
        const mm = MODAL[lang].exec(s0.slice(pos));
        if (mm) pos += mm[0].length;
        continue;
      }
    }
    if (lang === 'ar' && /^[وفبل]/u.test(rest)) {
      // "وتطوير", "بنشر": conjunction or preposition prefix on a verbal noun
      const v2 = matchPhrase(rest.slice(1), lang, l.verbs, l.maxVerbWords);
      if (v2) return { verbAt: pos, verb: v2, subject };
    }
    // "Every secondary school will teach …", "各地要加强 …": a subject, a modal, an action verb
    if (round === 0 || subject) {
      const mm = MODAL_AFTER_SUBJECT[lang].exec(rest);
      if (mm) {
        const after = pos + mm[0].length;
        const v3 = matchPhrase(s0.slice(after), lang, l.verbs, l.maxVerbWords);
        if (v3) return { verbAt: after, verb: v3, subject: true };
        // "要按照上述原则修订 …", "要通过随机抽查等方式加强 …": a prepositional phrase before the verb
        if (lang === 'zh' && ZH_PREP.test(s0.slice(after))) {
          const tail = s0.slice(after, after + 40);
          for (let k = 2; k < tail.length; k++) {
            if (/[，。；]/u.test(tail[k]!)) break;
            const v4 = matchPhrase(tail.slice(k), lang, l.verbs, l.maxVerbWords);
            if (v4) return { verbAt: after, verb: v4, subject: true };
          }
        }
      }
    }
    return null;
  }
  return null;
}

function matchPhrase(s: string, lang: Language, set: Set<string>, maxWords: number): string | null {
  if (lang === 'zh') {
    for (let n = Math.min(maxWords, s.length); n >= 1; n--) if (set.has(s.slice(0, n))) return s.slice(0, n);
    return null;
  }
  const head = s.slice(0, 24 * (maxWords + 1));
  if (!/^[\p{L}\p{M}]/u.test(head)) return null;
  const ws: RegExpExecArray[] = [];
  const wre = /[\p{L}\p{M}'’-]+|,/gu;
  for (let m = wre.exec(head); m && ws.length <= maxWords; m = wre.exec(head)) ws.push(m);
  // try the longest word sequence first (allow "phòng, chống")
  for (let n = Math.min(maxWords, ws.length); n >= 1; n--) {
    const last = ws[n - 1]!;
    if (last[0] === ',') continue;
    const phrase = s.slice(0, last.index + last[0].length);
    const key = phrase.toLowerCase().replace(/\s+/g, ' ');
    if (set.has(key)) {
      const after = s[last.index + last[0].length];
      if (after === undefined || !/[\p{L}\p{M}]/u.test(after)) return phrase;
    }
  }
  return null;
}

export interface TaskContext {
  lang: Language;
  /** Spans of agency mentions (a clause may open with one as its subject). */
  agencySpans?: Span[] | undefined;
  markers: Marker[];
  /** Spans of deadlines and targets (to raise the confidence of clauses holding them). */
  evidence: Span[];
}

export interface StructureResult {
  areas: AreaItem[];
  tasks: TaskItem[];
  /** For each area, the intro sentence of its enumeration group (goal title), if any. */
  groupIntro: (Segment | null)[];
  /** Group index of each area (enumerations restarting at 1 open a new group). */
  areaGroup: number[];
  /**
   * Tasks listed under a label that names who does them ("b) Bộ Công an:", "c) Tổ đảng ở Hội đồng
   * Dân tộc" followed by its items): the span of the agency the label names.
   */
  labelOf: Map<TaskItem, Span>;
}

const SMALL_CLAUSE = 14;
/** Words that open a list of examples inside a task ("8 lĩnh vực như A, B, C"). */
const EXAMPLES: Record<Language, RegExp> = {
  vi: /(?:^|\s)(?:như|như là|gồm có|chẳng hạn)\s/iu,
  en: /\b(?:such as|including|like|e\.g\.)\s/i,
  zh: /(?:如|例如|包括)/u,
  ar: /(?:مثل|بما في ذلك|منها)\s/u,
};
const wordCount = (s: string, lang: Language): number =>
  lang === 'zh' ? Math.ceil(s.length / 2) : s.trim().split(/\s+/).length;
const AGENCY_SUBJECT_TAIL: Record<Language, RegExp> = {
  vi: /^\s*(?:chủ trì(?:,?\s*phối hợp với[^,;]{0,80})?|phối hợp với[^,;]{0,80}|cần|phải|sẽ|có trách nhiệm|được giao|có kế hoạch(?: cụ thể)?)?[\s,]*/iu,
  en: /^\s*(?:shall|will|must|should|is to|is responsible for|takes the lead(?: in)?|,\s*in coordination with[^,;]{0,80},)?\s*/i,
  zh: /^(?:牵头|负责|会同[^，；]{0,30}|要|应)?/u,
  ar: /^\s*(?:على|بالتنسيق مع[^،؛]{0,80})?\s*/u,
};

/** A Vietnamese heading that opens a section of goals ("II. MỤC TIÊU", "Mục tiêu cụ thể"). */
const VI_GOALS = /^(?:(?:các\s+)?mục tiêu)(?:\s+(?:chung|cụ thể|tổng quát))?\s*[.:]?$/iu;
/** Words that open the description of a task's content ("tập trung vào …", "với các nội dung …"). */
const VI_CONTENT =
  /(?:^|\s)(?:tập trung vào|với (?:các )?nội dung|gồm các nội dung|(?:các|những) nội dung (?:chủ yếu|chính|trọng tâm|sau))(?=\s|:)/iu;
/** Vietnamese verbs by which a subject assigns or directs the work that follows. */
const VI_DIRECTIVE = /(?:^|\s)(?:chỉ đạo|chủ trì|giao|yêu cầu|có trách nhiệm|phụ trách)(?=\s|$)/iu;
/**
 * Compounds read as nouns when they open a short comma clause ("… khoa học, công nghệ, đổi mới
 * sáng tạo và chuyển đổi số"): the clause is one more object of a list, not a new task.
 */
const VI_NOMINAL =
  /^(?:đổi mới sáng tạo|chuyển đổi (?:số|xanh)|phát triển công nghệ|nghiên cứu khoa học|khoa học(?: và)? công nghệ|công nghệ)(?:\s+(?:và|,)|\s*$)/iu;

/**
 * Does a Vietnamese clause end with a verb introduced by "việc / để / nhằm" ("hướng dẫn việc kiện toàn")?
 * Its object comes after the verbs coordinated with it: "việc kiện toàn, bố trí cán bộ".
 */
function endsWithVerb(s: string): boolean {
  const ws = s.trim().toLowerCase().split(/\s+/u);
  const verbs = lex('vi').verbs;
  for (const n of [2, 1]) {
    if (ws.length < n + 2) continue;
    if (verbs.has(ws.slice(-n).join(' ')) && /^(?:việc|để|nhằm)$/u.test(ws[ws.length - n - 1]!)) return true;
  }
  return false;
}

export function findAreasAndTasks(text: string, ctx: TaskContext): StructureResult {
  const { lang } = ctx;
  const areas: AreaItem[] = [];
  const areaGroup: number[] = [];
  const groupIntro: (Segment | null)[] = [];
  const tasks: TaskItem[] = [];
  const areaFamily = pickAreaFamily(ctx.markers);
  const markers = ctx.markers.filter((m) => m.family === areaFamily);
  // list items below the area level are task candidates; families above it are headings
  const itemMarkers = ctx.markers.filter(
    (m) =>
      m.family === 'bullet' ||
      m.family === 'letter' ||
      (m.family === 'numbered' && areaFamily !== 'numbered') ||
      (m.family === 'sub' && areaFamily === 'roman'),
  );
  const itemSet = new Set(itemMarkers);
  const headings = ctx.markers.filter((m) => m.family !== areaFamily && !itemSet.has(m));
  const markerStarts = new Set([...markers, ...itemMarkers, ...headings].map((m) => m.start));
  const agencyItems = (ctx.agencySpans ?? []).map((span) => ({ span }));
  const evidenceItems = ctx.evidence.map((span) => ({ span }));
  let hi = 0;
  let leading = true;
  let mi = 0;
  let imi = 0;
  let group = -1;
  let currentArea: number | undefined;
  let areaPara = -1;
  let mode: 'neutral' | 'on' | 'off' = 'neutral';
  let goals = false;
  let ei = 0;
  const paras = paragraphs(text);
  const labelOf = new Map<TaskItem, Span>();
  let label: Span | null = null;
  /** The agency a label names when it is made of agencies only ("Bộ Công an:", "Tổ đảng ở X, các Ủy ban của Y"). */
  const labelAgency = (seg: Segment): Span | null => {
    const s0 = trimSegment(text, seg);
    const body = text.slice(s0.start, s0.end).replace(/[:：.]\s*$/u, '');
    if (!body || body.length > 200) return null;
    const inside = overlapping(agencyItems, s0.start, s0.start + body.length).map((a) => a.span);
    if (!inside.length || inside[0]![0] > s0.start + 2) return null;
    const covered = inside.reduce((n, a) => n + Math.min(a[1], s0.start + body.length) - Math.max(a[0], s0.start), 0);
    return covered >= 0.6 * body.replace(/[\s,]+/gu, '').length ? inside[0]! : null;
  };
  // tasks opened by "X chỉ đạo / chủ trì / giao …": their comma-separated clauses stay in them
  const directive = new WeakSet<TaskItem>();
  const viContinues = (t: string, c: Segment, cText: string, vs: VerbStart, cur: TaskItem, own: Span[]): boolean => {
    // only a comma continues a task; ";", ":" and list markers start new ones
    if (t.slice(cur.span[1], c.start).trim() !== ',') return false;
    // a noun compound ending a comma list of objects ("khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số")
    if (VI_NOMINAL.test(cText) && cText.split(/\s+/).length <= 8) return true;
    // "… hướng dẫn việc kiện toàn, bố trí cán bộ …": a task ending with a bare verb shares its object with the next clause
    if (endsWithVerb(t.slice(cur.span[0], cur.span[1]))) return true;
    const sofar = t.slice(cur.span[0], c.start);
    // "… tập trung vào đổi mới X, hoàn thiện Y, phát triển Z": the description of the task's content, up to a semicolon
    if (VI_CONTENT.test(sofar) && !/[;；]/u.test(sofar)) return true;
    // the directive's scope ends at a semicolon
    if (!directive.has(cur) || /[;；]/u.test(sofar)) return false;
    // a clause with its own subject or its own directive verb is a task of its own
    if (vs.subject || own.some((a) => a[0] <= c.start + 6)) return false;
    return !VI_DIRECTIVE.test(cText.slice(0, vs.verbAt + vs.verb.length));
  };
  for (let pi = 0; pi < paras.length; pi++) {
    const para = paras[pi]!;
    // an area's scope ends with its paragraph unless the next paragraphs are list items
    if (
      currentArea !== undefined &&
      areaPara !== pi - 1 &&
      !(imi < itemMarkers.length && itemMarkers[imi]!.start === para.start)
    )
      currentArea = undefined;
    else if (currentArea !== undefined) areaPara = pi;
    const sents = sentences(text, para);
    // a label's items are the list lines below it: running text ends its scope
    if (label && !markerStarts.has(para.start)) label = null;
    // headlines: the leading paragraphs without a final stop
    const pText = text.slice(para.start, para.end);
    if (
      leading &&
      paras.length > 1 &&
      !/[.!?。！？؟:：]$/u.test(pText) &&
      pText.length < 300 &&
      !markerStarts.has(para.start)
    )
      continue;
    leading = false;
    // a heading above the area level ("II. NHIỆM VỤ", "三、保障措施") closes the current area
    while (hi < headings.length && headings[hi]!.start < para.start) hi++;
    if (hi < headings.length && headings[hi]!.start === para.start) {
      currentArea = undefined;
      label = null;
      // "II- MỤC TIÊU": a section of goals (targets), not of tasks, up to the next heading
      goals = lang === 'vi' && VI_GOALS.test(pText.slice(headings[hi]!.end - para.start).trim());
      if (SECTION_ON[lang].test(pText)) mode = 'on';
      else if (SECTION_OFF[lang].test(pText.slice(headings[hi]!.end - para.start).trim())) mode = 'off';
      else mode = 'neutral';
      if (pText.length < 120) continue;
    }
    if (goals) continue;
    for (let si = 0; si < sents.length; si++) {
      let sent = sents[si]!;
      let isAreaTitle = false;
      let listItem = false;
      while (mi < markers.length && markers[mi]!.end <= sent.start) mi++;
      while (imi < itemMarkers.length && itemMarkers[imi]!.end <= sent.start) imi++;
      // marker at the start of this sentence (or inside a clause-opening position)
      if (
        mi < markers.length &&
        markers[mi]!.start >= sent.start &&
        markers[mi]!.start < sent.end &&
        /^\s*$/.test(text.slice(sent.start, markers[mi]!.start))
      ) {
        const m = markers[mi]!;
        if (m.ordinal === 1 || group < 0 || (areas.length > 0 && m.ordinal <= areas[areas.length - 1]!.ordinal)) {
          group++;
          // intro: the previous sentence in this paragraph, if any
          const prev = si > 0 ? sents[si - 1]! : null;
          groupIntro.push(prev);
        } else groupIntro.push(null);
        const body = trimSegment(text, { start: m.end, end: sent.end });
        const title = firstClause(text, body);
        areas.push({
          type: 'area',
          text: text.slice(m.start, sent.end),
          span: [m.start, trimSegment(text, { start: m.start, end: sent.end }).end],
          confidence: conf(m.family === 'ordinal' ? 0.85 : 0.7),
          ordinal: m.ordinal,
          marker: m.text,
          title: cleanTitle(text.slice(title.start, title.end), lang) || m.text,
        });
        areaGroup.push(group);
        currentArea = areas.length - 1;
        label = null;
        areaPara = pi;
        mode = 'neutral';
        mi++;
        // the title sentence is not a task unless it holds several clauses
        isAreaTitle = true;
        sent = { start: m.end, end: sent.end };
      } else if (
        imi < itemMarkers.length &&
        itemMarkers[imi]!.start >= sent.start &&
        itemMarkers[imi]!.start < sent.end
      ) {
        listItem = true;
        sent = { start: itemMarkers[imi]!.end, end: sent.end };
      }
      const sText = text.slice(sent.start, sent.end);
      // section cues
      if (SECTION_OFF[lang].test(sText) && !isAreaTitle) {
        mode = 'off';
        continue;
      }
      if (lang === 'vi' && /^về\s/iu.test(sText) && SECTION_ON.vi.test(sText.slice(0, 60))) mode = 'on';
      if (isAreaTitle) continue;
      // "… thực hiện các nhiệm vụ sau:", "as follows:", "如下：" introduce a list, they are not tasks
      if (/[:：]\s*$/u.test(sText)) {
        // "b) Bộ Công an:": a label naming who does the items below
        const la = labelAgency(sent);
        if (la) label = la;
        continue;
      }
      // a list item made of agency names only ("c) Tổ đảng ở Hội đồng Dân tộc, các Ủy ban …") labels the items below
      if (listItem && !/[.。]\s*$/u.test(sText)) {
        const la = labelAgency(sent);
        if (la) {
          label = la;
          continue;
        }
      }
      // is the whole sentence a reported statement introducing a list? ("X pointed out that…")
      const cls = clauses(text, sent);
      let current: TaskItem | null = null;
      for (let ci = 0; ci < cls.length; ci++) {
        const c = cls[ci]!;
        const cText = text.slice(c.start, c.end);
        const clauseAgencies = overlapping(agencyItems, c.start, c.end).map((a) => a.span);
        const rel: Span[] = clauseAgencies
          .filter((a) => a[0] >= c.start && a[1] <= c.end)
          .map((a) => [a[0] - c.start, a[1] - c.start]);
        const relTimes: Span[] = overlapping(evidenceItems, c.start, c.end)
          .filter((e) => e.span[0] >= c.start)
          .map((e) => [e.span[0] - c.start, e.span[1] - c.start]);
        let vs = verbStart(cText, lang, rel, relTimes);
        if (!vs && ctx.agencySpans) {
          // "Bộ Thông tin và Truyền thông chủ trì xây dựng …"
          const a = clauseAgencies.find(
            (sp) =>
              sp[0] >= c.start &&
              sp[0] <= c.start + 6 &&
              /^(?:[\s\p{Ll}]*|[Tt]he\s+)$/u.test(text.slice(c.start, sp[0])),
          );
          if (a && a[1] < c.end) {
            const tail = AGENCY_SUBJECT_TAIL[lang].exec(text.slice(a[1], c.end));
            const off = a[1] - c.start + (tail ? tail[0].length : 0);
            const inner = verbStart(cText.slice(off), lang);
            if (inner && !(lang === 'vi' && inner.verbAt === 0 && VI_NAME_COMPOUND.test(cText.slice(off))))
              vs = { ...inner, verbAt: inner.verbAt + off, subject: true };
          }
        }
        // "Bộ X xác định, …": a subject and a bare verb before a comma report what follows
        if (vs && vs.subject && cText.slice(vs.verbAt + vs.verb.length).trim() === '' && ci < cls.length - 1) vs = null;
        const inExamples =
          current !== null &&
          wordCount(cText, lang) <= 4 &&
          EXAMPLES[lang].test(text.slice(Math.max(current.span[0], c.start - 400), c.start).replace(/^[^]*[;；]/u, ''));
        const completionOnly =
          vs &&
          current &&
          COMPLETION[lang].test(cText.slice(vs.verbAt)) &&
          overlapping(evidenceItems, c.start, c.end).length > 0 &&
          c.end - c.start < 48;
        const before = vs && ci > 0 ? text.slice(Math.max(sent.start, c.start - 240), c.start) : '';
        const reported =
          vs !== null && ci > 0 && !current && NON_TASK[lang].test(before) && !SECTION_ON[lang].test(before);
        if (vs && !completionOnly && !reported && !inExamples && !nonTask(cText.slice(vs.verbAt), lang)) {
          if (current && lang === 'vi' && viContinues(text, c, cText, vs, current, clauseAgencies)) {
            current.span[1] = c.end;
            continue;
          }
          const small =
            current &&
            current.span[1] - current.span[0] < SMALL_CLAUSE &&
            current.title.split(/\s+/).length <= 2 &&
            lang !== 'zh';
          if (small && current) {
            current.span[1] = c.end;
            continue;
          }
          let confidence = 0.6;
          if (mode === 'on') confidence += 0.2;
          if (mode === 'off') confidence -= 0.35;
          if (currentArea !== undefined) confidence += 0.15;
          if (listItem) confidence += 0.1;
          if (vs.subject) confidence += 0.05;
          if (vs.reported) confidence -= 0.15;
          if (ci > 0 && SECTION_ON[lang].test(before)) confidence += 0.05;
          let start = vs.reported ? c.start + vs.verbAt : c.start;
          // "Các bộ, ngành khẩn trương …": subject clauses split off by a comma
          for (let k = ci - 1; k >= 0; k--) {
            const prev = text.slice(cls[k]!.start, cls[k]!.end);
            const sm = SUBJECTS[lang].exec(prev);
            // a bill's subsection heading before the subject ("(a) In general.--The Secretary shall")
            const head = lang === 'en' ? (EN_SUBSECTION.exec(prev)?.[0].length ?? 0) : 0;
            const ag = overlapping(agencyItems, cls[k]!.start, cls[k]!.end)
              .map((x) => x.span)
              .find((sp) => sp[0] >= cls[k]!.start && sp[0] <= cls[k]!.start + head + 6 && sp[1] <= cls[k]!.end);
            // "The Secretary shall, acting through the Director, engage …": a parenthetical between subject and verb
            if (k > 0 && PARENTHETICAL[lang]?.test(prev)) continue;
            const agencyOnly = ag && subjectOnly(text, ag[1], cls[k]!.end, lang, agencyItems);
            const rep = REPORTING[lang]?.exec(prev);
            const repSubject = rep && SUBJECTS[lang].exec(prev.slice(rep[0].length));
            if ((sm && sm[0].trim().length === prev.trim().length) || agencyOnly) start = cls[k]!.start;
            else if (
              rep &&
              repSubject &&
              repSubject[0].trim().length === prev.slice(rep[0].length).trim().length &&
              repSubject[0].trim().length > 0
            ) {
              start = cls[k]!.start + rep[0].length;
              break;
            } else break;
          }
          current = {
            type: 'task',
            text: '',
            span: [start, c.end],
            confidence,
            title: '',
            tags: [],
            agencies: [],
            ...(currentArea !== undefined ? { areaIndex: currentArea } : {}),
          };
          if (lang === 'vi' && (vs.subject || start < c.start) && VI_DIRECTIVE.test(text.slice(start, c.end)))
            directive.add(current);
          if (label) labelOf.set(current, label);
          tasks.push(current);
        } else if (current) {
          current.span[1] = c.end;
        }
      }
      if (listItem && !current && cls.length > 0 && currentArea !== undefined) {
        // list items under an area are tasks even without a known verb
        const seg = trimSegment(text, sent);
        const item: TaskItem = {
          type: 'task',
          text: '',
          span: [seg.start, seg.end],
          confidence: 0.55,
          title: '',
          tags: [],
          agencies: [],
          areaIndex: currentArea,
        };
        if (label) labelOf.set(item, label);
        tasks.push(item);
      }
    }
  }
  // when the text is structured, loose clauses before the first area are its preamble
  const firstArea = areas[0]?.span[0];
  if (firstArea !== undefined)
    for (const t of tasks) if (t.areaIndex === undefined && t.span[0] < firstArea) t.confidence -= 0.2;
  for (const t of tasks) {
    while (ei < ctx.evidence.length && ctx.evidence[ei]![1] <= t.span[0]) ei++;
    if (ei < ctx.evidence.length && ctx.evidence[ei]![0] < t.span[1]) t.confidence += 0.1;
    t.confidence = conf(t.confidence);
    t.text = text.slice(t.span[0], t.span[1]);
    t.title = cleanTitle(t.text, lang);
    t.tags = tagsOf(t.text, lang);
  }
  return { areas, tasks, groupIntro, areaGroup, labelOf };
}

/** A subsection heading of a bill: "(a) In general.--", "(1) Establishment.—". */
const EN_SUBSECTION = /^\s*(?:\([a-zA-Z0-9]{1,4}\)\s*)+(?:[A-Z][\w ,'’-]{0,60}\.\s*(?:--|—|–)\s*)?/u;
/** Phrases set off by commas between a subject and its verb ("acting through the Director", "in consultation with …"). */
const PARENTHETICAL: Record<Language, RegExp | null> = {
  vi: null,
  en: /^\s*(?:acting through|in (?:consultation|coordination|collaboration|cooperation|partnership) with|with the (?:support|assistance|concurrence) of|as appropriate|to the extent practicable|(?:beginning|starting) (?:in|on|with)|not later than|no later than)\b[^;]{0,160}$/i,
  zh: null,
  ar: null,
};
/** What may follow the subject of a clause split off by a comma ("X và Y theo chức năng nhiệm vụ, …"). */
const SUBJECT_QUALIFIER: Record<Language, RegExp | null> = {
  vi: /^\s*(?:theo|trong phạm vi|căn cứ)\s[^,;]{0,60}$/iu,
  en: null,
  zh: null,
  ar: null,
};
const SUBJECT_LIST_GAP = /^(?:\s*(?:,|、|，|và|and|&|及|和|与)\s*|\s+و)$/u;

/**
 * Is text[from, end) — the rest of a clause after an agency — only the end of a subject: a
 * cue ("chủ trì", "shall"), more agencies of a list ("X và Y"), or a qualifier ("theo chức năng")?
 */
function subjectOnly(text: string, from: number, end: number, lang: Language, agencies: { span: Span }[]): boolean {
  let pos = from;
  for (const a of overlapping(agencies, from, end)) {
    if (a.span[0] < pos || a.span[1] > end) continue;
    if (!SUBJECT_LIST_GAP.test(text.slice(pos, a.span[0]))) break;
    pos = a.span[1];
  }
  if (AGENCY_SUBJECT_TAIL[lang].exec(text.slice(pos, end))?.[0].length === end - pos) return true;
  return pos > from && !!SUBJECT_QUALIFIER[lang]?.test(text.slice(pos, end));
}

/**
 * Which enumeration family holds the areas: ordinal words ("Thứ nhất", "一是") when
 * present; else numbered lines when letter or bullet items sit below them; else roman
 * headings. Families above the area level are headings; those below are task items.
 */
function pickAreaFamily(markers: Marker[]): Marker['family'] | null {
  const has = (f: Marker['family']): boolean => markers.filter((m) => m.family === f).length >= 2;
  if (has('ordinal')) return 'ordinal';
  // Chinese levels: "一、" > "（一）" > "1.": the areas are the lowest level with items below it
  if (has('sub')) return has('numbered') || !has('roman') ? 'sub' : 'roman';
  if (has('numbered') && (has('letter') || has('bullet'))) return 'numbered';
  if (has('roman')) return 'roman';
  return null;
}

function nonTask(rest: string, lang: Language): boolean {
  const head =
    lang === 'en' ? rest.split(/\s+/).slice(0, 5).join(' ') : lang === 'zh' ? rest.slice(0, 6) : rest.slice(0, 48);
  return NON_TASK[lang].test(head);
}

function firstClause(text: string, seg: Segment): Segment {
  const cs = clauses(text, seg);
  return cs[0] ?? seg;
}

/** A readable title: trimmed, leading connective words dropped, first letter capitalised, at most 200 characters. */
export function cleanTitle(s: string, lang: Language): string {
  let t = s.replace(/\s+/g, ' ').trim();
  const intro: Record<Language, RegExp> = {
    vi: /^(?:bao gồm|gồm|trong đó|đồng thời|cụ thể là|cụ thể|và|cũng như)[\s,:]+/iu,
    en: /^(?:(?:is|are)\s+)?(?:to\s+)?(?:including|and|also|in particular)?[\s,:]*(?:to\s+)?/i,
    zh: /^(?:包括|同时|并|其中)[，,：:]?/u,
    ar: /^(?:بما في ذلك|يشمل ذلك|كما|و)\s*/u,
  };
  for (let k = 0; k < 2; k++) t = t.replace(intro[lang], '');
  t = t.replace(/[.;:,。；，、،؛]+$/u, '');
  if (t.length > 200) t = `${t.slice(0, 199).replace(/\s+\S*$/u, '')}…`;
  if (lang === 'vi' || lang === 'en') t = t.charAt(0).toUpperCase() + t.slice(1);
  return t || s.trim();
}

const tagCache = new Map<Language, [string, RegExp][]>();

/** Tags whose keywords occur in the text (whole words; substring for Chinese). */
export function tagsOf(s: string, lang: Language): string[] {
  let list = tagCache.get(lang);
  if (!list) {
    list = Object.entries(TAGS).map(([tag, kw]) => {
      const alts = kw[lang]
        .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .sort((a, b) => b.length - a.length)
        .join('|');
      return [
        tag,
        lang === 'zh'
          ? new RegExp(`(?:${alts})`, 'iu')
          : new RegExp(`(?<![\\p{L}\\p{M}])(?:${alts})(?![\\p{L}\\p{M}])`, 'iu'),
      ] as [string, RegExp];
    });
    tagCache.set(lang, list);
  }
  return list.filter(([, re]) => re.test(s)).map(([tag]) => tag);
}
