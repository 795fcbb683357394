import type { Locale } from '../../i18n';
import { translate } from '../../i18n';

/**
 * A submission as its form asks it: each answered field under the form's own label in the reader's
 * language, a choice by its label rather than its stored value, a grid as a small table. Amounts
 * (Form.io currency fields) are shown only to a reader who may see pay; for anyone else the field
 * says it is not shown, and its value never leaves the server.
 */
interface FormNode {
  type?: string;
  key?: string;
  label?: string;
  input?: boolean;
  currency?: string;
  components?: FormNode[];
  columns?: Array<{ components?: FormNode[] }>;
  values?: Array<{ label?: string; value?: unknown }>;
  data?: { values?: Array<{ label?: string; value?: unknown }> };
}

export interface Answer {
  label: string;
  /** One line of text, or several for a long answer (a textarea). */
  text?: string;
  long?: boolean;
  grid?: { columns: string[]; rows: string[][] };
  /** An amount this reader may not see. */
  withheld?: boolean;
}

const LAYOUT = new Set(['panel', 'columns', 'fieldset', 'well', 'table', 'tabs', 'container']);
const NO_VALUE = new Set(['button', 'htmlelement', 'content']);
const GRID = new Set(['datagrid', 'editgrid']);

interface Reading {
  locale: Locale;
  showPay: boolean;
  translations: Record<string, string>;
}

function label(node: FormNode, reading: Reading): string {
  const text = node.label ?? node.key ?? '';
  return reading.translations[text] ?? text;
}

/** The data fields of a form in its order, looking through layout components. */
function fieldsOf(components: FormNode[] | undefined, out: FormNode[] = []): FormNode[] {
  for (const node of components ?? []) {
    if (!node || typeof node !== 'object' || (node.type && NO_VALUE.has(node.type))) continue;
    if (node.type && LAYOUT.has(node.type) && node.type !== 'container') {
      fieldsOf(node.components, out);
      for (const column of node.columns ?? []) fieldsOf(column.components, out);
    } else if (node.key && node.input !== false) {
      out.push(node);
    }
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A single value as text; null for an amount this reader may not see. */
function valueText(node: FormNode, value: unknown, reading: Reading): string | null {
  const { locale } = reading;
  if (node.type === 'currency') {
    if (!reading.showPay) return null;
    return typeof value === 'number' && node.currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: node.currency }).format(value)
      : typeof value === 'number' ? value.toLocaleString(locale) : String(value);
  }
  const options = node.values ?? node.data?.values;
  if (options && options.length > 0) {
    const named = (v: unknown) => {
      const option = options.find((o) => o.value === v);
      return option?.label !== undefined ? (reading.translations[option.label] ?? option.label) : String(v);
    };
    if (node.type === 'selectboxes' && value && typeof value === 'object') {
      return Object.entries(value as Record<string, unknown>).filter(([, on]) => on === true).map(([v]) => named(v)).join(', ');
    }
    return Array.isArray(value) ? value.map(named).join(', ') : named(value);
  }
  if (typeof value === 'boolean') return translate(locale, value ? 'context.yes' : 'context.no');
  if (typeof value === 'number') return value.toLocaleString(locale);
  if (node.type === 'datetime' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return new Date(value).toLocaleString(locale, { dateStyle: 'medium' });
  }
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return null; // a structure this view does not know how to show
  return String(value);
}

export function labelledAnswers(schema: Record<string, unknown>, data: Record<string, unknown>, locale: Locale, showPay: boolean): Answer[] {
  const translations = ((schema.translations as Record<string, Record<string, string>> | undefined)?.[locale]) ?? {};
  const reading: Reading = { locale, showPay, translations };
  const answers: Answer[] = [];
  for (const node of fieldsOf(schema.components as FormNode[] | undefined)) {
    const value = data[node.key!];
    if (isEmpty(value)) continue;
    if (node.type && GRID.has(node.type)) {
      if (!Array.isArray(value)) continue;
      const columns = fieldsOf(node.components);
      const rows = value.filter((row): row is Record<string, unknown> => row !== null && typeof row === 'object')
        .map((row) => columns.map((column) => (isEmpty(row[column.key!]) ? '' : valueText(column, row[column.key!], reading) ?? translate(locale, 'context.notShown.short'))));
      answers.push({ label: label(node, reading), grid: { columns: columns.map((c) => label(c, reading)), rows } });
      continue;
    }
    const text = valueText(node, value, reading);
    if (text === null) {
      answers.push({ label: label(node, reading), withheld: node.type === 'currency' });
      continue;
    }
    answers.push({ label: label(node, reading), text, long: node.type === 'textarea' });
  }
  return answers.filter((a) => a.text !== undefined || a.grid || a.withheld);
}
