/**
 * Draft a programme from its policy text.
 *
 * `draftProgramme(text, options)` detects the language (vi, en, zh, ar), runs the
 * pattern families — structure, tasks, agencies, deadlines/periods, numeric targets —
 * and assembles a draft {@link ProgrammeFile} (valid for `programmeFileSchema`) plus
 * every extracted item with its source span and confidence, proposed indicators,
 * unmatched agency names and warnings. `draftToYaml` writes the draft as programme YAML
 * with each node's source span as a comment; `draftSpans` gives the same provenance as
 * a JSON side file. Pure: no I/O, no network, linear in the text length.
 *
 * Used by `mandate draft FILE.txt`, `POST /api/drafts` and the draft review page.
 */
import { Document, YAMLSeq, isMap, type Node as YamlNode } from 'yaml';
import type { Language, LocalizedText } from '../domain/i18n.js';
import type { OrgUnitKind } from '../domain/org-unit.js';
import {
  PROGRAMME_FORMAT,
  programmeFileSchema,
  type NodeSpec,
  type OrgUnitSpec,
  type ProgrammeFile,
} from '../domain/programme-file.js';
import { isIsoDate, today as todayUtc } from '../domain/dates.js';
import type {
  Comparison as IndicatorComparison,
  ValueType as IndicatorValueType,
} from '../domain/indicators/indicator.js';
import { detectLanguage, ExtractionInputError } from './language.js';
import { prepare, toOriginal, conf, foldString, overlapping, paragraphs, sentences, type SourceText } from './text.js';
import { findDeadlines } from './deadlines.js';
import { findTargets } from './targets.js';
import { findCounts, findMarkers } from './structure.js';
import { buildAgencyIndex, findAgencies, officeHolders } from './agencies.js';
import { attributeTasks, findCascades } from './attribution.js';
import { cleanTitle, findAreasAndTasks } from './tasks.js';
import type {
  AgencyItem,
  AreaItem,
  CountItem,
  DeadlineItem,
  ExtractedItem,
  OrgUnitRef,
  ProposedIndicator,
  Span,
  TargetItem,
  TaskItem,
  UnmatchedAgency,
  Warning,
} from './types.js';

export * from './types.js';
export { detectLanguage, ExtractionInputError } from './language.js';
export { findDeadlines } from './deadlines.js';
export { findTargets, parseNumber } from './targets.js';
export { findMarkers, findCounts } from './structure.js';
export { buildAgencyIndex, findAgencies } from './agencies.js';

/**
 * The org units of an org-units file (`mandate.orgunits/1`, e.g. demo/orgunits-vn.yaml)
 * or of a list of unit specs, flattened for {@link DraftOptions.orgUnits}.
 */
export function orgUnitRefs(source: { units: OrgUnitSpec[] } | OrgUnitSpec[]): OrgUnitRef[] {
  const out: OrgUnitRef[] = [];
  const walk = (units: OrgUnitSpec[]): void => {
    for (const u of units) {
      out.push({ code: u.code, name: u.name, aliases: u.aliases ?? [] });
      walk(u.children ?? []);
    }
  };
  walk(Array.isArray(source) ? source : source.units);
  return out;
}

/** Largest text accepted (characters). */
export const MAX_TEXT_LENGTH = 50_000_000;

/**
 * At most this many items of each kind are proposed (the rest are dropped with a
 * warning): a real programme has tens to a few hundred tasks, and a text made of
 * nothing but numbers must not turn into hundreds of thousands of proposed targets.
 */
export const MAX_ITEMS = {
  tasks: 2000,
  deadlines: 2000,
  targets: 500,
  agencies: 2000,
  'unmatched agencies': 500,
} as const;

export interface DraftOptions {
  /** Org units to recognise (the database's units: names in all languages, aliases). */
  orgUnits?: OrgUnitRef[] | undefined;
  /** Programme code for the draft (default: derived from the title). */
  code?: string | undefined;
  /** Today's date (ISO), used for dates without a year and as a fallback period. Default: the UTC date. */
  today?: string | undefined;
  /** Force the language instead of detecting it. */
  language?: Language | undefined;
  /** Items below this confidence are dropped (default 0.5). */
  minConfidence?: number | undefined;
  /** Recorded as the programme's `source` (e.g. a file name or URL). */
  source?: string | undefined;
}

/** Provenance of one draft node. */
export interface NodeProvenance {
  span: Span;
  confidence: number;
  /** Index into `items`. */
  item: number;
}

export interface DraftResult {
  language: Language;
  languageConfidence: number;
  /** The draft programme file; validates against `programmeFileSchema`. */
  draft: ProgrammeFile;
  /** Every extracted item (areas, tasks, agencies, deadlines, targets, counts), in text order. */
  items: ExtractedItem[];
  /** Numeric targets proposed as indicators. */
  targets: ProposedIndicator[];
  /** Agency-like names that matched no org unit, with their spans. */
  unmatchedAgencies: UnmatchedAgency[];
  warnings: Warning[];
  /** Source span of each draft node, by node code. */
  provenance: Record<string, NodeProvenance>;
  /** Length of the input text (spans index into it). */
  textLength: number;
}

const VALUE_TYPE: Record<TargetItem['valueType'], IndicatorValueType> = {
  percent: 'percent',
  count: 'count',
  rank: 'rank',
  fraction: 'count',
  number: 'number',
};
const COMPARISON: Record<TargetItem['comparison'], IndicatorComparison> = {
  '>=': 'gte',
  '>': 'gt',
  '<=': 'lte',
  '<': 'lt',
  '=': 'eq',
};

const LEVELS: Record<Language, { goal: string; area: string; task: string }> = {
  vi: { goal: 'Mục tiêu', area: 'Lĩnh vực', task: 'Nhiệm vụ' },
  en: { goal: 'Goal', area: 'Area', task: 'Task' },
  zh: { goal: '目标', area: '方面', task: '任务' },
  ar: { goal: 'هدف', area: 'محور', task: 'مهمة' },
};
const COORDINATE_CUE: Record<Language, RegExp> = {
  vi: /(?:phối hợp(?:\s+với)?|cùng với|và)\s*$/iu,
  en: /\b(?:with|in coordination with|together with|and)\s+(?:the\s+)?$/i,
  zh: /(?:会同|配合|和|与|及)\s*$/u,
  ar: /(?:بالتنسيق\s+مع|مع|و)\s*$/u,
};

/** Read the text and propose a programme. Throws {@link ExtractionInputError} for empty, binary, unknown-language or oversized input. */
export function draftProgramme(input: string, options: DraftOptions = {}): DraftResult {
  if (typeof input !== 'string') throw new ExtractionInputError('binary', 'the input is not text');
  if (input.length > MAX_TEXT_LENGTH)
    throw new ExtractionInputError(
      'too-large',
      `the text has ${input.length} characters; at most ${MAX_TEXT_LENGTH} are accepted`,
    );
  const guess = options.language ? { language: options.language, confidence: 1 } : detectLanguage(input);
  const lang = guess.language;
  const today = options.today && isIsoDate(options.today) ? options.today : todayUtc();
  const minConfidence = options.minConfidence ?? 0.5;
  const src = prepare(input);
  const text = src.text;
  const warnings: Warning[] = [];
  const ends = sentenceEnds(text);

  const deadlines = findDeadlines(text, lang, { today });
  const targets = findTargets(text, lang, { timeSpans: deadlines.map((d) => d.span) });
  const markers = findMarkers(text, lang);
  const counts = findCounts(text, lang);
  const index = buildAgencyIndex(options.orgUnits ?? []);
  const agencies = findAgencies(text, lang, index);
  // plural subjects ("các bộ, ngành", "各地区各部门", "all provinces") may lead a task: as a cascade
  const known = [...agencies.matched, ...agencies.unmatched].sort((a, b) => a.span[0] - b.span[0]);
  const plural: AgencyItem[] = findCascades(text, lang)
    .filter((c) => overlapping(known, c.span[0], c.span[1]).length === 0)
    .map((c) => ({ type: 'agency', name: c.text, text: c.text, span: c.span, confidence: conf(0.6) }));
  const evidence = [
    ...deadlines.filter((d) => d.role !== 'date').map((d) => d.span),
    ...targets.map((t) => t.span),
  ].sort((a, b) => a[0] - b[0]);
  // "Thủ tướng Chính phủ chỉ đạo …", "Chủ tịch Quốc hội …": a person's title stands for the body as a subject
  const holders = officeHolders(text, lang, index, known);
  // "Bộ trưởng Công an" names the ministry (without "Bộ"): propose it, on the words that name it
  const ministers: AgencyItem[] = [];
  for (const h of holders) {
    const m = /^Bộ trưởng\s+(?!Bộ\s)/u.exec(h.text);
    if (!m || !h.code || overlapping(agencies.matched, h.span[0], h.span[1]).length) continue;
    const s0 = h.span[0] + m[0].length;
    ministers.push({ ...h, text: text.slice(s0, h.span[1]), span: [s0, h.span[1]] });
  }
  if (ministers.length) agencies.matched = [...agencies.matched, ...ministers].sort((a, b) => a.span[0] - b.span[0]);
  const structure = findAreasAndTasks(text, {
    lang,
    markers,
    evidence,
    agencySpans: dropContained([...known, ...holders]).map((a) => a.span),
  });

  const keep = <T extends ExtractedItem>(xs: T[]): T[] => xs.filter((x) => x.confidence >= minConfidence);
  const areas = keep(structure.areas);
  const areaIndexMap = new Map<number, number>();
  let kept = 0;
  structure.areas.forEach((a, i) => {
    if (a.confidence >= minConfidence) areaIndexMap.set(i, kept++);
  });
  const capped = <T extends ExtractedItem>(xs: T[], kind: keyof typeof MAX_ITEMS): T[] => {
    const limit = MAX_ITEMS[kind];
    if (xs.length <= limit) return xs;
    warnings.push({
      code: 'too-many-items',
      message: `${xs.length} ${kind} found; only the first ${limit} are proposed (is this really a programme text?)`,
      span: xs[limit]!.span,
    });
    return xs.slice(0, limit);
  };
  const tasks = capped(keep(structure.tasks), 'tasks');
  const dls = capped(keep(deadlines), 'deadlines');
  const tgs = capped(keep(targets), 'targets');
  const matched = capped(keep(agencies.matched), 'agencies');
  const unmatched = capped(keep(agencies.unmatched), 'unmatched agencies');
  const datedDls = dls.filter((d) => d.role !== 'date');
  const coded = matched.filter((a) => a.code);
  const areaPos = new Map<AreaItem, number>(structure.areas.map((a, i) => [a, i]));

  // attach deadlines, agencies and targets to tasks
  for (const t of tasks) {
    if (t.areaIndex !== undefined) t.areaIndex = areaIndexMap.get(t.areaIndex);
    const inside = overlapping(datedDls, t.span[0], t.span[1]);
    const dl = inside.find((d) => d.role === 'deadline') ?? inside[0];
    if (dl) {
      t.due = dl.end;
      if (dl.role === 'period') t.start = dl.start;
    }
    const sentence = sentenceAround(ends, text.length, t.span);
    const mentions = overlapping(coded, Math.min(sentence[0], t.span[0]), t.span[1]);
    t.agencies = [...new Set(mentions.map((a) => a.code!))];
  }
  // lead, co-ordinators and cascades
  attributeTasks(
    text,
    lang,
    tasks,
    dropContained([...matched, ...unmatched, ...plural, ...holders]),
    (span) => sentenceAround(ends, text.length, span),
    structure.labelOf,
  );

  // proposed indicators
  const proposed: ProposedIndicator[] = [];
  tgs.forEach((g, i) => {
    const sentence = sentenceAround(ends, text.length, g.span);
    const dl = overlapping(datedDls, sentence[0], sentence[1])[0];
    if (dl) g.date = dl.end;
    const name = { [lang]: indicatorName(g, lang) || g.text } as LocalizedText;
    const unit =
      (g.valueType === 'percent'
        ? '%'
        : g.valueType === 'rank'
          ? g.change
            ? 'places'
            : 'rank'
          : g.unit || g.valueType
      )
        .slice(0, 32)
        .trim() || g.valueType;
    const valueType = VALUE_TYPE[g.valueType];
    proposed.push({
      code: `I${i + 1}`,
      name,
      unit,
      valueType,
      direction: g.direction,
      target: {
        value: g.value,
        comparison: COMPARISON[g.comparison],
        change: g.change ?? false,
        ...(g.of !== undefined ? { of: g.of } : {}),
        ...(g.date ? { date: g.date } : {}),
      },
      indicator: { code: `I${i + 1}`, name, unit, valueType, direction: g.direction },
      span: g.span,
      confidence: g.confidence,
    });
  });

  // count checks
  const cs = keep(counts);
  const inAreas = tasks.filter((t) => t.areaIndex !== undefined).length;
  // a count may describe one enumeration ("two foundations") or one area's tasks
  const groupSizes = new Map<number, number>();
  const areaTasks = new Map<number, number>();
  for (const ar of areas) {
    const g = structure.areaGroup[areaPos.get(ar) ?? 0] ?? 0;
    groupSizes.set(g, (groupSizes.get(g) ?? 0) + 1);
  }
  for (const t of tasks)
    if (t.areaIndex !== undefined) areaTasks.set(t.areaIndex, (areaTasks.get(t.areaIndex) ?? 0) + 1);
  const areaAlternatives = new Set(groupSizes.values());
  const taskAlternatives = new Set(areaTasks.values());
  for (const c of cs) {
    const found = c.of === 'area' ? areas.length : areas.length ? inAreas : tasks.length;
    const alternatives = c.of === 'area' ? areaAlternatives : taskAlternatives;
    if (found !== c.value && !alternatives.has(c.value)) {
      warnings.push({
        code: 'count-mismatch',
        message: `the text announces ${c.value} ${c.of === 'area' ? 'areas' : 'tasks'} ("${c.text}") but ${found} were found`,
        span: c.span,
      });
    }
  }
  if (tasks.length === 0)
    warnings.push({ code: 'no-tasks', message: 'no task clause was recognised; add tasks by hand' });
  if (guess.confidence < 0.6)
    warnings.push({ code: 'low-language-confidence', message: `language guessed as ${lang} with low confidence` });

  // unmatched agencies, grouped by folded name
  const groups = new Map<string, UnmatchedAgency>();
  for (const u of unmatched) {
    const k = foldString(u.name);
    const g = groups.get(k);
    if (g) {
      g.spans.push(u.span);
      g.confidence = Math.max(g.confidence, u.confidence);
    } else groups.set(k, { name: u.name.replace(/\s+/g, ' ').trim(), spans: [u.span], confidence: u.confidence });
  }
  const unmatchedAgencies = [...groups.values()];
  for (const u of unmatchedAgencies)
    warnings.push({
      code: 'unmatched-agency',
      message: `"${u.name}" matches no org unit: map it or create it`,
      span: u.spans[0],
    });

  // items in text order
  const items: ExtractedItem[] = [...areas, ...tasks, ...matched, ...unmatched, ...dls, ...tgs, ...cs].sort(
    (a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1],
  );

  // draft programme file
  const { draft, provenance } = assemble(text, lang, {
    ends,
    areas,
    tasks,
    matched: coded,
    deadlines: dls,
    items,
    structure,
    today,
    options,
    warnings,
  });

  // spans back to the caller's text
  const remap = (sp: Span): Span => toOriginal(src, sp);
  for (const it of items) {
    it.span = remap(it.span);
    it.text = input.slice(it.span[0], it.span[1]);
  }
  for (const p of proposed) p.span = remap(p.span);
  for (const u of unmatchedAgencies) u.spans = u.spans.map(remap);
  for (const w of warnings) if (w.span) w.span = remap(w.span);
  for (const p of Object.values(provenance)) p.span = remap(p.span);
  // link indicators to tasks
  const taskProv = Object.entries(provenance)
    .filter(([, v]) => items[v.item]?.type === 'task')
    .map(([code, v]) => ({ code, span: v.span }))
    .sort((x, y) => x.span[0] - y.span[0]);
  for (const p of proposed) {
    const code = overlapping(taskProv, p.span[0] - 100_000, p.span[1]).find((v) => overlaps(v.span, p.span))?.code;
    if (code) {
      p.task = code;
      p.indicator.programmeNodes = [{ programme: draft.code, node: code }];
    }
  }

  const parsed = programmeFileSchema.safeParse(draft);
  if (!parsed.success)
    throw new Error(`internal error: the draft is not a valid programme file: ${parsed.error.message}`);
  return {
    language: lang,
    languageConfidence: conf(guess.confidence),
    draft: parsed.data,
    items,
    targets: proposed,
    unmatchedAgencies,
    warnings,
    provenance,
    textLength: input.length,
  };
}

/**
 * Decode an uploaded file's bytes to text for {@link draftProgramme}: UTF-8 (with or
 * without BOM) or UTF-16 with a BOM. Throws {@link ExtractionInputError} `binary` for
 * bytes that are not text (NUL bytes, invalid UTF-8) and `empty` for no bytes.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new ExtractionInputError('empty', 'the file is empty');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0))
    throw new ExtractionInputError('binary', 'the file is binary (it contains NUL bytes); upload plain text (UTF-8)');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ExtractionInputError('binary', 'the file is not UTF-8 text; save it as UTF-8 plain text');
  }
}

/** A short plain-text summary of a draft, for the CLI and logs. */
export function draftSummary(result: DraftResult): string {
  const count = (t: ExtractedItem['type']): number => result.items.filter((i) => i.type === t).length;
  const nodes: NodeSpec[] = [];
  const walk = (ns: NodeSpec[]): void => {
    for (const n of ns) {
      nodes.push(n);
      walk(n.children ?? []);
    }
  };
  walk(result.draft.nodes);
  const tasks = nodes.filter((n) => n.kind === 'task');
  const lines = [
    `Draft ${result.draft.code} (${result.language}): ${nodes.filter((n) => n.kind === 'area').length} areas, ${tasks.length} tasks (${tasks.filter((t) => t.due).length} with a deadline, ${tasks.filter((t) => t.lead).length} with a lead), ${result.targets.length} proposed indicators.`,
    `Found ${count('agency')} agency mentions (${result.unmatchedAgencies.length} names to map), ${count('deadline')} dates and periods, ${count('target')} numeric targets.`,
    `Period ${result.draft.period.start} – ${result.draft.period.end}; issuers ${result.draft.issuers.join(', ')}.`,
  ];
  for (const t of result.targets)
    lines.push(`  ${t.code} ${pickName(t.name)}: ${describeTarget(t)}${t.target.date ? ` by ${t.target.date}` : ''}`);
  for (const w of result.warnings.filter((x) => x.code !== 'unmatched-agency')) lines.push(`  warning: ${w.message}`);
  const checks = importChecks(result);
  if (checks.length) {
    lines.push(
      `Before import, decide on each (fill it in the YAML, skip it, or import anyway): ${checks.length} point(s)`,
    );
    for (const c of checks) lines.push(`  [ ] ${c}`);
  }
  return lines.join('\n');
}

/** A target in words a reader knows: "up at least 5 places", "in the top 30", "at least 30 %", "12 of 53". */
export function describeTarget(t: ProposedIndicator): string {
  const v = t.target.value.toLocaleString('en');
  const cmp: Record<string, string> = { gte: 'at least ', gt: 'more than ', lte: 'at most ', lt: 'less than ', eq: '' };
  if (t.valueType === 'rank' && t.target.change) return `up ${cmp[t.target.comparison] ?? ''}${v} places`;
  if (t.valueType === 'rank')
    return t.target.comparison === 'lte' ? `in the top ${v}` : `rank ${cmp[t.target.comparison] ?? ''}${v}`;
  if (t.target.of !== undefined) return `${cmp[t.target.comparison] ?? ''}${v} of ${t.target.of.toLocaleString('en')}`;
  return `${cmp[t.target.comparison] ?? ''}${v}${t.valueType === 'percent' ? ' %' : t.unit && t.unit !== t.valueType ? ` ${t.unit}` : ''}`;
}

/** What to decide before import: tasks without a lead or a deadline, agencies that match no org unit. */
export function importChecks(result: DraftResult): string[] {
  const out: string[] = [];
  const walk = (ns: NodeSpec[]): void => {
    for (const n of ns) {
      if (n.kind === 'task' || n.kind === 'subtask') {
        const title = pickName(n.title).slice(0, 80);
        if (!n.lead && !n.cascade?.length) out.push(`${n.code} has no lead agency: ${title}`);
        if (!n.due) out.push(`${n.code} has no deadline: ${title}`);
      }
      walk(n.children ?? []);
    }
  };
  walk(result.draft.nodes);
  for (const u of result.unmatchedAgencies)
    out.push(`"${u.name}" matches no org unit (${u.spans.length}×): map it, create it or skip it`);
  return out;
}

function pickName(t: LocalizedText): string {
  return t.vi ?? t.en ?? t.zh ?? t.ar ?? '';
}

function overlaps(a: Span, b: Span): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Offsets just after each sentence-ending character (computed once per text). */
/** Sorted by start; a mention inside a longer one is dropped ("Thủ tướng Chính phủ" over "Chính phủ"). One pass. */
function dropContained(list: AgencyItem[]): AgencyItem[] {
  const sorted = list.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
  const out: AgencyItem[] = [];
  let end = -1;
  for (const a of sorted) {
    if (a.span[1] <= end) continue;
    out.push(a);
    end = Math.max(end, a.span[1]);
  }
  return out;
}

function sentenceEnds(text: string): Int32Array {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 10 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x61f)
      ends.push(i + 1);
  }
  return Int32Array.from(ends);
}

/** The sentence around a span (bounded to 2,000 characters either side). */
function sentenceAround(ends: Int32Array, textLength: number, span: Span): Span {
  // last boundary <= span[0]
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= span[0]) lo = mid + 1;
    else hi = mid;
  }
  const s = lo > 0 ? ends[lo - 1]! : 0;
  // first boundary > span[1] - 1 (the sentence end at or after the span end)
  let k = lo;
  while (k < ends.length && ends[k]! - 1 < span[1]) k++;
  const e = k < ends.length ? ends[k]! - 1 : textLength;
  return [Math.max(s, span[0] - 2000), Math.min(e, span[1] + 2000)];
}

function indicatorName(g: TargetItem, lang: Language): string {
  const subject = g.subject.replace(/^[\s,;:]+|[\s,;:]+$/g, '');
  const base = subject || g.text;
  return cleanTitle(base, lang).slice(0, 160);
}

interface AssembleInput {
  ends: Int32Array;
  areas: AreaItem[];
  tasks: TaskItem[];
  matched: AgencyItem[];
  deadlines: DeadlineItem[];
  items: ExtractedItem[];
  structure: ReturnType<typeof findAreasAndTasks>;
  today: string;
  options: DraftOptions;
  warnings: Warning[];
}

function assemble(
  text: string,
  lang: Language,
  a: AssembleInput,
): { draft: ProgrammeFile; provenance: Record<string, NodeProvenance> } {
  const provenance: Record<string, NodeProvenance> = {};
  const positions = new Map<ExtractedItem, number>(a.items.map((it, i) => [it, i]));
  const itemIndex = (it: ExtractedItem): number => positions.get(it) ?? -1;
  const areaPos = new Map<AreaItem, number>(a.structure.areas.map((x, i) => [x, i]));
  const firstOfGroup = new Map<number, number>();
  a.structure.areaGroup.forEach((g, i) => {
    if (!firstOfGroup.has(g)) firstOfGroup.set(g, i);
  });
  const lt = (s: string): LocalizedText => ({ [lang]: s });

  const cascades = new Map<string, OrgUnitKind>();
  const taskNode = (t: TaskItem, code: string): NodeSpec => {
    const lead = t.lead ? t.lead.code : leadOf(text, a.ends, lang, t, a.matched);
    const coordinators = t.lead
      ? [...new Set((t.coordinators ?? []).map((c) => c.code).filter((c): c is string => !!c && c !== lead))]
      : t.agencies.filter((c) => c !== lead);
    const node: NodeSpec = { code, kind: 'task', title: lt(t.title) };
    const full = t.text.replace(/\s+/g, ' ').trim();
    if (full.length > t.title.length + 1) node.description = lt(full);
    if (lead) node.lead = lead;
    if (t.cascade) cascades.set(code, t.cascade.kind);
    if (coordinators.length) node.coordinators = coordinators;
    if (t.start && t.due && t.start <= t.due) node.start = t.start;
    if (t.due) node.due = t.due;
    if (t.tags.length) node.tags = t.tags;
    provenance[code] = { span: [...t.span], confidence: t.confidence, item: itemIndex(t) };
    return node;
  };

  const nodes: NodeSpec[] = [];
  const areaNodes: NodeSpec[] = a.areas.map((ar, i) => {
    const code = `A${i + 1}`;
    provenance[code] = { span: [...ar.span], confidence: ar.confidence, item: itemIndex(ar) };
    return { code, kind: 'area', title: lt(ar.title), children: [] };
  });
  let loose = 0;
  const perArea = new Map<number, number>();
  const topTasks: NodeSpec[] = [];
  for (const t of a.tasks) {
    if (t.areaIndex !== undefined && areaNodes[t.areaIndex]) {
      const n = (perArea.get(t.areaIndex) ?? 0) + 1;
      perArea.set(t.areaIndex, n);
      areaNodes[t.areaIndex]!.children!.push(taskNode(t, `A${t.areaIndex + 1}.T${n}`));
    } else topTasks.push(taskNode(t, `T${++loose}`));
  }
  for (const n of areaNodes) if (n.children!.length === 0) delete n.children;
  // several enumerations with an intro sentence each → goals
  const groups = new Map<number, number[]>();
  a.areas.forEach((ar, i) => {
    const orig = areaPos.get(ar) ?? 0;
    const g = a.structure.areaGroup[orig] ?? 0;
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  });
  const intros = [...groups.keys()].map((g) => {
    const first = firstOfGroup.get(g) ?? -1;
    return a.structure.groupIntro[first] ?? null;
  });
  if (groups.size > 1 && intros.filter(Boolean).length >= 2) {
    let gi = 0;
    for (const idx of groups.values()) {
      const intro = intros[gi++];
      const code = `G${gi}`;
      const title = intro
        ? cleanTitle(stripReporting(text.slice(intro.start, intro.end), lang), lang)
        : `${LEVELS[lang].goal} ${gi}`;
      if (intro) provenance[code] = { span: [intro.start, intro.end], confidence: 0.6, item: -1 };
      nodes.push({ code, kind: 'goal', title: lt(title), children: idx.map((i) => areaNodes[i]!) });
    }
  } else nodes.push(...areaNodes);
  nodes.push(...topTasks);

  // period: the span of the plan's dates
  const dated = a.deadlines.filter((d) => d.role !== 'date');
  let start = dated.length ? dated.map((d) => d.start).sort()[0]! : `${a.today.slice(0, 4)}-01-01`;
  let end = dated.length
    ? dated
        .map((d) => d.end)
        .sort()
        .at(-1)!
    : `${a.today.slice(0, 4)}-12-31`;
  if (!dated.length)
    a.warnings.push({
      code: 'no-period',
      message: `no period or deadline found; the draft period defaults to ${a.today.slice(0, 4)}`,
    });
  if (end < start) [start, end] = [end, start];

  // issuers: units named in the opening paragraphs (before the first area or task), else the first named unit
  const paras = paragraphs(text);
  const opening = paras[Math.min(paras.length - 1, 3)]?.end ?? text.length;
  const firstWork = Math.min(a.areas[0]?.span[0] ?? Infinity, a.tasks[0]?.span[0] ?? Infinity, opening);
  let issuers = [...new Set(a.matched.filter((m) => m.code && m.span[0] < firstWork).map((m) => m.code!))];
  if (issuers.length === 0 && a.matched[0]?.code) issuers = [a.matched[0].code];
  if (issuers.length === 0) {
    issuers = ['UNKNOWN'];
    a.warnings.push({
      code: 'no-issuer',
      message: 'no issuing org unit was recognised; the draft names "UNKNOWN" as issuer — replace it before import',
    });
  }

  // plural subjects: cascade the task to every unit of that kind under the issuer
  if (cascades.size && issuers[0] !== 'UNKNOWN') {
    const under = issuers[0]!;
    const walk = (ns: NodeSpec[]): void => {
      for (const n of ns) {
        const kind = cascades.get(n.code);
        // A cascade imports only with a lead and a due date (the programme file's rule); else it is a point to decide.
        if (kind && n.lead && n.due) n.cascade = [{ kind, under, due: n.due }];
        else if (kind)
          a.warnings.push({
            code: 'cascade-incomplete',
            message: `${n.code}: the text gives this task to every ${kind}; add a lead and a due date to cascade it`,
          });
        walk(n.children ?? []);
      }
    };
    walk(nodes);
  }
  const title = titleOf(text);
  const draft: ProgrammeFile = {
    format: PROGRAMME_FORMAT,
    code: a.options.code ?? codeOf(title),
    name: lt(title),
    issuers,
    period: { start, end },
    levels: a.areas.length
      ? nodes.some((n) => n.kind === 'goal')
        ? [lt(LEVELS[lang].goal), lt(LEVELS[lang].area), lt(LEVELS[lang].task)]
        : [lt(LEVELS[lang].area), lt(LEVELS[lang].task)]
      : [lt(LEVELS[lang].task)],
    ...(a.options.source ? { source: a.options.source } : {}),
    nodes,
  };
  return { draft, provenance };
}

function stripReporting(s: string, lang: Language): string {
  const re: Record<Language, RegExp> = {
    vi: /^.*?(?:nêu rõ|chỉ rõ|yêu cầu|nhấn mạnh|xác định)\s+(?:là\s+)?(?:cần\s+|phải\s+)?/iu,
    en: /^.*?\b(?:pointed out|points out|emphasi[sz]es|proposes|stresses|states|clarifies|requires)\s+that\s+(?:it is necessary to\s+)?(?:the\s+)?/i,
    zh: /^.*?(?:指出|强调|提出|要求)[，,：:]?\s*(?:要)?/u,
    ar: /^.*?(?:أكد|أشار|شدد|دعا)\s+(?:إلى\s+)?(?:أن\s+)?/u,
  };
  const out = s.replace(re[lang], '');
  return out.length >= 8 ? out : s;
}

function titleOf(text: string): string {
  const p = paragraphs(text)[0];
  if (!p) return 'Draft';
  const first = sentences(text, p)[0] ?? p;
  let t = text.slice(first.start, first.end).replace(/\s+/g, ' ').trim();
  t = t.replace(/^[\s\-–—•*#]+/, '');
  if (t.length > 200) t = `${t.slice(0, 199)}…`;
  return t || 'Draft';
}

/** A programme code from a title: ASCII letters and digits, e.g. "DRAFT-PHAT-TRIEN-KINH-TE-SO". */
export function codeOf(title: string): string {
  const words = foldString(title)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .slice(0, 6);
  const base = `DRAFT${words.length ? `-${words.join('-')}` : ''}`.toUpperCase().slice(0, 64).replace(/-+$/, '');
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(base) ? base : 'DRAFT';
}

function leadOf(
  text: string,
  ends: Int32Array,
  lang: Language,
  t: TaskItem,
  matched: AgencyItem[],
): string | undefined {
  const sentence = sentenceAround(ends, text.length, t.span);
  const candidates = overlapping(matched, sentence[0], t.span[1]).filter(
    (m) => m.code && m.span[0] >= sentence[0] && m.span[1] <= t.span[1],
  );
  for (const m of candidates) {
    const before = text.slice(Math.max(0, m.span[0] - 24), m.span[0]);
    if (COORDINATE_CUE[lang].test(before) && m !== candidates[0]) continue;
    return m.code;
  }
  return undefined;
}

/** Side file of provenance: spans of every node and item, for the review page. */
export interface DraftSpansFile {
  format: 'mandate.draft-spans/1';
  language: Language;
  textLength: number;
  nodes: Record<string, { span: Span; confidence: number; type?: string | undefined }>;
  items: ExtractedItem[];
  targets: ProposedIndicator[];
  unmatchedAgencies: UnmatchedAgency[];
  warnings: Warning[];
}

export function draftSpans(result: DraftResult): DraftSpansFile {
  const nodes: DraftSpansFile['nodes'] = {};
  for (const [code, p] of Object.entries(result.provenance))
    nodes[code] = { span: p.span, confidence: p.confidence, type: result.items[p.item]?.type ?? 'goal' };
  return {
    format: 'mandate.draft-spans/1',
    language: result.language,
    textLength: result.textLength,
    nodes,
    items: result.items,
    targets: result.targets,
    unmatchedAgencies: result.unmatchedAgencies,
    warnings: result.warnings,
  };
}

/**
 * The draft as programme YAML. Each node carries a comment with its source span and
 * confidence; the header lists warnings, unmatched agencies and proposed indicators
 * (which the programme format has no place for yet).
 */
export function draftToYaml(result: DraftResult, sourceText?: string): string {
  const doc = new Document(result.draft);
  const header: string[] = [
    ` Draft programme extracted from ${result.language} text (${result.textLength} characters) — review before import.`,
    ' Spans are [start, end) UTF-16 offsets into the source text; see the .spans.json side file.',
  ];
  for (const w of result.warnings)
    header.push(` WARNING ${w.code}: ${w.message}${w.span ? ` [${w.span[0]}, ${w.span[1]})` : ''}`);
  if (result.targets.length) {
    header.push(' Proposed indicators:');
    for (const t of result.targets) {
      header.push(
        `   ${t.code}: ${oneLine(t.name[result.language] ?? '')} — ${describeTarget(t)} (${t.target.change ? 'change ' : ''}${t.target.comparison} ${t.target.value}${t.target.of !== undefined ? `/${t.target.of}` : ''} ${t.unit}), ${t.direction}${t.target.date ? `, by ${t.target.date}` : ''}${t.task ? `, task ${t.task}` : ''} [${t.span[0]}, ${t.span[1]}) conf ${t.confidence}`,
      );
    }
  }
  const checks = importChecks(result);
  if (checks.length) {
    header.push(' Before import, decide on each: fill it in below, delete the node (skip), or import anyway:');
    for (const c of checks) header.push(`   [ ] ${oneLine(c)}`);
  }
  doc.commentBefore = header.join('\n');
  const nodesSeq = doc.get('nodes', true);
  if (nodesSeq instanceof YAMLSeq) annotate(nodesSeq, result, sourceText);
  return doc.toString({ lineWidth: 0 });
}

function annotate(seq: YAMLSeq, result: DraftResult, sourceText: string | undefined): void {
  for (const n of seq.items) {
    if (!isMap(n)) continue;
    const code = n.get('code');
    const p = typeof code === 'string' ? result.provenance[code] : undefined;
    if (p) {
      const excerpt = sourceText
        ? ` "${oneLine(sourceText.slice(p.span[0], Math.min(p.span[1], p.span[0] + 80)))}${p.span[1] - p.span[0] > 80 ? '…' : ''}"`
        : '';
      (n as YamlNode).commentBefore = ` span [${p.span[0]}, ${p.span[1]}) confidence ${p.confidence}${excerpt}`;
    }
    const children = n.get('children', true);
    if (children instanceof YAMLSeq) annotate(children, result, sourceText);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/#/g, '＃');
}

export type { SourceText, CountItem };
