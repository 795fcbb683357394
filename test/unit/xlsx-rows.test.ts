import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ProblemList } from '../../src/import/import-batch';
import { columnLetter, readXlsxRows } from '../../src/import/xlsx-rows';

const COLUMNS = { cycle: 'text', scopeType: 'text', scopeId: 'text', key: 'text', value: 'number' } as const;

async function workbook(rows: unknown[][], build?: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('metrics');
  for (const row of rows) sheet.addRow(row);
  build?.(sheet);
  return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
}

async function read(base64: string, maxRows = 100) {
  const problems = new ProblemList();
  const result = await readXlsxRows(base64, COLUMNS, maxRows, problems);
  return { ...result, problems: problems.items };
}

/** A workbook written by hand, as small as Excel accepts: only the parts a reader needs. */
async function handMadeWorkbook(sheetXml: string): Promise<string> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  zip.file('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="metrics" sheetId="1" r:id="rId1"/></sheets></workbook>');
  zip.file('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  zip.file('xl/worksheets/sheet1.xml', sheetXml);
  return (await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64');
}

const inlineRow = (n: number, cells: string[]) =>
  `<row r="${n}">${cells.map((text, i) => `<c r="${columnLetter(i + 1)}${n}" t="inlineStr"><is><t>${text}</t></is></c>`).join('')}</row>`;

describe('columnLetter', () => {
  it('names columns as a spreadsheet does', () => {
    expect([1, 5, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'E', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('readXlsxRows', () => {
  it('reads the first row as the header (in any order) and one record per further row, typed by column', async () => {
    const base64 = await workbook([
      ['value', 'key', 'scopeId', 'scopeType', 'cycle'],
      [1200, 'revenueMinor', 'CB', 'unit', '2026'],
      ['800', 'revenueMinor', 'WM', 'unit', 2026],
    ]);
    const { rows, problems, tooMany } = await read(base64);
    expect(problems).toEqual([]);
    expect(tooMany).toBe(false);
    expect(rows).toEqual([
      { label: 'xlsx row 2', fields: { value: 1200, key: 'revenueMinor', scopeId: 'CB', scopeType: 'unit', cycle: '2026' }, cells: { value: 'A', key: 'B', scopeId: 'C', scopeType: 'D', cycle: 'E' } },
      // a number typed as text in a number column is the number; a year typed as a number in a text column is text
      { label: 'xlsx row 3', fields: { value: 800, key: 'revenueMinor', scopeId: 'WM', scopeType: 'unit', cycle: '2026' }, cells: { value: 'A', key: 'B', scopeId: 'C', scopeType: 'D', cycle: 'E' } },
    ]);
  });

  it('skips empty rows and reads a date cell as the date typed', async () => {
    const base64 = await workbook([
      ['cycle', 'scopeType', 'scopeId', 'key', 'value'],
      [],
      [new Date(Date.UTC(2026, 5, 30)), 'unit', 'CB', 'k', 1],
    ], (sheet) => { sheet.getCell('A3').numFmt = 'yyyy-mm-dd'; });
    const { rows, problems } = await read(base64);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.label, r.fields.cycle])).toEqual([['xlsx row 3', '2026-06-30']]);
  });

  it('refuses a formula, naming its row and column, because an import takes figures', async () => {
    const base64 = await workbook([
      ['cycle', 'scopeType', 'scopeId', 'key', 'value'],
      ['2026', 'unit', 'CB', 'k', 1],
      ['2026', 'unit', 'WM', 'k', { formula: 'E2*2', result: 2 }],
    ]);
    const { problems } = await read(base64);
    expect(problems).toEqual([{ field: 'xlsx row 3, column E (value)', code: 'formula', message: expect.stringContaining('formula') }]);
  });

  it('refuses a header that lacks a column or names an unknown one', async () => {
    const { problems, rows } = await read(await workbook([['cycle', 'scopeType', 'scopeId', 'key', 'amount'], ['2026', 'unit', 'CB', 'k', 1]]));
    expect(rows).toEqual([]);
    expect(problems.map((p) => [p.field, p.code])).toEqual([['xlsx row 1, column E', 'header'], ['xlsx row 1', 'header']]);
    expect(problems[1]!.message).toContain('value');
  });

  it('refuses what is not a workbook: text that is not base64, a file that is not a zip, a zip that is not a workbook', async () => {
    expect((await read('not base64!')).problems).toEqual([{ field: 'xlsx', code: 'type', message: expect.any(String) }]);
    expect((await read(Buffer.from('cycle,scopeType\n2026,unit\n').toString('base64'))).problems).toEqual([{ field: 'xlsx', code: 'format', message: expect.stringContaining('not an Excel workbook') }]);
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    const notAWorkbook = (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
    expect((await read(notAWorkbook)).problems).toEqual([{ field: 'xlsx', code: 'format', message: expect.any(String) }]);
  });

  it('refuses an empty sheet and a sheet with only its header', async () => {
    expect((await read(await workbook([]))).problems.map((p) => p.code)).toEqual(['empty']);
    expect((await read(await workbook([['cycle', 'scopeType', 'scopeId', 'key', 'value']]))).problems.map((p) => p.code)).toEqual(['empty']);
  });

  it('names a cell with a huge text without copying it', async () => {
    const { problems } = await read(await workbook([['cycle', 'scopeType', 'scopeId', 'key', 'value'], ['2026', 'unit', 'x'.repeat(100_000), 'k', 1]]));
    expect(problems).toEqual([{ field: 'xlsx row 2, column C (scopeId)', code: 'maxLength', message: expect.stringMatching(/^scopeId holds more than/) }]);
    expect(problems[0]!.message.length).toBeLessThan(100);
  });

  it('stops reading a million-row sheet at the first row past the limit', async () => {
    const header = inlineRow(1, ['cycle', 'scopeType', 'scopeId', 'key', 'value']);
    const body = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 2}"><c r="E${i + 2}"><v>${i}</v></c></row>`).join('');
    const base64 = await handMadeWorkbook(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${body}</sheetData></worksheet>`);
    const { rows, tooMany, problems } = await read(base64, 20_000);
    expect(problems).toEqual([]);
    expect(tooMany).toBe(true);
    expect(rows).toHaveLength(20_000);
  });

  it('refuses a workbook that unpacks to more than it may, before parsing it', async () => {
    // 80 MB of one repeated character compresses to under 100 KB: a zip bomb in miniature
    const base64 = await handMadeWorkbook(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData></sheetData><!--${' '.repeat(80 * 1024 * 1024)}--></worksheet>`);
    expect(base64.length).toBeLessThan(1024 * 1024);
    expect((await read(base64)).problems).toEqual([{ field: 'xlsx', code: 'maxSize', message: expect.stringContaining('80 MB') }]);
  });
});
