import { existsSync, statSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './paths.mjs';
import { run, startService, waitFor } from './processes.mjs';

const engineDir = join(root, 'engine');
const jar = join(engineDir, 'target', 'meritflow-engine.jar');

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds engine/ with Maven when the jar is missing or older than its sources. */
export async function ensureEngineJar(log = console.log) {
  const sourcesTime = Math.max(statSync(join(engineDir, 'pom.xml')).mtimeMs, newestSourceTime(join(engineDir, 'src')));
  if (existsSync(jar) && statSync(jar).mtimeMs >= sourcesTime) return jar;
  log('building the Operaton engine with Maven (first start only)…');
  await run('mvn', ['-q', '-B', '-DskipTests', 'package'], { cwd: engineDir });
  return jar;
}

export async function engineAnswers(url, user, password) {
  const response = await fetch(`${url}/version`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    signal: AbortSignal.timeout(2000),
  });
  return response.ok;
}

/** Starts Operaton on loopback with its H2 files under dataDir; resolves once its REST answers. */
export async function startEngine({ dataDir, port, user, password, logDir, heap = '1g' }) {
  const h2Dir = join(dataDir, 'engine');
  // A database made before keeps its own history level (application.yaml says why).
  const madeBefore = existsSync(join(h2Dir, 'operaton.mv.db'));
  mkdirSync(h2Dir, { recursive: true });
  const child = startService('engine', 'java', [`-Xmx${heap}`, '-jar', jar], {
    cwd: h2Dir,
    logFile: join(logDir, 'engine.log'),
    env: {
      MERITFLOW_ENGINE_PORT: String(port),
      MERITFLOW_ENGINE_JDBC_URL: `jdbc:h2:file:${join(h2Dir, 'operaton')};DB_CLOSE_ON_EXIT=FALSE`,
      MERITFLOW_ENGINE_USER: user,
      MERITFLOW_ENGINE_PASSWORD: password,
      MERITFLOW_ENGINE_HISTORY_LEVEL: madeBefore ? 'auto' : 'activity',
    },
  });
  const url = `http://127.0.0.1:${port}/engine-rest`;
  await waitFor('Operaton engine', () => engineAnswers(url, user, password), { child, timeoutMs: 240_000, intervalMs: 500 });
  return { child, url };
}
