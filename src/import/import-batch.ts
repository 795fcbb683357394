import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { recordAudit } from '../audit/record-audit';
import { retryOnBusy } from '../db/retry-on-busy';
import { parseCsv } from '../domain/csv';
import { digestOf } from '../domain/digest';
import { mapWithConcurrency } from '../lib/concurrency';
import type { FieldProblem } from '../platform/forms/validate-submission';
import { badRequest, HttpError } from '../platform/http-errors';
import { oneWriterAtATime } from '../db/document-lock';

/**
 * What every import (metrics, compliance events, compensation) shares: the request — a source and
 * either `records` (JSON) or `csv` (text, because API writes must be JSON) — validated row by row
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
  /** `records[3]` or `csv line 4`. */
  label: string;
  fields: Record<string, unknown>;
}

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
}

/** The name a problem gives a field: `records[3].value` or `csv line 4: value`. */
export function fieldOf(row: Pick<ImportRow, 'label'>, field: string): string {
  return row.label.startsWith('csv') ? `${row.label}: ${field}` : `${row.label}.${field}`;
}

export class ProblemList {
  readonly items: FieldProblem[] = [];
  add(field: string, code: string, message: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ field, code, message });
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

const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A CSV field as the type its column holds; what does not convert stays text for the row check to name. */
function convert(text: string, type: ColumnType): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (type === 'number') return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : text;
  if (type === 'boolean') return trimmed === 'true' ? true : trimmed === 'false' ? false : text;
  return text;
}

function readSource(value: unknown, problems: ProblemList): ImportSource | null {
  if (!isPlainObject(value)) {
    problems.add('source', value === undefined ? 'required' : 'type', 'source is required: { system, reference? } naming where the figures come from');
    return null;
  }
  for (const name of Object.keys(value)) if (name !== 'system' && name !== 'reference') problems.add(`source.${name.slice(0, 100)}`, 'unknown', 'not a field here');
  const { system, reference } = value;
  if (typeof system !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$/.test(system)) {
    problems.add('source.system', system === undefined ? 'required' : 'pattern', 'source.system names the sending system: 1–60 letters, digits, _ . -');
  }
  if (reference !== undefined && (typeof reference !== 'string' || reference.length === 0 || reference.length > 200)) {
    problems.add('source.reference', 'type', 'source.reference is text of 1–200 characters (a file name, an extract id)');
  }
  return problems.empty ? { system: system as string, ...(reference !== undefined ? { reference: reference as string } : {}) } : null;
}

/**
 * The body of an import: `{ source, records: [...] }` or `{ source, csv: "..." }`. Shape problems
 * (not a list, not text, too many rows, a CSV that does not parse) are a 400 at once.
 */
export function readImportRequest(body: unknown, columns: Record<string, ColumnType>): { source: ImportSource; rows: ImportRow[] } {
  const problems = new ProblemList();
  if (!isPlainObject(body)) throw badRequest('the body must be a JSON object', [{ field: '', code: 'type', message: 'send { source, records } or { source, csv }' }]);
  for (const name of Object.keys(body)) if (!['source', 'records', 'csv'].includes(name)) problems.add(name.slice(0, 100), 'unknown', 'not a field here');
  const source = readSource(body.source, problems);
  const { records, csv } = body;
  if ((records === undefined) === (csv === undefined)) {
    problems.add('records', 'required', 'send either records (a list of objects) or csv (the text of a CSV file), not both');
  }
  let rows: ImportRow[] = [];
  if (records !== undefined) {
    if (!Array.isArray(records) || records.length === 0) problems.add('records', 'type', 'records is a non-empty list of objects');
    else if (records.length > MAX_IMPORT_RECORDS) problems.add('records', 'maxItems', `at most ${MAX_IMPORT_RECORDS} records per import; split the file`);
    else {
      records.forEach((record, i) => {
        if (isPlainObject(record)) rows.push({ label: `records[${i}]`, fields: record });
        else problems.add(`records[${i}]`, 'type', 'each record is an object of named fields');
      });
    }
  }
  if (csv !== undefined) {
    if (typeof csv !== 'string') problems.add('csv', 'type', 'csv is the text of a CSV file');
    else {
      const parsed = parseCsv(csv, Object.keys(columns));
      if (!parsed.ok) for (const p of parsed.problems) problems.add(`csv line ${p.line}`, p.code, p.message);
      else if (parsed.records.length > MAX_IMPORT_RECORDS) problems.add('csv', 'maxItems', `at most ${MAX_IMPORT_RECORDS} records per import; split the file`);
      else {
        rows = parsed.records.map((record) => ({
          label: `csv line ${record.line}`,
          fields: Object.fromEntries(Object.entries(record.fields)
            .map(([name, text]) => [name, convert(text, columns[name]!)])
            .filter(([, value]) => value !== undefined)),
        }));
      }
    }
  }
  problems.throwIfAny('the import request is not valid; nothing was written');
  return { source: source!, rows };
}

/** Field checks for one row; each failure is a problem named after the row and field. */
export class RowReader {
  constructor(private readonly row: ImportRow, private readonly problems: ProblemList, known: readonly string[]) {
    for (const name of Object.keys(row.fields)) {
      if (!known.includes(name)) problems.add(fieldOf(row, name.slice(0, 100)), 'unknown', `not a field here (fields: ${known.join(', ')})`);
    }
  }

  private fail(field: string, code: string, message: string): undefined {
    this.problems.add(fieldOf(this.row, field), code, message);
    return undefined;
  }

  text(name: string, options: { required?: boolean; max?: number; pattern?: RegExp; hint?: string } = {}): string | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return options.required === false ? undefined : this.fail(name, 'required', `${name} is required`);
    if (typeof value !== 'string') return this.fail(name, 'type', `${name} must be text`);
    const max = options.max ?? 200;
    if (value.length > max) return this.fail(name, 'maxLength', `${name} is longer than ${max} characters`);
    if (options.pattern && !options.pattern.test(value)) return this.fail(name, 'pattern', `${name} ${options.hint ?? 'is not in the expected form'}`);
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', `${name} is required: one of ${values.join(', ')}`);
    if (typeof value !== 'string' || !values.includes(value as T)) return this.fail(name, 'enum', `${name} must be one of ${values.join(', ')}`);
    return value as T;
  }

  number(name: string, options: { integer?: boolean; min?: number; max?: number; unit?: string } = {}): number | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', `${name} is required`);
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(name, 'type', `${name} must be a number${options.unit ? ` (${options.unit})` : ''}`);
    if (options.integer && !Number.isSafeInteger(value)) return this.fail(name, 'integer', `${name} must be a whole number${options.unit ? ` of ${options.unit}` : ''}`);
    if (options.min !== undefined && value < options.min) return this.fail(name, 'min', `${name} must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max) return this.fail(name, 'max', `${name} must be at most ${options.max}`);
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.row.fields[name];
    if (value === undefined || value === '') return this.fail(name, 'required', `${name} is required: true or false`);
    if (typeof value !== 'boolean') return this.fail(name, 'type', `${name} must be true or false`);
    return value;
  }

  /** A calendar date YYYY-MM-DD that exists. */
  date(name: string): string | undefined {
    const value = this.text(name, { max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, hint: 'must be a date YYYY-MM-DD' });
    if (value === undefined) return undefined;
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return this.fail(name, 'date', `${name} is not a calendar date`);
    return value;
  }

  /** A field holding an object, read with its own known fields (`records[3].scope.id`). */
  nested(name: string, known: readonly string[], hint: string): RowReader | undefined {
    const value = this.row.fields[name];
    if (!isPlainObject(value)) return this.fail(name, value === undefined ? 'required' : 'type', `${name} is ${hint}`);
    return new RowReader({ label: fieldOf(this.row, name), fields: value }, this.problems, known);
  }

  /** A problem about this row that no single field check covers. */
  problem(field: string, code: string, message: string): void {
    this.fail(field, code, message);
  }
}

/** Two records of one import that would write the same document: the later one is a problem. */
export function checkDuplicates(rows: Array<{ row: ImportRow; id: string }>, problems: ProblemList, what: string): void {
  const first = new Map<string, string>();
  for (const { row, id } of rows) {
    const earlier = first.get(id);
    if (earlier) problems.add(row.label, 'duplicate', `the same ${what} as ${earlier}: one import sets each once`);
    else first.set(id, row.label);
  }
}

const isDuplicateKey = (error: { code?: number }) => error.code === 11000;

/**
 * Inserts new documents in one request. One that another import created meanwhile (or that a
 * retried request already inserted) is a duplicate key: it is replaced instead.
 */
async function insertNew<D extends { _id: string }>(model: Model<D>, docs: D[]): Promise<void> {
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
    const failed = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code?: number }>;
    if (failed.length === 0 || !failed.every(isDuplicateKey)) throw error;
    await replaceExisting(model, failed.map((f) => docs[f.index]!));
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
