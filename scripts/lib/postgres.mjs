import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { run, startService, waitFor } from './processes.mjs';

const debianRoot = '/usr/lib/postgresql';
/** The role the engine and the store sign in as; it owns their databases. */
export const POSTGRES_USER = 'meritflow';

function installedBinDir() {
  if (!existsSync(debianRoot)) return null;
  const versions = readdirSync(debianRoot).filter((v) => existsSync(join(debianRoot, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(debianRoot, versions[0], 'bin') : null;
}

/** Debian's PostgreSQL binaries; installs the package when they are missing (needs root). */
export async function ensurePostgres(log = console.log) {
  const found = installedBinDir();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error(`PostgreSQL is not installed (${debianRoot}/<version>/bin) and only root can install it: apt-get install -y postgresql`);
  log('installing PostgreSQL from Debian (first start only)…');
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['install', '-y', 'postgresql'], { env }).catch(async () => {
    await run('apt-get', ['update'], { env });
    await run('apt-get', ['install', '-y', 'postgresql'], { env });
  });
  const installed = installedBinDir();
  if (!installed) throw new Error(`apt-get installed postgresql but no ${debianRoot}/<version>/bin/initdb is there`);
  return installed;
}

/**
 * PostgreSQL refuses to run as root. Run as root, the cluster belongs to the `postgres` user that
 * Debian's package creates (or a system user made here); run as anyone else, to that user.
 */
async function clusterOwner() {
  if (process.getuid?.() !== 0) return {};
  const idOf = async (name) => ({ uid: Number((await run('id', ['-u', name])).trim()), gid: Number((await run('id', ['-g', name])).trim()) });
  try {
    return await idOf('postgres');
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'meritflow-pg']).catch(() => {});
    return idOf('meritflow-pg');
  }
}

/**
 * One PostgreSQL cluster with its files under dataDir/postgres, listening on 127.0.0.1:port only
 * (password sign-in, scram-sha-256; its socket file in its own folder), run by an unprivileged user.
 * Creates the missing databases; resolves once they exist. stopAll() stops it with a fast shutdown.
 */
export async function startPostgres({ dataDir, port, password, logDir, databases, log = console.log }) {
  const bin = await ensurePostgres(log);
  const owner = await clusterOwner();
  const pgDir = join(dataDir, 'postgres');
  mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) {
    // The owner must reach its folder through the data folder and those above it (a test's mkdtemp
    // folder is 0700): they let others pass through (o+x), never list or read.
    for (let dir = resolve(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
      const mode = statSync(dir).mode;
      if (!(mode & 0o001)) chmodSync(dir, mode | 0o001);
    }
    chownSync(pgDir, owner.uid, owner.gid);
  }
  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    log('creating the PostgreSQL cluster (first start only)…');
    const pwfile = join(dataDir, '.postgres-password');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner.uid !== undefined) chownSync(pwfile, owner.uid, owner.gid);
    try {
      await run(join(bin, 'initdb'), ['-D', pgDir, '-U', POSTGRES_USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '-E', 'UTF8', '--no-locale'], { ...owner });
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  const child = startService('postgres', join(bin, 'postgres'), [
    '-D', pgDir,
    '-p', String(port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', `unix_socket_directories=${pgDir}`,
    // Two engines' pools, FerretDB's pool and psql: the default 100 is close.
    '-c', 'max_connections=300',
  ], { logFile: join(logDir, 'postgres.log'), stopSignal: 'SIGINT', ...owner });
  const env = { PGPASSWORD: password };
  const psql = (database, sql) => run(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', POSTGRES_USER, '-d', database, '-tAc', sql], { env });
  await waitFor('PostgreSQL', () => psql('postgres', 'SELECT 1').then(() => true), { child, timeoutMs: 60_000, intervalMs: 300 });
  for (const name of databases) {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
    if ((await psql('postgres', `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).trim() !== '1') await psql('postgres', `CREATE DATABASE ${name}`);
  }
  return { child, host: '127.0.0.1', port, user: POSTGRES_USER, password, psql };
}
