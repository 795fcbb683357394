/**
 * CSV as source systems export it (RFC 4180 with the usual liberties): a header row naming the
 * columns, fields separated by commas, a field in double quotes may hold commas, line breaks and
 * doubled quotes (""), lines end in LF or CRLF, a UTF-8 byte-order mark is ignored, empty lines
 * are skipped. Every record keeps the line it starts on, so a problem can say "csv line 4".
 *
 * Pure: no I/O. The caller decides what the columns mean; this only checks that the header has the
 * expected names (in any order) and that each record has as many fields as the header.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1 when nothing precedes it). */
  line: number;
  /** Field values by header name, exactly as written (no trimming, no type conversion). */
  fields: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  /** The column concerned, or '' for the whole line. */
  column: string;
  code: 'header' | 'columns' | 'quote' | 'empty';
  message: string;
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] };

interface RawRow {
  line: number;
  values: string[];
}

/** Splits the text into rows of raw fields; unbalanced quotes are reported, not guessed at. */
function tokenize(text: string): { rows: RawRow[]; problems: CsvProblem[] } {
  const rows: RawRow[] = [];
  const problems: CsvProblem[] = [];
  let line = 1;
  let rowLine = 1;
  let values: string[] = [];
  let field = '';
  let quoted = false;
  let fieldWasQuoted = false;
  let lastRowHadQuotes = false;
  let i = 0;
  const endField = () => {
    values.push(field);
    field = '';
    fieldWasQuoted = false;
  };
  const endRow = () => {
    endField();
    // A line with nothing on it is skipped; a line of one quoted empty field ("") is a record.
    if (!(values.length === 1 && values[0] === '' && !lastRowHadQuotes)) rows.push({ line: rowLine, values });
    values = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problems.push({ line, column: '', code: 'quote', message: `a closing quote must end the field; found ${JSON.stringify(next)} after it` });
          // Skip to the end of this line so one mistake gives one problem.
          while (i < text.length && text[i] !== '\n') i++;
        }
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') {
        problems.push({ line, column: '', code: 'quote', message: 'a quote inside an unquoted field; quote the whole field and double the quote ("")' });
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      quoted = true;
      fieldWasQuoted = true;
      lastRowHadQuotes = true;
      i++;
      continue;
    }
    if (c === ',') {
      endField();
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      endRow();
      lastRowHadQuotes = false;
      line++;
      rowLine = line;
      i++;
      continue;
    }
    field += c;
    i++;
  }
  if (quoted) problems.push({ line: rowLine, column: '', code: 'quote', message: 'a quoted field is not closed before the end of the file' });
  else if (field !== '' || values.length > 0 || fieldWasQuoted) endRow();
  return { rows, problems };
}

/**
 * Parses CSV text whose header must name exactly `columns` (in any order). Any problem anywhere
 * makes the whole result a list of problems: an import is all or nothing.
 */
export function parseCsv(text: string, columns: readonly string[]): CsvResult {
  const { rows, problems } = tokenize(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (problems.length > 0) return { ok: false, problems };
  const [header, ...body] = rows;
  if (!header) return { ok: false, problems: [{ line: 1, column: '', code: 'empty', message: `the CSV is empty; it needs a header row: ${columns.join(',')}` }] };
  const names = header.values.map((name) => name.trim());
  const missing = columns.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !columns.includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length + unknown.length + repeated.length > 0) {
    const parts = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(', ')}` : '',
      repeated.length ? `repeated ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    return { ok: false, problems: [{ line: header.line, column: '', code: 'header', message: `the header row must be ${columns.join(',')}: ${parts.join('; ')}` }] };
  }
  if (body.length === 0) return { ok: false, problems: [{ line: header.line, column: '', code: 'empty', message: 'the CSV has a header but no records' }] };
  const columnProblems: CsvProblem[] = [];
  const records: CsvRecord[] = [];
  for (const row of body) {
    if (row.values.length !== names.length) {
      columnProblems.push({ line: row.line, column: '', code: 'columns', message: `${row.values.length} fields where the header has ${names.length}` });
      continue;
    }
    records.push({ line: row.line, fields: Object.fromEntries(names.map((name, i) => [name, row.values[i]!])) });
  }
  return columnProblems.length > 0 ? { ok: false, problems: columnProblems } : { ok: true, records };
}
