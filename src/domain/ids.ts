/**
 * Every id and key meritflow reads from outside (a URL, a form, an import file, the engine) and the
 * patterns that check them, in one place: a route, an import and the worker agree on what an id is.
 */

/** Versions are read by id: both MongoDB and FerretDB answer that from the primary key. `review-form@3`. */
export function versionId(key: string, version: number): string {
  return `${key}@${version}`;
}

/**
 * A person's id as the org chart and the bank's import files have it: E0001, T-17, j.doe. A letter
 * or digit first, then letters, digits, `_`, `.` or `-`. Routes, imports and the worker test with
 * this one pattern: a person an import accepts is a person every page can reach.
 */
export const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** A review cycle: 2026-H2. */
export const CYCLE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** An org unit: a unit flow's subject. */
export const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

/**
 * A person's review case, `<cycle>:<person>` (caseIdFor in src/db/models/review-case.ts), which is also
 * its engine business key: `2026-H2:j.doe`. Any other flow's case adds `:<flow key>`.
 */
export const REVIEW_CASE_ID = new RegExp(`^${CYCLE_ID.source.slice(1, -1)}:${PERSON_ID.source.slice(1, -1)}$`);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The engine's ids (a task, a process instance, an external task): UUIDs. */
export const ENGINE_ID = new RegExp(`^${UUID}$`, 'i');

/** The engine's ids within a longer text, such as a REST path, to be blanked out. */
export const ENGINE_IDS_IN_TEXT = new RegExp(UUID, 'gi');

export const isPersonId = (value: unknown): value is string => typeof value === 'string' && PERSON_ID.test(value);
export const isEngineId = (value: unknown): value is string => typeof value === 'string' && ENGINE_ID.test(value);
