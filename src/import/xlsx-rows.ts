import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { columnValueOfText } from './column-text';
import type { ColumnType, ImportRow, ProblemList, ProblemWords } from './import-batch';

/**
 * The rows of an Excel workbook (.xlsx) sent as base64 in a JSON import body: its first worksheet,
 * the first row naming the columns (the same names as the CSV header), one record per further row.
 *
 * A workbook is a zip, so a small upload can unpack to gigabytes. Before anything is parsed the
 * zip's directory is read and a workbook whose parts declare more than MAX_UNPACKED_BYTES is
 * refused; the sheet is then read as a stream and reading stops at the first row past the
 * import's row limit, so a million-row sheet costs the same as one row more than the limit.
 */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** Longer than any field an import accepts; a cell past it is named without being copied. */
const MAX_CELL_CHARS = 2_000;

export interface XlsxRowsResult {
  rows: ImportRow[];
  /** True when the sheet has more data rows than `maxRows` (reading stopped there). */
  tooMany: boolean;
}

/** Spreadsheet column letters for a 1-based index: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A calendar date a person typed into a date cell, as the imports spell dates. */
function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Why a cell cannot be read: a code, and words whose `name` the caller fills with the column's. */
type CellProblem = { code: string; words: ProblemWords };

/** One cell as the type its column holds, or the reason it cannot be read. */
export function cellValue(value: unknown, type: ColumnType): { value: unknown } | CellProblem {
  if (value === null || value === undefined) return { value: undefined };
  if (typeof value === 'object' && !(value instanceof Date)) {
    const cell = value as Record<string, unknown>;
    if ('formula' in cell || 'sharedFormula' in cell) return { code: 'formula', words: { key: 'formula' } };
    if ('error' in cell) return { code: 'type', words: { key: 'cellError', params: { error: String(cell.error).slice(0, 20) } } };
    if (Array.isArray(cell.richText)) return cellValue((cell.richText as Array<{ text?: unknown }>).map((part) => String(part.text ?? '')).join(''), type);
    if (typeof cell.text === 'string') return cellValue(cell.text, type);
    return { code: 'type', words: { key: 'cellKind' } };
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { code: 'date', words: { key: 'cellDate' } } : { value: isoDate(value) };
  if (typeof value === 'string') {
    if (value.length > MAX_CELL_CHARS) return { code: 'maxLength', words: { key: 'cellLong', params: { max: MAX_CELL_CHARS } } };
    return { value: columnValueOfText(value, type) };
  }
  if (typeof value === 'number') return { value: type === 'text' ? String(value) : value };
  if (typeof value === 'boolean') return { value: type === 'text' ? String(value) : value };
  return { code: 'type', words: { key: 'cellUnreadable' } };
}

async function declaredSize(bytes: Buffer): Promise<number | null> {
  try {
    const directory = await unzipper.Open.buffer(bytes);
    if (!directory.files.some((file) => file.path === 'xl/workbook.xml')) return null;
    return directory.files.reduce((sum, file) => sum + file.uncompressedSize, 0);
  } catch {
    return null;
  }
}

/**
 * Reads `base64` as an .xlsx workbook. Problems (not base64, not a workbook, too large when
 * unpacked, a header that does not name the columns, a cell that cannot be read) go to `problems`
 * named by row and column, `xlsx row 4, column E (value)`.
 */
export async function readXlsxRows(base64: string, columns: Record<string, ColumnType>, maxRows: number, problems: ProblemList): Promise<XlsxRowsResult> {
  const none: XlsxRowsResult = { rows: [], tooMany: false };
  if (base64.length === 0 || base64.length % 4 !== 0 || !BASE64.test(base64)) {
    problems.add('xlsx', 'type', { key: 'xlsxBase64' });
    return none;
  }
  const bytes = Buffer.from(base64, 'base64');
  const unpacked = await declaredSize(bytes);
  if (unpacked === null) {
    problems.add('xlsx', 'format', { key: 'notWorkbook' });
    return none;
  }
  if (unpacked > MAX_UNPACKED_BYTES) {
    problems.add('xlsx', 'maxSize', { key: 'unpacksTo', params: { size: Math.round(unpacked / 1024 / 1024), limit: MAX_UNPACKED_BYTES / 1024 / 1024 } });
    return none;
  }

  const names = Object.keys(columns);
  const rows: ImportRow[] = [];
  let header: Array<string | undefined> | null = null;
  let tooMany = false;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
    });
    sheets: for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1);
        if (!header) {
          header = readHeader(values, names, row.number, problems);
          if (!header) break sheets;
          continue;
        }
        if (values.every((v) => v === null || v === undefined || v === '')) continue;
        if (rows.length === maxRows) { tooMany = true; break sheets; }
        rows.push(readRow(values, header, columns, row.number, problems));
      }
      break; // the first worksheet only; a second one is notes or a pivot, not records
    }
  } catch (error) {
    problems.add('xlsx', 'format', { key: 'unreadable', params: { reason: (error as Error).message.slice(0, 120) } });
    return none;
  }
  if (!header) {
    if (problems.empty) problems.add('xlsx', 'empty', { key: 'emptySheet', params: { columns: names.join(', ') } });
    return none;
  }
  if (rows.length === 0 && !tooMany && problems.empty) problems.add('xlsx', 'empty', { key: 'noRecords' });
  return { rows, tooMany };
}

function readHeader(values: unknown[], names: string[], rowNumber: number, problems: ProblemList): Array<string | undefined> | null {
  const header = values.map((v) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? undefined : String(v)));
  const before = problems.items.length;
  header.forEach((name, i) => {
    if (name !== undefined && name !== '' && !names.includes(name)) problems.add(`xlsx row ${rowNumber}, column ${columnLetter(i + 1)}`, 'header', { key: 'notAColumn', params: { name: name.slice(0, 60), columns: names.join(', ') } });
    if (name !== undefined && header.indexOf(name) !== i) problems.add(`xlsx row ${rowNumber}, column ${columnLetter(i + 1)}`, 'header', { key: 'namedTwice', params: { name: name.slice(0, 60) } });
  });
  for (const name of names) if (!header.includes(name)) problems.add(`xlsx row ${rowNumber}`, 'header', { key: 'lacksColumn', params: { name } });
  return problems.items.length === before ? header : null;
}

function readRow(values: unknown[], header: Array<string | undefined>, columns: Record<string, ColumnType>, rowNumber: number, problems: ProblemList): ImportRow {
  const fields: Record<string, unknown> = {};
  const cells: Record<string, string> = {};
  const label = `xlsx row ${rowNumber}`;
  values.forEach((raw, i) => {
    const name = header[i];
    const letter = columnLetter(i + 1);
    if (name === undefined || name === '') {
      if (raw !== null && raw !== undefined && raw !== '') problems.add(`${label}, column ${letter}`, 'unknown', { key: 'unnamedColumn' });
      return;
    }
    cells[name] = letter;
    const read = cellValue(raw, columns[name]!);
    if ('code' in read) problems.add(`${label}, column ${letter} (${name})`, read.code, { key: read.words.key, params: { ...read.words.params, name } });
    else if (read.value !== undefined) fields[name] = read.value;
  });
  header.forEach((name, i) => { if (name) cells[name] ??= columnLetter(i + 1); });
  return { label, fields, cells };
}
