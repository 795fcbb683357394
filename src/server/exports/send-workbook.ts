import type { Response } from 'express';
import { writeWorkbook, type SheetTable } from '../../lib/xlsx-workbook';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Answers with a workbook to save: its file name made of ids only, so every browser keeps it as given. */
export async function sendWorkbook(res: Response, fileName: string, tables: SheetTable[]): Promise<void> {
  const body = await writeWorkbook(tables);
  res.set({ 'Content-Type': XLSX_TYPE, 'Content-Disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}.xlsx"` });
  res.send(body);
}
