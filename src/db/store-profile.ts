import type mongoose from 'mongoose';
import { CallProfile } from '../lib/call-profile';

/**
 * With STORE_PROFILE=<file>, every store command is timed by collection, command and filter fields.
 * The bench sets it: on FerretDB's SQLite backend only a filter of exactly `{_id: <string>}` is
 * answered from an index, and this table shows which queries pay for the rest.
 */
function shapeOf(command: Record<string, any>): string {
  const name = Object.keys(command)[0]!; // the command's name comes first, its collection as the value
  const collection = command[name];
  const filter = command.filter ?? command.query ?? command.updates?.[0]?.q ?? command.deletes?.[0]?.q ?? command.pipeline?.[0]?.$match;
  const keys = filter ? Object.keys(filter).map((k) => (k === '_id' ? `_id:${typeof filter._id}` : k)).sort().join(',') : '';
  const sort = command.sort ? ` sort(${Object.keys(command.sort).join(',')})` : '';
  return `${collection} ${name} {${keys}}${sort}`;
}

export function profileStore(connection: typeof mongoose, file: string): void {
  const profile = new CallProfile(file);
  const client = connection.connection.getClient();
  const started = new Map<number, { shape: string; at: number }>();
  client.on('commandStarted', (event) => {
    started.set(event.requestId, { shape: shapeOf(event.command as Record<string, any>), at: performance.now() });
  });
  const finish = (event: { requestId: number }) => {
    const start = started.get(event.requestId);
    if (!start) return;
    started.delete(event.requestId);
    profile.record(start.shape, performance.now() - start.at);
  };
  client.on('commandSucceeded', finish);
  client.on('commandFailed', finish);
}
