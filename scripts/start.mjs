// `npm start`: installs what is missing, starts the engine and the store (unless ENGINE_URL /
// MONGODB_URI point elsewhere), deploys and seeds the demo, then runs the server and one worker.
// Once the server answers, the demo story (src/seed/demo-story) runs in the background: the demo
// bank's people work a previous cycle through every flow over HTTP; a second start finds it told.
// Ctrl-C stops every child; the data folder keeps everything for the next start.
// `npm start -- --cluster`: the production topology instead (scripts/lib/cluster.mjs): PostgreSQL,
// two engine nodes, FerretDB on PostgreSQL, nginx, two servers and two workers; its data folder is
// data-cluster (MERITFLOW_DATA_DIR-cluster), apart from the embedded default's.
import { join } from 'node:path';
import { ensureNpmPackages, build } from './lib/setup.mjs';
import { startStack } from './lib/stack.mjs';
import { startCluster } from './lib/cluster.mjs';
import { defaultDataDir, root } from './lib/paths.mjs';
import { run, startService, stopAll, stopOnSignals, waitFor } from './lib/processes.mjs';
import { saveRuntimeEnv } from './lib/runtime-env.mjs';
import { supervise } from './lib/supervise.mjs';

const port = Number(process.env.PORT ?? 3000);
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  await stopAll();
  process.exit(code);
}
stopOnSignals(() => { stopping = true; console.log('\nstopping…'); });

async function startClusterTopology() {
  const cluster = await startCluster({ dataDir: `${defaultDataDir}-cluster`, publicPort: port, smtpUrl: process.env.SMTP_URL });
  // A crashed node is started again with back-off, as in the embedded default.
  const supervision = { isStopping: () => stopping, onGiveUp: () => shutdown(1) };
  const servers = [1, 2].map((i) => supervise(`server-${i}`, () => cluster.serverProcess(i, { inheritOutput: true }), supervision));
  for (const i of [1, 2]) supervise(`worker-${i}`, () => cluster.startWorker(`worker-${i}`, { inheritOutput: true }), supervision);
  await Promise.all(servers.map((server, i) => cluster.serverAnswers(i + 1, server.child)));
  return { env: cluster.env, logDir: cluster.logDir, url: cluster.url, topology: ' (cluster)' };
}

async function startEmbedded() {
  const { env, logDir } = await startStack({ dataDir: defaultDataDir });
  const childEnv = { ...env, PORT: String(port) };
  saveRuntimeEnv(childEnv);
  console.log(await run(process.execPath, [join(root, 'dist', 'cli', 'prepare.js')], { env: childEnv }));
  const service = (name) => () => startService(name, process.execPath, [join(root, 'dist', name, 'main.js')], { env: childEnv, logFile: join(logDir, `${name}.log`), inheritOutput: true });
  // A crashed server or worker is started again with back-off; only repeated crashes stop everything.
  const supervision = { isStopping: () => stopping, onGiveUp: () => shutdown(1) };
  const server = supervise('server', service('server'), supervision);
  supervise('worker', service('worker'), supervision);
  await waitFor('server', async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, { child: server.child, timeoutMs: 30_000 });
  return { env: childEnv, logDir, url: `http://127.0.0.1:${port}`, topology: '' };
}

try {
  await ensureNpmPackages();
  await build();
  const { env, logDir, url, topology } = process.argv.includes('--cluster') ? await startClusterTopology() : await startEmbedded();
  console.log(`\nmeritflow${topology} is running: ${url}   (logs in ${logDir}; Ctrl-C stops)`);
  // The story is told through PORT: the server's port, or nginx's in the cluster.
  const story = startService('demo-story', process.execPath, [join(root, 'dist', 'seed', 'demo-story', 'main.js')], { env: { ...env, PORT: String(port) }, logFile: join(logDir, 'demo-story.log'), inheritOutput: true });
  story.on('exit', (code) => { if (code && !stopping) console.error(`the demo story stopped (${code}); see ${join(logDir, 'demo-story.log')}. The app works without it.`); });
} catch (error) {
  console.error(error.message ?? error);
  await shutdown(1);
}
