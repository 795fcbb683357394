import { loadConfig } from '../../src/server/config';
import { createApp } from '../../src/server/app';
import { appRoutes, type AppRoute } from '../support/app-routes';
import { HttpUser, type JsonResponse } from '../support/http-user';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Every route under other spellings of its path (issue 20's sweep): in upper case, with a letter
 * percent-encoded, with a trailing slash, with a doubled slash. Each answers as the canonical path
 * does, or 404; none lets a form-encoded write through. Path parameters are filled with a value no
 * record has, so every write is refused before it changes anything. Sign-in and sign-out routes are
 * left out (they would end the sweep's own session); their guards are tested in their own files.
 */
let stack: TestStack;
let routes: AppRoute[];
let baseUrl: string;

beforeAll(async () => {
  stack = await startTestStack();
  // The sweep writes a few hundred times a minute; the per-person write ceiling is another test's subject.
  baseUrl = await stack.serve({ rateLimits: { writesPerUser: 100_000 } });
  routes = appRoutes(createApp(loadConfig(), stack.engine)).filter((r) => !/^\/(login|logout|api\/session)$/.test(r.path) && !r.path.includes('*'));
});
afterAll(async () => {
  await stack?.close();
});

// No id pattern accepts "~": every request is refused before it could start or change anything.
const NO_RECORD = 'zz~none';
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, NO_RECORD);

function variants(path: string): Array<{ name: string; path: string }> {
  const firstLetter = path.search(/[a-z]/);
  if (firstLetter < 0) return [{ name: 'trailing slash', path: `${path}/` }];
  return [
    { name: 'upper case', path: path.toUpperCase().replace(NO_RECORD.toUpperCase(), NO_RECORD) },
    { name: 'first segment in upper case', path: path.replace(/^\/[a-z]+/, (s) => s.toUpperCase()) },
    { name: 'a letter percent-encoded', path: `${path.slice(0, firstLetter)}%${path.charCodeAt(firstLetter).toString(16)}${path.slice(firstLetter + 1)}` },
    { name: 'trailing slash', path: `${path}/` },
    { name: 'doubled slash', path: path.replace(/^\/([^/]+)\//, '/$1//') },
  ];
}

type Mode = 'plain' | 'form-encoded' | 'query' | 'anonymous';

/** A request as a sweep mode sends it: plain (a JSON body for writes), form-encoded, with an unexpected query, or signed out. */
async function send(user: HttpUser, anonymous: HttpUser, method: string, path: string, mode: Mode): Promise<number> {
  if (mode === 'form-encoded') return (await user.request(method, path, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status;
  if (mode === 'query') return (await user.request(method, `${path}?x=1`, method === 'GET' ? undefined : {})).status;
  return (await (mode === 'anonymous' ? anonymous : user).request(method, path, method === 'GET' ? undefined : {})).status;
}

test('the sweep covers the app: pages, the API, reads and writes', () => {
  expect(routes.length).toBeGreaterThan(60);
  expect(routes.some((r) => r.method === 'POST' && r.path === '/api/tasks/:taskId/submission')).toBe(true);
  expect(routes.some((r) => r.method === 'GET' && r.path === '/inbox')).toBe(true);
});

test('every route in other spellings answers as the canonical path does, or 404: signed in, signed out, form-encoded, with a query', async () => {
  const user = await HttpUser.signIn(baseUrl, 'hr');
  const anonymous = new HttpUser(baseUrl, 'nobody');
  const wrong: string[] = [];
  for (const route of routes) {
    const path = concrete(route.path);
    const modes: Mode[] = route.method === 'GET' ? ['plain', 'query', 'anonymous'] : ['plain', 'form-encoded', 'anonymous'];
    for (const mode of modes) {
      const canonical = await send(user, anonymous, route.method, path, mode);
      for (const variant of variants(path)) {
        if (variant.path === path) continue;
        const status = await send(user, anonymous, route.method, variant.path, mode);
        if (status !== canonical && status !== 404) wrong.push(`${route.method} ${variant.path} (${variant.name}, ${mode}): ${status}, canonical ${canonical}`);
      }
    }
  }
  expect(wrong).toEqual([]);
}, 180_000);
