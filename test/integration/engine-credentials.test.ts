import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/server/config';
import { createApp } from '../../src/server/app';
import { EngineClient } from '../../src/server/engine-client';
import { HttpUser } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The engine's REST API knows one technical account, the server's and the worker's. A request it
 * refuses is the platform's fault, not the user's: the user gets 503, not "sign in". And one refused
 * request must not lock that account, or every flow stops (the engine's login throttling, turned off
 * in engine/src/main/resources/application.yaml).
 */
let stack: TestStack;
let misconfigured: Server;
let misconfiguredUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  const config = loadConfig();
  const wrongSecret = new EngineClient(config.engineUrl, config.engineUser, `${config.enginePassword}-not`);
  misconfigured = await new Promise((resolve) => {
    const s = createApp(config, wrongSecret, { rateLimits: { scope: randomUUID() } }).listen(0, '127.0.0.1', () => resolve(s));
  });
  misconfiguredUrl = `http://127.0.0.1:${(misconfigured.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => misconfigured?.close(resolve));
  await stack?.close();
});

test('a server the engine refuses answers 503, and the engine goes on answering the right secret at once', async () => {
  const refused = await (await HttpUser.signIn(misconfiguredUrl, 'cb.rm07')).get('/api/inbox');
  expect(refused.status).toBe(503);
  expect(refused.body).toEqual({ error: 'the workflow engine is not answering the server; try again shortly', text: '流程引擎暂时无响应，请稍后重试' });

  const inbox = await (await HttpUser.signIn(stack.baseUrl, 'cb.rm07')).get('/api/inbox');
  expect(inbox.status).toBe(200);
  expect(Array.isArray(inbox.body.items)).toBe(true);
});
