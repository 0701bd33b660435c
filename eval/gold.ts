/**
 * Gold annotations for the extraction engine (format documented in docs/extract-gold.md)
 * and the scoring of a draft against them: precision, recall and F1 per item type.
 */
import type { Language } from '../src/domain/i18n.js';
import type { DraftResult, ExtractedItem, Span } from '../src/extract/index.js';
import { foldString } from '../src/extract/text.js';

export const GOLD_FORMAT = 'mandate.extract-gold/1';
export const SCORED_TYPES = ['area', 'task', 'agency', 'lead', 'deadline', 'target'] as const;
export type ScoredType = (typeof SCORED_TYPES)[number];

export interface Mention {
  quote: string;
  /** The part of `quote` that is the mention (default: all of it). */
  sub?: string;
  /** 1-based occurrence of `quote` (default 1). */
  nth?: number;
  /** Every occurrence of `quote`. */
  all?: boolean;
}

export interface GoldItem extends Mention {
  type: ScoredType | 'ignore';
  /** For `ignore`: which type's predictions to ignore there. */
  of?: ScoredType;
  /** deadline: last day covered (ISO). */
  end?: string;
  /** task: expected due date (informational). */
  due?: string;
  /** target */
  valueType?: string;
  value?: number;
  /** target: the whole of a fraction ("12/53": 53). */
  whole?: number;
  comparison?: string;
  change?: boolean;
  direction?: string;
  /** agency */
  code?: string;
  name?: string;
  mentions?: (string | Mention)[];
  note?: string;
  /** lead: the task's lead agency as written (an agency's name or one of its mentions); or `code`. */
  agency?: string;
  /** lead: co-ordinating agencies as written (informational; scored as `coordinators`). */
  coordinators?: string[];
}

export interface GoldFile {
  format: typeof GOLD_FORMAT;
  /** `dev` (default): texts the rules were developed on; `heldout`: written and annotated before the extractor saw them. */
  set?: 'dev' | 'heldout' | 'heldout2' | 'heldout3' | 'heldout4';
  file: string;
  /** Where the text comes from (real held-out texts). */
  source?: string;
  language: Language;
  notes?: string;
  items: GoldItem[];
}

/** Spans of a mention in the text (throws if the quote is not there). */
export function resolve(text: string, m: Mention, file: string): Span[] {
  const spans: Span[] = [];
  let from = 0;
  let k = 0;
  for (;;) {
    const i = text.indexOf(m.quote, from);
    if (i < 0) break;
    k++;
    if (m.all || k === (m.nth ?? 1)) {
      const off = m.sub ? m.quote.indexOf(m.sub) : 0;
      if (off < 0) throw new Error(`${file}: "${m.sub}" is not inside "${m.quote}"`);
      spans.push([i + off, i + off + (m.sub ?? m.quote).length]);
      if (!m.all) break;
    }
    from = i + 1;
  }
  if (spans.length === 0)
    throw new Error(`${file}: quote not found: "${m.quote.slice(0, 80)}"${m.nth ? ` (occurrence ${m.nth})` : ''}`);
  return spans;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type Scores = Record<ScoredType, Counts>;

const overlap = (a: Span, b: Span): number => Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
const len = (a: Span): number => Math.max(1, a[1] - a[0]);

/** Sets whose unmatched agency names must be found whole, exactly as written (not just overlapping). */
const EXACT_NAME_SETS = new Set(['heldout3', 'heldout4']);

/** A predicted lead attribution: the task it belongs to and the agency proposed as its lead. */
export interface PredictedLead {
  task: Span;
  code?: string | undefined;
  name: string;
  span?: Span | undefined;
}

/** The leads a draft proposes: from the task items (lead attribution), else from the draft's task nodes. */
export function predictedLeads(result: DraftResult): PredictedLead[] {
  const out: PredictedLead[] = [];
  for (const it of result.items) {
    if (it.type !== 'task') continue;
    const lead = (it as { lead?: { code?: string; name: string; span?: Span } }).lead;
    if (lead) out.push({ task: it.span, code: lead.code, name: lead.name, span: lead.span });
  }
  if (out.length) return out;
  const walk = (nodes: { code: string; lead?: string | undefined; children?: unknown[] | undefined }[]): void => {
    for (const n of nodes) {
      const p = result.provenance[n.code];
      if (n.lead && p) out.push({ task: p.span, code: n.lead, name: n.lead });
      if (n.children) walk(n.children as typeof nodes);
    }
  };
  walk(result.draft.nodes);
  return out;
}

/** Score one draft against one gold file. */
export function score(text: string, gold: GoldFile, result: DraftResult, notes?: string[]): Scores {
  const scores = Object.fromEntries(SCORED_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Scores;
  const ignores = new Map<ScoredType, Span[]>();
  for (const g of gold.items)
    if (g.type === 'ignore') ignores.set(g.of!, [...(ignores.get(g.of!) ?? []), ...resolve(text, g, gold.file)]);
  const ignored = (t: ScoredType, s: Span): boolean =>
    (ignores.get(t) ?? []).some((i) => overlap(i, s) >= 0.5 * len(s));
  const goldOf = (t: ScoredType) => gold.items.filter((g) => g.type === t);
  const preds = (t: ExtractedItem['type']) => result.items.filter((i) => i.type === t);

  // areas and tasks: a prediction is right when most of it lies in a gold item;
  // a gold item is found when a prediction lies mostly in it or covers most of it
  for (const t of ['area', 'task'] as const) {
    const golds = goldOf(t).flatMap((g) => resolve(text, g, gold.file));
    const found = new Set<number>();
    for (const p of preds(t)) {
      const gi = golds.findIndex((g) => overlap(g, p.span) >= 0.5 * len(p.span) || overlap(g, p.span) >= 0.5 * len(g));
      if (gi >= 0) {
        scores[t].tp++;
        found.add(gi);
      } else if (!ignored(t, p.span)) scores[t].fp++;
    }
    // recall counts gold items, precision counts predictions
    const missed = golds.length - found.size;
    scores[t].fn += missed;
    // tp used for precision; recall = found / golds — store found in a separate way:
    (scores[t] as Counts & { found?: number; gold?: number }).found = found.size;
    (scores[t] as Counts & { found?: number; gold?: number }).gold = golds.length;
  }

  // deadlines: overlapping span and the same last day; one to one
  {
    const golds = goldOf('deadline').flatMap((g) => resolve(text, g, gold.file).map((s) => ({ s, end: g.end })));
    const used = new Set<number>();
    for (const p of preds('deadline')) {
      if (p.type !== 'deadline' || p.role === 'date') continue;
      const gi = golds.findIndex((g, i) => !used.has(i) && overlap(g.s, p.span) > 0 && g.end === p.end);
      if (gi >= 0) {
        used.add(gi);
        scores.deadline.tp++;
      } else if (!ignored('deadline', p.span)) scores.deadline.fp++;
    }
    scores.deadline.fn += golds.length - used.size;
  }

  // targets: overlapping span, same value type and value (and whole, for fractions)
  {
    const golds = goldOf('target').flatMap((g) => resolve(text, g, gold.file).map((s) => ({ s, g })));
    const used = new Set<number>();
    for (const p of preds('target')) {
      if (p.type !== 'target') continue;
      const gi = golds.findIndex(
        ({ s, g }, i) =>
          !used.has(i) &&
          overlap(s, p.span) > 0 &&
          g.value === p.value &&
          g.valueType === p.valueType &&
          (g.whole === undefined || g.whole === p.of),
      );
      if (gi >= 0) {
        used.add(gi);
        scores.target.tp++;
      } else if (!ignored('target', p.span)) scores.target.fp++;
    }
    scores.target.fn += golds.length - used.size;
  }

  // agencies: entity level — predicted units (by code) and candidates (by name)
  {
    const golds = goldOf('agency').map((g) => ({
      g,
      spans: (g.mentions ?? []).flatMap((m) => resolve(text, typeof m === 'string' ? { quote: m } : m, gold.file)),
    }));
    const entities = new Map<string, Span[]>();
    for (const p of preds('agency')) {
      if (p.type !== 'agency') continue;
      const key = p.code ? `code:${p.code}` : `name:${foldString(p.name)}`;
      entities.set(key, [...(entities.get(key) ?? []), p.span]);
    }
    const found = new Set<number>();
    const exact = EXACT_NAME_SETS.has(gold.set ?? 'dev');
    const same = (a: Span, b: Span): boolean =>
      exact ? text.slice(a[0], a[1]).trim() === text.slice(b[0], b[1]).trim() && overlap(a, b) > 0 : overlap(a, b) > 0;
    for (const [key, spans] of entities) {
      const code = key.startsWith('code:') ? key.slice(5) : undefined;
      const gi = golds.findIndex(({ g, spans: gs }) =>
        code ? g.code === code : !g.code && spans.some((s) => gs.some((x) => same(x, s))),
      );
      if (gi >= 0) {
        scores.agency.tp++;
        found.add(gi);
      } else if (!spans.every((s) => ignored('agency', s))) scores.agency.fp++;
    }
    scores.agency.fn += golds.length - found.size;
  }

  // lead attribution: a predicted (task, lead) pair is right when its task overlaps the gold task
  // (as for tasks) and its lead is the gold lead agency (same code, an overlapping mention, or the same name)
  {
    const agencies = goldOf('agency').map((g) => ({
      g,
      spans: (g.mentions ?? []).flatMap((m) => resolve(text, typeof m === 'string' ? { quote: m } : m, gold.file)),
      names: new Set(
        [g.name, ...(g.mentions ?? []).map((m) => (typeof m === 'string' ? m : (m.sub ?? m.quote)))]
          .filter((x): x is string => !!x)
          .map(foldString),
      ),
    }));
    const golds = gold.items
      .filter((g) => g.type === 'lead')
      .flatMap((g) => resolve(text, g, gold.file).map((s) => ({ s, g })));
    const used = new Set<number>();
    const sameLead = (g: GoldItem, p: PredictedLead): boolean => {
      if (g.code) return p.code === g.code;
      const want = foldString(g.agency ?? '');
      const entity = agencies.find((a) => a.names.has(want));
      if (!entity) return foldString(p.name) === want;
      if (entity.g.code) return p.code === entity.g.code;
      if (p.span && entity.spans.some((x) => overlap(x, p.span!) > 0)) return true;
      return entity.names.has(foldString(p.name));
    };
    for (const p of predictedLeads(result)) {
      const gi = golds.findIndex(
        ({ s, g }, i) =>
          !used.has(i) &&
          (overlap(s, p.task) >= 0.5 * len(p.task) || overlap(s, p.task) >= 0.5 * len(s)) &&
          sameLead(g, p),
      );
      if (gi >= 0) {
        used.add(gi);
        scores.lead.tp++;
      } else if (!ignored('task', p.task)) {
        scores.lead.fp++;
        notes?.push(`EXTRA lead: ${p.name} <- ${text.slice(p.task[0], p.task[1]).slice(0, 80)}`);
      }
    }
    scores.lead.fn += golds.length - used.size;
    golds.forEach(({ s, g }, i) => {
      if (!used.has(i)) notes?.push(`MISS lead: ${g.agency ?? g.code} <- ${text.slice(s[0], s[1]).slice(0, 80)}`);
    });
  }
  return scores;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Precision, recall and F1; for areas/tasks recall counts gold items found. Empty gold and no predictions count as 1. */
export function prf(c: Counts & { found?: number; gold?: number }): Prf {
  const predicted = c.tp + c.fp;
  const goldN = c.gold ?? c.tp + c.fn;
  const foundN = c.found ?? c.tp;
  const precision = predicted === 0 ? (goldN === 0 ? 1 : 0) : c.tp / predicted;
  const recall = goldN === 0 ? (predicted === 0 ? 1 : 1) : foundN / goldN;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, tp: c.tp, fp: c.fp, fn: c.fn };
}

export function add(
  a: Counts & { found?: number; gold?: number },
  b: Counts & { found?: number; gold?: number },
): Counts & { found?: number; gold?: number } {
  const out: Counts & { found?: number; gold?: number } = { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn };
  if (a.found !== undefined || b.found !== undefined) {
    out.found = (a.found ?? a.tp) + (b.found ?? b.tp);
    out.gold = (a.gold ?? a.tp + a.fn) + (b.gold ?? b.tp + b.fn);
  }
  return out;
}
