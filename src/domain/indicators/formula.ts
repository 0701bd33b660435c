/**
 * Formulas of computed indicators, e.g. `online_services / total_services * 100`.
 *
 * A small recursive-descent parser — never `eval` or `Function`. The grammar:
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := unary (('*' | '/') unary)*
 *   unary   := ('-' | '+') unary | primary
 *   primary := number | identifier | identifier '(' expr (',' expr)* ')' | '(' expr ')'
 *   number  := digits ['.' digits] [('e' | 'E') ['+' | '-'] digits]   (also '.5')
 *   identifier := [A-Za-z_][A-Za-z0-9_]*     — an indicator code
 *
 * The typographic signs − × ÷ are accepted for - * /. Functions: min(a, b, …),
 * max(a, b, …), abs(a), round(a) and round(a, digits) (half away from zero).
 *
 * Positions in errors are 1-based character columns: "unexpected ')' at 14".
 *
 * Evaluation: a missing input (no value for that unit and period) makes the result null;
 * so does a division by zero or any non-finite intermediate result. A computed indicator
 * never reports a value it could not compute.
 */
import { ValidationError, type Problem } from '../errors.js';

export const FORMULA_FUNCTIONS = ['min', 'max', 'abs', 'round'] as const;
export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];
export type BinaryOp = '+' | '-' | '*' | '/';

export type FormulaNode =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'ref'; code: string; pos: number }
  | { kind: 'neg'; operand: FormulaNode; pos: number }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode; pos: number }
  | { kind: 'call'; fn: FormulaFunction; args: FormulaNode[]; pos: number };

/** A formula that does not parse; `position` is the 1-based column of the problem. */
export class FormulaError extends ValidationError {
  override name = 'FormulaError';
  constructor(
    readonly position: number,
    readonly detail: string,
    path = 'formula',
  ) {
    super([{ path, message: `${detail} at ${position}` }], 'invalid formula');
  }
}

type Token =
  | { type: 'num'; value: number; pos: number; text: string }
  | { type: 'id'; name: string; pos: number; text: string }
  | { type: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')' | ','; pos: number; text: string }
  | { type: 'end'; pos: number; text: string };

const OP_ALIASES: Record<string, '+' | '-' | '*' | '/' | '(' | ')' | ','> = {
  '+': '+',
  '-': '-',
  '−': '-',
  '*': '*',
  '×': '*',
  '/': '/',
  '÷': '/',
  '(': '(',
  ')': ')',
  ',': ',',
};

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(src: string, path: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      const after = src[i + num[0].length];
      if (after !== undefined && /[A-Za-z_]/.test(after))
        throw new FormulaError(i + num[0].length + 1, `unexpected '${after}' after a number`, path);
      tokens.push({ type: 'num', value: Number(num[0]), pos: i + 1, text: num[0] });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ type: 'id', name: id[0], pos: i + 1, text: id[0] });
      i += id[0].length;
      continue;
    }
    const op = OP_ALIASES[ch];
    if (op) {
      tokens.push({ type: 'op', op, pos: i + 1, text: ch });
      i++;
      continue;
    }
    throw new FormulaError(i + 1, `unexpected '${ch}'`, path);
  }
  tokens.push({ type: 'end', pos: src.length + 1, text: '' });
  return tokens;
}

function describe(t: Token): string {
  return t.type === 'end' ? 'end of formula' : `'${t.text}'`;
}

/**
 * Parses a formula into a tree. Throws FormulaError (a ValidationError whose problem
 * reads "unexpected ')' at 14") on the first problem. `path` names the field in the
 * error (default 'formula').
 */
export function parseFormula(src: string, path = 'formula'): FormulaNode {
  const tokens = tokenize(src, path);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const next = (): Token => tokens[k++]!;
  const isOp = (t: Token, op: string): boolean => t.type === 'op' && t.op === op;
  const fail = (t: Token, what?: string): never => {
    throw new FormulaError(t.pos, what ?? `unexpected ${describe(t)}`, path);
  };

  function expr(): FormulaNode {
    let left = term();
    for (;;) {
      const t = peek();
      if (t.type === 'op' && (t.op === '+' || t.op === '-')) {
        next();
        left = { kind: 'binary', op: t.op, left, right: term(), pos: t.pos };
      } else return left;
    }
  }
  function term(): FormulaNode {
    let left = unary();
    for (;;) {
      const t = peek();
      if (t.type === 'op' && (t.op === '*' || t.op === '/')) {
        next();
        left = { kind: 'binary', op: t.op, left, right: unary(), pos: t.pos };
      } else return left;
    }
  }
  function unary(): FormulaNode {
    const t = peek();
    if (isOp(t, '-')) {
      next();
      return { kind: 'neg', operand: unary(), pos: t.pos };
    }
    if (isOp(t, '+')) {
      next();
      return unary();
    }
    return primary();
  }
  function primary(): FormulaNode {
    const t = next();
    if (t.type === 'num') return { kind: 'number', value: t.value, pos: t.pos };
    if (t.type === 'id') {
      if (!isOp(peek(), '(')) return { kind: 'ref', code: t.name, pos: t.pos };
      const fn = t.name.toLowerCase();
      if (!(FORMULA_FUNCTIONS as readonly string[]).includes(fn))
        fail(t, `unknown function '${t.name}' (known: ${FORMULA_FUNCTIONS.join(', ')})`);
      const open = next();
      const args: FormulaNode[] = [];
      if (isOp(peek(), ')')) fail(peek(), `${fn}() needs an argument`);
      args.push(expr());
      while (isOp(peek(), ',')) {
        next();
        args.push(expr());
      }
      const close = peek();
      if (!isOp(close, ')')) close.type === 'end' ? fail(open, "unclosed '('") : fail(close);
      next();
      const f = fn as FormulaFunction;
      if ((f === 'abs' && args.length !== 1) || (f === 'round' && args.length > 2))
        fail(t, `${f}() takes ${f === 'abs' ? 'one argument' : 'one or two arguments'}, not ${args.length}`);
      return { kind: 'call', fn: f, args, pos: t.pos };
    }
    if (isOp(t, '(')) {
      const inner = expr();
      const close = peek();
      if (!isOp(close, ')')) close.type === 'end' ? fail(t, "unclosed '('") : fail(close);
      next();
      return inner;
    }
    return fail(t, t.type === 'end' ? 'unexpected end of formula' : undefined);
  }

  if (peek().type === 'end') fail(peek(), 'empty formula');
  const root = expr();
  if (peek().type !== 'end') fail(peek());
  return root;
}

/** The problems of a formula's syntax (empty when it parses), for schema validation. */
export function checkFormula(src: string, path = 'formula'): Problem[] {
  try {
    parseFormula(src, path);
    return [];
  } catch (e) {
    if (e instanceof FormulaError) return e.problems;
    throw e;
  }
}

/** The indicator codes a formula reads, sorted, each once. */
export function formulaDependencies(node: FormulaNode | string): string[] {
  const root = typeof node === 'string' ? parseFormula(node) : node;
  const out = new Set<string>();
  const walk = (n: FormulaNode): void => {
    switch (n.kind) {
      case 'ref':
        out.add(n.code);
        break;
      case 'neg':
        walk(n.operand);
        break;
      case 'binary':
        walk(n.left);
        walk(n.right);
        break;
      case 'call':
        n.args.forEach(walk);
        break;
      case 'number':
        break;
    }
  };
  walk(root);
  return [...out].sort();
}

/** Where an evaluation reads its inputs: a value, or null/undefined when missing. */
export type FormulaInputs =
  ReadonlyMap<string, number | null | undefined> | ((code: string) => number | null | undefined);

function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
  return Object.is(r, -0) ? 0 : r;
}

/**
 * Evaluates a formula. Null when an input is missing, on division by zero, or when any
 * intermediate result is not finite.
 */
export function evaluateFormula(node: FormulaNode, inputs: FormulaInputs): number | null {
  const get = typeof inputs === 'function' ? inputs : (code: string) => inputs.get(code);
  const ev = (n: FormulaNode): number | null => {
    let r: number | null;
    switch (n.kind) {
      case 'number':
        r = n.value;
        break;
      case 'ref': {
        const v = get(n.code);
        r = v === undefined || v === null ? null : v;
        break;
      }
      case 'neg': {
        const v = ev(n.operand);
        r = v === null ? null : -v;
        break;
      }
      case 'binary': {
        const a = ev(n.left);
        if (a === null) return null;
        const b = ev(n.right);
        if (b === null) return null;
        if (n.op === '/' && b === 0) return null;
        r = n.op === '+' ? a + b : n.op === '-' ? a - b : n.op === '*' ? a * b : a / b;
        break;
      }
      case 'call': {
        const args: number[] = [];
        for (const arg of n.args) {
          const v = ev(arg);
          if (v === null) return null;
          args.push(v);
        }
        if (n.fn === 'min') r = Math.min(...args);
        else if (n.fn === 'max') r = Math.max(...args);
        else if (n.fn === 'abs') r = Math.abs(args[0]!);
        else {
          const digits = args[1] ?? 0;
          if (!Number.isInteger(digits) || digits < 0 || digits > 12) return null;
          r = roundHalfAway(args[0]!, digits);
        }
        break;
      }
    }
    return r !== null && Number.isFinite(r) ? r : null;
  };
  return ev(node);
}

const PREC: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

function precedence(n: FormulaNode): number {
  if (n.kind === 'binary') return PREC[n.op];
  if (n.kind === 'neg') return 3;
  return 4;
}

function printNumber(x: number): string {
  // String() gives the shortest text that reads back as the same double.
  return x < 0 || Object.is(x, -0) ? `(-${String(-x)})` : String(x);
}

/**
 * Writes a formula back as text with the fewest parentheses that keep its meaning and
 * grouping (so parse(print(ast)) evaluates exactly as ast, floating point included).
 */
export function printFormula(n: FormulaNode): string {
  switch (n.kind) {
    case 'number':
      return printNumber(n.value);
    case 'ref':
      return n.code;
    case 'neg': {
      const inner = printFormula(n.operand);
      return precedence(n.operand) < 3 ? `-(${inner})` : `-${inner}`;
    }
    case 'binary': {
      const p = PREC[n.op];
      const l = printFormula(n.left);
      const r = printFormula(n.right);
      const left = precedence(n.left) < p ? `(${l})` : l;
      // Same precedence on the right keeps its parentheses: a - (b - c), a / (b * c).
      const right = precedence(n.right) <= p ? `(${r})` : r;
      return `${left} ${n.op} ${right}`;
    }
    case 'call':
      return `${n.fn}(${n.args.map(printFormula).join(', ')})`;
  }
}

// ---------------------------------------------------------------------------------------
// Sets of formulas: cycles and evaluation order

/**
 * Finds a cycle among formula indicators, given each one's dependencies. Returns the
 * cycle as a path that ends where it starts (['a', 'b', 'a']), or null. Codes that are
 * not keys of `deps` are plain inputs and end a path.
 */
export function findFormulaCycle(deps: ReadonlyMap<string, ReadonlyArray<string>>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (code: string): string[] | null => {
    const s = state.get(code);
    if (s === 2) return null;
    if (s === 1) return [...stack.slice(stack.indexOf(code)), code];
    state.set(code, 1);
    stack.push(code);
    for (const d of [...(deps.get(code) ?? [])].sort()) {
      if (!deps.has(d)) continue;
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(code, 2);
    return null;
  };
  for (const code of [...deps.keys()].sort()) {
    const c = visit(code);
    if (c) return c;
  }
  return null;
}

/** "a → b → a" */
export function formatCycle(cycle: ReadonlyArray<string>): string {
  return cycle.join(' → ');
}

/**
 * The order in which to compute formula indicators so that each comes after the formula
 * indicators it reads (a topological order, ties by code). Throws a ValidationError
 * naming the cycle ("formula cycle: a → b → a") when there is one.
 */
export function formulaEvaluationOrder(deps: ReadonlyMap<string, ReadonlyArray<string>>): string[] {
  const cycle = findFormulaCycle(deps);
  if (cycle)
    throw new ValidationError(
      [{ path: cycle[0]!, message: `formula cycle: ${formatCycle(cycle)}` }],
      'invalid formulas',
    );
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (code: string): void => {
    if (done.has(code)) return;
    done.add(code);
    for (const d of [...(deps.get(code) ?? [])].sort()) if (deps.has(d)) visit(d);
    order.push(code);
  };
  for (const code of [...deps.keys()].sort()) visit(code);
  return order;
}

export interface FormulaDefinition {
  code: string;
  formula: string;
}

/**
 * Checks a set of formula indicators against the known indicator codes: each formula
 * parses, reads only known indicators, and no formula depends on itself through others.
 * Every problem is reported, each with the indicator code as path
 * (`online_rate.formula: unknown indicator 'online_service' at 1`).
 */
export function checkFormulaSet(formulas: ReadonlyArray<FormulaDefinition>, knownCodes: Iterable<string>): Problem[] {
  const known = new Set(knownCodes);
  for (const f of formulas) known.add(f.code);
  const problems: Problem[] = [];
  const deps = new Map<string, string[]>();
  for (const f of formulas) {
    const path = `${f.code}.formula`;
    let ast: FormulaNode;
    try {
      ast = parseFormula(f.formula, path);
    } catch (e) {
      if (e instanceof FormulaError) {
        problems.push(...e.problems);
        continue;
      }
      throw e;
    }
    const refs: Array<{ code: string; pos: number }> = [];
    const walk = (n: FormulaNode): void => {
      if (n.kind === 'ref') refs.push({ code: n.code, pos: n.pos });
      else if (n.kind === 'neg') walk(n.operand);
      else if (n.kind === 'binary') {
        walk(n.left);
        walk(n.right);
      } else if (n.kind === 'call') n.args.forEach(walk);
    };
    walk(ast);
    for (const r of refs)
      if (!known.has(r.code)) problems.push({ path, message: `unknown indicator '${r.code}' at ${r.pos}` });
    deps.set(f.code, formulaDependencies(ast));
  }
  // Report every distinct cycle: find one, break it, look again.
  const remaining = new Map(deps);
  for (;;) {
    const cycle = findFormulaCycle(remaining);
    if (!cycle) break;
    problems.push({ path: `${cycle[0]!}.formula`, message: `formula cycle: ${formatCycle(cycle)}` });
    for (const c of cycle) remaining.delete(c);
  }
  return problems;
}

/**
 * Computes every formula indicator for one org unit and period from the input values, in
 * dependency order (a formula may read another formula's result). Returns the computed
 * values by code; null where an input is missing or a division by zero occurred. Throws
 * a ValidationError on a cycle.
 */
export function evaluateFormulaSet(
  formulas: ReadonlyArray<FormulaDefinition>,
  inputs: ReadonlyMap<string, number | null | undefined>,
): Map<string, number | null> {
  const asts = new Map(formulas.map((f) => [f.code, parseFormula(f.formula, `${f.code}.formula`)] as const));
  const deps = new Map([...asts].map(([code, ast]) => [code, formulaDependencies(ast)] as const));
  const out = new Map<string, number | null>();
  for (const code of formulaEvaluationOrder(deps)) {
    out.set(
      code,
      evaluateFormula(asts.get(code)!, (c) => (out.has(c) ? out.get(c) : inputs.get(c))),
    );
  }
  return out;
}
