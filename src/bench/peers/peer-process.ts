import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../bench-support';

/** A peer or harness process the peers benches start and stop themselves, its output in the bench's log folder. */
export function startPeer(name: string, command: string, args: string[], options: { cwd?: string; env: Record<string, string | undefined> }): ChildProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(process.env.BENCH_LOG_DIR ?? '/tmp', `${name}.log`), { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  // Whatever ends the bench, its peers must not outlive it.
  process.on('exit', () => child.kill('SIGKILL'));
  return child;
}

export async function stopPeer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}

/** Waits until `probe` answers true; fails when the child exits first or after `timeoutMs`. */
export async function waitForPeer(name: string, child: ChildProcess, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}; see ${name}.log in ${process.env.BENCH_LOG_DIR}`);
    if (await probe().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`${name} not ready after ${timeoutMs} ms`);
}

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
