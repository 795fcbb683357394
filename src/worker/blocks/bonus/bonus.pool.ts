import { bonusRoundId } from '../../../db/models/bonus-round';
import { BONUS_BLOCKS } from '../../../domain/blocks';
import { unitPool } from '../../../domain/bonus';
import { riskCoefficient, type RiskAdjustmentPolicy, type RiskMetrics } from '../../../domain/risk-adjustment';
import { requireStringVariable } from '../../topic-handler';
import { defineBlock } from '../block';
import type { BonusInputsPort, BonusRoundsPort, CommonPorts, PoliciesPort } from '../ports';
import { pinnedPolicy } from './pinned-policy';

/**
 * The unit's risk-adjusted pool: base pool (metric bonusPoolBaseMinor) × the unit's risk coefficient
 * under the pinned risk-adjustment policy, stored with both explanations in the bonus round.
 * Missing metrics are an incident whose message names them: the launch refuses a round without them,
 * so this happens only when a metric was removed since; import it and retry the task.
 */
export const bonusPool = defineBlock<Pick<CommonPorts, 'cases' | 'audit' | 'clock'> & {
  policies: Pick<PoliciesPort, 'version'>; bonusInputs: Pick<BonusInputsPort, 'poolMetrics' | 'members'>; rounds: Pick<BonusRoundsPort, 'savePool'>;
}>(BONUS_BLOCKS.pool, async (task, ports) => {
  const caseId = requireStringVariable(task, 'caseId');
  const cycle = requireStringVariable(task, 'cycle');
  const unitId = requireStringVariable(task, 'subjectId');
  const packKey = requireStringVariable(task, 'deferralPack');
  const awardDate = requireStringVariable(task, 'awardDate');
  const reviewCase = await ports.cases.byId(caseId);
  if (!reviewCase) throw new Error(`case ${caseId} not found`);

  const metrics = await ports.bonusInputs.poolMetrics(cycle, unitId);
  if (metrics.missing.length > 0) throw new Error(`bonus pool of unit ${unitId} in cycle ${cycle}: missing unit metrics ${metrics.missing.join(', ')}; import them, then retry this task`);
  const members = await ports.bonusInputs.members(cycle, unitId);
  const currencies = [...new Set(members.map((m) => m.compensation?.currency).filter((c): c is string => Boolean(c)))];
  if (currencies.length !== 1) throw new Error(`bonus pool of unit ${unitId}: the round's people must be paid in one currency, found ${currencies.join(', ') || 'none'}`);
  const packVersion = reviewCase.policyVersions[packKey];
  if (packVersion === undefined) throw new Error(`case ${caseId} pinned no version of the deferral pack ${packKey}`);

  const v = metrics.values;
  const riskMetrics: RiskMetrics = {
    revenueMinor: v.revenueMinor!, costsMinor: v.costsMinor!, expectedLossMinor: v.expectedLossMinor!, economicCapitalMinor: v.economicCapitalMinor!,
    ...(v.loansTotalMinor !== undefined ? { loans: { totalMinor: v.loansTotalMinor, nonPerformingMinor: v.loansNonPerformingMinor!, overdueMinor: v.loansOverdueMinor! } } : {}),
  };
  const risk = await pinnedPolicy<RiskAdjustmentPolicy>(ports.policies, reviewCase, 'risk-adjustment');
  const riskAdjustment = riskCoefficient(riskMetrics, risk.body, risk.ref);
  const pool = unitPool(v.bonusPoolBaseMinor!, riskAdjustment);

  const roundId = bonusRoundId(cycle, unitId);
  await ports.rounds.savePool({
    _id: roundId, cycle, unitId, caseId, currency: currencies[0]!, awardDate, deferralPack: { key: packKey, version: packVersion }, policyVersions: reviewCase.policyVersions,
    pool: { poolMinor: pool.poolMinor, basePoolMinor: pool.basePoolMinor, coefficient: pool.coefficient, metricIds: metrics.metricIds, riskAdjustment, explanation: pool },
    status: 'pooled', updatedAt: ports.clock.now(),
  });
  await ports.audit({
    actor: 'worker', action: 'bonus.pool.computed', subject: { type: 'bonus-round', id: roundId }, after: pool,
    details: { caseId, poolMinor: pool.poolMinor, coefficient: pool.coefficient, metricIds: metrics.metricIds, policy: risk.ref },
  });
  return { currency: currencies[0]!, poolMinor: pool.poolMinor, riskCoefficient: pool.coefficient };
});
