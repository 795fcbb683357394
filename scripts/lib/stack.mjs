import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureFerretdb, startFerretdb } from './ferretdb.mjs';
import { ensureEngineJar, startEngine } from './engine.mjs';
import { freePort } from './ports.mjs';
import { root } from './paths.mjs';
import { startService, waitFor } from './processes.mjs';
import { connect } from 'node:net';

/** A secret kept in the data folder so sessions and engine credentials survive restarts. */
export function persistentSecret(dataDir, name) {
  const file = join(dataDir, `${name}.secret`);
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The real parts: the document store and the engine. Each is started locally unless
 * MONGODB_URI / ENGINE_URL point at an existing one. Resolves with the environment the
 * server and worker need.
 */
export async function startStack({ dataDir, log = console.log, enginePort, storePort }) {
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'logs');
  const env = { SESSION_SECRET: process.env.SESSION_SECRET ?? persistentSecret(dataDir, 'session') };

  const needStore = !process.env.MONGODB_URI;
  const needEngine = !process.env.ENGINE_URL;
  // Both builds are slow only the first time; run them side by side.
  await Promise.all([needStore && ensureFerretdb(log), needEngine && ensureEngineJar(log)]);

  const starting = [];
  if (needStore) {
    starting.push((async () => {
      const port = storePort ?? await freePort();
      const { uri } = await startFerretdb({ dataDir, port, debugPort: await freePort(), logDir });
      env.MONGODB_URI = uri;
      log(`document store: FerretDB on ${uri}`);
    })());
  } else {
    env.MONGODB_URI = process.env.MONGODB_URI;
  }
  if (needEngine) {
    starting.push((async () => {
      const user = 'meritflow';
      const password = persistentSecret(dataDir, 'engine');
      const { url } = await startEngine({ dataDir, port: enginePort ?? await freePort(), user, password, logDir });
      Object.assign(env, { ENGINE_URL: url, ENGINE_USER: user, ENGINE_PASSWORD: password });
      log(`engine: Operaton on ${url}`);
    })());
  } else {
    Object.assign(env, { ENGINE_URL: process.env.ENGINE_URL, ENGINE_USER: process.env.ENGINE_USER ?? '', ENGINE_PASSWORD: process.env.ENGINE_PASSWORD ?? '' });
  }
  await Promise.all(starting);
  if (process.env.SMTP_URL) env.SMTP_URL = process.env.SMTP_URL;
  else await startMailSink(env, logDir, log);
  return { env, logDir };
}

/**
 * The embedded default's mail: a real SMTP server on loopback (dist/cli/smtp-sink.js, smtp-server)
 * that keeps what it receives in the store for the outbox page. SMTP_URL set (the bank's relay)
 * starts none.
 */
export async function startMailSink(env, logDir, log) {
  const script = join(root, 'dist', 'cli', 'smtp-sink.js');
  if (!existsSync(script)) {
    log('mail sink: not built yet (npm run build); the worker sends no mail');
    return;
  }
  const port = await freePort();
  const child = startService('mail-sink', process.execPath, [script], { env: { MONGODB_URI: env.MONGODB_URI, SMTP_SINK_PORT: String(port) }, logFile: join(logDir, 'mail-sink.log') });
  await waitFor('mail sink', () => new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  }), { child, timeoutMs: 30_000 });
  env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  log(`mail sink: ${env.SMTP_URL} (the outbox page shows what it receives)`);
}
