import { readdirSync, readFileSync } from 'node:fs';
import { loadToolConfig } from '../platform/config';
import type { DemoPerson } from '../seed/demo-org';
import { verdict } from './bench-figures';
export { cpuTotal } from './bench-figures';

/** What both benches share: the config, HTTP "browsers" for the platform, bare engine REST for the baseline. */
export const config = loadToolConfig();
export const baseUrl = process.env.BENCH_BASE_URL!;
const engineAuth = `Basic ${Buffer.from(`${config.engineUser}:${config.enginePassword}`).toString('base64')}`;

// How often an idle virtual user looks at their inbox again; the same for both runs.
export const POLL_MS = 500;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function argValue(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

/** A person at a browser: a session cookie and our /api, nothing else. */
export class Browser {
  private cookie = '';
  constructor(readonly person: DemoPerson, private readonly base = baseUrl) {}
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    if (!response.ok) throw Object.assign(new Error(`${method} ${path}: ${response.status} ${await response.text()}`), { status: response.status });
    return response.json();
  }
}

export interface RunInboxItem {
  id: string;
  cycle: string | null;
  assignedToMe: boolean;
  formKey: string;
  subject: { id: string } | null;
}

/** The person's inbox items of this run; a poll that fails is counted and shows none, so the person looks again. */
export async function inboxOfRun(browser: Browser, prefix: string, failures: string[]): Promise<RunInboxItem[]> {
  try {
    const { items } = await browser.call('GET', '/api/inbox');
    return (items as RunInboxItem[]).filter((t) => t.cycle?.startsWith(`${prefix}-`));
  } catch (error) {
    failures.push(String(error).slice(0, 300));
    return [];
  }
}

export async function engineCall(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${config.engineUrl}${path}`, {
    method,
    headers: { authorization: engineAuth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** Finished instances of a process among those with the given business keys. */
export async function finishedCount(processKey: string, businessKeys: string[]): Promise<number> {
  // Exact keys, not a prefix: a LIKE reads every finished instance of the process in the history
  // table, which grows with the run; at N = 10,000 those polls were a sixth of the engine's CPU.
  const keys = businessKeys.map(encodeURIComponent).join(',');
  return (await engineCall('GET', `/history/process-instance/count?processDefinitionKey=${processKey}&finished=true&processInstanceBusinessKeyIn=${keys}`)).count;
}

/** The wall time from `started` until HR's work is done; then the simulated users are stopped and awaited. */
export async function wallTime(started: number, hrWork: Promise<unknown>, stopUsers: () => void, users: Array<Promise<unknown>>): Promise<number> {
  await hrWork;
  const elapsed = Date.now() - started;
  stopUsers();
  await Promise.all(users);
  return elapsed;
}

/**
 * People working their inboxes through the platform while HR's `work` (given the start time) moves the
 * run on: each polls for the run's tasks and does each with `doTask`, until the work is done. The wall
 * time of the work.
 */
export async function whilePeopleWork(browsers: Browser[], prefix: string, failures: string[], doTask: (browser: Browser, item: RunInboxItem) => Promise<void>, work: (started: number) => Promise<unknown>): Promise<number> {
  const started = Date.now();
  let done = false;
  const users = browsers.map(async (browser) => {
    while (!done) {
      const mine = await inboxOfRun(browser, prefix, failures);
      if (mine.length === 0) { await sleep(POLL_MS); continue; }
      for (const item of mine) await doTask(browser, item);
    }
  });
  return wallTime(started, work(started), () => { done = true; }, users);
}

/** Running instances of a process whose business key starts with `keyStart`, waiting at an activity (e.g. the review's awaitCalibration). */
export async function waitingAtCount(processKey: string, activityId: string, keyStart: string): Promise<number> {
  return (await engineCall('GET', `/process-instance/count?processDefinitionKey=${processKey}&activityIdIn=${activityId}&businessKeyLike=${encodeURIComponent(keyStart)}%25`)).count;
}

export async function until(probe: () => Promise<boolean>): Promise<void> {
  while (!(await probe())) await sleep(500);
}

/** The first option the server filled into a select of the task's form (a unit goal, an approved goal). */
export function firstOption(schema: { components?: any[] }, key: string): string | undefined {
  const stack = [...(schema.components ?? [])];
  while (stack.length > 0) {
    const component = stack.pop();
    if (component.key === key) return component.data?.values?.[0]?.value;
    stack.push(...(component.components ?? []));
  }
  return undefined;
}

/** Equal ratings in all four dimensions give that score: 5 → A … 1 → E under the shipped scoring policy. */
export const assessmentRated = (rating: number) => ({ businessRating: rating, riskRating: rating, complianceRating: rating, behaviourRating: rating });

/**
 * What each person answers, by form: one goal at 100 %, approved at once, one check-in, no 360,
 * the manager's rating chosen by the plan, calibration meetings without moves, approvals.
 */
export function answerFor(formKey: string, view: { form: { schema: { components?: any[] } } }, managerRating: number): Record<string, unknown> {
  switch (formKey) {
    case 'goal-setting': return { goals: [{ title: 'bench', kind: 'KPI', dimension: 'business', weight: 100, target: 'bench', unitGoalId: firstOption(view.form.schema, 'unitGoalId') }] };
    case 'goal-approval': return { decision: 'approve' };
    case 'check-in': return { progress: [{ goalId: firstOption(view.form.schema, 'goalId'), percent: 50 }], comment: 'bench' };
    case 'choose-peers': return { peers: [] };
    case 'self-assessment': return { ...assessmentRated(4), achievements: 'bench' };
    case 'manager-assessment': return { ...assessmentRated(managerRating), strengths: 'bench', overallComment: 'bench' };
    case 'calibration-meeting': return { changes: [], meetingNotes: 'bench' };
    case 'calibration-approval': return { decision: 'approve' };
    case 'bonus-approval': return { decision: 'approve' };
    default: throw new Error(`the bench has no answer for form ${formKey}`);
  }
}

/**
 * Ratings that meet the shipped curve (10/20/40/20/10) in a group of ten, by place in the unit:
 * A B B C C C C D D E, so calibration meetings need no moves and both runs take the same path.
 */
const CURVE_PATTERN = [5, 4, 4, 3, 3, 3, 3, 2, 2, 1];
export function plannedRating(indexInUnit: number): number {
  return CURVE_PATTERN[indexInUnit % CURVE_PATTERN.length]!;
}

/**
 * Who is reviewed: people whose manager heads their own unit. A unit head is in neither their
 * unit's calibration nor its bonus round (that level above is not built), so their review would
 * wait for a calibration that never comes.
 */
export function benchSubjects(people: DemoPerson[]): DemoPerson[] {
  const byId = new Map(people.map((p) => [p._id, p]));
  return people.filter((p) => p.managerId && byId.get(p.managerId)?.unitId === p.unitId);
}

/** N reviews as whole cycles of the subjects: cycle k holds subjects k·S … (k+1)·S − 1. */
export function planCycles(subjects: DemoPerson[], n: number, prefix: string): Map<string, DemoPerson[]> {
  const cycles = new Map<string, DemoPerson[]>();
  for (let i = 0; i < n; i++) {
    const cycle = `${prefix}-${Math.floor(i / subjects.length)}`;
    cycles.set(cycle, [...(cycles.get(cycle) ?? []), subjects[i % subjects.length]!]);
  }
  return cycles;
}

/** Place of each subject within their unit, for plannedRating. */
export function indexInUnit(subjects: DemoPerson[]): Map<string, number> {
  const seen = new Map<string, number>();
  const index = new Map<string, number>();
  for (const s of subjects) {
    const i = seen.get(s.unitId) ?? 0;
    index.set(s._id, i);
    seen.set(s.unitId, i + 1);
  }
  return index;
}

/**
 * CPU seconds each service (engine, store, server, worker) and this driver used so far, read from
 * /proc: on a 2-core machine the run is CPU-bound, and the split says which part to make cheaper.
 * A service's figure includes its child processes, live and ended: PostgreSQL serves each
 * connection in a child, nginx proxies in its workers (the cluster, `npm run bench -- --cluster`).
 */
export function cpuSeconds(): Map<string, number> {
  const ticksPerSecond = 100; // USER_HZ on Linux
  const parts = (process.env.BENCH_SERVICE_PIDS ?? '').split(',').filter(Boolean).map((entry) => entry.split(':') as [string, string]);
  // Fields after the command's closing parenthesis: ppid is the 2nd; utime, stime, cutime, cstime the 12th to 15th.
  const stats = new Map<string, string[]>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      stats.set(pid, readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '));
    } catch {
      // ended meanwhile
    }
  }
  const children = new Map<string, string[]>();
  for (const [pid, fields] of stats) children.set(fields[1]!, [...(children.get(fields[1]!) ?? []), pid]);
  const ticks = (pid: string): number => {
    const fields = stats.get(pid);
    if (!fields) return 0;
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return own + (children.get(pid) ?? []).reduce((sum, child) => sum + ticks(child), 0);
  };
  const seconds = new Map<string, number>();
  for (const [name, pid] of [...parts, ['bench driver', String(process.pid)] as [string, string]]) {
    if (stats.has(pid)) seconds.set(name, ticks(pid) / ticksPerSecond);
  }
  return seconds;
}

export function cpuLine(before: Map<string, number>, after: Map<string, number>): string {
  return [...after].map(([name, s]) => `${name} ${(s - (before.get(name) ?? 0)).toFixed(0)} s`).join(', ');
}

/**
 * The closing lines both benches print: times, throughputs, the ratio, CPU per service, failed requests.
 * With `cpu` (each run's total, all parts): the CPU ratio beside the time ratio, and CPU per unit
 * (per employee per cycle in the full cycle), the figure that does not depend on how busy the machine is.
 */
export function printComparison(run: {
  headline: string; n: number; unit: string; digits: number; baselineMs: number; platformMs: number;
  cpuBaseline: string; cpuPlatform: string; failures: string[];
  cpu?: { baseline: number; platform: number; perUnit: string; targetRatio: number; targetNote: string };
}): void {
  const perSecond = (ms: number) => (run.n / (ms / 1000)).toFixed(run.digits);
  console.log('');
  console.log(run.headline);
  console.log(`baseline (engine + no-op)       ${(run.baselineMs / 1000).toFixed(1)} s   ${perSecond(run.baselineMs)} ${run.unit}/s`);
  console.log(`platform (HTTP + store + worker) ${(run.platformMs / 1000).toFixed(1)} s   ${perSecond(run.platformMs)} ${run.unit}/s`);
  console.log(`platform overhead (time ratio)  ${(run.platformMs / run.baselineMs).toFixed(2)}×   (target ≤ 1.3×${run.cpu ? run.cpu.targetNote : ''})   ${verdict(run.platformMs / run.baselineMs, 1.3)}`);
  if (run.cpu) {
    const { baseline, platform, perUnit, targetRatio, targetNote } = run.cpu;
    console.log(`platform overhead (CPU ratio)   ${(platform / baseline).toFixed(2)}×   (target ≤ ${targetRatio}×${targetNote})   ${verdict(platform / baseline, targetRatio)}`);
    console.log(`CPU, all parts                  baseline ${baseline.toFixed(0)} s, platform ${platform.toFixed(0)} s`);
    console.log(`CPU ${perUnit.padEnd(27)} baseline ${(baseline / run.n).toFixed(4)} s, platform ${(platform / run.n).toFixed(4)} s`);
  }
  console.log(`CPU, baseline: ${run.cpuBaseline}`);
  console.log(`CPU, platform: ${run.cpuPlatform}`);
  console.log(`failed user requests (retried)  ${run.failures.length}${run.failures.length ? `, first: ${run.failures[0]}` : ''}`);
}

/** Resident memory (VmRSS) of each service now, in MB, read from /proc; a service that is gone is left out. */
export function rssMegabytes(): Map<string, number> {
  const megabytes = new Map<string, number>();
  for (const [name, pid] of (process.env.BENCH_SERVICE_PIDS ?? '').split(',').filter(Boolean).map((entry) => entry.split(':') as [string, string])) {
    try {
      const kilobytes = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kilobytes) megabytes.set(name, Number(kilobytes) / 1024);
    } catch {
      // not Linux, or the service is gone
    }
  }
  return megabytes;
}

/** Pay data the bonus round needs, imported as HR and an admin would: once for people, per cycle for units. */
export async function importPayInputs(admin: Browser, people: DemoPerson[], units: string[], cycles: string[]): Promise<void> {
  const csv = ['personId,currency,fixedPayMinor,payGrade,roleCategory', ...people.map((p) => `${p._id},CNY,30000000,G3,otherStaff`)].join('\n');
  await admin.call('POST', '/api/compensation', { source: { system: 'bench' }, csv });
  // RAROC at the hurdle: coefficient 1, the pool is its base.
  const metrics = { bonusPoolBaseMinor: 100_000_000, revenueMinor: 300_000_000, costsMinor: 150_000_000, expectedLossMinor: 30_000_000, economicCapitalMinor: 1_000_000_000 };
  for (const cycle of cycles) {
    const records = units.flatMap((unitId) => Object.entries(metrics).map(([key, value]) => ({ cycle, scope: { type: 'unit', id: unitId }, key, value })));
    await admin.call('POST', '/api/metrics', { source: { system: 'bench', reference: cycle }, records });
  }
}
