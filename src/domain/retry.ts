/**
 * How often a building block's task is tried before it becomes an incident, and how long the engine
 * waits between tries. The worker reports it with each failure; the incidents page gives a task this
 * many attempts again when HR retries it. Worked examples: test/unit/retry.test.ts.
 */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  attempts: number;
  /** Wait before the second attempt; each later wait doubles. */
  firstBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, firstBackoffMs: 2_000 };

/** Retries left after this failure, and how long the engine should wait before offering the task again. */
export function nextRetry(task: { retries?: number | null }, policy: RetryPolicy): { retries: number; retryTimeout: number } {
  // The engine does not count down; the worker reports what is left. null means first failure.
  const retries = Math.max(0, (task.retries ?? policy.attempts) - 1);
  const failuresSoFar = policy.attempts - retries;
  return { retries, retryTimeout: retries === 0 ? 0 : policy.firstBackoffMs * 2 ** (failuresSoFar - 1) };
}
