/**
 * Keeps a long-running service up under `npm start`: when the server or the worker dies on its own
 * (a crash, an out-of-memory kill), it is started again after a back-off that doubles, and the
 * reason is logged. Only repeated crashes (more than maxRestarts within windowMs) give up, so one
 * bad moment does not take the engine, the store and the other services down with it.
 *
 *   supervise('server', () => startService(…), { isStopping: () => stopping, onGiveUp: () => shutdown(1) })
 */
export function supervise(name, start, { isStopping = () => false, onGiveUp = () => {}, log = console.error, maxRestarts = 5, windowMs = 10 * 60_000, firstDelayMs = 1_000, maxDelayMs = 30_000 } = {}) {
  const crashes = [];
  let current = start();
  const watch = (child) => child.once('exit', (code, signal) => {
    if (isStopping()) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0] < now - windowMs) crashes.shift();
    const why = signal ? `killed by ${signal}` : `exited with ${code}`;
    if (crashes.length > maxRestarts) {
      log(`${name} ${why}; it crashed ${crashes.length} times within ${Math.round(windowMs / 60_000)} min, so everything stops (see ${child.logFile ?? 'its log'})`);
      onGiveUp();
      return;
    }
    const delay = Math.min(maxDelayMs, firstDelayMs * 2 ** (crashes.length - 1));
    log(`${name} ${why}; starting it again in ${(delay / 1000).toFixed(1)} s (crash ${crashes.length} of at most ${maxRestarts} within ${Math.round(windowMs / 60_000)} min; see ${child.logFile ?? 'its log'})`);
    setTimeout(() => {
      if (isStopping()) return;
      current = start();
      watch(current);
    }, delay);
  });
  watch(current);
  return { get child() { return current; } };
}
