import type { ColumnKind, SheetColumn } from '../../lib/xlsx-workbook';
import { translate, type Locale } from '../i18n';

/** A column of an export, its header the reader's words for `export.col.<key>` (templates/i18n/<locale>/export.json). */
export function columnsIn(locale: Locale) {
  return (key: string, kind: ColumnKind = 'text', width?: number): SheetColumn => ({ key, header: translate(locale, `export.col.${key}`), kind, ...(width ? { width } : {}) });
}
