import type { Cast } from './cast';
import { enc, until } from './http-client';

/** Who signs a step offered to a group, among the demo bank's people. */
const GROUP_SIGNER: Record<string, string> = { hr: 'hr', 'risk-officer': 'risk.officer', 'comp-committee': 'ceo' };

const COMMENTS: Record<string, string> = {
  'line-head': 'Allocation follows the calibrated ratings; no overrides',
  hr: 'Within budget and the pay policy',
  risk: 'Risk-adjusted pool and the compliance cap checked',
  'comp-committee': 'Approved by the committee',
};

export async function roundView(cast: Cast, cycle: string, unitId: string): Promise<any | null> {
  const reply = await (await cast.as('hr')).get(`/api/bonus-rounds/${enc(cycle)}/${enc(unitId)}`);
  return reply.status === 200 ? reply.body.round : null;
}

/** The previous cycle's bonus is granted at the end of the quarter after it (2026-H1 → 2026-09-30). */
export const AWARD_DATE = '2026-09-30';

/** HR launches the unit's round (a running round is left alone). */
export async function launchRound(cast: Cast, cycle: string, unitId: string): Promise<void> {
  await (await cast.as('hr')).mustPost(`/api/cycles/${enc(cycle)}/bonus-rounds`, { unitIds: [unitId], awardDate: AWARD_DATE });
}

/**
 * Each approver in the chain signs in turn, from their inbox (a group's task is claimed first), until
 * `steps` approvals of the current allocation are in (all of them when not given) and, for the whole
 * chain, the round is scheduled: awards, deferral schedules and letters written.
 */
export async function approveRound(cast: Cast, cycle: string, unitId: string, steps?: number): Promise<void> {
  const caseId = `${cycle}:${unitId}:bonus-approval`;
  const head = cast.headOf(unitId).username;
  await until(`${unitId} bonus round ${steps === undefined ? 'approved' : `signed ${steps} time(s)`}`, async () => {
    const round = await roundView(cast, cycle, unitId);
    if (!round?.chain) return false;
    if (round.status === 'scheduled') return true;
    const decided = round.approvals.filter((a: { allocationRun: number }) => a.allocationRun === round.allocationRun).length;
    if (steps !== undefined && decided >= steps) return true;
    if (round.status !== 'in-approval' || decided >= round.chain.steps.length) return false;
    const step = round.chain.steps[decided] as { stepId: string; approver: { kind: string; group?: string } };
    const signer = step.approver.kind === 'unitHead' ? head : GROUP_SIGNER[step.approver.group ?? ''];
    if (!signer) throw new Error(`no demo signer for step ${step.stepId} of ${caseId}`);
    const session = await cast.as(signer);
    const item = await session.taskFor(caseId, 'bonusApproval');
    if (!item) return false;
    await session.work(item, { decision: 'approve', comment: COMMENTS[step.stepId] ?? 'Approved' });
    cast.log(`${unitId} bonus round: ${step.stepId} approved by ${signer}`);
    return false;
  }, 240_000, 600);
}

/** Until every member's award is scheduled with its letter. */
export async function awardsWritten(cast: Cast, cycle: string, personIds: string[]): Promise<void> {
  const hr = await cast.as('hr');
  await until(`${personIds.length} awards with letters`, async () => {
    const awards = await Promise.all(personIds.map(async (id) => (await hr.get(`/api/awards/${enc(cycle)}/${enc(id)}`)).body));
    return awards.every((a) => a?.award && a.letter);
  }, 120_000, 1000);
}
