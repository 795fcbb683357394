import { policyVersion } from '../../../db/immutable-versions';
import { BonusRoundModel, bonusRoundId, type BonusRound } from '../../../db/models/bonus-round';
import { personNames } from '../../../db/person-cards';
import { mayReadBonusOfUnit } from '../../access/bonus-access';
import { taskVariable } from '../../engine-client';
import { translate, type Locale } from '../../i18n';
import type { ContextReader, SourceResult } from './context-reader';
import { caseSubject } from './subject';
import { markWarned, peopleOfRound, warningsOnUnit } from '../../risk-warnings/unit-warnings';

type Titled = { id?: string; title?: Record<string, string> };

/** A policy's titles of its entries (compliance rules, approval steps) by id, in a language. */
async function titlesOf(key: string, version: number | undefined, list: 'rules' | 'steps', locale: 'en' | 'zh-CN'): Promise<Map<string, string>> {
  const policy = version === undefined ? null : await policyVersion(key, version);
  const entries = ((policy?.body as Record<string, unknown> | undefined)?.[list] as Titled[] | undefined) ?? [];
  return new Map(entries.filter((e) => e.id && e.title).map((e) => [e.id!, e.title![locale] ?? e.title!.en ?? e.id!]));
}

/**
 * The unit's bonus round in the case's cycle as the people deciding on it read it: the risk-adjusted
 * pool, the allocation by rating, what compliance and caps retained, the largest award, every
 * person's award, the early warnings on its people and the unit (to who may read them), the approval
 * chain with the decisions of this allocation, and why the last
 * revision could not be applied. Pay: read by who may read pay in the unit (bonus-access.ts), and by
 * whoever works a task of the round's own case, since they are deciding on it (the chain's approvers).
 */
export async function bonusAllocationSource({ reviewCase, user, task, locale }: ContextReader): Promise<SourceResult> {
  const subject = await caseSubject(reviewCase);
  if (!subject) return 'nothing-yet';
  const unitId = subject.kind === 'person' ? subject.unitId : subject._id;
  const round = await BonusRoundModel.findById(bonusRoundId(reviewCase.cycle, unitId)).lean();
  const deciding = round?.caseId === reviewCase._id;
  if (!deciding && !(await mayReadBonusOfUnit(user, unitId))) return 'not-shown';
  if (!round) return 'nothing-yet';
  const view = await bonusAllocationView(round, subject.kind === 'unit' ? { name: subject.name } : subject.unit, locale);
  // Early warnings on the round's people and the unit, to an approver who may read them (risk-warnings/unit-warnings.ts).
  const warnings = await warningsOnUnit(user, unitId, await peopleOfRound(round), locale);
  markWarned(view, warnings.warnings);
  return {
    partial: 'context-bonus-allocation',
    data: { ...view, warnings, revisionProblem: taskVariable(task, 'revisionProblem') ?? null },
  };
}

/**
 * A round as the person deciding reads it: figures, each award by name, the chain by step label with
 * its decisions, whose turn it is. Also the bonus round page's (src/server/hr/bonus-pool.ts), so the
 * chain is drawn once, the same way, wherever it is shown.
 */
export async function bonusAllocationView(round: BonusRound, unit: unknown, locale: Locale) {
  const people = round.allocation?.people ?? [];
  const [names, ruleTitles, stepTitles] = await Promise.all([
    personNames([...people.map((p) => p.personId), ...round.approvals.map((a) => a.decidedBy)]),
    titlesOf('compliance', round.policyVersions.compliance, 'rules', locale),
    titlesOf('bonus-approval-limits', round.policyVersions['bonus-approval-limits'], 'steps', locale),
  ]);
  const stepLabel = (id: string) => {
    const key = `context.bonus.step.${id}`;
    const known = translate(locale, key);
    return known !== key ? known : stepTitles.get(id) ?? id;
  };
  const ratings = [...new Set(people.map((p) => p.rating))].sort();
  const largest = people.reduce<typeof people[number] | null>((max, p) => (!max || p.awardMinor > max.awardMinor ? p : max), null);
  const currentDecisions = round.approvals.filter((a) => a.allocationRun === round.allocationRun);
  return {
      unit,
      cycle: round.cycle,
      status: round.status,
      currency: round.currency,
      pool: { poolMinor: round.pool.poolMinor, basePoolMinor: round.pool.basePoolMinor, coefficient: round.pool.coefficient },
      allocation: round.allocation ? {
        allocatedMinor: round.allocation.allocatedMinor,
        cappedCount: people.filter((p) => p.cap).length,
        needsApprovalCount: people.filter((p) => p.cap?.reason === 'needs-shareholder-approval').length,
        complianceRetainedMinor: round.allocation.complianceRetainedMinor,
        capRetainedMinor: round.allocation.capRetainedMinor,
        unallocatedMinor: round.allocation.unallocatedMinor,
        largest: largest ? { name: names.get(largest.personId) ?? null, awardMinor: largest.awardMinor } : null,
        byRating: ratings.map((rating) => {
          const inBand = people.filter((p) => p.rating === rating);
          return { rating, count: inBand.length, totalMinor: inBand.reduce((sum, p) => sum + p.awardMinor, 0) };
        }),
        people: people.map((p) => ({
          personId: p.personId, name: names.get(p.personId) ?? null, rating: p.rating, standingRating: p.standingRating !== p.rating ? p.standingRating : null,
          awardMinor: p.awardMinor, deferredMinor: p.deferredMinor, overridden: p.overridden,
          // Cut at a cap: never silently. The reason (needs shareholder approval, …) with the amounts before and after.
          cap: p.cap ? {
            reason: p.cap.reason, label: translate(locale, `bonus.cap.${p.cap.reason}`), beforeMinor: p.cap.beforeCapMinor, afterMinor: p.cap.afterCapMinor,
            percentOfFixed: p.cap.percentOfFixed, maxWithApprovalPercent: p.cap.reason === 'needs-shareholder-approval' ? p.cap.maxWithApprovalPercent : null,
          } : null,
          compliance: p.complianceFired.map((id) => ruleTitles.get(id) ?? id),
        })),
      } : null,
      chain: (round.chain?.steps ?? []).map((s, index) => {
        const decided = currentDecisions.find((d) => d.stepId === s.stepId);
        // Why the approval table asked this step, in both languages (its reason columns); a round from the retired policy has English only.
        const reasonsZh = (s as { reasonsZh?: string[] }).reasonsZh ?? s.reasons;
        return {
          label: stepLabel(s.stepId), current: !decided && index === currentDecisions.length,
          why: { en: s.reasons.join('; '), 'zh-CN': reasonsZh.join('；') },
          decision: decided ? { decision: decided.decision, by: names.get(decided.decidedBy) ?? null, at: decided.decidedAt, comment: decided.comment } : null,
        };
      }),
  };
}
