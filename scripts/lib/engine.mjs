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

/**
 * Starts Operaton on loopback; resolves once its REST answers. Its database is an H2 file under
 * dataDir unless `jdbc` ({ url, user, password }) names another (the cluster's PostgreSQL). Nodes
 * of one cluster share that database; each takes its own name (its log file and folder).
 * `madeBefore` says whether that database already holds an engine schema (for H2, whether its file
 * exists): such a database keeps its own history level (application.yaml says why).
 */
export async function startEngine({ dataDir, port, user, password, logDir, heap = '1g', name = 'engine', jdbc, madeBefore, args = [] }) {
  const workDir = join(dataDir, name);
  const h2File = join(workDir, 'operaton');
  const existing = madeBefore ?? (jdbc === undefined && existsSync(`${h2File}.mv.db`));
  mkdirSync(workDir, { recursive: true });
  const database = jdbc ?? { url: `jdbc:h2:file:${h2File};DB_CLOSE_ON_EXIT=FALSE` };
  // The parallel collector: G1, the JVM's default, ran a young collection about every second of the
  // full-cycle bench (358 in 6 minutes, JFR) and taxes every reference write with its barriers; on
  // two cores the engine wants throughput, and its pauses stay in tens of milliseconds.
  const child = startService(name, 'java', [`-Xmx${heap}`, '-XX:+UseParallelGC', '-jar', jar, ...args], {
    cwd: workDir,
    logFile: join(logDir, `${name}.log`),
    env: {
      MERITFLOW_ENGINE_PORT: String(port),
      MERITFLOW_ENGINE_JDBC_URL: database.url,
      ...(database.user === undefined ? {} : { MERITFLOW_ENGINE_JDBC_USER: database.user, MERITFLOW_ENGINE_JDBC_PASSWORD: database.password }),
      MERITFLOW_ENGINE_USER: user,
      MERITFLOW_ENGINE_PASSWORD: password,
      MERITFLOW_ENGINE_HISTORY_LEVEL: existing ? 'auto' : 'activity',
    },
  });
  const url = `http://127.0.0.1:${port}/engine-rest`;
  await waitFor(`Operaton ${name}`, () => engineAnswers(url, user, password), { child, timeoutMs: 240_000, intervalMs: 500 });
  return { child, url };
}
