import { policyVersion } from '../../db/immutable-versions';
import { HttpError } from '../http-errors';
import { bonusRoundReadiness } from '../cases/launch-bonus-rounds';
import { calibrationReadiness } from '../cases/launch-calibrations';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';

/**
 * A feedback meeting is held about a published result: people whose review in the cycle is not
 * published yet (or who have none) are skipped with that reason, and started by a later launch.
 */
export async function feedbackMeetingReadiness(cycle: string, personIds: string[]): Promise<Map<string, { code: string; message: string }>> {
  const reviews = await ReviewCaseModel.find({ _id: { $in: personIds.map((id) => caseIdFor('performance-review', cycle, id)) } }, { subjectId: 1, publishedAt: 1 }).lean();
  const published = new Set(reviews.filter((r) => r.publishedAt).map((r) => r.subjectId));
  const withReview = new Set(reviews.map((r) => r.subjectId));
  return new Map(personIds.filter((id) => !published.has(id)).map((id) => [id, withReview.has(id)
    ? { code: 'not-published', message: 'the result of their review in this cycle is not published yet' }
    : { code: 'no-review', message: 'they have no review in this cycle' }]));
}

export type StartVariables = Record<string, string | number | boolean | null>;

/**
 * What a shipped flow needs at its start beyond the START_VARIABLES every case gets. An owner's
 * flow has no hook: it starts with the START_VARIABLES alone and reads the rest in its steps.
 *
 * Why a hook in code and not data (a diagram property naming a policy field): each of these is a
 * check as much as a value. The review refuses to start without a review-schedule policy; a bonus
 * round needs a deferral pack that is deployed, and every member rated and paid, with unit metrics;
 * a calibration needs the unit's reviews finalized. Those read several collections and answer with
 * reasons a person can act on, which a property string cannot express; and a value taken from a
 * policy by a property would be a variable the modeler's lint cannot see being produced. Three
 * small functions over the store are the honest size of it.
 */
export interface FlowHook {
  /** Start variables from the pinned policies; an HttpError (409) when the flow cannot start at all. */
  variables?(policyVersions: Record<string, number>): Promise<StartVariables>;
  /** The subjects that may not start yet, each with a code and a reason; the launch skips them. */
  notReady?(cycle: string, subjectIds: string[]): Promise<Map<string, { code: string; message: string }>>;
}

/** The review-schedule policy's check-in reminder rhythm, pinned with the case; the engine's timer reads it. */
export async function checkInReminderInForce(policyVersions: Record<string, number>): Promise<{ checkInReminder: string; scheduleVersion: number }> {
  const version = policyVersions['review-schedule'];
  const schedule = version === undefined ? null : await policyVersion('review-schedule', version);
  const checkInReminder = (schedule?.body as { checkInReminder?: unknown } | undefined)?.checkInReminder;
  if (typeof checkInReminder !== 'string') throw new HttpError(409, 'the review-schedule policy is not deployed');
  return { checkInReminder, scheduleVersion: version! };
}

/** The bonus policy's default deferral pack, which must be deployed. */
export async function defaultDeferralPack(policyVersions: Record<string, number>): Promise<string | undefined> {
  const bonusPolicy = policyVersions.bonus === undefined ? null : await policyVersion('bonus', policyVersions.bonus);
  return (bonusPolicy?.body as { deferralPack?: string } | undefined)?.deferralPack;
}

// Keys as text, not the flows' constants: those modules import the launcher, and this table is built when it loads.
const HOOKS: Record<string, FlowHook> = {
  'feedback-meeting': {
    notReady: async (cycle, personIds) => feedbackMeetingReadiness(cycle, personIds),
  },
  'performance-review': {
    variables: async (policyVersions) => ({ checkInReminder: (await checkInReminderInForce(policyVersions)).checkInReminder }),
  },
  calibration: {
    notReady: async (cycle, unitIds) => calibrationReadiness(cycle, unitIds),
  },
  'bonus-approval': {
    variables: async (policyVersions) => {
      const deferralPack = await defaultDeferralPack(policyVersions);
      if (!deferralPack || policyVersions[deferralPack] === undefined) throw new HttpError(409, 'the bonus policy names no deployed deferral pack');
      // The award date is the launch's day, as the bonus-round route's default.
      return { deferralPack, awardDate: new Date().toISOString().slice(0, 10) };
    },
    notReady: async (cycle, unitIds) => {
      const reasons = new Map<string, { code: string; message: string }>();
      for (const unitId of unitIds) {
        const [first, ...more] = (await bonusRoundReadiness(cycle, unitId)).problems;
        if (first) reasons.set(unitId, { code: first.code, message: [first, ...more].map((p) => p.message).join('; ') });
      }
      return reasons;
    },
  },
};

export function flowHook(flowKey: string): FlowHook {
  return HOOKS[flowKey] ?? {};
}
