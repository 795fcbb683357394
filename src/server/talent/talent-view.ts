import { launchedCycles } from '../../db/models/cycle';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import { ScoreModel, type Score } from '../../db/models/score';
import { SubmissionModel } from '../../db/models/submission';
import { policyVersion } from '../../db/immutable-versions';
import { fillTemplate } from '../../domain/calibration-standing';
import { nineBoxDimensionOf, type ScoreExplanation, type ScoringPolicy } from '../../domain/scoring';
import { talentRecord, type CycleResult, type TalentFlag, type TalentPolicy } from '../../domain/talent';
import type { TalentAnswer, TalentNominationView, TalentPersonView } from '../../domain/api-types';
import { latestPolicy } from '../../import/latest-policy';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { inTalentScope, talentScope } from './talent-access';

/** The shipped nomination flow (processes/talent-nomination.bpmn); an owner's copy under another key is not read here. */
export const NOMINATION_FLOW = 'talent-nomination';
const RATING_STEPS = ['appeal', 'calibrated', 'final'] as const;

/**
 * The cycles with review results, oldest first, the policy's number of them up to the newest: in the
 * order they were launched, after any cycle whose results were imported from an earlier system
 * (never launched here), which come first by name.
 */
async function cyclesWithResults(count: number): Promise<string[]> {
  const withResults = new Set((await ScoreModel.distinct('cycle', { step: 'final' })) as string[]);
  const launched = (await launchedCycles()).map((c) => c._id).reverse();
  const imported = [...withResults].filter((c) => !launched.includes(c)).sort();
  return [...imported, ...launched.filter((c) => withResults.has(c))].slice(-count);
}

/** The rating of the scoring policy's 9-box dimension in each final score (its own pinned scoring version). */
async function behaviourOf(finals: Score[]): Promise<Map<string, number | null>> {
  const versions = [...new Set(finals.map((f) => (f.explanation as ScoreExplanation | undefined)?.policy?.version).filter((v): v is number => typeof v === 'number'))];
  const policies = new Map((await Promise.all(versions.map((v) => policyVersion('scoring', v)))).flatMap((p) => (p ? [[p.version, p.body as unknown as ScoringPolicy] as const] : [])));
  return new Map(finals.map((f) => {
    const explanation = f.explanation as ScoreExplanation | undefined;
    const policy = explanation?.policy ? policies.get(explanation.policy.version) : undefined;
    const dimension = nineBoxDimensionOf(policy ?? {});
    const rating = Array.isArray(explanation?.steps) ? explanation.steps.find((s) => s.dimension === dimension)?.rating : undefined;
    return [`${f.cycle}:${f.subjectId}`, typeof rating === 'number' ? rating : null] as const;
  }));
}

function flagText(flag: TalentFlag, locale: Locale): { flag: string; label: string; reason: string } {
  const values = Object.fromEntries(Object.entries(flag.reason).map(([k, v]) => [k, k === 'performance' || k === 'behaviour' ? translate(locale, `talent.level.${v}`) : v]));
  return { flag: flag.flag, label: translate(locale, `talent.flag.${flag.flag}`), reason: fillTemplate(translate(locale, `talent.reason.${flag.flag}`), values) };
}

/** Every nomination of the shipped flow, by person, with where it stands (read from its steps' submissions). */
async function nominationsByPerson(personIds: Set<string>, locale: Locale): Promise<Map<string, TalentNominationView[]>> {
  const cases = (await ReviewCaseModel.find({ processKey: NOMINATION_FLOW }, { subjectId: 1, cycle: 1, launchedAt: 1 }).lean()).filter((c) => personIds.has(c.subjectId));
  const out = new Map<string, TalentNominationView[]>();
  await Promise.all(cases.map(async (c) => {
    const submissions = await SubmissionModel.find({ caseId: c._id }, { taskDefinitionKey: 1, data: 1 }).lean();
    const step = (key: string) => submissions.find((s) => s.taskDefinitionKey === key)?.data;
    const nomination = step('nominate');
    const review = step('nominationReview');
    const decision = step('nominationDecision');
    const stage = decision ? (decision.committeeDecision === 'approve' ? 'approved' : 'rejected')
      : review ? (review.hrbpDecision === 'support' ? 'at-committee' : 'declined-by-hrbp')
      : nomination ? 'at-hrbp' : 'being-nominated';
    const track = typeof nomination?.track === 'string' ? nomination.track : null;
    const view: TalentNominationView = {
      caseId: c._id, cycle: c.cycle, stage, stageText: translate(locale, `talent.stage.${stage}`),
      track, trackText: track ? translate(locale, `talent.track.${track}`) : null,
      comment: typeof decision?.comment === 'string' ? decision.comment : typeof review?.comment === 'string' ? review.comment : null,
    };
    out.set(c.subjectId, [...(out.get(c.subjectId) ?? []), view].sort((a, b) => a.cycle.localeCompare(b.cycle)));
  }));
  return out;
}

/**
 * The talent view (policies/talent.json, domain/talent.ts): everyone in the reader's scope with a
 * result in the cycles shown, their rating and 9-box cell cycle by cycle, the flags with their
 * reasons, and their nominations. Flagged people first (ready, then high potential, then high in a
 * row). Null when the reader sees no talent view.
 */
export async function talentView(user: CurrentUser, locale: Locale, onlyPersonId?: string): Promise<TalentAnswer | null> {
  const scope = await talentScope(user);
  if (!scope) return null;
  const [policy, scoring] = await Promise.all([latestPolicy<TalentPolicy>('talent'), latestPolicy<ScoringPolicy>('scoring')]);
  const cycles = await cyclesWithResults(policy.body.cyclesShown);
  const scale = scoring.body.ratingBands.map((b) => b.rating);
  const scores = cycles.length === 0 ? [] : await ScoreModel.find({ cycle: { $in: cycles }, step: { $in: [...RATING_STEPS] }, ...(onlyPersonId ? { subjectId: onlyPersonId } : {}) }, { cycle: 1, subjectId: 1, step: 1, rating: 1, explanation: 1 }).lean();
  const behaviour = await behaviourOf(scores.filter((s) => s.step === 'final'));
  const standing = new Map<string, string>();
  for (const step of [...RATING_STEPS].reverse()) for (const s of scores.filter((x) => x.step === step)) standing.set(`${s.cycle}:${s.subjectId}`, s.rating);
  const ids = [...new Set(scores.map((s) => s.subjectId))];
  const people = (await Promise.all(ids.map((id) => PersonModel.findById(id, { name: 1, unitId: 1, active: 1 }).lean()))).filter((p) => p !== null && inTalentScope(scope, p.unitId));
  const units = new Map((await OrgUnitModel.find({ _id: { $in: [...new Set(people.map((p) => p!.unitId))] } }, { name: 1 }).lean()).map((u) => [u._id, u.name[locale] ?? u.name.en]));
  const nominations = await nominationsByPerson(new Set(people.map((p) => p!._id)), locale);
  const rank = (p: TalentPersonView) => (p.flags.some((f) => f.flag === 'ready-for-promotion') ? 0 : p.flags.some((f) => f.flag === 'high-potential') ? 1 : p.flags.length > 0 ? 2 : 3);
  const rows: TalentPersonView[] = people.map((p) => {
    const history: CycleResult[] = cycles.map((cycle) => ({ cycle, rating: standing.get(`${cycle}:${p!._id}`) ?? null, behaviour: behaviour.get(`${cycle}:${p!._id}`) ?? null }));
    const record = talentRecord(history, policy.body, scale, scoring.body.scale);
    return {
      id: p!._id, name: p!.name[locale] ?? p!.name.en, unit: units.get(p!.unitId) ?? '', active: p!.active !== false,
      cycles: record.history.map((r) => ({
        cycle: r.cycle, rating: r.rating,
        box: r.box ? fillTemplate(translate(locale, 'talent.box'), { performance: translate(locale, `talent.level.${r.box.performance}`), behaviour: translate(locale, `talent.level.${r.box.behaviour}`) }) : null,
      })),
      consecutiveHigh: record.consecutiveHigh,
      flags: record.flags.map((f) => flagText(f, locale)),
      nominations: nominations.get(p!._id) ?? [],
      // A flag to act on, someone still here, and no nomination in the latest cycle yet (one per person per cycle).
      nominable: record.flags.length > 0 && p!.active !== false && !(nominations.get(p!._id) ?? []).some((n) => n.cycle === cycles[cycles.length - 1]),
    };
  }).sort((a, b) => rank(a) - rank(b) || b.consecutiveHigh - a.consecutiveHigh || a.name.localeCompare(b.name, locale));
  return { cycles, latestCycle: cycles[cycles.length - 1] ?? null, policyVersion: policy.version, people: rows };
}
