/** Maps over items with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Asks `probe` every `intervalMs` until it answers something truthy and returns that; a probe that
 * throws counts as "not yet". Past `timeoutMs` it throws, naming `label` and the last error.
 */
export async function pollUntil<T>(label: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, intervalMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${label}: not reached within ${Math.round(timeoutMs / 1000)} s${last ? ` (last error: ${String(last)})` : ''}`);
}
