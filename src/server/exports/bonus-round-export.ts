import type { BonusRound } from '../../db/models/bonus-round';
import { ReviewCaseModel } from '../../db/models/review-case';
import { personNames } from '../../db/person-cards';
import type { SheetTable } from '../../lib/xlsx-workbook';
import { translate, type Locale } from '../../platform/i18n';
import { columnsIn } from './export-column';
import { bonusRoundView } from '../bonus/round-view';
import { stepsOf } from '../hr/bonus-pool';
import { policyName } from '../views';

/**
 * A unit's bonus round as the committee, HR and auditors take it away: one row per person with
 * what set the award (rating and where it came from, fixed pay, compliance multiplier and the rules
 * that fired, the cap), the pool with its risk steps, and every approver's decision. Headers and
 * words in the reader's language; amounts stay numbers in the round's currency.
 */
export async function bonusRoundSheets(round: BonusRound, locale: Locale): Promise<SheetTable[]> {
  const t = (key: string) => translate(locale, key);
  const col = columnsIn(locale);
  const view = await bonusRoundView(round, await ReviewCaseModel.findById(round.caseId, { status: 1 }).lean());
  const money = { money: view.currency };
  const allocation = view.allocation;
  const yesNo = (value: boolean) => t(value ? 'export.yes' : 'export.no');

  const awards: SheetTable = {
    name: t('export.sheet.awards'),
    columns: [
      col('name', 'text', 16),
      col('personId'),
      col('rating'),
      col('standingRating'),
      col('ratingStep', 'text', 18),
      col('roleCategory', 'text', 20),
      col('fixedPay', money, 18),
      col('complianceMultiplier', 'number'),
      col('complianceFired', 'text', 24),
      col('cap', money, 18),
      col('award', money, 18),
      col('deferred', money, 18),
      col('upfront', money, 18),
      col('overridden'),
      col('why', 'text', 40),
    ],
    rows: (allocation?.people ?? []).map((p) => {
      const override = [...view.overrides].reverse().find((o) => o.personId === p.personId);
      return {
        name: p.name?.[locale] ?? p.name?.en ?? p.personId,
        personId: p.personId,
        rating: p.rating,
        standingRating: p.standingRating,
        ratingStep: t(`export.step.${p.ratingStep}`),
        roleCategory: t(`export.roleCategory.${p.roleCategory}`),
        fixedPay: p.fixedPayMinor,
        complianceMultiplier: p.complianceMultiplier,
        complianceFired: p.complianceFired.join(', '),
        cap: p.capMinor,
        award: p.awardMinor,
        deferred: p.deferredMinor,
        upfront: p.awardMinor - p.deferredMinor,
        overridden: yesNo(p.overridden),
        why: override?.reason ?? '',
      };
    }),
  };

  const figures: Array<[string, number | string | null, boolean]> = [
    ['export.figure.status', t(`hr.bonus.state.${view.status}`), false],
    ['export.figure.awardDate', view.awardDate, false],
    ['export.figure.deferralPack', `${policyName(locale, view.deferralPack.key)} v${view.deferralPack.version}`, false],
    ['export.figure.basePool', view.pool.basePoolMinor, true],
    ['export.figure.coefficient', view.pool.coefficient, false],
    ['export.figure.pool', view.pool.poolMinor, true],
    ['export.figure.allocated', allocation?.allocatedMinor ?? null, true],
    ['export.figure.complianceRetained', allocation?.complianceRetainedMinor ?? null, true],
    ['export.figure.capRetained', allocation?.capRetainedMinor ?? null, true],
    ['export.figure.unallocated', allocation?.unallocatedMinor ?? null, true],
  ];
  // One column per kind of cell keeps each column's type (money is a number in the currency's format).
  const pool: SheetTable = {
    name: t('export.sheet.pool'),
    columns: [
      col('figure', 'text', 24),
      { key: 'amount', header: t('export.col.value'), kind: money, width: 20 },
      { key: 'value', header: '', kind: 'text', width: 20 },
      col('formula', 'text', 50),
    ],
    rows: [
      ...figures.map(([key, value, isMoney]) => ({ figure: t(key), amount: isMoney ? value : null, value: isMoney ? null : value === null ? null : String(value) })),
      ...stepsOf(view.pool.riskAdjustment).map((s) => (s.money ? { figure: s.step, amount: s.result, formula: s.formula } : { figure: s.step, value: String(s.result), formula: s.formula })),
    ],
  };

  const decided = new Map(view.approvals.filter((a) => a.allocationRun === view.allocationRun).map((a) => [a.stepId, a]));
  const deciders = await personNames(view.approvals.map((a) => a.decidedBy));
  const decisions: SheetTable = {
    name: t('export.sheet.decisions'),
    columns: [
      col('step', 'text', 18),
      col('why', 'text', 40),
      col('decision'),
      col('decidedBy', 'text', 16),
      col('decidedAt', 'date', 14),
      col('comment', 'text', 40),
    ],
    rows: (view.chain?.steps ?? []).map((s) => {
      const decision = decided.get(s.stepId);
      const reasons = locale === 'zh-CN' ? ((s as { reasonsZh?: string[] }).reasonsZh ?? s.reasons) : s.reasons;
      const by = decision ? deciders.get(decision.decidedBy) : undefined;
      return {
        step: s.stepId,
        why: reasons.join(locale === 'zh-CN' ? '；' : '; '),
        decision: decision ? t(`export.decision.${decision.decision}`) : t('export.waiting'),
        decidedBy: decision ? (by?.[locale] ?? by?.en ?? decision.decidedBy) : null,
        decidedAt: decision ? new Date(decision.decidedAt) : null,
        comment: decision?.comment ?? null,
      };
    }),
  };
  return [awards, pool, decisions];
}
