import { calibrationId, readCalibration } from '../../../db/models/calibration';
import { OrgUnitModel } from '../../../db/models/org-unit';
import { personNames } from '../../../db/person-cards';
import { fillTemplate } from '../../../domain/calibration-standing';
import { bandsInWords } from '../../calibrations/calibration-words';
import { translate } from '../../i18n';
import { mayReadCalibration } from '../../calibrations/calibration-view';
import type { ContextReader, SourceResult } from './context-reader';
import { caseSubject } from './subject';

/**
 * The unit's calibration in the case's cycle as the HRBP approves it: who the meeting moved, from
 * what to what and why, the meeting's notes, and the distribution against the curve before and
 * after (with the allowed counts where a whole number of people fits the tolerance, and a word when
 * the group is too small for the curve to bind). Read as the calibration board reads it
 * (mayReadCalibration: the unit's head and HRBP, HR, auditors, admins).
 */
export async function calibrationMovesSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  const subject = await caseSubject(reviewCase);
  if (!subject) return 'nothing-yet';
  const unitId = subject.kind === 'person' ? subject.unitId : subject._id;
  const unit = await OrgUnitModel.findById(unitId, { name: 1, headId: 1, hrbpId: 1 }).lean();
  if (!unit || !mayReadCalibration(user, unit)) return 'not-shown';
  const calibration = await readCalibration(calibrationId(reviewCase.cycle, unitId));
  if (!calibration) return 'nothing-yet';
  const last = calibration.rounds[calibration.rounds.length - 1];
  const proposed = new Map(calibration.people.map((p) => [p.personId, p]));
  const names = await personNames([...calibration.people.map((p) => p.personId), ...(last ? [last.submittedBy] : [])]);
  const after = last?.after ?? null;
  const curveBinding = (after ?? calibration.analysis).curveBinding;
  return {
    partial: 'context-calibration-moves',
    data: {
      unit: { name: unit.name },
      cycle: calibration.cycle,
      groupSize: calibration.people.length,
      curveBinding,
      round: last ? {
        number: last.round,
        by: names.get(last.submittedBy) ?? null,
        at: last.judgedAt,
        notes: last.meetingNotes,
        moves: last.changes.map((c) => ({
          name: names.get(c.personId) ?? null,
          score: proposed.get(c.personId)?.score ?? null,
          from: proposed.get(c.personId)?.proposedRating ?? null,
          to: c.toRating,
          reason: c.reason,
        })),
        unchanged: calibration.people.length - new Set(last.changes.map((c) => c.personId)).size,
      } : null,
      // After the last round (or as proposed, before any), in words and as the chart's data.
      standing: bandsInWords(after ?? calibration.analysis, locale).map((b) => ({
        ...b, beforeText: fillTemplate(translate(locale, 'calibration.moves.before'), { n: calibration.analysis.bands.find((x) => x.band === b.band)?.actualCount ?? 0 }),
      })),
      boardUrl: `/calibrations/${encodeURIComponent(calibration.cycle)}/${encodeURIComponent(unitId)}`,
    },
  };
}
