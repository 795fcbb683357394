import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectStore, disconnectStore } from '../db/connection';
import { MailModel } from '../db/models/mail';
import { caseIdFor } from '../db/models/review-case';
import { deployAll, projectRoot } from '../deploy/deploy-all';
import { mapWithConcurrency } from '../lib/concurrency';
import { DEMO_PASSWORD, type DemoPerson } from '../seed/demo-org';
import { seedDemoOrg } from '../seed/seed-demo';
import { seedUnitGoals } from '../seed/unit-goals';
import { EngineClient } from '../platform/engine-client';
import {
  answerFor, argValue, benchSubjects, Browser, config, importPayInputs, cpuLine, cpuSeconds, cpuTotal, engineCall, printComparison, finishedCount, indexInUnit, planCycles, plannedRating, POLL_MS, sleep, until, waitingAtCount, wallTime, whilePeopleWork, type RunInboxItem,
} from './bench-support';
import { runMain } from '../lib/run-main';

/**
 * `npm run bench -- --full-cycle [--n 200]`: N employees through a whole cycle — launch → goals →
 * check-in → self → manager → score → calibration per unit (meeting, HRBP approval, release) →
 * publish → bonus round per unit (pool, allocation, compliance, deferral, approval chain, letters,
 * schedule) — twice in one run:
 *   platform: HR, employees, managers, HRBPs and approvers work over HTTP as people do; the real
 *             worker computes every step;
 *   baseline: the same three diagrams under other keys, driven with bare engine REST calls and
 *             no-op handlers on the same client library, whose only work is what the engine needs
 *             to move on (gateway variables, approvers, releasing the unit's reviews).
 * The time ratio is the platform's overhead. A benchmark, not a test: nothing is asserted.
 */
const REQUESTED_N = argValue('n', 200);
// Cycles in flight at once, the same for both runs. HR starts the next cycle as one finishes, so a large
// N is a longer run at the same load, not thousands of cycles each polling the engine for its progress.
const CYCLES_IN_FLIGHT = argValue('cycles-in-flight', 10);
const REVIEW = 'performance-review';
const CALIBRATION = 'calibration';
const BONUS = 'bonus-approval';
const NOOP = (key: string) => `${key}-noop`;
const failures: string[] = [];

const engine = new EngineClient(config.engineUrl, config.engineUser, config.enginePassword);

interface Plan {
  cycles: Map<string, DemoPerson[]>;
  units: string[];
  ratingOf: Map<string, number>;
}

const unitsOf = (subjects: DemoPerson[]) => [...new Set(subjects.map((s) => s.unitId))];
// Business keys as the platform starts them; the baseline starts its no-op copies under the same keys.
const reviewKey = (cycle: string, subjectId: string) => caseIdFor(REVIEW, cycle, subjectId);
const bonusKey = (cycle: string, unitId: string) => caseIdFor(BONUS, cycle, unitId);
const reviewKeys = (cycle: string, subjects: DemoPerson[]) => subjects.map((s) => reviewKey(cycle, s._id));
const bonusKeys = (cycle: string, units: string[]) => units.map((unitId) => bonusKey(cycle, unitId));

/** Whole cycles only: a bonus round needs a standing rating for everyone in its unit. */
function makePlan(people: DemoPerson[], n: number, prefix: string): Plan {
  const subjects = benchSubjects(people);
  const index = indexInUnit(subjects);
  return {
    cycles: planCycles(subjects, Math.ceil(n / subjects.length) * subjects.length, prefix),
    units: unitsOf(subjects),
    ratingOf: new Map(subjects.map((s) => [s._id, plannedRating(index.get(s._id)!)])),
  };
}

/** A progress line every tenth of the cycles, so a long run shows its pace and when it will end. */
function cycleProgress(run: string, total: number, started: number): () => void {
  let finished = 0;
  const step = Math.max(1, Math.round(total / 10));
  return () => {
    finished++;
    if (finished % step !== 0 && finished !== total) return;
    const seconds = (Date.now() - started) / 1000;
    console.log(`  ${run}: ${finished}/${total} cycles in ${seconds.toFixed(0)} s, about ${((seconds / finished) * (total - finished)).toFixed(0)} s to go`);
  };
}

async function runPlatform(browsers: Browser[], plan: Plan, prefix: string): Promise<number> {
  const hr = browsers.find((b) => b.person.roles.includes('hr'))!;
  const cycles = [...plan.cycles.keys()];
  for (const cycle of cycles) await seedUnitGoals(cycle);
  await importPayInputs(browsers.find((b) => b.person.roles.includes('admin'))!, browsers.map((b) => b.person), plan.units, cycles);

  // A task offered to a group is taken first; a colleague who took it already wins (409).
  const doTask = async (browser: Browser, item: RunInboxItem) => {
    try {
      if (!item.assignedToMe) await browser.call('POST', `/api/tasks/${item.id}/claim`, {});
      const view = await browser.call('GET', `/api/tasks/${item.id}`);
      await browser.call('POST', `/api/tasks/${item.id}/submission`, { data: answerFor(item.formKey, view, plan.ratingOf.get(item.subject?.id ?? '') ?? 3) });
    } catch (error) {
      if ((error as { status?: number }).status !== 409) failures.push(String(error).slice(0, 300));
    }
  };
  // HR moves each cycle on as its steps finish: reviews → calibrations → bonus rounds.
  return whilePeopleWork(browsers, prefix, failures, doTask, (started) => {
    const progress = cycleProgress('platform', cycles.length, started);
    return mapWithConcurrency(cycles, CYCLES_IN_FLIGHT, async (cycle) => {
      const size = plan.cycles.get(cycle)!.length;
      const units = unitsOf(plan.cycles.get(cycle)!);
      await hr.call('POST', `/api/cycles/${cycle}/reviews`, { employeeIds: plan.cycles.get(cycle)!.map((p) => p._id) });
      await until(async () => (await waitingAtCount(REVIEW, 'awaitCalibration', `${cycle}:`)) >= size);
      await hr.call('POST', `/api/cycles/${cycle}/calibrations`, { unitIds: units });
      await until(async () => (await finishedCount(REVIEW, reviewKeys(cycle, plan.cycles.get(cycle)!))) >= size);
      await hr.call('POST', `/api/cycles/${cycle}/bonus-rounds`, { unitIds: units });
      await until(async () => (await finishedCount(BONUS, bonusKeys(cycle, units))) >= units.length);
      progress();
    });
  });
}

/** How many approval steps the platform's rounds took on average, so the baseline walks chains as long. */
async function approvalStepsPerRound(): Promise<number> {
  const rounds = (await engineCall('GET', `/history/process-instance/count?processDefinitionKey=${BONUS}&finished=true`)).count;
  const steps = (await engineCall('GET', `/history/activity-instance/count?activityId=bonusApproval&processDefinitionKey=${BONUS}`)).count;
  return rounds === 0 ? 1 : Math.max(1, Math.round(steps / rounds));
}

async function runBaseline(people: DemoPerson[], plan: Plan, prefix: string, chainLength: number, checkInReminder: string): Promise<number> {
  const started = Date.now();
  let done = false;
  const users = people.map(async (person) => {
    while (!done) {
      const tasks = await engineCall('GET', `/task?assignee=${person._id}&processInstanceBusinessKeyLike=${prefix}-%25`);
      if (tasks.length === 0) { await sleep(POLL_MS); continue; }
      for (const task of tasks) {
        const variables = task.taskDefinitionKey === 'hrbpApproval' ? { hrbpDecision: { value: 'approve' } } : {};
        await engineCall('POST', `/task/${task.id}/complete`, { variables });
      }
    }
  });
  const managerOf = new Map(people.map((p) => [p._id, p.managerId]));
  const progress = cycleProgress('baseline', plan.cycles.size, started);
  const hrWork = mapWithConcurrency([...plan.cycles], CYCLES_IN_FLIGHT, async ([cycle, subjects]) => {
    const units = unitsOf(subjects);
    await mapWithConcurrency(subjects, 8, (s) => engine.startProcess(NOOP(REVIEW), reviewKey(cycle, s._id), { caseId: reviewKey(cycle, s._id), cycle, subjectId: s._id, managerId: managerOf.get(s._id)!, checkInReminder }));
    await until(async () => (await waitingAtCount(NOOP(REVIEW), 'awaitCalibration', `${cycle}:`)) >= subjects.length);
    await mapWithConcurrency(units, 4, (unitId) => engine.startProcess(NOOP(CALIBRATION), `${cycle}:${unitId}:calibration`, { caseId: `${cycle}:${unitId}:calibration`, cycle, subjectId: unitId }));
    await until(async () => (await finishedCount(NOOP(REVIEW), reviewKeys(cycle, subjects))) >= subjects.length);
    await mapWithConcurrency(units, 4, (unitId) => engine.startProcess(NOOP(BONUS), bonusKey(cycle, unitId), { caseId: bonusKey(cycle, unitId), cycle, subjectId: unitId, chainLength }));
    await until(async () => (await finishedCount(NOOP(BONUS), bonusKeys(cycle, units))) >= units.length);
    progress();
  });
  return wallTime(started, hrWork, () => { done = true; }, users);
}

/** The shipped diagrams under -noop keys, their topics renamed for the no-op worker. */
async function deployNoopDiagrams(): Promise<Map<string, string[]>> {
  const topicsByKey = new Map<string, string[]>();
  const resources = await Promise.all([REVIEW, CALIBRATION, BONUS].map(async (key) => {
    const bpmn = (await readFile(join(projectRoot, 'processes', `${key}.bpmn`), 'utf8'))
      .replace(new RegExp(`id="${key}"`, 'g'), `id="${NOOP(key)}"`)
      .replace(/camunda:topic="/g, 'camunda:topic="noop.');
    topicsByKey.set(key, [...new Set([...bpmn.matchAll(/camunda:topic="([^"]+)"/g)].map((m) => m[1]!))]);
    return { name: `${NOOP(key)}.bpmn`, content: bpmn };
  }));
  await engine.deploy('meritflow-bench-noop', resources);
  return topicsByKey;
}

async function main(): Promise<void> {
  await connectStore(config.mongodbUri);
  await deployAll(engine, 'bench');
  const people = await seedDemoOrg();
  const unitOf = new Map(people.map((p) => [p._id, p.unitId]));
  const headOf = new Map(people.filter((p) => p.managerId && unitOf.get(p.managerId) === p.unitId).map((p) => [p.unitId, p.managerId!]));
  const hrbp = people.find((p) => p.roles.includes('hrbp'))!._id;
  const topicsByKey = await deployNoopDiagrams();

  const { Client, BasicAuthInterceptor, Variables } = await import('camunda-external-task-client-js');
  const noopWorker = new Client({
    baseUrl: config.engineUrl, workerId: 'bench-noop', maxTasks: 10, maxParallelExecutions: 10, lockDuration: 30_000, asyncResponseTimeout: 10_000, interval: 200,
    interceptors: new BasicAuthInterceptor({ username: config.engineUser, password: config.enginePassword }), autoPoll: false,
  });
  // What each no-op handler must leave for the engine to go on: the gateways' variables, who works the
  // next task, and the one piece of engine work calibration does, releasing the unit's waiting reviews.
  const noopVariables = async (topic: string, task: any): Promise<Record<string, unknown>> => {
    const unitId = task.variables.get('subjectId');
    const cycle = task.variables.get('cycle');
    switch (topic) {
      case 'noop.org.resolve-unit-roles': return { unitHeadId: headOf.get(unitId), hrbpId: hrbp };
      case 'noop.calibration.check': return { meetingAccepted: true };
      case 'noop.calibration.apply': {
        const waiting = await engineCall('GET', `/process-instance?processDefinitionKey=${NOOP(REVIEW)}&businessKeyLike=${cycle}:%25&activityIdIn=awaitCalibration`);
        const ofUnit = waiting.filter((instance: { businessKey: string }) => unitOf.get(instance.businessKey.split(':')[1]!) === unitId);
        await mapWithConcurrency(ofUnit, 4, (instance: { businessKey: string }) => engine.correlateMessage('ratingCalibrated', instance.businessKey, { calibratedRating: 'C' }));
        return {};
      }
      case 'noop.bonus.next-approver': {
        const approvalsDone = (task.variables.get('approvalsDone') as number | undefined) ?? 0;
        return approvalsDone < (task.variables.get('chainLength') as number)
          ? { approvalRoute: 'approver', approverId: headOf.get(unitId), approverGroup: '', approvalsDone: approvalsDone + 1 }
          : { approvalRoute: 'done', approvalsDone };
      }
      default: return { goalsApproved: true, peerCount: 0 };
    }
  };
  for (const topic of new Set([...topicsByKey.values()].flat())) {
    noopWorker.subscribe(topic, {}, async ({ task, taskService }) => {
      await taskService.complete(task, new Variables().setAll(await noopVariables(topic, task)));
    });
  }
  noopWorker.start();

  const browsers = await mapWithConcurrency(people, 4, async (person) => {
    const browser = new Browser(person);
    await browser.call('POST', '/api/session', { username: person.username, password: DEMO_PASSWORD });
    return browser;
  });

  // The baseline's start variable, from the same policy file the platform's launch pins.
  const checkInReminder = (JSON.parse(await readFile(join(projectRoot, 'policies', 'review-schedule.json'), 'utf8')) as { body: { checkInReminder: string } }).body.checkInReminder;
  const run = Date.now().toString(36);
  const subjects = benchSubjects(people).length;
  const N = Math.ceil(REQUESTED_N / subjects) * subjects;
  const warm = subjects;
  console.log(`warming up both with one cycle of ${warm}…`);
  await runPlatform(browsers, makePlan(people, warm, `fpw${run}`), `fpw${run}`);
  const chainLength = await approvalStepsPerRound();
  await runBaseline(people, makePlan(people, warm, `fbw${run}`), `fbw${run}`, chainLength, checkInReminder);

  await outboxSent();
  console.log(`full cycle: ${N} reviews in cycles of ${subjects} (${people.length} users), each cycle calibrated and paid per unit`);
  const cpuAtStart = cpuSeconds();
  const platformMs = await runPlatform(browsers, makePlan(people, N, `fp${run}`), `fp${run}`);
  console.log(`platform done in ${(platformMs / 1000).toFixed(1)} s; mail sent ${((await outboxSent()) / 1000).toFixed(1)} s later`);
  const cpuAfterPlatform = cpuSeconds();
  const baselineMs = await runBaseline(people, makePlan(people, N, `fb${run}`), `fb${run}`, chainLength, checkInReminder);
  console.log(`baseline done in ${(baselineMs / 1000).toFixed(1)} s; mail sent ${((await outboxSent()) / 1000).toFixed(1)} s later`);
  const cpuAfterBaseline = cpuSeconds();
  noopWorker.stop();

  printComparison({
    headline: `employees through a full cycle  ${N}  (reviews → ${makePlan(people, N, 'x').units.length} calibrations and bonus rounds per cycle; approval chain ${chainLength} steps)`,
    n: N, unit: 'employees', digits: 2, baselineMs, platformMs, failures,
    cpuBaseline: cpuLine(cpuAfterPlatform, cpuAfterBaseline), cpuPlatform: cpuLine(cpuAtStart, cpuAfterPlatform),
    // The targets are set for N = 10,000; a smaller run prints them as a guide.
    cpu: { baseline: cpuTotal(cpuAfterPlatform, cpuAfterBaseline), platform: cpuTotal(cpuAtStart, cpuAfterPlatform), perUnit: 'per employee per cycle', targetRatio: 2.5, targetNote: ' at N = 10,000' },
  });
  await disconnectStore();
}

/**
 * Waits until the worker has mailed everything its run made: both runs' user tasks are mailed to their
 * holders (and the platform's results and letters too), by the dispatcher, seconds after the engine
 * made them. Each run's CPU is counted until then, so neither is charged the other's mail. Two looks
 * a dispatcher pass apart (MAIL_POLL_MS, 5 s) with nothing due: a pass may still be queueing the last
 * tasks' mails. The milliseconds it took.
 */
async function outboxSent(): Promise<number> {
  const started = Date.now();
  const due = () => MailModel.countDocuments({ status: 'pending', nextAttemptAt: { $lte: new Date() } });
  for (let quiet = 0; quiet < 2 && Date.now() - started < 300_000;) {
    quiet = (await due()) === 0 ? quiet + 1 : 0;
    if (quiet < 2) await sleep(quiet === 0 ? 1_000 : 6_000);
  }
  return Date.now() - started;
}

runMain(main);
