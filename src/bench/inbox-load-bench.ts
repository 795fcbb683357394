import { performance } from 'node:perf_hooks';
import { connectStore, disconnectStore } from '../db/connection';
import { MailModel } from '../db/models/mail';
import { deployAll } from '../deploy/deploy-all';
import { mapWithConcurrency } from '../lib/concurrency';
import { runMain } from '../lib/run-main';
import { EngineClient } from '../platform/engine-client';
import { DEMO_PASSWORD } from '../seed/demo-org';
import { seedDemoOrg } from '../seed/seed-demo';
import { argValue, Browser, config, engineCall, rssMegabytes, sleep } from './bench-support';
import { loadTasks, seedLoadPeople, startLoadTasks } from './inbox-load-setup';
import { latencyRow, percentiles, seededRandom, targetLine } from './bench-figures';

/**
 * `npm run bench -- --inbox-load [--users 100] [--seconds 60] [--tasks 10000] [--people 1000]`: the
 * inbox with many open tasks. Signed-in people poll GET /api/inbox and open one of their tasks with
 * GET /api/tasks/:id, thinking between requests; then the same people, at the same pace, ask the
 * engine directly for the same list (assignee or one of their groups, 200 oldest) and the same task.
 * Prints p50/p95/p99 of each, the targets (p99 ≤ 50 ms and ≤ 1.5× the bare query), and the server's
 * and worker's resident memory afterwards. A benchmark, not a test: nothing is asserted.
 */
const USERS = argValue('users', 100);
const SECONDS = argValue('seconds', 60);
const TASKS = argValue('tasks', 10_000);
const PEOPLE = argValue('people', 1000);
// A fifth of the tasks wait in group queues: each group's queue is longer than a page (200).
const GROUP_TASKS = Math.round(TASKS / 5);
// Between two requests a person reads: 0.5–2.5 s.
const THINK_MS = [500, 2500] as const;
const PAGE = 200;

const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);

interface Person { _id: string; username: string; roles: string[] }
interface Samples { list: number[]; open: number[]; errors: string[] }

/** Each person: look at the list, think, open one of its tasks, think; until the time is up. */
async function drive(people: Person[], seconds: number, seed: number, list: (p: Person) => Promise<Array<{ id: string }>>, open: (p: Person, id: string) => Promise<unknown>): Promise<Samples> {
  const samples: Samples = { list: [], open: [], errors: [] };
  const random = seededRandom(seed);
  const think = () => sleep(THINK_MS[0] + random() * (THINK_MS[1] - THINK_MS[0]));
  const deadline = Date.now() + seconds * 1000;
  const timed = async <T>(into: number[], call: () => Promise<T>): Promise<T | null> => {
    const start = performance.now();
    try {
      const result = await call();
      into.push(performance.now() - start);
      return result;
    } catch (error) {
      samples.errors.push(String(error).slice(0, 300));
      return null;
    }
  };
  await Promise.all(people.map(async (person) => {
    // People arrive over the first think time, not all in the same millisecond.
    await sleep(random() * THINK_MS[1]);
    while (Date.now() < deadline) {
      const items = await timed(samples.list, () => list(person));
      await think();
      if (items && items.length > 0 && Date.now() < deadline) {
        await timed(samples.open, () => open(person, items[Math.floor(random() * items.length)]!.id));
        await think();
      }
    }
  }));
  return samples;
}

/** The engine's own query for what a person's inbox holds: assigned to them or offered to one of their groups, oldest first, a page. */
const bareList = (person: Person) => engineCall('POST', `/task?firstResult=0&maxResults=${PAGE}`, {
  orQueries: [{ assignee: person._id, ...(person.roles.length ? { candidateGroups: person.roles } : {}) }],
  sorting: [{ sortBy: 'created', sortOrder: 'asc' }],
});

async function main(): Promise<void> {
  await connectStore(config.mongodbUri);
  await deployAll(engine, 'bench');
  const demo = await seedDemoOrg();
  const people = await seedLoadPeople(PEOPLE, demo);
  const managerOf = new Map(people.map((p) => [p._id, p.managerId!]));

  const run = `il${Date.now().toString(36)}`;
  const tasks = loadTasks({ people: PEOPLE, tasks: TASKS, groupTasks: GROUP_TASKS }, run);
  const setupStarted = Date.now();
  await startLoadTasks(engine, tasks, managerOf, (done) => { if (done % 2000 === 0 || done === tasks.length) console.log(`  ${done}/${tasks.length} tasks open after ${((Date.now() - setupStarted) / 1000).toFixed(0)} s`); });
  const open = (await engineCall('GET', '/task/count')).count as number;

  // The users: every (PEOPLE / USERS)th person, signed in through the sign-in route, a few at a time.
  const users = people.filter((_, i) => i % Math.max(1, Math.floor(PEOPLE / USERS)) === 0).slice(0, USERS);
  const browsers = new Map(await mapWithConcurrency(users, 4, async (person) => {
    const browser = new Browser(person as never);
    await browser.call('POST', '/api/session', { username: person.username, password: DEMO_PASSWORD });
    return [person._id, browser] as const;
  }));
  const platformList = async (p: Person) => (await browsers.get(p._id)!.call('GET', '/api/inbox')).items as Array<{ id: string }>;
  const platformOpen = (p: Person, id: string) => browsers.get(p._id)!.call('GET', `/api/tasks/${id}`);
  const bareOpen = (_p: Person, id: string) => engineCall('GET', `/task/${id}`);

  const warm = Math.min(10, SECONDS);
  console.log(`inbox under load: ${open} open tasks in the engine (${TASKS - GROUP_TASKS} assigned over ${PEOPLE} people, ${GROUP_TASKS} offered to ${new Set(tasks.map((t) => t.group).filter(Boolean)).size} groups), ${users.length} users, think ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s; warming up ${warm} s each…`);
  await drive(users, warm, 1, bareList, bareOpen);
  await drive(users, warm, 2, platformList, platformOpen);
  // The worker's mail dispatcher notifies everyone of the new tasks (each member of a group of each
  // task offered to it) while both runs go on: its store load is part of what the inbox meets.
  const mailsBefore = await MailModel.estimatedDocumentCount();
  console.log(`measuring ${SECONDS} s each…`);
  const bare = await drive(users, SECONDS, 3, bareList, bareOpen);
  const platform = await drive(users, SECONDS, 3, platformList, platformOpen);
  const memory = rssMegabytes();
  const mailsAfter = await MailModel.estimatedDocumentCount();

  const figures = { bareList: percentiles(bare.list), bareOpen: percentiles(bare.open), inbox: percentiles(platform.list), task: percentiles(platform.open) };
  console.log('');
  console.log(`${''.padEnd(40)} ${'count'.padStart(7)}  ${'p50'.padStart(11)} ${'p95'.padStart(11)} ${'p99'.padStart(11)}`);
  console.log(latencyRow('bare engine: POST /engine-rest/task (or)', figures.bareList));
  console.log(latencyRow('bare engine: GET /engine-rest/task/:id', figures.bareOpen));
  console.log(latencyRow('GET /api/inbox', figures.inbox));
  console.log(latencyRow('GET /api/tasks/:id', figures.task));
  console.log(targetLine('GET /api/inbox p99', figures.inbox.p99, 50, ' ms'));
  console.log(targetLine('GET /api/inbox p99 ÷ bare query p99', figures.inbox.p99 / figures.bareList.p99, 1.5, '×', 2));
  console.log(targetLine('GET /api/tasks/:id p99', figures.task.p99, 50, ' ms'));
  console.log(targetLine('GET /api/tasks/:id p99 ÷ bare query p99', figures.task.p99 / figures.bareList.p99, 1.5, '×', 2));
  for (const part of ['server', 'worker']) console.log(targetLine(`${part} RSS at ${open} open tasks`, memory.get(part) ?? Number.NaN, 250, ' MB', 0));
  console.log(`mails queued by the worker meanwhile          ${mailsAfter - mailsBefore} (${mailsAfter} in all)`);
  const errors = [...bare.errors, ...platform.errors];
  console.log(`failed requests  ${errors.length}${errors.length ? `, first: ${errors[0]}` : ''}`);
  await disconnectStore();
}

runMain(main);
