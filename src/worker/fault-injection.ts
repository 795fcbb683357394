/**
 * Crash tests need a worker that holds a task after writing and before completing: exactly the
 * window where at-least-once delivery bites. MERITFLOW_FAULT_PAUSE_AFTER_WRITE_MS opens that window
 * on purpose. Unset (always, outside those tests) it costs nothing.
 */
const pauseMs = Number(process.env.MERITFLOW_FAULT_PAUSE_AFTER_WRITE_MS ?? 0);

export async function pauseAfterWriteIfInjected(): Promise<void> {
  if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
}
