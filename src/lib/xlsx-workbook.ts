import ExcelJS from 'exceljs';

/**
 * An Excel workbook from plain tables, for the exports HR, auditors and the committee open in
 * Excel. Cells keep their type (a number stays a number, money is a number in the currency's
 * format, a date is a date), so a reader can sum and filter without re-typing anything.
 */
export type ColumnKind = 'text' | 'number' | 'percent' | 'date' | { money: string };

export interface SheetColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Characters; a guess from the header when absent. */
  width?: number;
}

export type SheetCell = string | number | boolean | Date | null | undefined;

export interface SheetTable {
  /** The tab's name: at most 31 characters, none of : \ / ? * [ ] (Excel's rule). */
  name: string;
  columns: SheetColumn[];
  rows: Array<Record<string, SheetCell>>;
}

/** Money is stored in minor units; a sheet shows major units with the currency's own digits. */
function moneyFormat(currency: string): { digits: number; numFmt: string } {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return { digits, numFmt: `#,##0${digits > 0 ? `.${'0'.repeat(digits)}` : ''} "${currency}"` };
}

export const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

export async function writeWorkbook(tables: SheetTable[], creator = 'meritflow'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = creator;
  book.created = new Date();
  for (const table of tables) {
    const sheet = book.addWorksheet(sheetName(table.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => {
      const kind = column.kind;
      const style: Partial<ExcelJS.Style> = {};
      if (typeof kind === 'object') style.numFmt = moneyFormat(kind.money).numFmt;
      else if (kind === 'percent') style.numFmt = '0.0%';
      else if (kind === 'date') style.numFmt = 'yyyy-mm-dd';
      return { key: column.key, header: column.header, width: column.width ?? Math.max(10, Math.min(40, column.header.length + 4)), style };
    });
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(Object.fromEntries(table.columns.map((column) => {
        const value = row[column.key];
        if (value === null || value === undefined) return [column.key, null];
        if (typeof column.kind === 'object' && typeof value === 'number') return [column.key, value / 10 ** moneyFormat(column.kind.money).digits];
        // A text such as "=1+1" stays a text cell: unlike CSV, a workbook's string cells are never evaluated.
        return [column.key, value];
      })));
    }
    if (table.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
