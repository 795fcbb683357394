import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectStore, disconnectStore } from '../db/connection';
import { deployAll, projectRoot } from '../deploy/deploy-all';
import { mapWithConcurrency } from '../lib/concurrency';
import { DEMO_PASSWORD, type DemoPerson } from '../seed/demo-org';
import { seedDemoOrg } from '../seed/seed-demo';
import { seedUnitGoals } from '../seed/unit-goals';
import { EngineClient } from '../platform/engine-client';
import { answerFor, argValue, Browser, config, cpuLine, cpuSeconds, engineCall, printComparison, POLL_MS, sleep, until, waitingAtCount, wallTime, whilePeopleWork, type RunInboxItem } from './bench-support';
import { runMain } from '../lib/run-main';

/**
 * `npm run bench`: N reviews through performance-review, twice in one run.
 *   platform: HR launches over HTTP; every employee and manager works their inbox over HTTP
 *             (server validation, stored submissions, the real worker computing scores);
 *   baseline: the same BPMN under another key, started and completed with bare engine REST calls
 *             and no-op external-task handlers on the same client library — the engine's own limit here.
 * Both are timed until every review waits for its unit's calibration (--full-cycle goes on from there).
 * It prints both throughputs and their ratio. A benchmark, not a test: nothing is asserted.
 */
const N = argValue('n', 1000);
const REVIEW_KEY = 'performance-review';
const NOOP_KEY = 'performance-review-noop';

const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);
const failures: string[] = [];
// The baseline's start variable, from the same policy file the platform's launch pins.
let checkInReminder = '';

/** Both runs are timed the same way: until the engine shows all N reviews waiting for their calibration. */
async function waitForCalibrationWait(processKey: string, prefix: string, n: number): Promise<void> {
  await until(async () => (await waitingAtCount(processKey, 'awaitCalibration', `${prefix}-`)) >= n);
}

function plan(people: DemoPerson[], n: number, prefix: string) {
  const subjects = people.filter((p) => p.managerId);
  const cycles = new Map<string, string[]>();
  for (let i = 0; i < n; i++) {
    const cycle = `${prefix}-${Math.floor(i / subjects.length)}`;
    cycles.set(cycle, [...(cycles.get(cycle) ?? []), subjects[i % subjects.length]!._id]);
  }
  return cycles;
}

async function runPlatform(people: DemoPerson[], n: number, prefix: string): Promise<number> {
  // A few at a time, as people arrive: the per-address sign-in limit counts requests in flight.
  const browsers = await mapWithConcurrency(people, 4, async (person) => {
    const browser = new Browser(person);
    await browser.call('POST', '/api/session', { username: person.username, password: DEMO_PASSWORD });
    return browser;
  });
  const hr = browsers.find((b) => b.person.roles.includes('hr'))!;
  const cycles = plan(people, n, prefix);
  const doTask = async (browser: Browser, item: RunInboxItem) => {
    try {
      const view = await browser.call('GET', `/api/tasks/${item.id}`);
      await browser.call('POST', `/api/tasks/${item.id}/submission`, { data: answerFor(item.formKey, view, 4) });
    } catch (error) {
      // A person whose submit failed tries again; the task is still in the inbox, or its
      // submission is stored and the retry completes it.
      failures.push(String(error).slice(0, 300));
    }
  };
  return whilePeopleWork(browsers, prefix, failures, doTask, async () => {
    for (const cycle of cycles.keys()) await seedUnitGoals(cycle);
    for (const [cycle, employeeIds] of cycles) await hr.call('POST', `/api/cycles/${cycle}/reviews`, { employeeIds });
    await waitForCalibrationWait(REVIEW_KEY, prefix, n);
  });
}

async function runBaseline(people: DemoPerson[], n: number, prefix: string): Promise<number> {
  const cycles = plan(people, n, prefix);
  const managerOf = new Map(people.map((p) => [p._id, p.managerId]));
  const started = Date.now();
  let done = false;
  const users = people.map(async (person) => {
    while (!done) {
      const tasks = await engineCall('GET', `/task?assignee=${person._id}&processDefinitionKey=${NOOP_KEY}&processInstanceBusinessKeyLike=${prefix}-%25`);
      if (tasks.length === 0) { await sleep(POLL_MS); continue; }
      for (const task of tasks) await engineCall('POST', `/task/${task.id}/complete`, { variables: {} });
    }
  });
  const starts = [...cycles].flatMap(([cycle, ids]) => ids.map((id) => ({ cycle, id })));
  await mapWithConcurrency(starts, 8, ({ cycle, id }) => engine.startProcess(NOOP_KEY, `${cycle}:${id}`, { caseId: `${cycle}:${id}`, cycle, subjectId: id, managerId: managerOf.get(id)!, checkInReminder }));
  return wallTime(started, waitForCalibrationWait(NOOP_KEY, prefix, n), () => { done = true; }, users);
}

async function main(): Promise<void> {
  await connectStore(config.mongodbUri);
  await deployAll(engine, 'bench');
  const people = await seedDemoOrg();
  checkInReminder = (JSON.parse(await readFile(join(projectRoot, 'policies', 'review-schedule.json'), 'utf8')) as { body: { checkInReminder: string } }).body.checkInReminder;
  // The baseline: the shipped diagram under another key, its topics renamed for the no-op worker.
  const bpmn = (await readFile(join(projectRoot, 'processes', 'performance-review.bpmn'), 'utf8'))
    .replace(/"performance-review"/g, `"${NOOP_KEY}"`)
    .replace(/camunda:topic="/g, 'camunda:topic="noop.');
  await engine.deploy('meritflow-bench-noop', [{ name: 'performance-review-noop.bpmn', content: bpmn }]);

  const { Client, BasicAuthInterceptor, Variables } = await import('camunda-external-task-client-js');
  const noopWorker = new Client({
    baseUrl: config.engineUrl, workerId: 'bench-noop', maxTasks: 10, maxParallelExecutions: 10, lockDuration: 30_000, asyncResponseTimeout: 10_000, interval: 200,
    interceptors: new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }), autoPoll: false,
  });
  // Every topic of the diagram, so the baseline follows the BPMN as it changes.
  // Several service tasks may share a topic (org.resolve-manager runs twice); subscribe each once.
  const serviceTaskTopics = [...bpmn.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]!);
  const topics = [...new Set(serviceTaskTopics)];
  const userTaskCount = [...bpmn.matchAll(/<bpmn:userTask /g)].length;
  // The gateways' variables, as the real topics would set them: goals approved, no 360.
  for (const topic of topics) {
    noopWorker.subscribe(topic, {}, async ({ task, taskService }) => { await taskService.complete(task, new Variables().setAll({ goalsApproved: true, peerCount: 0 })); });
  }
  noopWorker.start();

  const run = Date.now().toString(36);
  const warm = Math.min(50, N);
  console.log(`warming up both with ${warm} reviews…`);
  await runBaseline(people, warm, `bw${run}`);
  await runPlatform(people, warm, `pw${run}`);

  console.log(`measuring ${N} reviews each…`);
  const cpuAtStart = cpuSeconds();
  const baselineMs = await runBaseline(people, N, `b${run}`);
  const cpuAfterBaseline = cpuSeconds();
  const platformMs = await runPlatform(people, N, `p${run}`);
  const cpuAfterPlatform = cpuSeconds();
  noopWorker.stop();

  printComparison({
    headline: `reviews                         ${N}  (diagram: ${userTaskCount} user tasks, ${serviceTaskTopics.length} service tasks; driven with 360 skipped, no reminder due; ${people.length} users)`,
    n: N, unit: 'reviews', digits: 1, baselineMs, platformMs, failures,
    cpuBaseline: cpuLine(cpuAtStart, cpuAfterBaseline), cpuPlatform: cpuLine(cpuAfterBaseline, cpuAfterPlatform),
  });
  await disconnectStore();
}

runMain(main);
