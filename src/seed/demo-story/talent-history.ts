import { ScoreModel, scoreId } from '../../db/models/score';
import { retryOnBusy } from '../../db/retry-on-busy';
import type { Cast } from './cast';

/** The half before the story's cycle, whose ratings the bank brought from its previous HR system. */
export const HISTORY_CYCLE = '2025-H2';

/** username → [rating, score, the manager's behaviour rating (the 9-box's vertical axis)]. */
const HISTORY: Record<string, [string, number, number]> = {
  'cb.rm01': ['B', 4.2, 5], 'cb.rm02': ['A', 4.6, 4], 'cb.rm03': ['B', 3.9, 4], 'cb.rm04': ['B', 3.7, 4], 'cb.rm05': ['C', 3.1, 3], 'cb.rm06': ['C', 3.0, 3],
  'wm.adviser01': ['A', 4.7, 5], 'wm.adviser02': ['B', 4.1, 4], 'wm.adviser03': ['B', 3.8, 4], 'wm.adviser04': ['C', 3.2, 3],
  'risk.analyst1': ['B', 3.9, 4], 'risk.analyst2': ['A', 4.5, 5], 'risk.analyst6': ['B', 3.6, 4],
};

/**
 * The demo bank's talent history (the talent view reads two cycles): the final ratings of 2025-H2 for
 * a few people of CB, WM and RISK, as imported from the previous system. Each says where it came
 * from in its explanation, with the behaviour rating the 9-box places by; no review case or
 * submission is invented for them. Written by id, so a second run changes nothing.
 */
export async function seedTalentHistory(cast: Cast): Promise<void> {
  await Promise.all(Object.entries(HISTORY).map(([username, [rating, score, behaviour]]) => {
    const personId = cast.person(username)._id;
    const _id = scoreId(HISTORY_CYCLE, personId, 'final');
    return retryOnBusy(() => ScoreModel.updateOne({ _id }, {
      $setOnInsert: {
        cycle: HISTORY_CYCLE, subjectId: personId, step: 'final', caseId: `${HISTORY_CYCLE}:${personId}`, score, rating,
        explanation: { imported: { system: 'previous HR system', file: `ratings-${HISTORY_CYCLE}.csv` }, steps: [{ dimension: 'behaviour', rating: behaviour }] },
        sourceSubmissionTaskId: `imported:ratings-${HISTORY_CYCLE}`, computedAt: new Date('2026-01-15T00:00:00Z'), deliveries: 1,
      },
    }, { upsert: true }));
  }));
  cast.log(`${HISTORY_CYCLE}: final ratings of ${Object.keys(HISTORY).length} people imported from the previous HR system (the talent view's history)`);
}
