import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../../../src/domain/errors.js';
import {
  checkFormula,
  checkFormulaSet,
  evaluateFormula,
  evaluateFormulaSet,
  findFormulaCycle,
  FormulaError,
  formulaDependencies,
  formulaEvaluationOrder,
  parseFormula,
  printFormula,
  type FormulaNode,
} from '../../../src/domain/indicators/formula.js';

const ev = (src: string, vars: Record<string, number | null> = {}) =>
  evaluateFormula(parseFormula(src), new Map(Object.entries(vars)));

function errorOf(src: string): FormulaError {
  try {
    parseFormula(src);
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error(`'${src}' parsed`);
}

describe('formula parser', () => {
  it('computes the share of services online', () => {
    expect(ev('online_services / total_services * 100', { online_services: 45, total_services: 50 })).toBe(90);
  });

  it('follows precedence, associativity and parentheses', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 - 4 - 3')).toBe(3);
    expect(ev('10 - (4 - 3)')).toBe(9);
    expect(ev('64 / 4 / 2')).toBe(8);
    expect(ev('-2 * -3')).toBe(6);
    expect(ev('--2')).toBe(2);
    expect(ev('+2 - -2')).toBe(4);
    expect(ev('2 × 3 − 4 ÷ 2')).toBe(4);
    expect(ev('1.5e2 + .5 + 2.')).toBe(152.5);
  });

  it('has min, max, abs and round (half away from zero)', () => {
    expect(ev('min(3, a, 7)', { a: 1 })).toBe(1);
    expect(ev('max(3, a, 7)', { a: 1 })).toBe(7);
    expect(ev('abs(a - 10)', { a: 4 })).toBe(6);
    expect(ev('round(2.5)')).toBe(3);
    expect(ev('round(-2.5)')).toBe(-3);
    expect(ev('round(a / 3, 2)', { a: 2 })).toBe(0.67);
    expect(ev('MAX(1, 2)')).toBe(2);
  });

  it('gives null for missing inputs and division by zero', () => {
    expect(ev('a / b * 100', { a: 1 })).toBeNull();
    expect(ev('a / b * 100', { a: 1, b: null })).toBeNull();
    expect(ev('a / b', { a: 1, b: 0 })).toBeNull();
    expect(ev('a / (b - b)', { a: 0, b: 3 })).toBeNull();
    expect(ev('max(a, 1)', {})).toBeNull();
    expect(ev('round(a, 1.5)', { a: 1 })).toBeNull();
    expect(ev('a * 1e308 * 10', { a: 10 })).toBeNull();
    expect(evaluateFormula(parseFormula('a + 1'), (code) => (code === 'a' ? 41 : undefined))).toBe(42);
  });

  it('reports errors with 1-based positions', () => {
    expect(errorOf('(a + b) * c) + 1').problems[0]!.message).toBe("unexpected ')' at 12");
    expect(errorOf('a + * b').position).toBe(5);
    expect(errorOf('a +').problems[0]!.message).toBe('unexpected end of formula at 4');
    expect(errorOf('(a + b').problems[0]!.message).toBe("unclosed '(' at 1");
    expect(errorOf('max(a, (b + 1)').problems[0]!.message).toBe("unclosed '(' at 4");
    expect(errorOf('(a b)').problems[0]!.message).toBe("unexpected 'b' at 4");
    expect(errorOf('a $ b').problems[0]!.message).toBe("unexpected '$' at 3");
    expect(errorOf('2a').problems[0]!.message).toBe("unexpected 'a' after a number at 2");
    expect(errorOf('sqrt(4)').problems[0]!.message).toMatch(/^unknown function 'sqrt' .* at 1$/);
    expect(errorOf('abs(1, 2)').problems[0]!.message).toMatch(/abs\(\) takes one argument, not 2 at 1/);
    expect(errorOf('min()').position).toBe(5);
    expect(errorOf('   ').problems[0]!.message).toBe('empty formula at 4');
    expect(errorOf('a b').problems[0]!.message).toBe("unexpected 'b' at 3");
    const e = errorOf('1 +');
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.problems[0]!.path).toBe('formula');
    expect(checkFormula('a +', 'indicators[3].formula')).toEqual([
      { path: 'indicators[3].formula', message: 'unexpected end of formula at 4' },
    ]);
    expect(checkFormula('a + b')).toEqual([]);
  });

  it('lists dependencies once, sorted', () => {
    expect(formulaDependencies('b / a * 100 + max(a, c) - b')).toEqual(['a', 'b', 'c']);
    expect(formulaDependencies('3 * 4')).toEqual([]);
  });
});

describe('formula sets', () => {
  it('names a cycle', () => {
    const deps = new Map([
      ['a', ['b', 'x']],
      ['b', ['a']],
      ['c', ['x']],
    ]);
    expect(findFormulaCycle(deps)).toEqual(['a', 'b', 'a']);
    expect(() => formulaEvaluationOrder(deps)).toThrow(/formula cycle: a → b → a/);
    expect(findFormulaCycle(new Map([['s', ['s']]]))).toEqual(['s', 's']);
    expect(
      findFormulaCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['x']],
        ]),
      ),
    ).toBeNull();
  });

  it('orders formulas after the formulas they read', () => {
    const order = formulaEvaluationOrder(
      new Map([
        ['rate', ['online', 'total']],
        ['online', ['level3', 'level4']],
        ['gap', ['rate']],
      ]),
    );
    expect(order.indexOf('online')).toBeLessThan(order.indexOf('rate'));
    expect(order.indexOf('rate')).toBeLessThan(order.indexOf('gap'));
  });

  it('checks a set: syntax, unknown indicators, every cycle', () => {
    const formulas = { a: 'b + 1', b: 'a * 2', c: 'd / total', d: 'c', e: 'missing_one + (1', f: 'nope * 2' };
    const problems = checkFormulaSet(
      Object.entries(formulas).map(([code, formula]) => ({ code, formula })),
      ['total'],
    );
    expect(problems).toEqual([
      { path: 'e.formula', message: "unclosed '(' at 15" },
      { path: 'f.formula', message: "unknown indicator 'nope' at 1" },
      { path: 'a.formula', message: 'formula cycle: a → b → a' },
      { path: 'c.formula', message: 'formula cycle: c → d → c' },
    ]);
  });

  it('evaluates chained formulas for one unit and period', () => {
    const out = evaluateFormulaSet(
      [
        { code: 'rate', formula: 'online / total * 100' },
        { code: 'online', formula: 'level3 + level4' },
        { code: 'gap', formula: '100 - rate' },
      ],
      new Map([
        ['level3', 20],
        ['level4', 25],
        ['total', 50],
      ]),
    );
    expect(Object.fromEntries(out)).toEqual({ online: 45, rate: 90, gap: 10 });
    const missing = evaluateFormulaSet([{ code: 'rate', formula: 'online / total * 100' }], new Map([['online', 3]]));
    expect(missing.get('rate')).toBeNull();
  });
});

// Random trees: numbers (including negative and fractional), references and every node kind.
const names = ['a', 'b', 'c', 'online_services', 'total_services'];
const numberArb = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const astArb: fc.Arbitrary<FormulaNode> = fc.letrec<{ node: FormulaNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberArb.map((value): FormulaNode => ({ kind: 'number', value, pos: 0 })),
    fc.constantFrom(...names).map((code): FormulaNode => ({ kind: 'ref', code, pos: 0 })),
    tie('node').map((operand): FormulaNode => ({ kind: 'neg', operand, pos: 0 })),
    fc
      .tuple(fc.constantFrom<'+' | '-' | '*' | '/'>('+', '-', '*', '/'), tie('node'), tie('node'))
      .map(([op, left, right]): FormulaNode => ({ kind: 'binary', op, left, right, pos: 0 })),
    fc
      .tuple(fc.constantFrom<'min' | 'max'>('min', 'max'), fc.array(tie('node'), { minLength: 1, maxLength: 3 }))
      .map(([fn, args]): FormulaNode => ({ kind: 'call', fn, args, pos: 0 })),
    tie('node').map((arg): FormulaNode => ({ kind: 'call', fn: 'abs', args: [arg], pos: 0 })),
    fc.tuple(tie('node'), fc.integer({ min: 0, max: 3 })).map(([arg, d]): FormulaNode => ({
      kind: 'call',
      fn: 'round',
      args: [arg, { kind: 'number', value: d, pos: 0 }],
      pos: 0,
    })),
  ),
})).node;

const inputsArb = fc.record(Object.fromEntries(names.map((n) => [n, fc.option(numberArb, { freq: 8 })])));

describe('formula properties', () => {
  it('printing and re-parsing a random tree gives the same value, and printing is stable', () => {
    fc.assert(
      fc.property(astArb, inputsArb, (ast, inputs) => {
        const text = printFormula(ast);
        const reparsed = parseFormula(text);
        const vars = new Map(Object.entries(inputs));
        expect(evaluateFormula(reparsed, vars)).toBe(evaluateFormula(ast, vars));
        // A negative literal prints as (-x) and reads back as -(x); after one round the text is fixed.
        const again = printFormula(reparsed);
        expect(printFormula(parseFormula(again))).toBe(again);
        expect(formulaDependencies(reparsed)).toEqual(formulaDependencies(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random text: it parses or reports a position inside the text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-c0-9+\-*/(), .]{0,20}$/), (text) => {
        const problems = checkFormula(text);
        for (const p of problems) {
          const at = Number(/ at (\d+)$/.exec(p.message)?.[1]);
          expect(at).toBeGreaterThanOrEqual(1);
          expect(at).toBeLessThanOrEqual(text.length + 1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
