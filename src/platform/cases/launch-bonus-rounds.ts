import { policyVersionsInForce } from '../../db/policies-in-force';
import { roundMembers, unitPoolMetrics } from '../../db/bonus-inputs';
import { FormVersionModel } from '../../db/models/form-version';
import { ReviewCaseModel, caseIdFor } from '../../db/models/review-case';
import { latestVersions } from '../versions';
import { DateInputError, parseIsoDate } from '../../domain/dates';
import type { FieldProblem } from '../forms/validate-submission';
import type { EngineClient } from '../engine-client';
import { badRequest, HttpError } from '../http-errors';
import { CYCLE_ID } from './launch-reviews';
import type { CurrentUser } from '../current-user';
import { defaultDeferralPack } from '../launcher/flow-hooks';
import { flowToStart } from '../launcher/flow-definitions';
import { startTargetsNow } from '../launcher/flow-launches';

export const BONUS_PROCESS_KEY = 'bonus-approval';
import { UNIT_ID } from '../../domain/ids';

export { UNIT_ID };

export interface BonusLaunchResult {
  cycle: string;
  deferralPack: string;
  awardDate: string;
  launched: string[];
  alreadyRunning: string[];
}

/**
 * Starts one bonus round per unit (case `<cycle>:<unit>:bonus-approval`), pinning every form and
 * policy at its latest version; the deferral pack is the launch's choice or the bonus policy's
 * default. A unit not ready — someone reviewed without a standing rating yet, pay facts or unit
 * metrics missing, no head to sign — is refused with 409 naming what is missing, and no round of
 * the request starts. Safe to repeat: a running round is left alone.
 */
export async function launchBonusRounds(engine: EngineClient, input: { cycle: unknown; unitIds: string[]; deferralPack?: string; awardDate?: string; user: CurrentUser }): Promise<BonusLaunchResult> {
  const { cycle } = input;
  // Who may start a round is the diagram's to say (candidateStarterGroups); the route lets HR and admins try.
  const flow = await flowToStart(engine, BONUS_PROCESS_KEY, undefined, input.user, { routeChecked: true });
  const problems: FieldProblem[] = [];
  if (typeof cycle !== 'string' || !CYCLE_ID.test(cycle)) problems.push({ field: 'cycle', code: 'pattern', message: 'cycle is 1–40 letters, digits, - or _' });
  if (input.unitIds.length === 0) problems.push({ field: 'unitIds', code: 'required', message: 'name at least one org unit' });
  for (const id of input.unitIds) if (!UNIT_ID.test(id)) problems.push({ field: 'unitIds', code: 'pattern', message: `${id.slice(0, 80)} is not an org unit id` });
  if (new Set(input.unitIds).size !== input.unitIds.length) problems.push({ field: 'unitIds', code: 'duplicate', message: 'a unit is named twice' });
  if (input.awardDate !== undefined) {
    try { parseIsoDate(input.awardDate, 'awardDate'); } catch (error) {
      if (!(error instanceof DateInputError)) throw error;
      problems.push({ field: 'awardDate', code: 'date', message: error.message.slice(0, 200) });
    }
  }
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  const deferralPack = input.deferralPack ?? await defaultDeferralPack(policyVersions);
  if (!deferralPack || !deferralPack.startsWith('deferral-') || policyVersions[deferralPack] === undefined) {
    const packs = Object.keys(policyVersions).filter((k) => k.startsWith('deferral-')).sort();
    problems.push({ field: 'deferralPack', code: 'unknown', message: `the deferral pack must be one of ${packs.join(', ')}` });
  }
  if (problems.length > 0) throw badRequest('the request is not valid', problems);

  const awardDate = input.awardDate ?? new Date().toISOString().slice(0, 10);
  const result: BonusLaunchResult = { cycle: cycle as string, deferralPack: deferralPack!, awardDate, launched: [], alreadyRunning: [] };
  const toStart: Array<{ unitId: string; headId: string }> = [];
  const unknown: FieldProblem[] = [];
  const notReady: FieldProblem[] = [];
  for (const unitId of input.unitIds) {
    const existing = await ReviewCaseModel.findById(caseIdFor(BONUS_PROCESS_KEY, result.cycle, unitId), { processInstanceId: 1, managerId: 1 }).lean();
    const readiness = await bonusRoundReadiness(result.cycle, unitId);
    if (!readiness.unitExists) { unknown.push({ field: 'unitIds', code: 'unknown', message: `no org unit ${unitId}` }); continue; }
    if (existing?.processInstanceId) { result.alreadyRunning.push(unitId); continue; }
    notReady.push(...readiness.problems.map((p) => ({ field: 'unitIds', code: p.code, message: `unit ${unitId}: ${p.message}` })));
    toStart.push({ unitId, headId: readiness.headId ?? '' });
  }
  if (unknown.length > 0) throw badRequest('some org units do not exist', unknown);
  if (notReady.length > 0) throw new HttpError(409, 'some bonus rounds cannot start yet', notReady);

  // The route's own choices (deferral pack, award date) replace the launcher's defaults for this flow.
  const settings = { formVersions, policyVersions, variables: { deferralPack: result.deferralPack, awardDate } };
  const started = await startTargetsNow(engine, flow, result.cycle, toStart.map((t) => ({ subjectId: t.unitId, unitId: t.unitId, managerId: t.headId, rule: 'unit-head' as const })), settings, input.user.id, 1);
  result.launched.push(...started.launched);
  result.alreadyRunning.push(...started.alreadyRunning);
  return result;
}

/**
 * What keeps a unit's bonus round from starting, each with a code: no head to sign and revise it,
 * nobody reviewed in the cycle, someone without a standing rating or pay facts, mixed currencies,
 * missing unit metrics. Empty problems: it may start.
 */
export async function bonusRoundReadiness(cycle: string, unitId: string): Promise<{ unitExists: boolean; headId: string | null; problems: Array<{ code: string; message: string }> }> {
  const { unitExists, headId, members } = await roundMembers(cycle, unitId);
  const problems: Array<{ code: string; message: string }> = [];
  if (!unitExists) return { unitExists, headId, problems };
  const problem = (code: string, message: string) => problems.push({ code, message });
  if (!headId) problem('no-head', 'has no head on the org chart to sign and revise its round');
  if (members.length === 0) problem('no-reviews', `nobody in the unit has a review in cycle ${cycle}`);
  const unrated = members.filter((m) => !m.rating).map((m) => m.personId);
  if (unrated.length > 0) problem('no-standing-rating', `no standing rating yet for ${unrated.join(', ')}`);
  const unpaid = members.filter((m) => !m.compensation).map((m) => m.personId);
  if (unpaid.length > 0) problem('no-compensation', `no compensation record for ${unpaid.join(', ')}`);
  const currencies = new Set(members.map((m) => m.compensation?.currency).filter(Boolean));
  if (currencies.size > 1) problem('mixed-currency', `people are paid in ${[...currencies].join(', ')}: one round has one currency`);
  const metrics = await unitPoolMetrics(cycle, unitId);
  if (metrics.missing.length > 0) problem('missing-metrics', `unit metrics missing for cycle ${cycle}: ${metrics.missing.join(', ')}`);
  return { unitExists, headId, problems };
}
