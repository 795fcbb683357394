import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Router } from 'express';
import type { Config } from '../../src/server/config';
import { EngineClient } from '../../src/server/engine-client';
import { routers } from '../../src/server/routes';
import { formTokens } from '../../src/server/security/form-token';
import { rateLimits } from '../../src/server/security/rate-limits';

/**
 * A newcomer finds a route by its path: routes/<name>.ts serves /api/<name>/… and /<name>/…. These
 * pages are named otherwise, each for a reason a reader sees at once.
 */
const OTHER_NAMES: Record<string, string[]> = {
  // The sign-in form and signing out are the session's pages.
  session: ['login', 'logout'],
  // Single sign-on is a way of signing in: /login/oidc.
  oidc: ['login'],
  // The operators' page lives among the operations pages.
  incidents: ['operations'],
};

const root = join(__dirname, '..', '..');
const secret = 'a-session-secret-of-enough-length-for-the-test';
const config = {
  sessionSecret: secret,
  secureCookies: false,
  oidc: { issuer: 'http://127.0.0.1:1', clientId: 'meritflow', redirectUrl: 'http://127.0.0.1:1/login/oidc/callback', match: 'username', claim: 'preferred_username', scope: 'openid' },
  rateLimits: { signInFailuresPerIp: 10, signInPerUserName: 10, writesPerUser: 10 },
} as Config;
// Nothing is asked of the engine while routers are built; this one would answer nobody.
const engine = new EngineClient('http://127.0.0.1:1/engine-rest', 'nobody', 'nothing');
const all = routers({ config, engine, limits: rateLimits(config.rateLimits), formTokens: formTokens(secret, false), modules: join(root, 'node_modules') });

interface StackLayer { route?: { path: string | string[] }; rawPath?: string | string[] }

/** The paths a router answers: its routes' and its path-scoped middleware's (express keeps them on each layer). */
function pathsOf(router: Router): string[] {
  const layers = (router as unknown as { stack: StackLayer[] }).stack;
  return layers.flatMap((layer) => [layer.route?.path ?? layer.rawPath ?? []].flat()).filter((path) => path !== '/');
}

/** /api/tasks/:taskId/claim → tasks; /cycles/launch → cycles. */
const resourceOf = (path: string) => path.replace(/^\/api\//, '/').split('/')[1];

describe('route files are named after their paths', () => {
  it.each(all.map(([name, router]) => [name, router] as const))('routes/%s.ts serves only paths of its name', (name, router) => {
    expect(existsSync(join(root, 'src', 'server', 'routes', `${name}.ts`))).toBe(true);
    const paths = pathsOf(router);
    expect(paths.length).toBeGreaterThan(0);
    const strangers = paths.filter((path) => ![name, ...(OTHER_NAMES[name] ?? [])].includes(resourceOf(path)!));
    expect(strangers).toEqual([]);
  });

  it('gives each resource one router (the sign-in pages excepted: /login and /login/oidc)', () => {
    const owners = new Map<string, Set<string>>();
    for (const [name, router] of all) for (const path of pathsOf(router)) owners.set(resourceOf(path)!, (owners.get(resourceOf(path)!) ?? new Set()).add(name));
    const shared = [...owners].filter(([resource, names]) => names.size > 1 && resource !== 'login').map(([resource, names]) => `${resource}: ${[...names].join(', ')}`);
    expect(shared).toEqual([]);
  });
});
