import type { Model, ProjectionType } from 'mongoose';

/** Ids per read: FerretDB answers a `$in` of up to 500 plain strings from the `_id` index (scripts/lib/ferretdb-patches/meritflow_pushdown.go). */
export const IDS_PER_READ = 500;

/** Ids in slices of at most IDS_PER_READ, each one `$in` the index answers (reads and writes alike). */
export function* idChunks(ids: string[]): Generator<string[]> {
  for (let first = 0; first < ids.length; first += IDS_PER_READ) yield ids.slice(first, first + IDS_PER_READ);
}

/**
 * Documents by `_id`, as a map from id to document (ids not found are absent): one read per 500
 * ids, where a read per id costs a store round trip each.
 */
export async function readByIds<T extends { _id: string }>(model: Model<any>, ids: string[], projection?: ProjectionType<T>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for (const chunk of idChunks([...new Set(ids)])) {
    for (const document of await model.find({ _id: { $in: chunk } }, projection).lean<T[]>()) found.set(document._id, document);
  }
  return found;
}
