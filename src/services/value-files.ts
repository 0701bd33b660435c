/**
 * Data-value files in and out: CSV and XLSX (`indicator,unit,period,value,source,comment`,
 * first sheet) and DHIS2 data value sets (JSON `{"dataValues":[{"dataElement","period",
 * "orgUnit","value","comment"}]}`). See docs/indicators.md.
 *
 * Problems name the file, line (XLSX: row) and column (1-based; for DHIS2 JSON the
 * position of the field's value), e.g. `values.csv:14:3`.
 */
import ExcelJS from 'exceljs';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { restoreSpreadsheetText, spreadsheetRow } from '../domain/spreadsheet.js';
import { dataValuesRepository } from '../db/repositories/data-values.repository.js';
import { indicatorsRepository } from '../db/repositories/indicators.repository.js';
import { orgUnitsRepository } from '../db/repositories/org-units.repository.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { parsePeriod, periodEnd, periodStart, type Period } from '../domain/period.js';
import type { ServiceContext } from './context.js';
import { indicatorPolicy } from '../policies/indicators.js';
import { storeValues, type RawValues, type StoreOptions } from './data-values.js';

export const VALUE_FILE_FORMATS = ['csv', 'xlsx', 'dhis2'] as const;
export type ValueFileFormat = (typeof VALUE_FILE_FORMATS)[number];

export const CSV_COLUMNS = ['indicator', 'unit', 'period', 'value', 'source', 'comment'] as const;
const REQUIRED = ['indicator', 'unit', 'period', 'value'] as const;

/** The format a file name suggests (default csv). */
export function formatOf(fileName: string): ValueFileFormat {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.json$/i.test(fileName)) return 'dhis2';
  return 'csv';
}

/** Rows as columns of cells with their positions. */
interface Table {
  count: number;
  cells: Record<(typeof CSV_COLUMNS)[number], unknown[]>;
  lines: number[];
  columns: Record<(typeof CSV_COLUMNS)[number], number>;
}

function headerProblems(header: string[], fileName: string): { columns: Table['columns'] } {
  const names = header.map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  );
  const columns = {} as Table['columns'];
  for (const c of CSV_COLUMNS) columns[c] = names.indexOf(c);
  const missing = REQUIRED.filter((c) => columns[c] < 0);
  if (missing.length)
    throw new ValidationError(
      missing.map((m) => ({
        path: `${fileName}:1:1`,
        message: `no '${m}' column (the header is ${CSV_COLUMNS.join(',')})`,
      })),
      `${fileName} has no valid header`,
    );
  return { columns };
}

function tableAsRaw(t: Table, fileName: string): RawValues {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a parsed CSV cell is a string or a number
  const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  const opt = (v: unknown): string | null => {
    const s = text(v).trim();
    return s === '' ? null : s;
  };
  return {
    count: t.count,
    indicator: (i) => text(t.cells.indicator[i]),
    unit: (i) => text(t.cells.unit[i]),
    period: (i) => text(t.cells.period[i]).trim(),
    value: (i) => t.cells.value[i],
    source: (i) => opt(t.cells.source[i]),
    comment: (i) => opt(t.cells.comment[i]),
    locate: (i, f) => `${fileName}:${t.lines[i]}:${t.columns[f] + 1}`,
  };
}

/**
 * Splits CSV text (RFC 4180: commas, double quotes with "" inside, CRLF or LF, quoted
 * fields may span lines) into records, each with the line it starts on; blank lines are
 * skipped. A small hand-written scanner: a million rows parse in about a second, several
 * times faster than a general-purpose parser.
 */
export function splitCsv(text: string, fileName: string): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const record: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === 34) {
        // quoted field
        const openLine = line;
        let j = i + 1;
        let out = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0)
            throw new ValidationError(
              [{ path: `${fileName}:${openLine}:${record.length + 1}`, message: 'a quoted field is not closed' }],
              `${fileName} is not valid CSV`,
            );
          const chunk = text.slice(j, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
          out += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            out += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        field = out;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      record.push(field);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (!(record.length === 1 && record[0]!.trim() === '')) {
      records.push(record);
      lines.push(startLine);
    }
  }
  return { records, lines };
}

export function readCsv(text: string, fileName: string): RawValues {
  const { records, lines: recordLines } = splitCsv(text, fileName);
  if (records.length === 0)
    throw new ValidationError(
      [
        {
          path: `${fileName}:1:1`,
          message: 'the file is empty (expected a header indicator,unit,period,value,source,comment)',
        },
      ],
      `${fileName} is empty`,
    );
  const { columns } = headerProblems(records[0]!, fileName);
  const n = records.length - 1;
  const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c, new Array<unknown>(n)])) as Table['cells'];
  for (let r = 1; r <= n; r++) {
    const record = records[r]!;
    for (const c of CSV_COLUMNS) {
      const text = columns[c] >= 0 ? record[columns[c]] : undefined;
      cells[c][r - 1] = text === undefined ? undefined : restoreSpreadsheetText(text);
    }
  }
  return tableAsRaw({ count: n, cells, lines: recordLines.slice(1), columns }, fileName);
}

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return restoreSpreadsheetText(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellValue((v as ExcelJS.CellFormulaValue).result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return v.text;
    if ('error' in v) return undefined;
  }
  return v;
}

/** Rows a value workbook may have (MANDATE_XLSX_MAX_ROWS); past it the import stops reading and fails. */
export const XLSX_MAX_ROWS = Number(process.env.MANDATE_XLSX_MAX_ROWS) || 2_000_000;
/** Characters of shared strings a workbook may declare (a decompression bomb hides there too). */
const XLSX_MAX_SHARED_STRING_CHARS = 200_000_000;

/**
 * Reads the first sheet of a workbook as a stream (ExcelJS's WorkbookReader): rows are
 * inflated and parsed as they come, the event loop gets turns between chunks, and a
 * sheet over `maxRows` rows (a decompression bomb: a few MB holding millions of rows) is
 * refused as soon as the limit is passed, without reading the rest.
 */
export async function readXlsx(
  data: Buffer | Uint8Array,
  fileName: string,
  limits: { maxRows?: number } = {},
): Promise<RawValues> {
  const maxRows = limits.maxRows ?? XLSX_MAX_ROWS;
  const { Readable } = await import('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data)]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let header: string[] | undefined;
  let columns: ReturnType<typeof headerProblems>['columns'] | undefined;
  const cells = Object.fromEntries(CSV_COLUMNS.map((c) => [c, [] as unknown[]])) as Table['cells'];
  const lines: number[] = [];
  let sharedChars = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        if (row.number > maxRows)
          throw new ValidationError(
            [{ path: `${fileName}:${row.number}`, message: `the sheet has more than ${maxRows} rows; split the file` }],
            `${fileName} is too large`,
          );
        if (!header) {
          header = [];
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- cellValue gives a string, a number or a boolean
          row.eachCell({ includeEmpty: true }, (cell, col) => (header![col - 1] = String(cellValue(cell.value) ?? '')));
          columns = headerProblems(header, fileName).columns;
          continue;
        }
        const values = CSV_COLUMNS.map((c) =>
          columns![c] >= 0 ? cellValue(row.getCell(columns![c] + 1).value) : undefined,
        );
        if (values.every((v) => v === undefined || v === '')) continue;
        for (const v of values) if (typeof v === 'string') sharedChars += v.length;
        if (sharedChars > XLSX_MAX_SHARED_STRING_CHARS)
          throw new ValidationError(
            [{ path: `${fileName}:${row.number}`, message: 'the sheet holds more text than a value file may' }],
            `${fileName} is too large`,
          );
        CSV_COLUMNS.forEach((c, k) => cells[c].push(values[k]));
        lines.push(row.number);
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw new ValidationError(
      [{ path: fileName, message: `not an XLSX workbook (${(e as Error).message})` }],
      `${fileName} is not valid XLSX`,
    );
  }
  if (!header || !columns)
    throw new ValidationError(
      [{ path: `${fileName}:1:1`, message: 'the first sheet is empty' }],
      `${fileName} is empty`,
    );
  return tableAsRaw({ count: lines.length, cells, lines, columns }, fileName);
}

const DHIS2_FIELDS = { indicator: 'dataElement', unit: 'orgUnit', period: 'period', value: 'value' } as const;

/**
 * Line and column of each field value of each element of the top-level `dataValues`
 * array — computed only when there is a problem to report.
 */
function dhis2Positions(text: string): Array<Record<string, { line: number; col: number }>> {
  const out: Array<Record<string, { line: number; col: number }>> = [];
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let inArray = false;
  let pendingKey: string | null = null;
  let lastKeyTop: string | null = null;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (ch === '"') {
      const start = i;
      let s = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
        s += text[i];
      }
      if (depth === 1 && !expectValue) lastKeyTop = s;
      if (depth === 3 && inArray) {
        if (expectValue && pendingKey) {
          out[out.length - 1]![pendingKey] = { line, col: start - lineStart + 1 };
          pendingKey = null;
          expectValue = false;
        } else pendingKey = s;
      }
      continue;
    }
    if (ch === ':') {
      expectValue = true;
      continue;
    }
    if (ch === ',') {
      expectValue = false;
      continue;
    }
    if (ch === '{' || ch === '[') {
      depth++;
      if (depth === 2 && ch === '[' && lastKeyTop === 'dataValues') inArray = true;
      if (depth === 3 && inArray && ch === '{') out.push({ _: { line, col: i - lineStart + 1 } });
      expectValue = false;
      continue;
    }
    if (ch === '}' || ch === ']') {
      if (depth === 2 && inArray) inArray = false;
      depth--;
      expectValue = false;
      continue;
    }
    if (depth === 3 && inArray && expectValue && pendingKey && !/\s/.test(ch)) {
      out[out.length - 1]![pendingKey] = { line, col: i - lineStart + 1 };
      pendingKey = null;
      expectValue = false;
    }
  }
  return out;
}

export function readDhis2(text: string, fileName: string): RawValues {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ValidationError([{ path: fileName, message: (e as Error).message }], `${fileName} is not valid JSON`);
  }
  const values = (doc as { dataValues?: unknown })?.dataValues;
  if (!Array.isArray(values))
    throw new ValidationError(
      [{ path: `${fileName}:dataValues`, message: 'expected {"dataValues": [...]}' }],
      `${fileName} is not a DHIS2 data value set`,
    );
  const field = (i: number, f: string): unknown => {
    const v: unknown = values[i];
    return v && typeof v === 'object' ? (v as Record<string, unknown>)[f] : undefined;
  };
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a DHIS2 JSON field is a string or a number
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  let positions: ReturnType<typeof dhis2Positions> | null = null;
  return {
    count: values.length,
    indicator: (i) => str(field(i, 'dataElement')),
    unit: (i) => str(field(i, 'orgUnit')),
    period: (i) => str(field(i, 'period')).trim(),
    value: (i) => field(i, 'value'),
    source: () => null,
    comment: (i) => (field(i, 'comment') ? str(field(i, 'comment')) : null),
    locate: (i, f) => {
      positions ??= dhis2Positions(text);
      const name = DHIS2_FIELDS[f];
      const at = positions[i]?.[name] ?? positions[i]?._;
      return `${fileName}:${at ? `${at.line}:${at.col}` : '?'} dataValues[${i}].${name}`;
    },
  };
}

export async function readValueFile(
  data: string | Buffer | Uint8Array,
  format: ValueFileFormat,
  fileName: string,
): Promise<RawValues> {
  if (format === 'xlsx') return readXlsx(typeof data === 'string' ? Buffer.from(data, 'binary') : data, fileName);
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  return format === 'csv' ? readCsv(text, fileName) : readDhis2(text, fileName);
}

export interface ImportSummary {
  format: ValueFileFormat;
  stored: number;
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
}

/** Imports a file of data values, all or nothing; counts as DHIS2 does (a re-import imports 0). */
export async function importValues(
  ctx: ServiceContext,
  data: string | Buffer | Uint8Array,
  format: ValueFileFormat,
  fileName: string,
  options: StoreOptions = {},
): Promise<ImportSummary> {
  const raw = await readValueFile(data, format, fileName);
  const c = await storeValues(ctx, raw, {
    defaultSource: format === 'dhis2' ? 'DHIS2 import' : undefined,
    action: 'import',
    origin: fileName,
    ...options,
  });
  return { format, ...c };
}

// ---------------------------------------------------------------------------------------
// Export

export interface ExportQuery {
  indicator?: string | undefined;
  unit?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  approvedOnly?: boolean | undefined;
}

function periodOrThrow(code: string, path: string): Period {
  const p = parsePeriod(code);
  if (!p)
    throw new ValidationError([
      { path, message: `'${code}' is not a period (expected 2024, 2024Q1, 2024M03 or 202403)` },
    ]);
  return p;
}

export async function exportRows(ctx: ServiceContext, q: ExportQuery) {
  let indicatorIds: number[] | undefined;
  if (q.indicator) {
    const codes = q.indicator
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    indicatorIds = [];
    for (const c of codes) {
      const ind = await indicatorsRepository.byCode(ctx.db, c);
      if (!ind) throw new NotFoundError(`no indicator with code ${c}`);
      indicatorIds.push(ind.id);
    }
  }
  let rootPath: string | undefined;
  if (q.unit) {
    const unit = await orgUnitsRepository.byCode(ctx.db, q.unit);
    if (!unit || !indicatorPolicy.canReadUnit(ctx.actor, unit))
      throw new NotFoundError(`no org unit with code ${q.unit}`);
    rootPath = unit.path;
  }
  const from = q.from ? periodStart(periodOrThrow(q.from, 'from')) : undefined;
  const to = q.to ? periodEnd(periodOrThrow(q.to, 'to')) : undefined;
  return dataValuesRepository.list(ctx.db, {
    indicatorIds,
    rootPath,
    from,
    to,
    approvedOnly: q.approvedOnly,
    scope: indicatorPolicy.readScope(ctx.actor),
  });
}

/** DHIS2 writes monthly periods as 202403. */
export function dhis2Period(code: string): string {
  const m = /^(\d{4})M(\d{2})$/.exec(code);
  return m ? `${m[1]}${m[2]}` : code;
}

/** A stored value as a DHIS2 dataValue. */
export function dhis2DataValue(r: {
  indicator: string;
  period: string;
  unit: string;
  value: number | string;
  comment: string | null;
  entered_by: string;
  entered_at: Date | string;
}) {
  return {
    dataElement: r.indicator,
    period: dhis2Period(r.period),
    orgUnit: r.unit,
    value: String(r.value),
    ...(r.comment ? { comment: r.comment } : {}),
    storedBy: r.entered_by,
    lastUpdated: new Date(r.entered_at).toISOString(),
  };
}

export async function exportValues(
  ctx: ServiceContext,
  q: ExportQuery,
  format: ValueFileFormat,
): Promise<{ body: string | Buffer; contentType: string; extension: string; count: number }> {
  const rows = await exportRows(ctx, q);
  if (format === 'dhis2') {
    const dataValues = rows.map(dhis2DataValue);
    return {
      body: `${JSON.stringify({ dataValues }, null, 1)}\n`,
      contentType: 'application/json; charset=utf-8',
      extension: 'json',
      count: rows.length,
    };
  }
  // Text cells quoted against formula injection (src/domain/spreadsheet.ts); values stay numbers.
  const records = rows.map((r) =>
    spreadsheetRow([r.indicator, r.unit, r.period, r.value, r.source ?? '', r.comment ?? '']),
  );
  if (format === 'csv')
    return {
      body: stringifyCsv([[...CSV_COLUMNS], ...records]),
      contentType: 'text/csv; charset=utf-8',
      extension: 'csv',
      count: rows.length,
    };
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('values');
  sheet.addRow([...CSV_COLUMNS]);
  for (const r of records) sheet.addRow(r);
  sheet.getRow(1).font = { bold: true };
  return {
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    count: rows.length,
  };
}
