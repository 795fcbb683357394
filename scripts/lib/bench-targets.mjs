import { spawn } from 'node:child_process';

/** A printed figure with its verdict: "…(target ≥ 2×: met)" or "…(target ≤ 50 ms)   not met". */
const VERDICT = /\(target .*\bmet\b/;

/**
 * Runs a bench with its output passed through to this terminal, keeping the lines that carry a
 * target's verdict (into `into`), so a run of several benches can repeat them together at the end.
 * Resolves with the exit code, never rejects.
 */
export function runCollectingTargets(cmd, args, env, into) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) if (VERDICT.test(line)) into.push(line);
    });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}
