import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { HttpUser } from '../support/http-user';
import { eventually, freePort, startServer, startTestStack, stopWorker, type TestStack } from '../support/stack';

/**
 * Issue 17: two server processes as production runs them (dist/server/main.js), behind a proxy on
 * loopback (TRUST_PROXY=loopback), on one store. A client's failed sign-ins are counted once
 * whichever node the proxy sends them to, and a node that restarts still knows them. The client's
 * address is a forwarded one of this run's own, so other test files' sign-ins never share its count.
 */
const NODE_ENV = { TRUST_PROXY: 'loopback', RATE_LIMIT_SIGN_IN_FAILURES_PER_IP: '3' };

let stack: TestStack;
const nodes: Array<{ name: string; port: number; child?: ChildProcess }> = [];

async function up(node: (typeof nodes)[number]): Promise<void> {
  node.child = startServer(node.name, node.port, NODE_ENV);
  await eventually(`${node.name} answers`, async () => (await fetch(`http://127.0.0.1:${node.port}/healthz`).catch(() => null))?.ok, 60_000);
}

beforeAll(async () => {
  stack = await startTestStack();
  for (const name of ['limits-node-a', 'limits-node-b']) nodes.push({ name, port: await freePort() });
  await Promise.all(nodes.map(up));
}, 120_000);

afterAll(async () => {
  await Promise.all(nodes.map((node) => stopWorker(node.child)));
  await stack?.close();
});

test('failed sign-ins from one client, spread by the proxy over two nodes, are limited as one; a restarted node still refuses', async () => {
  const client = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
  const fail = async (node: (typeof nodes)[number]) => (await new HttpUser(`http://127.0.0.1:${node.port}`, 'x')
    .post('/api/session', { username: `nobody.${randomUUID()}`, password: 'wrong' }, { 'x-forwarded-for': client })).status;
  const [a, b] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
  const statuses = [await fail(a), await fail(b), await fail(a), await fail(b), await fail(a)];
  expect(statuses).toEqual([401, 401, 401, 429, 429]);
  // Another client behind the same proxy is not limited by it.
  expect((await new HttpUser(`http://127.0.0.1:${b.port}`, 'x').post('/api/session', { username: `nobody.${randomUUID()}`, password: 'wrong' }, { 'x-forwarded-for': `${client.split('.').slice(0, 3).join('.')}.255` })).status).toBe(401);

  await stopWorker(b.child);
  await up(b);
  expect(await fail(b)).toBe(429);
}, 120_000);
