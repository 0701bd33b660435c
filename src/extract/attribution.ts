/**
 * Who leads each task and who co-ordinates: the patterns by which texts assign work.
 *
 * - vi: "giao X chủ trì, phối hợp với Y", "X chủ trì", "Bộ trưởng Bộ X chỉ đạo …"
 * - en: "X is tasked with …", "X shall …, in coordination with Y", "led by X", "X, acting through Y, in consultation with Z, shall"
 * - zh: "X牵头，Y配合", "X负责", "X会同Y", "（牵头单位：X，配合单位：Y、Z）"
 * - ar: "تتولى X", "كلّف X", "بالتنسيق مع Y", "على X أن …", "يصدر الوزير …" (verb–subject)
 *
 * An agency is the lead when a cue says so, or when it is the subject of the task's clause
 * (named before its verb); agencies after a co-ordination cue, or listed after the lead, are
 * co-ordinators. A task with no agency of its own takes the lead of the task before it in the
 * same sentence ("X chỉ đạo A; B; C"). Plural subjects ("các bộ, ngành, địa phương", "all
 * provinces", "各地区各部门", "اللجان الإقليمية") are cascades: the task goes to every unit of
 * that kind. Every proposal carries its span, its cue and a confidence.
 */
import type { Language } from '../domain/i18n.js';
import type { OrgUnitKind } from '../domain/org-unit.js';
import type { AgencyItem, Attribution, Span, TaskItem } from './types.js';
import { conf, overlapping } from './text.js';
import { verbStart } from './tasks.js';

const LEAD_BEFORE: Record<Language, RegExp> = {
  vi: /(?:giao(?:\s+cho)?|đề nghị|yêu cầu|chỉ đạo|Thường trực|Bộ trưởng|Thủ trưởng|Chủ tịch|Trưởng|Giám đốc)\s*$/u,
  en: /\b(?:led by|tasks?|directs?|instructs?|requires?|charges?|assigns?)\s+(?:the\s+)?$/i,
  zh: /(?:由|请|牵头单位[：:])\s*$/u,
  ar: /(?:(?:^|[\s،؛.(])(?:[وف]?(?:س)?[يت][\p{Script=Arabic}\p{M}]{2,11}|كلف|كلّف|كلفت|على))\s+(?:(?:جميع|كل|كافة)\s+)?$/u,
};
const LEAD_AFTER: Record<Language, RegExp> = {
  vi: /^\s*(?:,?\s*(?:theo|trong phạm vi|căn cứ)\s[^,.;]{0,60},\s*)?(?:chủ trì|có trách nhiệm|chịu trách nhiệm|được giao|cần|phải|sẽ|chỉ đạo|đạo chỉ đạo|khẩn trương|tiếp tục|tập trung|trình|có kế hoạch)(?![\p{L}])/u,
  en: /^\s*(?:,[^,.;]{0,120}?(?=,))*,?\s*(?:shall|will|must|should|is to|are to|is tasked with|are tasked with|is responsible for|are responsible for|takes? the lead|leads?)\b/i,
  zh: /^(?:(?:和|及|等)[^，。；、]{0,14}?(?:部门|单位|机构))?(?:都|也)?(?:牵头|负责|要|应|将|必须|会同|联合|统筹)/u,
  ar: /^\s+(?:أن|بـ?)/u,
};
const COORD_BEFORE: Record<Language, RegExp> = {
  vi: /(?:phối hợp(?:\s+chặt chẽ)?(?:\s+với)?|cùng với|với sự tham gia của)\s*(?:các\s+)?$/iu,
  en: /\b(?:in (?:coordination|consultation|cooperation|partnership|collaboration) with|together with|with the support of|supported by|acting through|jointly with)\s+(?:the\s+(?:Director|Administrator|Head|heads?)\s+of\s+)?(?:the\s+)?$/i,
  zh: /(?:会同|配合|联合|协同|配合单位[：:])\s*$/u,
  ar: /(?:بالتنسيق\s+مع|بالتعاون\s+مع|بمشاركة|مع)\s+$/u,
};
/** Members of a body ("thành viên Ban Chỉ đạo", "members of the Committee") are not the body. */
const MEMBERS_BEFORE: Record<Language, RegExp> = {
  vi: /(?:thành viên|ủy viên|uỷ viên)\s+(?:các\s+)?$/iu,
  en: /\bmembers?\s+of\s+(?:the\s+)?$/i,
  zh: /成员$/u,
  ar: /أعضاء\s+$/u,
};
/** What may stand between two agencies of one list ("X, Y", "X và Y", "X、Y", "X وY"). */
const LIST_GAP = /^(?:\s*(?:,|、|，|;|،|và|and|&|及|和|与|و)\s*|\s+و)$/u;

interface CascadeRule {
  re: RegExp;
  kind: OrgUnitKind;
}
/** Plural subjects that mean "every unit of this kind". */
export const CASCADES: Record<Language, CascadeRule[]> = {
  vi: [
    {
      re: /(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+các tỉnh, thành phố(?: trực thuộc (?:T|t)rung ương)?|các tỉnh, thành phố(?: trực thuộc (?:T|t)rung ương)?|các địa phương/gu,
      kind: 'province',
    },
    {
      re: /các bộ, (?:cơ quan ngang bộ|ngành)(?:, (?:cơ quan\s+)?(?:trung ương(?:\s+và)?\s*)?địa phương)?/giu,
      kind: 'ministry',
    },
  ],
  en: [
    {
      re: /\b(?:all|each|every)\s+(?:provinces?|regions?|localities|municipalities|local governments)(?:\s+and\s+(?:cities|municipalities))?/gi,
      kind: 'province',
    },
    { re: /\b(?:all|each|every)\s+(?:ministries|ministry|departments?|agencies)\b/gi, kind: 'ministry' },
  ],
  zh: [
    { re: /各区、县级市|各区（县级市）/gu, kind: 'district' },
    { re: /各地区各部门|各地区、各部门|各省(?:、自治区、直辖市)?|各地区|各地/gu, kind: 'province' },
    { re: /各部门|各有关部门/gu, kind: 'ministry' },
  ],
  ar: [
    { re: /(?:جميع\s+)?(?:المحافظات|البلديات|اللجان الإقليمية|الإمارات)/gu, kind: 'province' },
    { re: /(?:جميع\s+)?(?:الوزارات|الجهات الحكومية|الأجهزة الحكومية)/gu, kind: 'ministry' },
  ],
};

/** Cascade phrases in the text, as plural agencies. */
export function findCascades(text: string, lang: Language): { kind: OrgUnitKind; span: Span; text: string }[] {
  const out: { kind: OrgUnitKind; span: Span; text: string }[] = [];
  for (const r of CASCADES[lang]) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      const span: Span = [m.index, m.index + m[0].length];
      if (!out.some((o) => o.span[0] < span[1] && o.span[1] > span[0])) out.push({ kind: r.kind, span, text: m[0] });
    }
  }
  return out.sort((a, b) => a.span[0] - b.span[0]);
}

/**
 * Arabic plans speak of "our" bodies: "وستعمل أجهزتنا" (our agencies will …) names the
 * government agencies; the possessive plural stands for the body written in full.
 */
const AR_OUR: [RegExp, string][] = [
  [/أجهزتنا/u, 'الأجهزة الحكومية'],
  [/وزاراتنا/u, 'الوزارات'],
  [/حكومتنا/u, 'الحكومة'],
  [/جهاتنا/u, 'الجهات الحكومية'],
  [/مؤسساتنا/u, 'المؤسسات الحكومية'],
  [/هيئاتنا/u, 'الهيئات الحكومية'],
];
const AR_OUR_SUBJECT =
  /(?:^|[\s،؛.])[وف]?(?:س)?[يت][\p{Script=Arabic}\p{M}]{2,11}\s+(?:(?:جميع|كل|كافة)\s+)?[وف]?(أجهزتنا|وزاراتنا|حكومتنا|جهاتنا|مؤسساتنا|هيئاتنا)(?![\u0621-\u064a])/u;

/** "وستعمل أجهزتنا على …": the possessive plural subject of an Arabic task, as the body it names. */
function arabicOurSubject(text: string, t: TaskItem): Attribution | undefined {
  const from = Math.max(0, t.span[0] - 2);
  const m = AR_OUR_SUBJECT.exec(text.slice(from, Math.min(t.span[1], t.span[0] + 60)));
  if (!m) return undefined;
  const at = from + m.index + m[0].length - m[1]!.length;
  const name = AR_OUR.find(([re]) => re.test(m[1]!))![1];
  return { name, span: [at, at + m[1]!.length], cue: 'subject', confidence: 0.7 };
}

/**
 * "تنشأ هيئة عامة … تسمى (الهيئة العامة للقوى العاملة)": a body created without its name is
 * the one the sentence then names.
 */
function namedLater(text: string, lead: Attribution, sentence: Span, agencies: AgencyItem[]): AgencyItem | undefined {
  if (/^ال/u.test(lead.name)) return undefined;
  const rest = text.slice(lead.span[1], sentence[1]);
  const m = /(?:تسمى|يسمى|تُسمى|يُسمى|باسم)\s*[(«"]?\s*$/u;
  return agencies.find((a) => {
    if (a.span[0] <= lead.span[1] || a.span[1] > sentence[1]) return false;
    return m.test(text.slice(Math.max(lead.span[1], a.span[0] - 24), a.span[0])) && rest.length > 0;
  });
}

const AR_CREATED = /^[وف]?(?:تنشأ|ينشأ|تُنشأ|يُنشأ|أنشئت|أنشئ|تؤسس|يؤسس|تُؤسس|يُؤسس)(?![\u0621-\u064a])/u;

const ZH_NOTE = /^[^（(\n]{0,6}[（(]\s*牵头单位[：:]([^，,）)]+)(?:[，,]\s*配合单位[：:]([^）)]*))?[）)]/u;

function attribution(a: AgencyItem, cue: string, confidence: number): Attribution {
  return { ...(a.code ? { code: a.code } : {}), name: a.name, span: [...a.span], cue, confidence: conf(confidence) };
}

/**
 * Propose lead, co-ordinators and cascade for each task. `agencies`: matched units and
 * candidates in text order; `sentenceOf`: the sentence around a span.
 */
export function attributeTasks(
  text: string,
  lang: Language,
  tasks: TaskItem[],
  agencies: AgencyItem[],
  sentenceOf: (span: Span) => Span,
  labelOf?: Map<TaskItem, Span>,
): void {
  const cascades = findCascades(text, lang);
  const cascadeAt = (a: AgencyItem): (typeof cascades)[number] | undefined =>
    overlapping(cascades, a.span[0], a.span[1]).find((c) => c.span[0] <= a.span[0] + 2 && c.span[1] >= a.span[1] - 2);
  let prev = null as { sentence: Span; lead: Attribution; end: number } | null;
  for (let ti = 0; ti < tasks.length; ti++) {
    const t = tasks[ti]!;
    const sentence = sentenceOf(t.span);
    // in Chinese a clause after a comma does not look back past the task before it ("X要A，B，C": X is A's)
    const before = ti > 0 ? tasks[ti - 1]! : undefined;
    const from =
      lang === 'zh' && before && before.span[1] > sentence[0] && before.span[1] <= t.span[0]
        ? before.span[1]
        : Math.min(sentence[0], t.span[0]);
    const inWindow = overlapping(agencies, from, t.span[1]).filter((a) => a.span[0] >= from && a.span[1] <= t.span[1]);
    let lead: Attribution | undefined;
    const coordinators: Attribution[] = [];
    // Chinese lead-unit note after the task: "（牵头单位：X，配合单位：Y、Z）"
    if (lang === 'zh') {
      const nextStart = tasks[ti + 1]?.span[0] ?? text.length;
      const tail = text.slice(t.span[1], Math.min(nextStart + 1, t.span[1] + 400));
      const m = ZH_NOTE.exec(tail) ?? ZH_NOTE.exec(tail.slice(Math.max(0, tail.search(/[（(]\s*牵头单位/u) - 1)));
      if (m) {
        const base = t.span[1] + tail.indexOf(m[0]);
        const leadAt = base + m[0].indexOf(m[1]!);
        const inNote = (s: number, e: number) =>
          overlapping(agencies, s, e).filter((a) => a.span[0] >= s && a.span[1] <= e);
        const la = inNote(leadAt, leadAt + m[1]!.length)[0];
        lead = la
          ? attribution(la, '牵头单位', 0.9)
          : { name: m[1]!.trim(), span: [leadAt, leadAt + m[1]!.length], cue: '牵头单位', confidence: 0.8 };
        if (m[2]) {
          const co = base + m[0].indexOf(m[2]);
          for (const a of inNote(co, co + m[2].length))
            if (!cascadeAt(a)) coordinators.push(attribution(a, '配合单位', 0.85));
        }
      }
    }
    if (!lead) {
      for (const a of inWindow) {
        const before = text.slice(Math.max(from, a.span[0] - 48), a.span[0]);
        const after = text.slice(a.span[1], a.span[1] + 240);
        if (COORD_BEFORE[lang].test(before)) {
          coordinators.push(attribution(a, COORD_BEFORE[lang].exec(before)![0].trim(), 0.75));
          continue;
        }
        if (lead) {
          // "X, Y chỉ đạo …", "X and Y shall …": listed with the lead
          if (LIST_GAP.test(text.slice(lead.span[1], a.span[0]))) coordinators.push(attribution(a, 'listed', 0.55));
          continue;
        }
        if (MEMBERS_BEFORE[lang].test(before)) continue;
        const cueBefore = LEAD_BEFORE[lang].exec(before);
        // "كلّف مجلس الوزراء وزارة المالية بإعداد …": who is charged is the body after the one who charges
        if (cueBefore && lang === 'ar' && /كل[ّ]?ف/u.test(cueBefore[0])) {
          const next = inWindow.find((b) => b.span[0] > a.span[1] && /^\s+$/u.test(text.slice(a.span[1], b.span[0])));
          if (next) {
            lead = attribution(next, cueBefore[0].trim(), 0.8);
            continue;
          }
        }
        // "X và Y theo chức năng, chỉ đạo …", "X and Y shall …": the cue after the list names the first as lead
        let last = a;
        for (const b of inWindow)
          if (b.span[0] >= last.span[1] && LIST_GAP.test(text.slice(last.span[1], b.span[0]))) last = b;
        const cueAfter = LEAD_AFTER[lang].exec(last === a ? after : text.slice(last.span[1], last.span[1] + 240));
        // "في الحكومة لمراقبة …": a body after a preposition is not the subject
        const governed = lang === 'ar' && /(?:^|\s)(?:في|من|إلى|الى|عن|لدى|داخل|بين|مع)\s+$/u.test(before);
        const subject = !cueAfter && !governed && verbStart(after.trimStart(), lang)?.verbAt === 0;
        if (cueBefore || cueAfter || subject)
          lead = attribution(
            a,
            cueAfter
              ? cueAfter[0]
                  .replace(/^[\s,]*(?:(?:theo|trong phạm vi|căn cứ)\s[^,.;]*,\s*)?/u, '')
                  .replace(/^(?:[^,.;]*,\s*)+/u, '')
                  .slice(0, 24)
              : cueBefore
                ? cueBefore[0].trim()
                : 'subject',
            cueBefore || cueAfter ? 0.8 : 0.65,
          );
      }
    }
    if (!lead && lang === 'ar') lead = arabicOurSubject(text, t);
    if (lead && lang === 'ar') {
      const named = namedLater(text, lead, sentenceOf(lead.span), agencies);
      if (named) lead = attribution(named, lead.cue, lead.confidence);
    }
    // a task with no agency of its own continues the assignment of the task before it in the sentence
    // (in Chinese only across a semicolon: "X要A，B，C" is one assignment written as comma clauses)
    if (
      !lead &&
      prev &&
      prev.sentence[0] === sentence[0] &&
      inWindow.length === 0 &&
      (lang !== 'zh' || /[；;]/u.test(text.slice(prev.end, t.span[0])))
    )
      lead = { ...prev.lead, cue: 'inherited', confidence: conf(prev.lead.confidence * 0.85) };
    // a task listed under a label naming who does it ("b) Bộ Công an:" and its items)
    const label = labelOf?.get(t);
    if (!lead && label) {
      const a = overlapping(agencies, label[0], label[1]).find((x) => x.span[0] < label[1] && x.span[1] > label[0]);
      if (a) lead = attribution(a, 'label', 0.65);
    }
    // "تنشأ هيئة … تسمى (X)": the body created is not the lead of its own creation, but it is
    // the subject of what the sentence says it does next ("…، تتولى الاختصاصات …")
    if (lead && lang === 'ar' && AR_CREATED.test(text.slice(t.span[0], t.span[0] + 16)) && lead.span[0] >= t.span[0]) {
      prev = { sentence, lead, end: t.span[1] };
      continue;
    }
    if (lead) {
      t.lead = lead;
      const c = overlapping(cascades, lead.span[0], lead.span[1]).find(
        (x) => x.span[0] <= lead.span[0] && x.span[1] >= lead.span[1] - 2,
      );
      if (c) t.cascade = { kind: c.kind, text: c.text, span: c.span };
      prev = { sentence, lead, end: t.span[1] };
    } else prev = null;
    if (coordinators.length) t.coordinators = coordinators.filter((c) => !lead || c.name !== lead.name);
  }
}
