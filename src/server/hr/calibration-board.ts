import { ScoreModel, scoreId } from '../../db/models/score';
import { dimensionsOf, nineBoxDimensionOf, type ScoreExplanation, type ScoringPolicy } from '../../domain/scoring';
import { policyVersion } from '../../db/immutable-versions';
import { LEVELS, placeInNineBox } from '../../domain/nine-box';
import { readableCalibration } from '../calibrations/calibration-view';
import { readableWarnings } from '../risk-warnings/warning-view';
import { warningsOnUnit } from '../risk-warnings/unit-warnings';
import { bandsInWords } from '../calibrations/calibration-words';
import type { CurrentUser } from '../current-user';
import { translate, type Locale } from '../i18n';
import { fillTemplate } from '../../domain/calibration-standing';

/**
 * A calibration as a board: the 9-box (rating × the manager's behaviour rating from the final
 * score's explanation), the distribution against the curve with its tolerance band, and every round's
 * moves with their reasons. Null when the reader may not read the calibration (calibration-view.ts).
 */
export async function calibrationBoard(user: CurrentUser, cycle: string, unitId: string, locale: Locale = 'en') {
  const view = await readableCalibration(user, cycle, unitId);
  if (!view) return null;
  // One read by id per person (a unit's people, not a cycle's): the rating of the 9-box dimension in the final score.
  const finals = await Promise.all(view.people.map((p) => ScoreModel.findById(scoreId(cycle, p.personId, 'final'), { explanation: 1 }).lean()));
  const explanations = finals.map((f) => f?.explanation as ScoreExplanation | undefined);
  // The dimension and scale each score's own scoring policy version names (one version for a unit, as a rule).
  const versions = [...new Set(explanations.map((e) => e?.policy?.version).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
  const policies = new Map((await Promise.all(versions.map((v) => policyVersion('scoring', v)))).flatMap((p) => (p ? [[p.version, p.body as unknown as ScoringPolicy] as const] : [])));
  const newest = policies.get(versions[versions.length - 1] ?? -1);
  const axisDimension = newest ? nineBoxDimensionOf(newest) : nineBoxDimensionOf({});
  const behaviourOf = new Map(view.people.map((p, i) => {
    const explanation = explanations[i];
    const policy = explanation?.policy ? policies.get(explanation.policy.version) : undefined;
    const dimension = policy ? nineBoxDimensionOf(policy) : axisDimension;
    const rating = Array.isArray(explanation?.steps) ? explanation.steps.find((s) => s.dimension === dimension)?.rating : undefined;
    return [p.personId, typeof rating === 'number' ? rating : null] as const;
  }));
  const latestRound = view.rounds[view.rounds.length - 1];
  const roundRating = new Map((latestRound?.changes ?? []).map((c) => [c.personId, c.toRating]));
  // Early warnings on the people calibrated (policies/early-warning.json), for a reader who may see them: a badge that links to them.
  const warned = new Set((await readableWarnings(user, { personIds: view.people.map((p) => p.personId) })).filter((w) => w.status !== 'dismissed').map((w) => w.personId));
  const people = view.people.map((p) => ({ ...p, rating: p.finalRating ?? roundRating.get(p.personId) ?? p.proposedRating, behaviour: behaviourOf.get(p.personId) ?? null, warning: warned.has(p.personId) }));
  // And those on the unit as a whole (its own figures: policies/early-warning.json's unitRules), with the figures and their state.
  const unitWarnings = await warningsOnUnit(user, unitId, [], locale);
  const distribution = view.distribution.latest ?? view.distribution.proposed;
  const scale = distribution.bands.flatMap((b) => b.ratings);
  const box = placeInNineBox(people.map((p) => ({ id: p.personId, rating: p.rating, behaviour: p.behaviour })), scale, newest?.scale);
  const byId = new Map(people.map((p) => [p.personId, p]));
  const levelsHighFirst = [...LEVELS].reverse();
  const personById = new Map(view.people.map((p) => [p.personId, p]));
  return {
    ...view,
    people,
    unitWarnings: unitWarnings.warnings,
    // Each round's moves by name, from the rating the meeting saw to the one it gave, with the reason.
    rounds: view.rounds.map((r) => ({
      ...r,
      moves: r.changes.map((c) => ({ name: personById.get(c.personId)?.name ?? null, from: personById.get(c.personId)?.proposedRating ?? null, to: c.toRating, reason: c.reason })),
    })),
    // The distribution in words (calibration-standing.ts): what the chart beside it draws.
    standing: bandsInWords(distribution, locale),
    policyLine: fillTemplate(translate(locale, 'calibration.board.policy'), { version: view.policy.version }),
    nineBox: {
      // The vertical axis: the policy's 9-box dimension, named by its label.
      axis: { dimension: axisDimension, label: (newest ? dimensionsOf(newest) : dimensionsOf({})).find((d) => d.key === axisDimension)?.label ?? null },
      // Rows: behaviour high → low; columns: performance low → high (the usual reading: top right is best).
      rows: levelsHighFirst.map((behaviour) => ({
        behaviour,
        cells: LEVELS.map((performance) => ({ performance, behaviour, people: box.cells[performance][behaviour].map((id) => byId.get(id)!) })),
      })),
      unplaced: box.unplaced.map((id) => byId.get(id)!),
    },
    distributionIsLatest: view.distribution.latest !== null,
  };
}
