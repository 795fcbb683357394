/**
 * Every id and key meritflow reads from outside (a URL, a form, an import file, the engine) and the
 * patterns that check them, in one place: a route, an import and the worker agree on what an id is.
 */

/** Versions are read by id: both MongoDB and FerretDB answer that from the primary key. `review-form@3`. */
export function versionId(key: string, version: number): string {
  return `${key}@${version}`;
}
