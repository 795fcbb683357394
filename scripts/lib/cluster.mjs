import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFerretdb, startFerretdb } from './ferretdb.mjs';
import { ensureEngineJar, startEngine } from './engine.mjs';
import { ensureNginx, startNginx } from './nginx.mjs';
import { ensurePostgres, startPostgres } from './postgres.mjs';
import { freePort } from './ports.mjs';
import { root } from './paths.mjs';
import { run, startService, waitFor } from './processes.mjs';
import { persistentSecret, startMailSink } from './stack.mjs';

const ENGINE_DATABASE = 'operaton';
const STORE_DATABASE = 'ferretdb';

/**
 * Operaton's settings for nodes that share one database, passed on each node's command line (the
 * embedded default's application.yaml is the same either way):
 * - deployment-aware job executor off: a node runs every job, not only those of what it deployed
 *   itself (each node would otherwise leave the other's timers waiting);
 * - the strong (UUID) id generator: the default "dbid" hands out id blocks per node, safe, but
 *   UUIDs need no round trip and no block table;
 * - the same history level on every node: `activity` (application.yaml's) when the first node
 *   makes the schema, `auto` otherwise, which takes the level the database was made with;
 * - a job lock of engineJobLockMs (below).
 * Jobs (timers, async continuations) are locked in the database, so each runs on one node.
 */
const engineClusterArgs = (jobLockMs) => [
  '--operaton.bpm.job-execution.deployment-aware=false',
  '--operaton.bpm.id-generator=strong',
  // A job (timer, async continuation) a node had acquired when it died waits this long for another
  // node; Operaton's default is 5 min. It must outlast the longest job, and ours take milliseconds.
  `--operaton.bpm.job-execution.lock-time-in-millis=${jobLockMs}`,
];

/**
 * The production topology on one machine (issue 17): one PostgreSQL with the engine's and the
 * store's databases; two Operaton nodes on it, each with its job executor; FerretDB on PostgreSQL;
 * nginx in front of the server nodes (round robin) and, on an internal loopback port, in front of
 * the engine nodes; the mail sink. Resolves with the environment the server and worker nodes need
 * and functions that start one node each (the caller keeps them up: `npm start -- --cluster`
 * supervises them, a test kills them). Everything started is stopped by stopAll().
 */
export async function startCluster({ dataDir, log = console.log, engineNodes = 2, engineHeap = '512m', engineJobLockMs = 60_000, servers = 2, publicPort, smtpUrl }) {
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const sessionSecret = process.env.SESSION_SECRET ?? persistentSecret(dataDir, 'session');
  const dbPassword = persistentSecret(dataDir, 'postgres');
  const engineUser = 'meritflow';
  const enginePassword = persistentSecret(dataDir, 'engine');

  await Promise.all([ensureFerretdb(log), ensureEngineJar(log), ensurePostgres(log), ensureNginx(log)]);
  const postgres = await startPostgres({ dataDir, port: await freePort(), password: dbPassword, logDir, databases: [ENGINE_DATABASE, STORE_DATABASE], log });
  log(`database: PostgreSQL on 127.0.0.1:${postgres.port} (${ENGINE_DATABASE}, ${STORE_DATABASE})`);

  const storePort = await freePort();
  const store = startFerretdb({
    dataDir, port: storePort, debugPort: await freePort(), logDir, name: 'ferretdb-pg',
    postgresUrl: `postgres://${postgres.user}:${dbPassword}@127.0.0.1:${postgres.port}/${STORE_DATABASE}`,
  });
  const jdbc = { url: `jdbc:postgresql://127.0.0.1:${postgres.port}/${ENGINE_DATABASE}`, user: postgres.user, password: dbPassword };
  const engines = [];
  // Whether the engine's schema is there from an earlier start (`-tA` prints nothing for NULL).
  const schemaMadeBefore = (await postgres.psql(ENGINE_DATABASE, "SELECT to_regclass('act_ge_property')")).trim() !== '';
  const startNode = async (i) => {
    const port = await freePort();
    // Node 1 makes the schema on a fresh database; every later node finds it.
    const madeBefore = schemaMadeBefore || i > 1;
    const { child, url } = await startEngine({ dataDir, port, user: engineUser, password: enginePassword, logDir, heap: engineHeap, name: `engine-${i}`, jdbc, madeBefore, args: engineClusterArgs(engineJobLockMs) });
    engines[i - 1] = { name: `engine-${i}`, port, url, child };
    log(`engine node ${i}: Operaton on ${url}`);
  };
  // The first node creates the schema; the others start once it exists.
  await startNode(1);
  for (let i = 2; i <= engineNodes; i++) await startNode(i);
  const { uri: mongodbUri } = await store;
  log(`document store: FerretDB on PostgreSQL, ${mongodbUri}`);

  const serverPorts = [];
  for (let i = 0; i < servers; i++) serverPorts.push(await freePort());
  const proxy = await startNginx({
    dataDir, logDir, publicPort: publicPort ?? await freePort(), serverPorts,
    enginePort: await freePort(), enginePorts: engines.map((e) => e.port), log,
  });
  log(`proxy: nginx on ${proxy.url} → servers on ${serverPorts.join(', ')}; engines behind ${proxy.engineUrl}`);

  const env = {
    SESSION_SECRET: sessionSecret,
    MONGODB_URI: mongodbUri,
    ENGINE_URL: proxy.engineUrl,
    ENGINE_USER: engineUser,
    ENGINE_PASSWORD: enginePassword,
    // Forwarded headers are believed from nginx alone.
    TRUST_PROXY: '127.0.0.1',
  };
  // The bank's relay when given (npm start passes SMTP_URL); else a mail sink on this cluster's store.
  if (smtpUrl) env.SMTP_URL = smtpUrl;
  else await startMailSink(env, logDir, log);
  log(await run(process.execPath, [join(root, 'dist', 'cli', 'prepare.js')], { env }));

  const nodeProcess = (part, name, extraEnv, inheritOutput) => startService(name, process.execPath, [join(root, 'dist', part, 'main.js')], {
    env: { ...env, ...extraEnv }, logFile: join(logDir, `${name}.log`), inheritOutput,
  });
  return {
    url: proxy.url,
    env,
    logDir,
    postgres,
    proxy,
    engines,
    serverPorts,
    /** Starts server node i (1-based) on its port behind nginx. */
    serverProcess(i, { env: extraEnv = {}, inheritOutput = false } = {}) {
      return nodeProcess('server', `server-${i}`, { ...extraEnv, PORT: String(serverPorts[i - 1]) }, inheritOutput);
    },
    /** Resolves once server node i answers. */
    serverAnswers(i, child) {
      return waitFor(`server ${i}`, async () => (await fetch(`http://127.0.0.1:${serverPorts[i - 1]}/healthz`)).ok, { child, timeoutMs: 60_000 });
    },
    startWorker(name, { env: extraEnv = {}, inheritOutput = false } = {}) {
      return nodeProcess('worker', name, extraEnv, inheritOutput);
    },
    /** Starts engine node i again (after a kill) on its old port, so nginx finds it. */
    async restartEngine(i) {
      const { port } = engines[i - 1];
      const { child, url } = await startEngine({ dataDir, port, user: engineUser, password: enginePassword, logDir, heap: engineHeap, name: `engine-${i}`, jdbc, madeBefore: true, args: engineClusterArgs(engineJobLockMs) });
      engines[i - 1] = { ...engines[i - 1], url, child };
      return child;
    },
  };
}
