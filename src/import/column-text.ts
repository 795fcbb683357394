import type { ColumnType } from './import-batch';

const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * A field typed as text (a CSV field, a workbook cell holding text) as the type its column holds;
 * what does not convert stays text for the row check to name. Empty is absent.
 */
export function columnValueOfText(text: string, type: ColumnType): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (type === 'number') return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : text;
  if (type === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : text;
  return text;
}
