import { createServer } from 'node:net';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadRun {
  perSecond: number;
  /** Answers other than 2xx, and errors: each counts as done (not retried). */
  failures: string[];
}

/** `total` POSTs of the same body from `clients` concurrent clients, each sending its next when its last is answered. */
export async function runLoad(target: LoadTarget, clients: number, total: number): Promise<LoadRun> {
  let sent = 0;
  const failures: string[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (sent < total) {
      sent++;
      try {
        const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
        const text = await response.text();
        if (!response.ok) failures.push(`${response.status} ${text.slice(0, 200)}`);
      } catch (error) {
        failures.push(String(error).slice(0, 200));
      }
    }
  }));
  return { perSecond: total / ((performance.now() - started) / 1000), failures };
}

/** A port nobody listens on now. */
export function freePortNumber(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
