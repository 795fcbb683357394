import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Single sign-on as production has it, for tests: a real OpenID Connect provider (the oidc-provider
 * package, test/support/oidc-test-provider.mjs) and meritflow's server from dist/ with OIDC_* set,
 * each on a free port and in its own process (both load ES modules, which jest's CommonJS runtime
 * cannot). The store and engine are the test run's (startTestStack has deployed and seeded them).
 */
const root = join(__dirname, '..', '..');
const CLIENT_ID = 'meritflow-test';
const CLIENT_SECRET = 'test-client-secret-for-the-local-provider';

export interface SingleSignOn {
  meritflowUrl: string;
  providerUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** A child process whose output goes to the test's log folder; resolves once it prints `ready`. */
function startProcess(name: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(process.env.MERITFLOW_TEST_DATA_DIR ?? root, 'logs', `${name}.log`), { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${seen.slice(-2000)}`)), 60_000);
    const watch = (chunk: Buffer) => {
      seen += chunk.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', watch);
    child.stderr!.on('data', watch);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited with ${code}: ${seen.slice(-2000)}`)); });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.removeAllListeners('exit');
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `accounts`: the provider's people, by login, with the claims it tells about each. */
export async function startSingleSignOn(accounts: Record<string, Record<string, unknown>>): Promise<SingleSignOn> {
  const [meritflowPort, providerPort] = [await freePort(), await freePort()];
  const meritflowUrl = `http://127.0.0.1:${meritflowPort}`;
  const providerUrl = `http://127.0.0.1:${providerPort}`;
  const redirectUrl = `${meritflowUrl}/login/oidc/callback`;
  const provider = await startProcess('oidc-provider', [join(root, 'test', 'support', 'oidc-test-provider.mjs')],
    { PORT: String(providerPort), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI: redirectUrl, ACCOUNTS: JSON.stringify(accounts) }, /oidc provider ready/);
  let server: ChildProcess | undefined;
  try {
    server = await startProcess('server-oidc', [join(root, 'dist', 'server', 'main.js')], {
      PORT: String(meritflowPort), OIDC_ISSUER: providerUrl, OIDC_CLIENT_ID: CLIENT_ID, OIDC_CLIENT_SECRET: CLIENT_SECRET, OIDC_REDIRECT_URL: redirectUrl,
    }, /meritflow server on/);
  } catch (error) {
    await stop(provider);
    throw error;
  }
  return {
    meritflowUrl,
    providerUrl,
    async stop() {
      await stop(server);
      await stop(provider);
    },
  };
}
