import { BonusRoundModel, bonusRoundId } from '../../db/models/bonus-round';
import { ReviewCaseModel } from '../../db/models/review-case';
import { mayReadBonusOfUnit } from '../access/bonus-access';
import { bonusRoundView } from '../bonus/round-view';
import type { CurrentUser } from '../current-user';
import { OrgUnitModel } from '../../db/models/org-unit';
import { bonusAllocationView } from '../tasks/case-context/bonus-allocation';
import type { Locale } from '../i18n';
import { markWarned, peopleOfRound, warningsOnUnit } from '../risk-warnings/unit-warnings';

/** The steps of a stored explanation (formula with values and result), whatever else it holds. */
export function stepsOf(explanation: unknown): Array<{ step: string; formula: string; result: string | number; money: boolean }> {
  const steps = (explanation as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  // The risk-adjusted return is an amount in minor units (shown as money); the other steps are ratios and coefficients.
  return steps.map((s: { step?: unknown; formula?: unknown; result?: unknown }) => ({
    step: String(s.step ?? ''), formula: String(s.formula ?? ''), result: typeof s.result === 'number' ? s.result : String(s.result ?? ''),
    money: s.step === 'risk-adjusted return' && typeof s.result === 'number',
  }));
}

/**
 * A unit's bonus round as a pool view: the pool and the risk coefficient with its explanation, the
 * allocation summed per rating (a chart), what compliance and caps retained, the deferred total and
 * the approval chain with each step's decision. Null for a reader who may not read pay (bonus-access.ts).
 */
export async function bonusPool(user: CurrentUser, cycle: string, unitId: string, locale: Locale = 'zh-CN') {
  if (!(await mayReadBonusOfUnit(user, unitId))) return null;
  const round = await BonusRoundModel.findById(bonusRoundId(cycle, unitId)).lean();
  if (!round) return null;
  const [view, unit] = await Promise.all([
    bonusRoundView(round, await ReviewCaseModel.findById(round.caseId, { status: 1 }).lean()),
    OrgUnitModel.findById(unitId, { name: 1 }).lean(),
  ]);
  const people = view.allocation?.people ?? [];
  const byRating = new Map<string, { rating: string; people: number; awardMinor: number; deferredMinor: number }>();
  for (const p of people) {
    const entry = byRating.get(p.rating) ?? { rating: p.rating, people: 0, awardMinor: 0, deferredMinor: 0 };
    entry.people++;
    entry.awardMinor += p.awardMinor;
    entry.deferredMinor += p.deferredMinor;
    byRating.set(p.rating, entry);
  }
  const bands = [...byRating.values()].sort((a, b) => a.rating.localeCompare(b.rating));
  const largest = Math.max(1, ...bands.map((b) => b.awardMinor));
  const decided = new Map(view.approvals.filter((a) => a.allocationRun === view.allocationRun).map((a) => [a.stepId, a]));
  const detail = await bonusAllocationView(round, unit ? { name: unit.name } : null, locale) as Awaited<ReturnType<typeof bonusAllocationView>> & { unit: { name: Record<Locale, string> } | null };
  // Early warnings on the round's people and on the unit, for a reader who may read them; a badge by each warned person's award.
  const warnings = await warningsOnUnit(user, unitId, await peopleOfRound(round), locale);
  markWarned(detail, warnings.warnings);
  const allocation = view.allocation as (typeof view.allocation & { allocatedMinor?: number; complianceRetainedMinor?: number; capRetainedMinor?: number }) | null;
  return {
    round: view,
    // Awards by name and the approval chain by step, drawn as the people deciding see it (once on the page).
    detail,
    warnings,
    bands: bands.map((b) => ({ ...b, widthPercent: Math.round((b.awardMinor / largest) * 1000) / 10 })),
    totals: {
      allocatedMinor: allocation?.allocatedMinor ?? people.reduce((sum, p) => sum + p.awardMinor, 0),
      complianceRetainedMinor: allocation?.complianceRetainedMinor ?? 0,
      capRetainedMinor: allocation?.capRetainedMinor ?? 0,
      deferredMinor: people.reduce((sum, p) => sum + p.deferredMinor, 0),
    },
    riskSteps: stepsOf(view.pool.riskAdjustment),
    // Why each step is asked, in both languages: the table's reason columns (reasonEn, reasonZh); a round
    // that walked the retired policy has English reasons only.
    chain: (view.chain?.steps ?? []).map((s) => {
      const reasonsZh = (s as { reasonsZh?: string[] }).reasonsZh ?? s.reasons;
      return { stepId: s.stepId, reasons: s.reasons, why: { en: s.reasons.join('; '), 'zh-CN': reasonsZh.join('；') }, decision: decided.get(s.stepId) ?? null };
    }),
  };
}
