/**
 * How long the worker waits between polls of the engine, from how the last poll went.
 *
 * - The last poll brought as many tasks as it asked for: more are likely waiting, so the worker asks
 *   again at once. At a 200 ms gap after every poll a worker with maxTasks 10 completed 32 no-op
 *   tasks/s where the engine's Java client, which polls again at once, completed 107
 *   (`npm run bench -- --peers`).
 * - It brought fewer: tasks are arriving one by one, and a poll at once would fetch and lock them one
 *   at a time, a request and a lock query in the engine each. Waiting 200 ms lets a batch gather:
 *   at a 10 ms gap after every poll the full cycle (`npm run bench -- --full-cycle --n 430`) took
 *   281 s and 538 s of CPU; at 200 ms, 221 s and 422 s.
 * - It failed: an engine that refuses must not be asked many times a second.
 * The long poll keeps an idle worker to one poll per WORKER_LONG_POLL_MS whatever the gap.
 *
 * Worked examples: { fetched: 10, asked: 10 } → 10 ms; { fetched: 3, asked: 10 } → 200 ms;
 * { fetched: 0, asked: 10 } (a long poll that ran out) → 200 ms; { failed: true } → 2,000 ms.
 */
export const FULL_BATCH_GAP_MS = 10;
export const PARTIAL_BATCH_GAP_MS = 200;
export const FAILED_POLL_GAP_MS = 2_000;

export type LastPoll = { failed: true } | { failed: false; fetched: number; asked: number };

export function pollGap(last: LastPoll): number {
  if (last.failed) return FAILED_POLL_GAP_MS;
  return last.asked > 0 && last.fetched >= last.asked ? FULL_BATCH_GAP_MS : PARTIAL_BATCH_GAP_MS;
}
