/**
 * A value workbook is read as a stream with a row limit (issue 15 item 9): a sheet with more
 * rows than allowed is refused as soon as the limit is passed — naming the file, the row and
 * the limit — instead of being inflated whole into memory; a normal sheet still reads.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../src/services/value-files.js';
import { ValidationError } from '../../src/domain/errors.js';

async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('values');
  sheet.addRow(['indicator', 'unit', 'period', 'value']);
  for (let i = 0; i < rows; i++) sheet.addRow(['vn_online_services', 'VN-HN', '2024M01', i]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX value files', () => {
  it('reads a sheet within the limit', async () => {
    const raw = await readXlsx(await workbook(50), 'ok.xlsx', { maxRows: 100 });
    expect(raw.count).toBe(50);
  });

  it('refuses a sheet over the row limit with the file, row and limit, without reading it whole', async () => {
    const data = await workbook(20_000);
    const started = process.memoryUsage().heapUsed;
    const error = await readXlsx(data, 'bomb.xlsx', { maxRows: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]).toEqual({
      path: 'bomb.xlsx:1001',
      message: 'the sheet has more than 1000 rows; split the file',
    });
    // Stopping at row 1,001 of 20,001 keeps memory small (the whole sheet would be tens of MB of cells).
    expect(process.memoryUsage().heapUsed - started).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses bytes that are not a workbook with a clear problem', async () => {
    const error = await readXlsx(Buffer.from('not a zip at all'), 'junk.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]!.path).toBe('junk.xlsx');
  });
});
