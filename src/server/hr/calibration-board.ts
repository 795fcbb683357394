import { ScoreModel, scoreId } from '../../db/models/score';
import type { ScoreExplanation } from '../../domain/scoring';
import { LEVELS, placeInNineBox } from '../../domain/nine-box';
import { readableCalibration } from '../calibrations/calibration-view';
import type { CurrentUser } from '../current-user';
import { placeOnScale } from './cycle-dashboard';

/**
 * A calibration as a board: the 9-box (rating × the manager's behaviour rating from the final
 * score's explanation), the distribution against the curve with its tolerance band, and every round's
 * moves with their reasons. Null when the reader may not read the calibration (calibration-view.ts).
 */
export async function calibrationBoard(user: CurrentUser, cycle: string, unitId: string) {
  const view = await readableCalibration(user, cycle, unitId);
  if (!view) return null;
  // One read by id per person (a unit's people, not a cycle's): the behaviour rating of the final score.
  const finals = await Promise.all(view.people.map((p) => ScoreModel.findById(scoreId(cycle, p.personId, 'final'), { explanation: 1 }).lean()));
  const behaviourOf = new Map(view.people.map((p, i) => {
    const steps = (finals[i]?.explanation as ScoreExplanation | undefined)?.steps;
    const behaviour = Array.isArray(steps) ? steps.find((s) => s.dimension === 'behaviour')?.rating : undefined;
    return [p.personId, typeof behaviour === 'number' ? behaviour : null] as const;
  }));
  const latestRound = view.rounds[view.rounds.length - 1];
  const roundRating = new Map((latestRound?.changes ?? []).map((c) => [c.personId, c.toRating]));
  const people = view.people.map((p) => ({ ...p, rating: p.finalRating ?? roundRating.get(p.personId) ?? p.proposedRating, behaviour: behaviourOf.get(p.personId) ?? null }));
  const distribution = view.distribution.latest ?? view.distribution.proposed;
  const scale = distribution.bands.flatMap((b) => b.ratings);
  const box = placeInNineBox(people.map((p) => ({ id: p.personId, rating: p.rating, behaviour: p.behaviour })), scale);
  const byId = new Map(people.map((p) => [p.personId, p]));
  const levelsHighFirst = [...LEVELS].reverse();
  const n = Math.max(1, distribution.groupSize);
  return {
    ...view,
    people,
    nineBox: {
      // Rows: behaviour high → low; columns: performance low → high (the usual reading: top right is best).
      rows: levelsHighFirst.map((behaviour) => ({
        behaviour,
        cells: LEVELS.map((performance) => ({ performance, behaviour, people: box.cells[performance][behaviour].map((id) => byId.get(id)!) })),
      })),
      unplaced: box.unplaced.map((id) => byId.get(id)!),
    },
    // The tolerated range in whole people (allowedMin…allowedMax of the group), as shares of it.
    chart: placeOnScale(distribution.bands.map((b) => ({
      ...b,
      lowPercent: Math.round((Math.min(b.allowedMin, b.allowedMax) / n) * 1000) / 10,
      highPercent: Math.round((b.allowedMax / n) * 1000) / 10,
    }))),
    distributionIsLatest: view.distribution.latest !== null,
  };
}
