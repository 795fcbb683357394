import { ConfigError, loadToolConfig } from '../../src/platform/config';
import { loadConfig } from '../../src/server/config';
import { loadWorkerConfig } from '../../src/worker/config';

const engineAndStore = { ENGINE_URL: 'http://127.0.0.1:8080/engine-rest/', ENGINE_USER: 'meritflow', ENGINE_PASSWORD: 'pw', MONGODB_URI: 'mongodb://127.0.0.1:27017/meritflow' };

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the worker reads its own settings', () => {
  it('starts without the session secret or the sign-in settings, which are the server\'s', () => {
    const config = loadWorkerConfig({ ...engineAndStore, OIDC_CLIENT_ID: 'set without an issuer', WORKER_ID: 'worker-1' });
    expect(config).toEqual({
      engineUrl: 'http://127.0.0.1:8080/engine-rest', engineUser: 'meritflow', enginePassword: 'pw', mongodbUri: 'mongodb://127.0.0.1:27017/meritflow',
      workerId: 'worker-1', maxTasks: 10, maxParallel: 10, lockMs: 30_000, longPollMs: 10_000,
      smtpUrl: null, mailFrom: 'meritflow <meritflow@localhost>', appUrl: 'http://127.0.0.1:3000', mailPollMs: 5_000,
    });
  });

  it('sends mail through SMTP_URL, linking to APP_URL; a relay address that is not smtp(s) is named, its password hidden', () => {
    expect(loadWorkerConfig({ ...engineAndStore, SMTP_URL: 'smtps://mf:secret@relay.bank.example:465', APP_URL: 'https://meritflow.bank.example/' }))
      .toMatchObject({ smtpUrl: 'smtps://mf:secret@relay.bank.example:465', appUrl: 'https://meritflow.bank.example' });
    expect(problemsOf(() => loadWorkerConfig({ ...engineAndStore, SMTP_URL: 'http://mf:secret@relay.bank.example', APP_URL: 'meritflow.bank.example' }))).toEqual([
      'SMTP_URL must be an smtp:// or smtps:// address such as smtp://relay.bank.example:25, not http://…@relay.bank.example',
      'APP_URL must be an http(s) address such as https://meritflow.bank.example, not meritflow.bank.example',
    ]);
  });

  it('runs as many handlers at once as it fetches, unless told otherwise', () => {
    expect(loadWorkerConfig({ ...engineAndStore, WORKER_MAX_TASKS: '4' })).toMatchObject({ maxTasks: 4, maxParallel: 4 });
    expect(loadWorkerConfig({ ...engineAndStore, WORKER_MAX_TASKS: '4', WORKER_MAX_PARALLEL: '2' })).toMatchObject({ maxTasks: 4, maxParallel: 2 });
  });

  it('names a typo instead of polling with NaN', () => {
    expect(problemsOf(() => loadWorkerConfig({ ...engineAndStore, WORKER_LOCK_MS: '30s' }))).toEqual(['WORKER_LOCK_MS must be a whole number above 0, not 30s']);
    expect(problemsOf(() => loadWorkerConfig({ ...engineAndStore, WORKER_MAX_TASKS: '0' }))).toEqual(['WORKER_MAX_TASKS must be a whole number above 0, not 0']);
    expect(problemsOf(() => loadWorkerConfig({ ...engineAndStore, WORKER_LONG_POLL_MS: '1e4' }))).toEqual(['WORKER_LONG_POLL_MS must be a whole number above 0, not 1e4']);
  });

  it('names every wrong setting at once', () => {
    expect(problemsOf(() => loadWorkerConfig({ ENGINE_URL: 'engine:8080', WORKER_MAX_PARALLEL: 'ten' }))).toEqual([
      'ENGINE_URL must be an http(s) address such as http://127.0.0.1:8080/engine-rest, not engine:8080',
      'MONGODB_URI is not set; start meritflow with `npm start` or set it (see README)',
      'WORKER_MAX_PARALLEL must be a whole number above 0, not ten',
    ]);
  });

  it('says in its message that the settings are what stopped the start', () => {
    expect(() => loadWorkerConfig({ MONGODB_URI: engineAndStore.MONGODB_URI })).toThrow('meritflow cannot start, its settings are wrong:\n  - ENGINE_URL is not set');
  });
});

describe('the web server reads its own settings', () => {
  const server = { ...engineAndStore, SESSION_SECRET: 'a secret' };

  it('has defaults for everything but the engine, the store and the session secret', () => {
    expect(loadConfig(server)).toEqual({
      engineUrl: 'http://127.0.0.1:8080/engine-rest', engineUser: 'meritflow', enginePassword: 'pw', mongodbUri: 'mongodb://127.0.0.1:27017/meritflow',
      port: 3000, sessionSecret: 'a secret', secureCookies: false,
      rateLimits: { signInFailuresPerIp: 50, signInPerUserName: 10, writesPerUser: 300 },
      oidc: null, trustProxy: false,
    });
    expect(problemsOf(() => loadConfig(engineAndStore))).toEqual(['SESSION_SECRET is not set; start meritflow with `npm start` or set it (see README)']);
  });

  it('names a wrong port, cookie flag, rate limit, proxy and sign-in setting together', () => {
    expect(problemsOf(() => loadConfig({ ...server, PORT: '3000x', SECURE_COOKIES: 'yes', RATE_LIMIT_WRITES_PER_USER: '-1', TRUST_PROXY: 'proxy.bank.example', OIDC_ISSUER: 'https://idp.bank.example' }))).toEqual([
      'PORT must be a whole number above 0, not 3000x',
      'SECURE_COOKIES must be true or false, not yes',
      'RATE_LIMIT_WRITES_PER_USER must be a whole number above 0, not -1',
      'OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_REDIRECT_URL must be set too',
      'TRUST_PROXY names no address or subnet: proxy.bank.example (e.g. "loopback" or "10.0.0.0/8")',
    ]);
  });

  it('reads secure cookies, a port and a proxy as written', () => {
    expect(loadConfig({ ...server, PORT: '8443', SECURE_COOKIES: 'true', TRUST_PROXY: 'loopback' })).toMatchObject({ port: 8443, secureCookies: true, trustProxy: ['loopback'] });
  });
});

describe('the command-line tools read the engine and the store only', () => {
  it('needs neither a session secret nor worker settings', () => {
    expect(loadToolConfig({ ...engineAndStore, WORKER_LOCK_MS: 'not read here' })).toEqual({
      engineUrl: 'http://127.0.0.1:8080/engine-rest', engineUser: 'meritflow', enginePassword: 'pw', mongodbUri: 'mongodb://127.0.0.1:27017/meritflow',
    });
  });
});
