import { existsSync, readFileSync } from 'node:fs';
import { mapWithConcurrency } from '../../lib/concurrency';
import { runMain } from '../../lib/run-main';
import { DEMO_PASSWORD, type DemoPerson } from '../../seed/demo-org';
import { argValue, Browser, cpuSeconds, engineCall } from '../bench-support';
import { LOAD_KEY } from '../inbox-load-setup';
import { benchSchemas } from './forms-fixtures';
import { FORMS_FIGURES, figureLine, meetsTarget, type PeerFigure } from './peer-report';

/**
 * The last step of `npm run bench -- --peers`, after the inbox load (src/bench/inbox-load-bench.ts)
 * left its self-assessment tasks open: the whole submission route, POST /api/tasks/:id/submission
 * through the running server, which also completes each engine task, at 1, 10 and 50 clients. Each
 * submission is its task's assignee's, signed in. Compared with the Form.io server's figures for the
 * same schema, measured earlier in the run by src/bench/peers/forms-bench.ts.
 */
const LEVELS = [1, 10, 50];
const PER_LEVEL = argValue('complete-n', 150);
const WARM = 20;
const TARGET = 2;

interface OpenTask { id: string; assignee: string }

async function main(): Promise<void> {
  const needed = WARM + PER_LEVEL * LEVELS.length;
  // Sorted by assignee: each person's tasks together, so few people sign in.
  const tasks = (await engineCall('GET', `/task?processDefinitionKey=${LOAD_KEY}&taskDefinitionKey=ownAssessment&sortBy=assignee&sortOrder=asc&firstResult=0&maxResults=${needed}`)) as OpenTask[];
  if (tasks.length < needed) throw new Error(`${needed} assigned tasks needed, ${tasks.length} open: run after the inbox load, with --tasks large enough`);
  const people = [...new Set(tasks.map((t) => t.assignee))];
  // The inbox bench's people are load1…, with ids L00001…; all have the demo password.
  const browsers = new Map(await mapWithConcurrency(people, 4, async (id) => {
    const browser = new Browser({ _id: id } as DemoPerson);
    await browser.call('POST', '/api/session', { username: `load${Number(id.slice(1))}`, password: DEMO_PASSWORD });
    return [id, browser] as const;
  }));
  const answer = (await benchSchemas()).get('self-assessment')!.answer;
  const failures: string[] = [];
  let next = 0;
  const submitAll = async (count: number, clients: number): Promise<number> => {
    const mine = tasks.slice(next, next + count);
    next += count;
    let taken = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (taken < mine.length) {
        const task = mine[taken++]!;
        await browsers.get(task.assignee)!.call('POST', `/api/tasks/${task.id}/submission`, { data: answer }).catch((error: unknown) => failures.push(String(error).slice(0, 300)));
      }
    }));
    return count / ((performance.now() - started) / 1000);
  };

  const formio = existsSync(FORMS_FIGURES) ? (JSON.parse(readFileSync(FORMS_FIGURES, 'utf8')) as PeerFigure[]) : [];
  const peerAt = (clients: number) => formio.find((f) => f.label === `self-assessment, ${clients} client${clients > 1 ? 's' : ''}`);

  await submitAll(WARM, 10);
  const figures: PeerFigure[] = [];
  const cpuLines: string[] = [];
  for (const clients of LEVELS) {
    const before = cpuSeconds();
    const perSecond = await submitAll(PER_LEVEL, clients);
    const after = cpuSeconds();
    figures.push({ label: `self-assessment + completion, ${clients}`, ours: perSecond, peer: peerAt(clients)?.peer ?? Number.NaN, target: TARGET });
    cpuLines.push(`self-assessment + completion, ${clients}: CPU per submission ${[...after].map(([name, s]) => `${name} ${(((s - (before.get(name) ?? 0)) * 1000) / PER_LEVEL).toFixed(1)} ms`).join(', ')}`);
  }
  console.log('');
  console.log(`the whole submission route with the engine task's completion (POST /api/tasks/:id/submission, signed in, ${PER_LEVEL} per figure) against the Form.io server's figures for the same schema earlier in this run`);
  console.log(`${''.padEnd(34)} ${'meritflow'.padStart(14)}   ${'Form.io'.padStart(14)}`);
  for (const figure of figures) console.log(figureLine(figure, 'sub/s'));
  for (const line of cpuLines) console.log(line);
  console.log(`refused or failed: ${failures.length}${failures.length ? `, first: ${failures[0]}` : ''}`);
  console.log(`targets met: ${figures.filter(meetsTarget).length} of ${figures.length}`);
}

runMain(main);
