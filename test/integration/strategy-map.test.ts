import type { ChildProcess } from 'node:child_process';
import { personGoalId } from '../../src/db/models/goal';
import { MetricModel } from '../../src/db/models/metric';
import { PersonModel } from '../../src/db/models/person';
import { seedUnitGoals } from '../../src/seed/unit-goals';
import { HttpUser, withoutText } from '../support/http-user';
import { agreeGoals, checkIn } from '../support/review-driver';
import { eventually, startTestStack, startWorker, stopWorker, uniqueCycle, type TestStack } from '../support/stack';

/**
 * The strategy map on the real engine and store: a check-in submitted through the review flow and a
 * metric import roll up to the unit goal and the theme, each number with its parts; and who sees whose
 * goals: an employee sees the themes and unit goals, their own goal, and of another unit's people
 * only how many goals count and how far they are, never whose.
 */
let stack: TestStack;
let worker: ChildProcess;
let hr: HttpUser;
let cbHead: HttpUser;
let wmHead: HttpUser;
let banker: HttpUser;
let adviser: HttpUser;
const cycle = uniqueCycle('strategy');

interface Line { kind: string; id: string; label: string; percent: number | null; weight: string }
interface Bar { percent: number | null; text: string; lines: Line[] }
interface Person { id: string; personId: string; person: string; title: string; bar: Bar }
interface UnitGoal { id: string; bar: Bar; people: Person[] }
interface Unit { id: string; bar: Bar; goals: UnitGoal[] }
interface Theme { code: string; name: string; bar: Bar; kpisBar: Bar; kpis: Array<{ key: string; actual: string | null; bar: Bar }>; units: Unit[] }

const themeOf = async (user: HttpUser, code: string): Promise<Theme> => {
  const response = await user.get(`/api/strategy/${cycle}/themes/${code}`);
  expect(response.status).toBe(200);
  return response.body.selected as Theme;
};
const unitGoalIn = (theme: Theme, id: string) => theme.units.flatMap((u) => u.goals).find((g) => g.id === id)!;

beforeAll(async () => {
  stack = await startTestStack({ rateLimits: { writesPerUser: 1000 } });
  worker = startWorker('strategy-map');
  [hr, cbHead, wmHead, banker, adviser] = await HttpUser.signInAll(stack.baseUrl, ['hr', 'cb.head', 'wm.head', 'cb.rm06', 'wm.adviser05']);
  await seedUnitGoals(cycle);
  const launch = await hr.post(`/api/cycles/${cycle}/reviews`, { employeeIds: [banker.id, adviser.id] });
  expect(launch.status).toBe(201);
  // Each proposes 60 % on their unit's first goal (both serve S1) and 40 % on the second; their heads approve.
  await Promise.all([agreeGoals(banker, cbHead, `${cycle}:${banker.id}`), agreeGoals(adviser, wmHead, `${cycle}:${adviser.id}`)]);
  await Promise.all([
    eventually('banker check-in', () => banker.taskFor(`${cycle}:${banker.id}`, 'checkIn')),
    eventually('adviser check-in', () => adviser.taskFor(`${cycle}:${adviser.id}`, 'checkIn')),
  ]);
}, 180_000);

afterAll(async () => {
  await MetricModel.deleteMany({ cycle });
  await stopWorker(worker);
  await stack?.close();
});

test('before any check-in or import the themes have no progress yet, and say so (not 0 %)', async () => {
  const retail = await themeOf(hr, 'S1');
  expect(retail.name).toBe('零售转型');
  expect(retail.bar.percent).toBeNull();
  expect(unitGoalIn(retail, `${cycle}:CB:G1`).people.map((p) => p.id)).toEqual([personGoalId(cycle, banker.id, 1)]);
  expect(retail.kpis.map((k) => [k.key, k.actual])).toEqual([['wealth-sales', null], ['front-revenue', null]]);
});

test('a check-in and a metric import roll up to the unit goal and the theme, with their parts', async () => {
  await checkIn(banker, `${cycle}:${banker.id}`); // first goal 50 %, second 30 %
  await checkIn(adviser, `${cycle}:${adviser.id}`);
  const imported = await hr.post('/api/metrics', {
    source: { system: 'general-ledger', reference: `GL-${cycle}` },
    records: [
      { cycle, scope: { type: 'unit', id: 'CB' }, key: 'revenueMinor', value: 42_000_000_000 },
      { cycle, scope: { type: 'unit', id: 'WM' }, key: 'revenueMinor', value: 18_000_000_000 },
      { cycle, scope: { type: 'unit', id: 'WM' }, key: 'salesMinor', value: 15_000_000_000 },
    ],
  });
  expect(imported.status).toBe(201);

  const retail = await themeOf(hr, 'S1');
  // Revenue ¥600m of ¥1,000m: 60 %; wealth sales ¥150m of ¥300m: 50 %; the indicators at 50/50: 55 %.
  expect(retail.kpis.map((k) => [k.key, k.bar.percent])).toEqual([['wealth-sales', 50], ['front-revenue', 60]]);
  expect(retail.kpisBar.percent).toBe(55);
  // CB's deposits goal is the banker's goal at 50 %; WM's AUM goal the adviser's at 50 %.
  const deposits = unitGoalIn(retail, `${cycle}:CB:G1`);
  expect(deposits.bar.percent).toBe(50);
  expect(deposits.bar.lines).toEqual([expect.objectContaining({ kind: 'personGoal', id: personGoalId(cycle, banker.id, 1), percent: 50, weight: '60' })]);
  // The theme: 50 % × 55 + 50 % × mean(50, 50) = 52.5 %; RISK's S1 goal has no goals under it and is left out.
  expect(retail.bar.percent).toBe(52.5);
  expect(retail.bar.lines.map((l) => [l.kind, l.percent, l.weight])).toEqual([['kpis', 55, '50%'], ['unitGoals', 50, '50%']]);
  expect(retail.units.map((u) => [u.id, u.bar.percent])).toEqual(expect.arrayContaining([['CB', 50], ['WM', 50], ['RISK', null]]));

  // The banker's second goal (30 %) serves S2 through CB's clean-lending goal.
  expect(unitGoalIn(await themeOf(hr, 'S2'), `${cycle}:CB:G2`).bar.percent).toBe(30);
});

test('who sees whose goals: own, reports, HR; another unit\'s people only as a count', async () => {
  const bankerName = (await PersonModel.findById(banker.id).lean())!.name;
  const adviserName = (await PersonModel.findById(adviser.id).lean())!.name;

  const asBanker = await banker.get(`/api/strategy/${cycle}/themes/S1`);
  const retail = asBanker.body.selected as Theme;
  // The same number for every reader.
  expect(retail.bar.percent).toBe(52.5);
  expect(unitGoalIn(retail, `${cycle}:CB:G1`).people.map((p) => p.personId)).toEqual([banker.id]);
  const aum = unitGoalIn(retail, `${cycle}:WM:G1`);
  expect(aum.people).toEqual([]);
  expect(aum.bar.percent).toBe(50);
  expect(aum.bar.lines).toEqual([expect.objectContaining({ kind: 'hidden', id: 'hidden', percent: 50, weight: '60' })]);
  const text = JSON.stringify(asBanker.body);
  expect(text).not.toContain(adviser.id);
  expect(text).not.toContain(adviserName['zh-CN']);
  expect(text).not.toContain(adviserName.en);

  // Asking for the adviser's goal by id answers as for a goal that does not exist.
  const foreign = await banker.get(`/api/strategy/${cycle}/goals/${encodeURIComponent(personGoalId(cycle, adviser.id, 1))}`);
  const unknown = await banker.get(`/api/strategy/${cycle}/goals/${encodeURIComponent(personGoalId(cycle, 'E9999', 1))}`);
  expect(foreign.status).toBe(404);
  expect({ status: foreign.status, body: withoutText(foreign.body) }).toEqual({ status: unknown.status, body: withoutText(unknown.body) });

  // Each head sees their own people's goals, not the other unit's; HR sees both.
  const byHead = async (user: HttpUser) => {
    const theme = (await user.get(`/api/strategy/${cycle}/themes/S1`)).body.selected as Theme;
    return theme.units.flatMap((u) => u.goals).flatMap((g) => g.people.map((p) => p.personId)).sort();
  };
  expect(await byHead(cbHead)).toEqual([banker.id]);
  expect(await byHead(wmHead)).toEqual([adviser.id]);
  expect(await byHead(hr)).toEqual([banker.id, adviser.id].sort());

  // From the banker's goal up to its place on the map: the page opens the theme with the goal marked.
  const page = await banker.get(`/strategy?cycle=${cycle}&goal=${encodeURIComponent(personGoalId(cycle, banker.id, 1))}`);
  expect(page.status).toBe(200);
  expect(page.body as string).toContain('零售转型');
  expect(page.body as string).toContain(`id="goal-${personGoalId(cycle, banker.id, 1)}" class="sm-person here"`);
  expect(page.body as string).toContain(bankerName['zh-CN']);
  const me = await banker.get(`/me?cycle=${cycle}`);
  expect(me.body as string).toContain(`/strategy?cycle=${cycle}&amp;goal=${encodeURIComponent(personGoalId(cycle, banker.id, 1))}`);
});

test('an unknown cycle or theme is not found; the map is for people signed in', async () => {
  expect((await hr.get(`/api/strategy/${uniqueCycle('nothing')}`)).status).toBe(404);
  expect((await hr.get(`/api/strategy/${cycle}/themes/S9`)).status).toBe(404);
  expect((await hr.get(`/strategy?cycle=${cycle}&theme=S9`)).status).toBe(404);
  expect((await new HttpUser(stack.baseUrl, 'nobody').get(`/api/strategy/${cycle}`)).status).toBe(401);
});
