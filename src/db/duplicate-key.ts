/** A write refused because a document with that key exists: MongoDB's and FerretDB's E11000, by code or by message. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000 || /E11000/.test(String((error as Error | undefined)?.message));
}

/**
 * Runs an upsert that must have one effect when several run at once: the store inserts one and
 * refuses the others with E11000 (FerretDB, and MongoDB too, for an upsert racing an insert of the
 * same `_id`); run again, a refused one now finds the document and leaves it as it is.
 */
export async function upsertOnce<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
}

/**
 * Which documents an unordered insert refused because they exist already, by their index in the
 * insert; null when it failed otherwise too (then nothing can be said of what went in). The driver
 * gives one write error as an object, several as an array.
 */
export function duplicateIndexes(error: unknown): number[] | null {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const failed = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code?: number }>;
  return failed.length > 0 && failed.every(isDuplicateKey) ? failed.map((f) => f.index) : null;
}
