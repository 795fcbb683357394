import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * scripts/lib/supervise.mjs keeps `npm start`'s server and worker up. It is run here as start.mjs
 * runs it, in a node process of its own, supervising a real child that crashes at once.
 */
const supervisor = join(__dirname, '..', '..', 'scripts', 'lib', 'supervise.mjs');

function superviseCrashingChild(maxRestarts: number): { lines: string[]; starts: number } {
  const script = `
    import { spawn } from 'node:child_process';
    import { supervise } from ${JSON.stringify(supervisor)};
    let starts = 0;
    supervise('server', () => { starts++; return spawn(process.execPath, ['-e', 'process.exit(3)']); }, {
      maxRestarts: ${maxRestarts}, firstDelayMs: 20, maxDelayMs: 40, log: (line) => console.log(line),
      onGiveUp: () => { console.log('starts ' + starts); process.exit(0); },
    });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  const lines = run.stdout.trim().split('\n');
  return { lines, starts: Number(lines.at(-1)!.replace('starts ', '')) };
}

test('a crashed service is started again with a doubling back-off, and repeated crashes stop everything', () => {
  const { lines, starts } = superviseCrashingChild(3);
  expect(starts).toBe(4);
  expect(lines.slice(0, 3)).toEqual([
    expect.stringMatching(/^server exited with 3; starting it again in 0\.0 s \(crash 1 of at most 3/),
    expect.stringMatching(/^server exited with 3; starting it again in 0\.0 s \(crash 2 of at most 3/),
    expect.stringMatching(/^server exited with 3; starting it again in 0\.0 s \(crash 3 of at most 3/),
  ]);
  expect(lines[3]).toMatch(/^server exited with 3; it crashed 4 times within 10 min, so everything stops/);
});
