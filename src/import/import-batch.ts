import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { recordAudit } from '../platform/audit/record-audit';
import { duplicateIndexes } from '../db/duplicate-key';
import { retryOnBusy } from '../db/retry-on-busy';
import { parseCsv } from '../domain/csv';
import { digestOf } from '../domain/digest';
import { mapWithConcurrency } from '../lib/concurrency';
import type { FieldProblem } from '../platform/forms/validate-submission';
import { fill } from '../platform/forms/problem-text';
import { badRequest, HttpError } from '../platform/http-errors';
import { oneWriterAtATime } from '../db/document-lock';
import { translate, type Locale } from '../platform/i18n';
import { columnValueOfText } from './column-text';
import { readXlsxRows } from './xlsx-rows';

/**
 * What every import (metrics, compliance events, compensation) shares: the request — a source and
 * either `records` (JSON), `csv` (text) or `xlsx` (an Excel workbook in base64; API writes must be
 * JSON, so files travel inside it) — validated row by row
 * before anything is written; an idempotent upsert by `_id` in chunks; one audit entry per batch.
 */
export const MAX_IMPORT_RECORDS = 20_000;
/** Problems listed in one answer; a file with thousands of bad rows is named by its first ones. */
const MAX_PROBLEMS = 200;
const CHUNK = 500;
const READS_IN_FLIGHT = 8;

export interface ImportSource {
  system: string;
  reference?: string;
}

/** One record to import: where it came from (for problems) and its fields. */
export interface ImportRow {
  /** `records[3]`, `csv line 4` or `xlsx row 4`. */
  label: string;
  fields: Record<string, unknown>;
  /** A spreadsheet row's column letter per field, so a problem names the cell (`column E`). */
  cells?: Record<string, string>;
}

/** A row of a file with one column per field (CSV or a workbook), not a JSON record with nested objects. */
export const isTabular = (row: Pick<ImportRow, 'label'>): boolean => row.label.startsWith('csv') || row.label.startsWith('xlsx');

export type ColumnType = 'text' | 'number' | 'boolean';

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult extends ImportCounts {
  batchId: string;
  kind: string;
  received: number;
  source: ImportSource;
  /** sha256 of the request body as sent (canonical JSON), kept in the audit entry. */
  digest: string;
  /** Metrics only: early warnings the imported figures raised (policies/early-warning.json). */
  warningsRaised?: number;
}

/** The name a problem gives a field: `records[3].value`, `csv line 4: value` or `xlsx row 4, column E (value)`. */
export function fieldOf(row: Pick<ImportRow, 'label' | 'cells'>, field: string): string {
  const letter = row.cells?.[field];
  if (letter) return `${row.label}, column ${letter} (${field})`;
  return isTabular(row) ? `${row.label}: ${field}` : `${row.label}.${field}`;
}

/** A problem's words: a key of templates/i18n/<locale>/import-problems.json (`import.problem.<key>`) and its values. */
export interface ProblemWords {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * The problems of one import, worded in the reader's language as they are added. A value that is
 * itself words (a pattern's hint, "person") is given as `{ key }` and translated first.
 */
export class ProblemList {
  readonly items: FieldProblem[] = [];
  constructor(readonly locale: Locale = 'en') {}

  add(field: string, code: string, words: ProblemWords): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ field, code, message: this.say(words) });
  }

  /** Words in this list's language (a hint inside a problem, a word such as "person"). */
  say(words: ProblemWords): string {
    return fill(translate(this.locale, `import.problem.${words.key}`), words.params ?? {});
  }

  word(key: string): string {
    return translate(this.locale, `import.${key}`);
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
  throwIfAny(message = 'the import is not valid; nothing was written'): void {
    if (!this.empty) throw badRequest(message, this.items);
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

function readSource(value: unknown, problems: ProblemList): ImportSource | null {
  if (!isPlainObject(value)) {
    problems.add('source', value === undefined ? 'required' : 'type', { key: 'source' });
    return null;
  }
  for (const name of Object.keys(value)) if (name !== 'system' && name !== 'reference') problems.add(`source.${name.slice(0, 100)}`, 'unknown', { key: 'notAField' });
  const { system, reference } = value;
  if (typeof system !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/.test(system)) {
    problems.add('source.system', system === undefined ? 'required' : 'pattern', { key: 'sourceSystem' });
  }
  if (reference !== undefined && (typeof reference !== 'string' || reference.length === 0 || reference.length > 200)) {
    problems.add('source.reference', 'type', { key: 'sourceReference' });
  }
  return problems.empty ? { system: system as string, ...(reference !== undefined ? { reference: reference as string } : {}) } : null;
}

/**
 * The body of an import: `{ source, records: [...] }`, `{ source, csv: "..." }` or
 * `{ source, xlsx: "<base64>" }`. Shape problems (not a list, not text, too many rows, a file that
 * does not parse, a cell that cannot be read) are a 400 at once.
 */
export async function readImportRequest(body: unknown, columns: Record<string, ColumnType>, locale: Locale = 'en'): Promise<{ source: ImportSource; rows: ImportRow[] }> {
  const problems = new ProblemList(locale);
  if (!isPlainObject(body)) throw badRequest('the body must be a JSON object', [{ field: '', code: 'type', message: 'send { source, records }, { source, csv } or { source, xlsx }' }]);
  for (const name of Object.keys(body)) if (!['source', 'records', 'csv', 'xlsx'].includes(name)) problems.add(name.slice(0, 100), 'unknown', { key: 'notAField' });
  const source = readSource(body.source, problems);
  const { records, csv, xlsx } = body;
  if ([records, csv, xlsx].filter((v) => v !== undefined).length !== 1) {
    problems.add('records', 'required', { key: 'oneBody' });
  }
  let rows: ImportRow[] = [];
  if (records !== undefined) {
    if (!Array.isArray(records) || records.length === 0) problems.add('records', 'type', { key: 'records' });
    else if (records.length > MAX_IMPORT_RECORDS) problems.add('records', 'maxItems', { key: 'tooMany', params: { max: MAX_IMPORT_RECORDS } });
    else {
      records.forEach((record, i) => {
        if (isPlainObject(record)) rows.push({ label: `records[${i}]`, fields: record });
        else problems.add(`records[${i}]`, 'type', { key: 'record' });
      });
    }
  }
  if (csv !== undefined) {
    if (typeof csv !== 'string') problems.add('csv', 'type', { key: 'csvText' });
    else {
      const parsed = parseCsv(csv, Object.keys(columns));
      if (!parsed.ok) for (const p of parsed.problems) problems.items.length < MAX_PROBLEMS && problems.items.push({ field: `csv line ${p.line}`, code: p.code, message: p.message });
      else if (parsed.records.length > MAX_IMPORT_RECORDS) problems.add('csv', 'maxItems', { key: 'tooMany', params: { max: MAX_IMPORT_RECORDS } });
      else {
        rows = parsed.records.map((record) => ({
          label: `csv line ${record.line}`,
          fields: Object.fromEntries(Object.entries(record.fields)
            .map(([name, text]) => [name, columnValueOfText(text, columns[name]!)])
            .filter(([, value]) => value !== undefined)),
        }));
      }
    }
  }
  if (xlsx !== undefined) {
    if (typeof xlsx !== 'string') problems.add('xlsx', 'type', { key: 'xlsxBase64' });
    else {
      const read = await readXlsxRows(xlsx, columns, MAX_IMPORT_RECORDS, problems);
      if (read.tooMany) problems.add('xlsx', 'maxItems', { key: 'tooMany', params: { max: MAX_IMPORT_RECORDS } });
      rows = read.rows;
    }
  }
  problems.throwIfAny('the import request is not valid; nothing was written');
  return { source: source!, rows };
}

/** Field checks for one row; each failure is a problem named after the row and field. */
export class RowReader {
  constructor(private readonly row: ImportRow, private readonly problems: ProblemList, known: readonly string[]) {
    for (const name of Object.keys(row.fields)) {
      if (!known.includes(name)) problems.add(fieldOf(row, name.slice(0, 100)), 'unknown', { key: 'notAFieldOf', params: { fields: known.join(', ') } });
    }
  }

  private fail(field: string, code: string, key: string, params: Record<string, string | number> = {}): undefined {
    this.problems.add(fieldOf(this.row, field), code, { key, params: { name: field, ...params } });
    return undefined;
  }

  /** `hint`: a key of import.hint.* saying what the value is, for a value that does not match the pattern. */
  text(name: string, options: { required?: boolean; max?: number; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return options.required === false ? undefined : this.fail(name, 'required', 'required');
    if (typeof value !== 'string') return this.fail(name, 'type', 'text');
    const max = options.max ?? 200;
    if (value.length > max) return this.fail(name, 'maxLength', 'maxLength', { max });
    if (options.pattern && !options.pattern.test(value)) {
      return options.hint ? this.fail(name, 'pattern', 'patternHint', { hint: this.problems.word(`hint.${options.hint}`) }) : this.fail(name, 'pattern', 'pattern');
    }
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', 'requiredOneOf', { values: values.join(', ') });
    if (typeof value !== 'string' || !values.includes(value as T)) return this.fail(name, 'enum', 'oneOf', { values: values.join(', ') });
    return value as T;
  }

  number(name: string, options: { integer?: boolean; min?: number; max?: number; unit?: string } = {}): number | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', 'required');
    const unit: Record<string, string | number> = options.unit ? { unit: options.unit } : {};
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(name, 'type', options.unit ? 'numberIn' : 'number', unit);
    if (options.integer && !Number.isSafeInteger(value)) return this.fail(name, 'integer', options.unit ? 'integerOf' : 'integer', unit);
    if (options.min !== undefined && value < options.min) return this.fail(name, 'min', 'min', { min: options.min });
    if (options.max !== undefined && value > options.max) return this.fail(name, 'max', 'max', { max: options.max });
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', 'requiredBoolean');
    if (typeof value !== 'boolean') return this.fail(name, 'type', 'boolean');
    return value;
  }

  /** A calendar date YYYY-MM-DD that exists. */
  date(name: string): string | undefined {
    const value = this.text(name, { max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'date' });
    if (value === undefined) return undefined;
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return this.fail(name, 'date', 'calendarDate');
    return value;
  }

  /** A field holding an object, read with its own known fields (`records[3].scope.id`); `hint` a key of import.hint.*. */
  nested(name: string, known: readonly string[], hint: string): RowReader | undefined {
    const value = this.row.fields[name];
    if (!isPlainObject(value)) return this.fail(name, value === undefined ? 'required' : 'type', 'nested', { hint: this.problems.word(`hint.${hint}`) });
    return new RowReader({ label: fieldOf(this.row, name), fields: value }, this.problems, known);
  }

  /** A problem about this row that no single field check covers. */
  problem(field: string, code: string, key: string, params: Record<string, string | number> = {}): void {
    this.fail(field, code, key, params);
  }
}

/** Two records of one import that would write the same document: the later one is a problem. `what`: a key of import.word.*. */
export function checkDuplicates(rows: Array<{ row: ImportRow; id: string }>, problems: ProblemList, what: string): void {
  const first = new Map<string, string>();
  for (const { row, id } of rows) {
    const earlier = first.get(id);
    if (earlier) problems.add(row.label, 'duplicate', { key: 'duplicate', params: { what: problems.word(`word.${what}`), earlier } });
    else first.set(id, row.label);
  }
}


/**
 * Inserts new documents in one request. One that another import created meanwhile (or that a
 * retried request already inserted) is a duplicate key: it is replaced instead.
 */
async function insertNew<D extends { _id: string }>(model: Model<D>, docs: D[]): Promise<void> {
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    const existing = duplicateIndexes(error);
    if (!existing) throw error;
    await replaceExisting(model, existing.map((i) => docs[i]!));
  }
}

async function replaceExisting<D extends { _id: string }>(model: Model<D>, docs: D[]): Promise<void> {
  await model.collection.bulkWrite(docs.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc } })) as never[], { ordered: false });
}

/**
 * Writes the documents by `_id`: new ones are created, changed ones replaced, equal ones left as they
 * are (so their source still names the import that last changed them).
 *
 * Shaped by what FerretDB 1.24 (SQLite) does fast: reading a present `_id` and inserting in bulk. A
 * read of an absent `_id`, an upsert of one, and `_id: {$in}` each scan the collection (measured at
 * 5,000 documents: 240 ms per absent read, 160 ms per upsert, seconds per `$in`). So which ids exist
 * is learnt from one scan narrowed by `existing` (e.g. the batch's cycles), present ones are read by
 * `_id` a few at a time to compare, and new ones are inserted in one request per chunk. Writes are
 * retried when the store is busy; inserting or replacing by `_id` twice is the same as once.
 */
export function upsertAll<D extends { _id: string }>(
  model: Model<D>, docs: D[], same: (stored: D, next: D) => boolean, existing: Record<string, unknown>,
): Promise<ImportCounts> {
  // Two imports at once would each find a record absent and each count it created (and the audit
  // entries would say so twice): imports of one kind run one at a time, the later sees the earlier's.
  return oneWriterAtATime(`import:${model.collection.collectionName}`, () => upsertNow(model, docs, same, existing), () => new HttpError(409, 'another import of these records is running; try again in a moment'));
}

async function upsertNow<D extends { _id: string }>(
  model: Model<D>, docs: D[], same: (stored: D, next: D) => boolean, existing: Record<string, unknown>,
): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const present = new Set((await model.find(existing as never, { _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id));
  for (let start = 0; start < docs.length; start += CHUNK) {
    const chunk = docs.slice(start, start + CHUNK);
    const created = chunk.filter((doc) => !present.has(doc._id));
    const stored = await mapWithConcurrency(chunk.filter((doc) => present.has(doc._id)), READS_IN_FLIGHT, async (doc) => [doc, await model.findById(doc._id).lean<D>().exec()] as const);
    const changed: D[] = [];
    for (const [doc, before] of stored) {
      if (!before) created.push(doc); // deleted since the scan
      else if (same(before, doc)) counts.unchanged++;
      else changed.push(doc);
    }
    counts.created += created.length;
    counts.updated += changed.length;
    if (created.length > 0) await retryOnBusy(() => insertNew(model, created.map((doc) => model.castObject(doc) as D)));
    if (changed.length > 0) await retryOnBusy(() => replaceExisting(model, changed.map((doc) => model.castObject(doc) as D)));
  }
  return counts;
}

export function newBatchId(): string {
  return `imp-${randomUUID()}`;
}

/** One audit entry for the whole batch: who, from where, what happened, and a digest of what was sent. */
export async function recordImportBatch(input: {
  kind: string; actor: string; batchId: string; source: ImportSource; body: unknown; received: number; counts: ImportCounts; details?: Record<string, unknown>;
}): Promise<ImportResult> {
  const digest = digestOf(input.body);
  await recordAudit({
    actor: input.actor,
    action: `import.${input.kind}`,
    subject: { type: 'import-batch', id: input.batchId },
    details: { kind: input.kind, source: { ...input.source }, received: input.received, ...input.counts, inputDigest: digest, ...input.details },
  });
  return { batchId: input.batchId, kind: input.kind, received: input.received, source: input.source, ...input.counts, digest };
}
