import { AppealModel, type Appeal } from '../../db/models/appeal';
import { AwardAdjustmentModel } from '../../db/models/award-adjustment';
import { AwardModel, awardId, type Award } from '../../db/models/award';
import { BonusLetterModel } from '../../db/models/bonus-letter';
import { personGoals, unitGoalCascade, type UnitGoal } from '../../db/models/goal';
import { OrgUnitModel } from '../../db/models/org-unit';
import { CalibrationModel } from '../../db/models/calibration';
import { personName } from '../../db/person-cards';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel, caseIdFor, type ReviewCase } from '../../db/models/review-case';
import { ScoreModel, scoreId, type RatingDecision, type Score } from '../../db/models/score';
import { SubmissionModel } from '../../db/models/submission';
import { policyVersion } from '../../db/immutable-versions';
import { appealWindow, type AppealPolicy } from '../../domain/appeal';
import type { DeferralSchedule } from '../../domain/deferral';
import { policyName } from '../views';
import { barPercent, daysLeft, trancheDueDate, trancheState, whyLines, type RatingDecisionLike } from '../../domain/my-result';
import { dimensionsOf, type ScoreExplanation } from '../../domain/scoring';
import { pinnedScoringPolicy } from '../../db/pinned-scoring-policy';
import { renderBonusLetter } from '../../platform/bonus-letter';
import { policyTitle } from '../../platform/policy-title';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { policyVersionsInForce } from '../../db/policies-in-force';

/**
 * Everything the employee's own page shows for one cycle, read for the signed-in person only: the
 * person is never a parameter, so nobody reaches another's data through it. The result (scores,
 * explanations, decisions) is read only once the review is published; before, the overview says
 * "not yet" and carries no rating, score or explanation at all. Pay appears once the award is approved.
 */
const REVIEW = 'performance-review';
const MAX_CYCLES = 50;

export interface MyCycle { cycle: string; status: string; launchedAt: Date }

/** The cycles the person has a review in, newest first (one bounded scan: the subject is not an _id). */
export async function myCycles(userId: string): Promise<MyCycle[]> {
  const cases = await ReviewCaseModel.find({ subjectId: userId, processKey: REVIEW }, { cycle: 1, status: 1, launchedAt: 1 }).limit(MAX_CYCLES).lean();
  return cases.map((c) => ({ cycle: c.cycle, status: c.status, launchedAt: c.launchedAt }))
    .sort((a, b) => new Date(b.launchedAt).getTime() - new Date(a.launchedAt).getTime() || b.cycle.localeCompare(a.cycle));
}

const cascadeUp = async (unitGoalId: string) => (await unitGoalCascade(unitGoalId)).map(({ _id, code, title, unitId, target }) => ({ _id, code, title, unitId, target }));

interface CheckInNote { at: Date; percent?: number; note?: string }

/** The person's check-ins in the case: per goal the progress and note, and each check-in's comment. */
async function checkIns(caseId: string): Promise<{ byGoal: Map<string, CheckInNote[]>; comments: Array<{ at: Date; comment: string }> }> {
  // One bounded scan: submissions are keyed by task id.
  const submissions = await SubmissionModel.find({ caseId, taskDefinitionKey: 'checkIn' }, { data: 1, submittedAt: 1 }).limit(50).lean();
  const byGoal = new Map<string, CheckInNote[]>();
  const comments: Array<{ at: Date; comment: string }> = [];
  for (const s of submissions.sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())) {
    const data = s.data as { progress?: Array<{ goalId?: unknown; percent?: unknown; note?: unknown }>; comment?: unknown };
    for (const row of Array.isArray(data.progress) ? data.progress : []) {
      if (typeof row.goalId !== 'string') continue;
      const list = byGoal.get(row.goalId) ?? [];
      list.push({ at: s.submittedAt, ...(typeof row.percent === 'number' ? { percent: row.percent } : {}), ...(typeof row.note === 'string' && row.note ? { note: row.note } : {}) });
      byGoal.set(row.goalId, list);
    }
    if (typeof data.comment === 'string' && data.comment) comments.push({ at: s.submittedAt, comment: data.comment });
  }
  return { byGoal, comments };
}

async function goalsOf(cycle: string, userId: string, review: ReviewCase) {
  const [goals, notes, scoring] = await Promise.all([personGoals(cycle, userId), checkIns(review._id), pinnedScoringPolicy(review)]);
  // A goal's dimension is named as the case's pinned scoring policy names it.
  const labels = new Map((scoring ? dimensionsOf(scoring.body) : []).map((d) => [d.key, d.label]));
  const withCascade = await Promise.all(goals.map(async (goal) => {
    const [unitGoal, ...above] = await cascadeUp(goal.unitGoalId);
    return {
      _id: goal._id, title: goal.title, kind: goal.kind, dimension: goal.dimension, dimensionLabel: labels.get(goal.dimension), weight: goal.weight, target: goal.target,
      unitGoal: unitGoal ?? null, above, checkIns: notes.byGoal.get(goal._id) ?? [],
    };
  }));
  return { goals: withCascade, checkInComments: notes.comments };
}

function isScoreExplanation(e: Score['explanation'] | undefined): e is ScoreExplanation {
  return Boolean(e && Array.isArray((e as ScoreExplanation).steps));
}

async function resultOf(cycle: string, userId: string, locale: Locale, scalePolicyVersion: number | undefined) {
  const [self, final, calibrated, appeal] = await Promise.all((['self', 'final', 'calibrated', 'appeal'] as const)
    .map((step) => ScoreModel.findById(scoreId(cycle, userId, step), { step: 1, score: 1, rating: 1, explanation: 1, computedAt: 1 }).lean()));
  if (!final || !isScoreExplanation(final.explanation)) return null;
  const standing = appeal ?? calibrated ?? final;
  const decisions: Array<RatingDecisionLike & { at: Date; step: string }> = [];
  for (const s of [calibrated, appeal]) {
    if (!s) continue;
    const d = s.explanation as RatingDecision;
    const by = d.decidedBy ? (await personName(d.decidedBy)) ?? null : null;
    decisions.push({ step: s.step, kind: d.kind, fromRating: d.fromRating, toRating: d.toRating, reason: d.reason ?? '', at: s.computedAt, ...(by ? { decidedByName: by[locale] } : {}), ...(d.policy ? { policy: d.policy } : {}) });
  }
  const scaleMax = await scoringScaleMax(scalePolicyVersion ?? final.explanation.policy.version);
  const explanation = final.explanation;
  return {
    rating: standing.rating,
    // Calibration and appeals decide the rating, not the score: the score is the computed one.
    score: final.score,
    ratingStep: standing.step,
    businessLine: explanation.businessLine,
    formula: explanation.formula,
    policy: explanation.policy,
    band: explanation.band,
    scaleMax,
    dimensions: explanation.steps.map((s) => ({ ...s, label: explanation.dimensionLabels?.[s.dimension], percent: barPercent(s.contribution, scaleMax, s.weight), weightPercent: Math.round(s.weight * 100) })),
    steps: [
      ...(self ? [{ step: 'self', rating: self.rating, score: self.score, at: self.computedAt }] : []),
      { step: 'final', rating: final.rating, score: final.score, at: final.computedAt },
      ...decisions.map((d) => ({ step: d.step, rating: d.toRating, from: d.fromRating, reason: d.reason, by: d.decidedByName ?? null, at: d.at, changed: d.fromRating !== d.toRating })),
    ],
    why: whyLines(explanation, decisions, (key) => translate(locale, key), locale, (key) => policyName(locale, key)),
  };
}

async function scoringScaleMax(version: number): Promise<number> {
  const policy = await policyVersion('scoring', version);
  const max = (policy?.body as { scale?: { max?: unknown } } | undefined)?.scale?.max;
  return typeof max === 'number' && max > 0 ? max : 5;
}

async function appealOf(cycle: string, userId: string, review: ReviewCase, today: string) {
  const appeal: Appeal | null = await AppealModel.findById(caseIdFor('appeal', cycle, userId)).lean();
  let window: { open: boolean; closesOn: string; daysLeft: number; windowDays: number } | null = null;
  if (review.publishedAt) {
    // The same policy version the filing route checks against: the one in force today.
    const versions = await policyVersionsInForce();
    const policy = versions.appeal === undefined ? null : await policyVersion('appeal', versions.appeal);
    if (policy) {
      const body = policy.body as unknown as AppealPolicy;
      const w = appealWindow(new Date(review.publishedAt).toISOString().slice(0, 10), today, body);
      window = { ...w, daysLeft: w.open ? daysLeft(w.closesOn, today) : 0, windowDays: body.windowDays };
    }
  }
  return {
    window,
    appeal: appeal ? {
      status: appeal.status, filedAt: appeal.filedAt, ratingAtFiling: appeal.ratingAtFiling, filing: appeal.filing,
      triage: appeal.triage ? { decision: appeal.triage.decision, reasons: appeal.triage.reasons, at: appeal.triage.at } : null,
      decision: appeal.decision ? { outcome: appeal.decision.outcome, ratingBefore: appeal.decision.ratingBefore, ratingAfter: appeal.decision.ratingAfter, reasons: appeal.decision.reasons, at: appeal.decision.at } : null,
    } : null,
  };
}


/** The employee sees their award once the approval chain signed it, never while it is only proposed. */
async function bonusOf(cycle: string, userId: string, locale: Locale, today: string) {
  const award: Award | null = await AwardModel.findById(awardId(cycle, userId)).lean();
  if (!award || award.status === 'proposed') return null;
  const schedule = award.explanation?.deferral as DeferralSchedule | undefined;
  const pack = schedule?.policy ?? null;
  const packTitle = pack ? await policyTitle(pack.key, locale) : null;
  const [letter, adjustments, me, unit] = await Promise.all([
    BonusLetterModel.findById(award._id).lean(),
    AwardAdjustmentModel.find({ awardId: award._id }).limit(20).lean(),
    PersonModel.findById(userId, { name: 1 }).lean(),
    OrgUnitModel.findById(award.unitId, { name: 1 }).lean(),
  ]);
  const approval = (award.lineage ?? []).find((e) => e.kind === 'approved');
  const approvedOn = approval ? new Date(approval.at).toISOString().slice(0, 10) : null;
  let letterText: string | null = null;
  let letterSource: 'stored' | 'rendered' | null = null;
  if (letter && letter.locale === locale) {
    letterText = letter.text;
    letterSource = 'stored';
  } else if (schedule && award.explanation?.compliance && pack) {
    // The stored letter is in the language it was issued in; the page renders the same template in the page's.
    letterText = renderBonusLetter({ award, name: me?.name[locale] ?? userId, unitName: unit?.name[locale] ?? award.unitId, pack: { ...pack, title: packTitle ?? pack.key } }, locale);
    letterSource = 'rendered';
  }
  return {
    currency: award.currency,
    amountMinor: award.amountMinor,
    rating: award.rating,
    status: award.status,
    pack: pack ? { key: pack.key, version: pack.version, title: packTitle } : null,
    deferredMinor: schedule?.deferredMinor ?? null,
    deferPercent: schedule?.effectiveDeferPercent ?? null,
    reference: schedule?.reference ?? null,
    // The share of this award the pack asks the person to invest in the company's funds (AMAC 2022), in words.
    coInvestment: schedule?.coInvestment ? {
      requiredMinor: schedule.coInvestment.requiredMinor, share: translate(locale, 'coinvest.share').replace('%percent', String(schedule.coInvestment.percent)),
      funds: translate(locale, `coinvest.funds.${schedule.coInvestment.funds}`),
      equity: schedule.coInvestment.equityMinimumPercent === null ? null : translate(locale, 'coinvest.equity').replace('%percent', String(schedule.coInvestment.equityMinimumPercent)),
      reference: schedule.coInvestment.reference,
    } : null,
    tranches: [...(award.tranches ?? [])].sort((a, b) => a.index - b.index).map((t) => ({
      index: t.index, vestingDate: t.status === 'scheduled' ? trancheDueDate(t.vestingDate, approvedOn) : t.vestingDate, amountMinor: t.amountMinor, adjustedMinor: t.adjustedMinor ?? null, partlyAdjusted: Boolean(t.adjustedMinor && t.adjustedMinor !== t.amountMinor), upfront: t.index === 0,
      state: trancheState(t.status, t.status === 'scheduled' ? trancheDueDate(t.vestingDate, approvedOn) : t.vestingDate, today),
    })),
    letter: letterText === null ? null : {
      text: letterText, source: letterSource, issuedAt: letter?.renderedAt ?? null, issuedLocale: letter?.locale ?? null,
      superseded: Boolean(letter && letter.amountMinor !== award.amountMinor), letterAmountMinor: letter?.amountMinor ?? null,
    },
    lineage: (award.lineage ?? []).map((e) => ({ at: e.at, kind: e.kind, ref: e.ref, amountBeforeMinor: e.amountBeforeMinor ?? null, amountAfterMinor: e.amountAfterMinor ?? null, note: e.note ?? null })),
    adjustments: adjustments
      .filter((a) => a.status === 'applied' || a.status === 'decided' || a.status === 'rejected' || a.status === 'closed')
      .map((a) => ({
        status: a.status, eventDate: a.event.date, severity: a.event.severity, eventReason: a.event.reason,
        decision: a.decision ? { decision: a.decision.decision, reason: a.decision.reason, at: a.decision.at, percent: a.decision.percent ?? null } : null,
        cancelledMinor: a.outcome?.result.cancelledMinor ?? null, claimedMinor: a.outcome?.result.claimedMinor ?? null,
        remainingBeforeMinor: a.outcome?.remainingBeforeMinor ?? null, remainingAfterMinor: a.outcome?.remainingAfterMinor ?? null,
        policy: a.proposal?.policy ? { key: a.proposal.policy.key, version: a.proposal.policy.version } : null,
      })),
  };
}

export type MyOverview = NonNullable<Awaited<ReturnType<typeof myOverview>>>;

/** Null when the person has no review in the cycle: the caller answers 404. */
export async function myOverview(user: CurrentUser, cycle: string, locale: Locale, now = new Date()) {
  const review = await ReviewCaseModel.findById(caseIdFor(REVIEW, cycle, user.id)).lean();
  if (!review || review.subjectId !== user.id) return null;
  const today = now.toISOString().slice(0, 10);
  const published = Boolean(review.publishedAt);
  const [goals, result, appeal, bonus] = await Promise.all([
    goalsOf(cycle, user.id, review),
    published ? resultOf(cycle, user.id, locale, review.policyVersions?.scoring) : Promise.resolve(null),
    published ? appealOf(cycle, user.id, review, today) : Promise.resolve(null),
    // Pay follows the result: an award carries the rating, so it waits for publication too.
    published ? bonusOf(cycle, user.id, locale, today) : Promise.resolve(null),
  ]);
  return {
    cycle,
    status: review.status,
    published,
    publishedAt: review.publishedAt ?? null,
    goals: goals.goals,
    checkInComments: goals.checkInComments,
    result,
    appeal,
    bonus,
  };
}

/**
 * The calibration boards of the units a person heads or partners as HRBP, newest cycle first: a
 * unit head without a committee or HR role reaches their own unit's board from "My performance"
 * (the board's own rule, calibration-view.ts, lets them read it).
 */
export async function myUnitCalibrations(userId: string) {
  const units = await OrgUnitModel.find({ $or: [{ headId: userId }, { hrbpId: userId }] }, { name: 1 }).lean();
  if (units.length === 0) return [];
  const calibrations = await CalibrationModel.find({ unitId: { $in: units.map((u) => u._id) } }, { cycle: 1, unitId: 1, status: 1 }).lean();
  return calibrations
    .map((c) => ({ cycle: c.cycle, unitId: c.unitId, status: c.status, unitName: units.find((u) => u._id === c.unitId)!.name }))
    .sort((a, b) => b.cycle.localeCompare(a.cycle) || a.unitId.localeCompare(b.unitId))
    .slice(0, 20);
}
