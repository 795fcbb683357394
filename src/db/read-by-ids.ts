import type { Model, ProjectionType } from 'mongoose';

/** Ids per read: FerretDB answers a `$in` of up to 500 plain strings from the `_id` index (scripts/lib/ferretdb-patches/meritflow_pushdown.go). */
export const IDS_PER_READ = 500;

/**
 * Documents by `_id`, as a map from id to document (ids not found are absent): one read per 500
 * ids, where a read per id costs a store round trip each.
 */
export async function readByIds<T extends { _id: string }>(model: Model<any>, ids: string[], projection?: ProjectionType<T>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let first = 0; first < unique.length; first += IDS_PER_READ) {
    const documents = await model.find({ _id: { $in: unique.slice(first, first + IDS_PER_READ) } }, projection).lean<T[]>();
    for (const document of documents) found.set(document._id, document);
  }
  return found;
}
