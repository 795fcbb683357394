/** A write refused because a document with that key exists: MongoDB's and FerretDB's E11000, by code or by message. */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000 || /E11000/.test(String((error as Error | undefined)?.message));
}
