import { writeFileSync } from 'node:fs';
import type mongoose from 'mongoose';

/**
 * With STORE_PROFILE=<file>, every store command is timed and, when the process ends, a table of
 * where the store time went (collection, command, filter fields) is written to that file. The bench
 * sets it: on FerretDB's SQLite backend only a filter of exactly `{_id: <string>}` avoids a scan of
 * the whole collection, and this table shows which queries pay for that.
 */
interface Totals { count: number; ms: number; maxMs: number }

function shapeOf(command: Record<string, any>): string {
  const name = Object.keys(command)[0]!; // the command's name comes first, its collection as the value
  const collection = command[name];
  const filter = command.filter ?? command.query ?? command.updates?.[0]?.q ?? command.deletes?.[0]?.q ?? command.pipeline?.[0]?.$match;
  const keys = filter ? Object.keys(filter).map((k) => (k === '_id' ? `_id:${typeof filter._id}` : k)).sort().join(',') : '';
  const sort = command.sort ? ` sort(${Object.keys(command.sort).join(',')})` : '';
  return `${collection} ${name} {${keys}}${sort}`;
}

export function profileStore(connection: typeof mongoose, file: string): void {
  const client = connection.connection.getClient();
  const started = new Map<number, { shape: string; at: number }>();
  const totals = new Map<string, Totals>();
  client.on('commandStarted', (event) => {
    started.set(event.requestId, { shape: shapeOf(event.command as Record<string, any>), at: performance.now() });
  });
  const finish = (event: { requestId: number }) => {
    const start = started.get(event.requestId);
    if (!start) return;
    started.delete(event.requestId);
    const ms = performance.now() - start.at;
    const total = totals.get(start.shape) ?? { count: 0, ms: 0, maxMs: 0 };
    totals.set(start.shape, { count: total.count + 1, ms: total.ms + ms, maxMs: Math.max(total.maxMs, ms) });
  };
  client.on('commandSucceeded', finish);
  client.on('commandFailed', finish);
  process.on('exit', () => {
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms)
      .map(([shape, t]) => `${t.ms.toFixed(0).padStart(9)} ms ${String(t.count).padStart(8)}× ${(t.ms / t.count).toFixed(1).padStart(8)} avg ${t.maxMs.toFixed(0).padStart(6)} max  ${shape}`);
    writeFileSync(file, `${rows.join('\n')}\n`);
  });
}
