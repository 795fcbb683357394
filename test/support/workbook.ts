import ExcelJS from 'exceljs';

/** A downloaded workbook as its reader sees it: each sheet by name, each row as its cells' values (header first). */
export async function readWorkbook(bytes: Buffer): Promise<Record<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets: Record<string, unknown[][]> = {};
  book.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => { rows.push((row.values as unknown[]).slice(1)); });
    sheets[sheet.name] = rows;
  });
  return sheets;
}

/** The rows of a sheet as objects keyed by the header row's texts. */
export function sheetRecords(rows: unknown[][]): Array<Record<string, unknown>> {
  const [header = [], ...body] = rows;
  return body.map((row) => Object.fromEntries(header.map((name, i) => [String(name), row[i] ?? null])));
}
