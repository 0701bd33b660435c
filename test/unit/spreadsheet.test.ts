/** The formula-injection helper (src/domain/spreadsheet.ts): nothing a spreadsheet could run, numbers kept, exact inverse. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { neutraliseFormula, restoreSpreadsheetText, spreadsheetRow } from '../../src/domain/spreadsheet.js';

const TRIGGER = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const text = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''="), fc.string()).map(([a, b]) => a + b),
);

describe('spreadsheet cells', () => {
  it('quotes the OWASP triggers and leaves other text and numbers alone', () => {
    expect(neutraliseFormula('=HYPERLINK("http://evil.example")')).toBe('\'=HYPERLINK("http://evil.example")');
    expect(neutraliseFormula('@SUM(1)')).toBe("'@SUM(1)");
    expect(neutraliseFormula('\t=1')).toBe("'\t=1");
    expect(neutraliseFormula('\r=1')).toBe("'\r=1");
    expect(neutraliseFormula('-3+A1')).toBe("'-3+A1");
    expect(neutraliseFormula('+84 912 345 678')).toBe("'+84 912 345 678");
    for (const n of ['-3', '+1.5', '-2e3', '0.25', '-.5']) expect(neutraliseFormula(n)).toBe(n);
    expect(neutraliseFormula('Hà Nội')).toBe('Hà Nội');
    expect(spreadsheetRow([-3, '=1', null, new Date(0)])).toEqual([-3, "'=1", null, new Date(0)]);
    expect(spreadsheetRow({ a: '@x', b: 2 })).toEqual({ a: "'@x", b: 2 });
  });

  it('never leaves a runnable cell, and restoring gives back the text exactly', () => {
    fc.assert(
      fc.property(text, (t) => {
        const out = neutraliseFormula(t);
        expect(TRIGGER.test(out) && !NUMBER.test(out)).toBe(false);
        expect(restoreSpreadsheetText(out)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });
});
