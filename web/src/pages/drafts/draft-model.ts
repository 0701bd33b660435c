/**
 * The draft review page's editable model: the drafter's programme file turned into a tree
 * of keyed nodes the user edits, drops and adds to, and back into a programme file; and
 * the mapping of the importer's problem paths (`nodes[0].children[2].lead`) to those nodes.
 */
import type { NodeSpec, ProgrammeFile } from '../../../../src/domain/programme-file';
import type { LocalizedText } from '../../api/types';
import type { Language } from '../../lib/text';

export type Span = [number, number];

export interface DraftTarget {
  code: string;
  name: LocalizedText;
  unit: string;
  valueType: string;
  direction: string;
  target: { value: number; comparison: string; change: boolean; of?: number; date?: string };
  task?: string;
  span: Span;
  confidence: number;
}

export interface DraftAgency {
  name: string;
  spans: Span[];
  confidence: number;
}

export interface DraftResponse {
  language: Language;
  draft: ProgrammeFile;
  yaml: string;
  items: Array<{ type: string; text: string; span: Span; confidence: number }>;
  targets: DraftTarget[];
  unmatchedAgencies: DraftAgency[];
  warnings: Array<{ code: string; message: string; span?: Span }>;
  provenance: Record<string, { span: Span; confidence: number; item: number }>;
  summary: string;
}

export interface EditNode {
  key: string;
  code: string;
  kind: NodeSpec['kind'];
  title: string;
  lead: string;
  due: string;
  tags: string[];
  span?: Span | undefined;
  confidence?: number | undefined;
  /** Everything else of the drafted spec (description, co-ordinators, start…), passed through. */
  base: NodeSpec;
  children: EditNode[];
}

export interface EditDraft {
  language: Language;
  code: string;
  name: string;
  issuers: string[];
  periodStart: string;
  periodEnd: string;
  base: ProgrammeFile;
  nodes: EditNode[];
}

let counter = 0;
export const newKey = () => `n${++counter}`;

function textOf(t: LocalizedText | undefined, lang: Language): string {
  if (!t) return '';
  return t[lang] ?? Object.values(t).find((v) => typeof v === 'string' && v) ?? '';
}

export function toEdit(response: DraftResponse): EditDraft {
  const lang = response.language;
  const walk = (specs: NodeSpec[]): EditNode[] =>
    specs.map((spec) => ({
      key: newKey(),
      code: spec.code,
      kind: spec.kind,
      title: textOf(spec.title, lang),
      lead: spec.lead ?? '',
      due: spec.due ?? '',
      tags: spec.tags ?? [],
      span: response.provenance[spec.code]?.span,
      confidence: response.provenance[spec.code]?.confidence,
      base: spec,
      children: walk(spec.children ?? []),
    }));
  const d = response.draft;
  return {
    language: lang,
    code: d.code,
    name: textOf(d.name, lang),
    issuers: [...d.issuers],
    periodStart: d.period.start,
    periodEnd: d.period.end,
    base: d,
    nodes: walk(d.nodes),
  };
}

/** The edited draft as a programme file, and the path of every node in it. */
export function toFile(edit: EditDraft): { file: ProgrammeFile; paths: Map<string, string> } {
  const paths = new Map<string, string>();
  const lt = (s: string): LocalizedText => ({ [edit.language]: s });
  const walk = (nodes: EditNode[], prefix: string): NodeSpec[] =>
    nodes.map((n, i) => {
      const path = `${prefix}[${i}]`;
      paths.set(path, n.key);
      const { children: _children, lead: _lead, due: _due, tags: _tags, ...rest } = n.base;
      const spec: NodeSpec = { ...rest, code: n.code, kind: n.kind, title: lt(n.title.trim()) };
      if (n.lead) spec.lead = n.lead;
      if (n.due) spec.due = n.due;
      if (n.tags.length) spec.tags = n.tags;
      if (spec.start && spec.due && spec.start > spec.due) delete spec.start;
      if (n.children.length) spec.children = walk(n.children, `${path}.children`);
      return spec;
    });
  const file: ProgrammeFile = {
    ...edit.base,
    code: edit.code.trim(),
    name: lt(edit.name.trim()),
    issuers: edit.issuers.filter(Boolean),
    period: { start: edit.periodStart, end: edit.periodEnd },
    nodes: walk(edit.nodes, 'nodes'),
  };
  return { file, paths };
}

export interface MappedProblems {
  /** Programme-level fields: `code`, `name`, `issuers[0]`, `period.start`, … */
  programme: Record<string, string>;
  /** Per node key, per field (`title`, `lead`, `due`, `tags`, `code`, or `_` for the rest). */
  nodes: Record<string, Record<string, string>>;
  /** Problems that name nothing on the page. */
  other: Array<{ path: string; message: string }>;
}

const NODE_FIELDS = ['title', 'lead', 'due', 'tags', 'code'];

/** Maps problem paths to the page's fields: the longest node path that prefixes the problem's path names the node. */
export function mapProblems(
  problems: Array<{ path: string; message: string }>,
  paths: Map<string, string>,
): MappedProblems {
  const out: MappedProblems = { programme: {}, nodes: {}, other: [] };
  for (const p of problems) {
    const path = p.path.replace(/^body\.?/, '');
    const m = /^(nodes\[\d+\](?:\.children\[\d+\])*)(?:\.(.*))?$/.exec(path);
    if (m) {
      let nodePath = m[1]!;
      let rest = m[2] ?? '';
      // a problem deeper than a node we know (should not happen): climb to the nearest known node
      while (!paths.has(nodePath) && nodePath.includes('.children[')) {
        const cut = nodePath.lastIndexOf('.children[');
        rest = nodePath.slice(cut + 1) + (rest ? `.${rest}` : '');
        nodePath = nodePath.slice(0, cut);
      }
      const key = paths.get(nodePath);
      if (key) {
        const head = rest.split(/[.[]/)[0] ?? '';
        const field = NODE_FIELDS.includes(head) ? head : '_';
        const bucket = (out.nodes[key] ??= {});
        bucket[field] ??= field === '_' && rest ? `${rest}: ${p.message}` : p.message;
        continue;
      }
    }
    const top = path.split(/[.[]/)[0] ?? '';
    if (top === 'code' || top === 'name') out.programme[top] ??= p.message;
    else if (top === 'period')
      out.programme[path.startsWith('period.end') ? 'period.end' : 'period.start'] ??= p.message;
    else if (top === 'issuers') out.programme[/^issuers\[\d+\]/.exec(path)?.[0] ?? 'issuers'] ??= p.message;
    else out.other.push({ path, message: p.message });
  }
  return out;
}

/** Tasks without a lead whose clause names the agency (inside it, or just before it in the same sentence). */
export function tasksNaming(nodes: EditNode[], spans: Span[], text: string): EditNode[] {
  const hits: EditNode[] = [];
  const visit = (list: EditNode[]) => {
    for (const n of list) {
      if (n.kind !== 'area' && !n.lead && n.span) {
        const [s, e] = n.span;
        const named = spans.some(
          ([as, ae]) => (as >= s && ae <= e) || (ae <= s && s - ae < 40 && !/[.;!?\n。；]/.test(text.slice(ae, s))),
        );
        if (named) hits.push(n);
      }
      visit(n.children);
    }
  };
  visit(nodes);
  return hits;
}

export function updateNode(nodes: EditNode[], key: string, change: (n: EditNode) => EditNode | null): EditNode[] {
  const out: EditNode[] = [];
  for (const n of nodes) {
    if (n.key === key) {
      const next = change(n);
      if (next) out.push(next);
    } else out.push(n.children.length ? { ...n, children: updateNode(n.children, key, change) } : n);
  }
  return out;
}

export function allCodes(nodes: EditNode[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    into.add(n.code);
    allCodes(n.children, into);
  }
  return into;
}

/** A fresh node code: `A1.T4` under area A1, `T5` at the top. */
export function nextCode(nodes: EditNode[], parent: EditNode | null): string {
  const used = allCodes(nodes);
  const prefix = parent ? `${parent.code}.T` : 'T';
  let i = (parent ? parent.children.length : nodes.filter((n) => n.kind !== 'area').length) + 1;
  while (used.has(`${prefix}${i}`)) i++;
  return `${prefix}${i}`;
}

/** What the review shows in the source text: a node, a target or an unmatched agency. */
export type Selected =
  { kind: 'node'; key: string } | { kind: 'target'; code: string } | { kind: 'agency'; name: string } | null;
