import { DEMO_PASSWORD } from '../demo-org';
import { seedUnitGoals } from '../unit-goals';
import { fileAppeal } from './appeal';
import { approveRound, awardsWritten, launchRound } from './bonus';
import { calibrateUnit, launchCalibration, meetingWaiting, reviewsPublished } from './calibration';
import { Cast, type StoryOptions } from './cast';
import { fileClawback } from './clawback';
import { until } from './http-client';
import { importBonusInputs, importSellingHistory } from './imports';
import { isDone, markDone } from './marker';
import { approveGoals, driveReviews, launchReviews, proposeGoals, type Dimensions, type ReviewPlan } from './reviews';

export type { StoryOptions } from './cast';

/**
 * The demo story: a previous cycle driven through every flow by the demo bank's people over HTTP,
 * so a first visitor finds each flow finished, waiting or in progress somewhere (README, `npm start`).
 *
 * - CB: reviews → calibration to the curve → HRBP approval → published → bonus round through the
 *   whole chain (awards, deferral schedules, letters) → an appeal at HR triage → a clawback against a
 *   leaver's award at the committee.
 * - RISK: reviews → calibration (advisory curve) → bonus round signed by the line head, waiting for HR.
 * - WM: reviews → calibration meeting waiting for the head.
 * - the current cycle: reviews at goal setting, a few goals proposed, one pair approved.
 */

/** Manager's ratings per dimension (business, risk, compliance, behaviour) and a line of comment. */
type Plan = Record<string, [Dimensions, string]>;

// Front office weights 50/20/15/15: rm01 5.0 A, rm02 4.65 A, rm03 4.15 B, rm04 4.0 B, rm05 3.8 B,
// rm06 3.5 B, rm07 3.35 C, rm08 3.0 C, rm09 2.8 C, rm10 2.35 D — too many A and B for the curve.
const CB: Plan = {
  'cb.rm01': [[5, 5, 5, 5], 'Closed the two largest new mandates of the unit'],
  'cb.rm02': [[5, 4, 5, 4], 'Deposit growth well above target'],
  'cb.rm03': [[4, 4, 4, 5], 'Strong client coverage; credit files need care'],
  'cb.rm04': [[4, 4, 4, 4], 'Beat the deposit target; clean files'],
  'cb.rm05': [[4, 3, 4, 4], 'Good growth, one fee complaint'],
  'cb.rm06': [[4, 3, 3, 3], 'Met targets'],
  'cb.rm07': [[3, 4, 3, 4], 'Steady; a loan file was escalated by compliance'],
  'cb.rm08': [[3, 3, 3, 3], 'Met most targets'],
  'cb.rm09': [[3, 2, 3, 3], 'Pipeline did not convert'],
  'cb.rm10': [[2, 3, 3, 2], 'Below target; needs a development plan'],
};
// Middle office 30/30/20/20: seven people, below the calibration policy's minimum group of ten.
const RISK: Plan = {
  'risk.analyst1': [[4, 4, 4, 4], 'Reliable limit monitoring'],
  'risk.analyst2': [[5, 4, 4, 5], 'Built the RAROC pricing model'],
  'risk.analyst3': [[3, 3, 4, 3], 'Solid'],
  'risk.analyst4': [[4, 3, 4, 4], 'Good reporting, some late breaches flagged'],
  'risk.analyst5': [[3, 3, 3, 3], 'Met expectations'],
  'risk.analyst6': [[4, 4, 3, 4], 'Sharp analysis'],
  'risk.officer': [[4, 5, 4, 4], 'Kept market risk inside appetite all half'],
};
// Front office: two A, three B, four C, one D.
const WM: Plan = {
  'wm.adviser01': [[5, 4, 5, 5], 'Best AUM growth in the bank'],
  'wm.adviser02': [[5, 5, 4, 4], 'Large new family-office client'],
  'wm.adviser03': [[4, 4, 4, 4], 'Beat target'],
  'wm.adviser04': [[4, 5, 4, 3], 'Good growth, clean suitability files'],
  'wm.adviser05': [[4, 3, 4, 4], 'Good growth'],
  'wm.adviser06': [[3, 4, 3, 3], 'Met target'],
  'wm.adviser07': [[3, 3, 3, 3], 'Met most targets'],
  'wm.adviser08': [[3, 3, 4, 3], 'Met most targets; exemplary files'],
  'wm.adviser09': [[2, 3, 3, 3], 'Missed the AUM target'],
  'wm.adviser10': [[2, 2, 3, 2], 'Two complaints upheld'],
};

/** Who files the appeal and whose award the clawback is against (both in CB). */
export const APPELLANT = 'cb.rm04';
export const LEAVER = 'cb.rm03';
/** Who proposes goals in the current cycle, and whose goals their manager approves. */
const GOAL_SETTERS = ['cb.rm01', 'cb.rm02', 'wm.adviser01', 'risk.analyst1', 'ops.clerk1'];
const GOALS_APPROVED = ['cb.rm01', 'ops.clerk1'];

function plans(cast: Cast, plan: Plan): ReviewPlan[] {
  return Object.entries(plan).map(([username, [manager, comment]]) => ({
    person: cast.person(username), manager, comment,
    self: manager.map((r, i) => (i === 0 ? Math.min(5, r + 1) : r)) as Dimensions,
  }));
}

export interface StoryOutcome {
  /** False when the story had been told before (nothing was done). */
  ran: boolean;
  seconds: number;
  summary: string[];
}

export async function runDemoStory(options: StoryOptions): Promise<StoryOutcome> {
  const cast = new Cast(options);
  const story = `demo-story:${options.previousCycle}`;
  const told = await isDone(story);
  if (told) {
    cast.log(`cycle ${options.previousCycle} was told before (in ${told.seconds ?? '?'} s); nothing to do`);
    return { ran: false, seconds: 0, summary: summaryLines(cast) };
  }
  const started = Date.now();
  const { previous, current } = cast;
  const step = async (name: string, work: () => Promise<unknown>) => {
    if (await isDone(`${story}/${name}`)) return;
    await work();
    await markDone(`${story}/${name}`);
  };
  cast.log(`telling cycle ${previous} (runs in the background; the app is usable meanwhile)`);
  await seedUnitGoals(previous);
  await seedUnitGoals(current);

  // The current cycle goes on beside the previous one: its goals are quick, and the first thing a visitor sees.
  const currentCycle = step('current-cycle', async () => {
    const everyone = cast.people.filter((p) => p.managerId);
    const launched = await launchReviews(cast, current, everyone);
    cast.log(`${current}: ${launched.launched} reviews launched, ${launched.alreadyRunning} already running`);
    for (const username of GOAL_SETTERS) await proposeGoals(cast, current, cast.person(username));
    for (const username of GOALS_APPROVED) await approveGoals(cast, current, cast.person(username));
    cast.log(`${current}: goals proposed by ${GOAL_SETTERS.join(', ')}; approved for ${GOALS_APPROVED.join(', ')}`);
  });
  currentCycle.catch(() => { /* reported by the Promise.all below */ });
  await step('imports', async () => {
    await importBonusInputs(cast, previous);
    cast.log(`${previous}: unit metrics, pay and compliance events imported`);
  });
  await step('early-warning-history', async () => {
    await importSellingHistory(cast);
    cast.log('wealth advisers\' sales, complaints and high-risk share for 2026-Q1 and Q2 imported (one early warning, one near miss)');
  });
  await step('launch', async () => {
    const people = ['CB', 'RISK', 'WM'].flatMap((unitId) => cast.membersOf(unitId));
    const launched = await launchReviews(cast, previous, people);
    cast.log(`${previous}: ${launched.launched} reviews launched for CB, RISK and WM (${launched.alreadyRunning} already running)`);
  });

  const cb = async () => {
    const members = cast.membersOf('CB').map((p) => p._id);
    await step('cb-reviews', () => driveReviews(cast, previous, 'CB', plans(cast, CB)));
    await step('cb-calibration', async () => {
      await launchCalibration(cast, previous, 'CB');
      await calibrateUnit(cast, previous, 'CB', 'Calibrated against the bank-wide bar; evidence reviewed person by person');
      await reviewsPublished(cast, previous, members);
      cast.log('CB reviews published with calibrated ratings');
    });
    await step('cb-bonus', async () => {
      await launchRound(cast, previous, 'CB');
      await approveRound(cast, previous, 'CB');
      await awardsWritten(cast, previous, members);
      cast.log('CB bonus round approved: awards, deferral schedules and letters written');
    });
    await step('cb-appeal', async () => {
      const outcome = await fileAppeal(cast, previous, APPELLANT);
      cast.log(`CB appeal by ${APPELLANT}: ${outcome}${outcome === 'window-closed' ? ' (the appeal window has passed; no appeal filed)' : ', waiting at HR triage'}`);
    });
    await step('cb-clawback', async () => {
      const caseId = await fileClawback(cast, previous, LEAVER);
      cast.log(`clawback ${caseId} filed by risk.officer, waiting for the compensation committee`);
    });
  };
  const risk = async () => {
    await step('risk-reviews', () => driveReviews(cast, previous, 'RISK', plans(cast, RISK)));
    await step('risk-calibration', async () => {
      await launchCalibration(cast, previous, 'RISK');
      await calibrateUnit(cast, previous, 'RISK', 'Small team: the curve only advises; ratings confirmed');
      await reviewsPublished(cast, previous, cast.membersOf('RISK').map((p) => p._id));
    });
    await step('risk-bonus', async () => {
      await launchRound(cast, previous, 'RISK');
      await approveRound(cast, previous, 'RISK', 1);
      const hr = await cast.as('hr');
      await until('RISK bonus round at HR', () => hr.taskFor(`${previous}:RISK:bonus-approval`, 'bonusApproval'));
      cast.log('RISK bonus round signed by the line head, waiting for HR');
    });
  };
  const wm = async () => {
    await step('wm-reviews', () => driveReviews(cast, previous, 'WM', plans(cast, WM)));
    await step('wm-calibration', async () => {
      await launchCalibration(cast, previous, 'WM');
      await meetingWaiting(cast, previous, 'WM');
      cast.log('WM calibration meeting waiting for wm.head');
    });
  };
  await Promise.all([currentCycle, cb(), risk(), wm()]);

  const seconds = Math.round((Date.now() - started) / 1000);
  await markDone(story, seconds);
  const summary = summaryLines(cast);
  cast.log(`done in ${seconds} s. What to look at (password for all: ${DEMO_PASSWORD}):`);
  for (const line of summary) (options.log ?? console.log)(`  ${line}`);
  return { ran: true, seconds, summary };
}

/** What a visitor can look at, with which login. */
function summaryLines(cast: Cast): string[] {
  const { previous: p, current: c } = cast;
  const id = (u: string) => cast.person(u)._id;
  return [
    `cb.head      CB ${p}: calibration GET /api/calibrations/${p}/CB, approved bonus round GET /api/bonus-rounds/${p}/CB; inbox: ${c} goal approvals`,
    `cb.rm01      own ${p} result GET /api/cases/${p}:${id('cb.rm01')}, award and letter GET /api/awards/${p}/${id('cb.rm01')}; inbox: ${c} check-in`,
    `${APPELLANT.padEnd(12)} own appeal GET /api/appeals/${p}/${id(APPELLANT)} (calibration moved B → C)`,
    `hr           inbox: the appeal's HR triage and the RISK bonus round's HR approval (claim, then work)`,
    `ceo          inbox: the compensation committee's clawback decision on ${LEAVER}'s award (claim, then work)`,
    `risk.officer the clawback case: GET /api/award-adjustments/${p}:${id(LEAVER)}:RISK-${p}-0042:malus-clawback`,
    `wm.head      inbox: the WM calibration meeting of ${p} (10 advisers, off the curve)`,
    `risk         RISK ${p}: bonus round GET /api/bonus-rounds/${p}/RISK (signed, waiting for HR)`,
    `hrbp         calibrations of CB, RISK (approved) and WM (meeting open): GET /api/calibrations/${p}/<unit>`,
  ];
}
