import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const children = new Set();

// Whatever ends this process, its services must not outlive it.
process.on('exit', () => { for (const child of children) child.kill(child.stopSignal); });

/** Ctrl-C or a TERM: stop the services cleanly, then exit with the given code. */
export function stopOnSignals(onStop = () => {}) {
  let stopping = false;
  const handler = async () => {
    if (stopping) return;
    stopping = true;
    onStop();
    await stopAll();
    process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Runs a command to completion; rejects with its output tail when it fails. */
export function run(cmd, args, { cwd, env, quiet = true, uid, gid } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', uid, gid });
    let out = '';
    child.stdout?.on('data', (d) => { out += d; });
    child.stderr?.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${out.slice(-4000)}`));
    });
  });
}

/** Runs a command with this terminal's output; resolves with its exit code (never rejects on failure). */
export function runForExitCode(cmd, args, { cwd, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * Starts a long-running child whose output goes to a log file. Children started here are
 * stopped together by stopAll(), which start and test call on exit and on Ctrl-C. stopSignal is
 * what asks this one to stop (PostgreSQL's fast shutdown is SIGINT; its SIGTERM waits for every
 * client to leave); uid/gid run it as another user (PostgreSQL refuses to run as root).
 */
export function startService(name, cmd, args, { cwd, env, logFile, inheritOutput = false, stopSignal = 'SIGTERM', uid, gid }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], uid, gid });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  if (inheritOutput) {
    child.stdout.on('data', (d) => process.stdout.write(d));
    child.stderr.on('data', (d) => process.stderr.write(d));
  }
  child.serviceName = name;
  child.logFile = logFile;
  child.stopSignal = stopSignal;
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

/** `name:pid,…` of the running services, for a bench that reads their CPU time from /proc. */
export function servicePids() {
  return [...children].filter((child) => child.exitCode === null).map((child) => `${child.serviceName}:${child.pid}`).join(',');
}

export async function waitFor(label, check, { timeoutMs = 180_000, intervalMs = 250, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`${label}: process exited with ${child.exitCode}; see ${child.logFile}`);
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${label}: not ready after ${timeoutMs} ms${child ? `; see ${child.logFile}` : ''}`);
}

export async function stopAll(graceMs = 10_000) {
  const waiting = [...children].map((child) => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill(child.stopSignal ?? 'SIGTERM');
  }));
  await Promise.all(waiting);
}
