import { pinnedCalibrationPolicy } from '../../../db/calibration-group';
import { calibrationId, readCalibration } from '../../../db/models/calibration';
import { fillTemplate } from '../../../domain/calibration-standing';
import { dimensionName } from '../../../domain/my-result';
import { bandsInWords, problemsInWords, standingTemplates } from '../../calibrations/calibration-words';
import { calibrationBoard } from '../../hr/calibration-board';
import { translate, type Locale } from '../../i18n';
import type { ContextReader, SourceResult } from './context-reader';

/** The texts the meeting's page code builds its sentences from, in the reader's language (templates/i18n/<locale>/calibration.json). */
function pageStrings(locale: Locale, axisName: string): Record<string, string> {
  const keys = [
    'meeting.score', 'meeting.suggested', 'meeting.ratingFor', 'meeting.reasonFor', 'meeting.reasonNeeded', 'meeting.undo', 'meeting.undoFor',
    'meeting.allWithin', 'meeting.outside', 'meeting.advisoryNote', 'meeting.whatIf', 'meeting.whatIfOn', 'meeting.whatIfMoved', 'meeting.whatIfKeep',
    'meeting.whatIfDiscard', 'meeting.whatIfTag', 'meeting.submitNeedsReasons', 'meeting.serverRefused', 'meeting.announceMove',
    'meeting.level.high', 'meeting.level.medium', 'meeting.level.low', 'meeting.unplaced', 'meeting.performance', 'meeting.noMoves', 'meeting.people',
    'meeting.curveChart', 'listSeparator',
  ];
  const strings: Record<string, string> = Object.fromEntries(keys.map((key) => [key, translate(locale, `calibration.${key}`)]));
  for (const [key, text] of Object.entries(standingTemplates(locale))) strings[`standing.${key}`] = text;
  strings['meeting.unplaced'] = fillTemplate(strings['meeting.unplaced']!, { axis: axisName });
  return strings;
}

/**
 * The calibration meeting's working board for the unit head: every person by name with score,
 * suggested and current rating, in rating columns against the curve and on the 9-box, the
 * distribution in words ("A: 2 of at most 1 — one too many"), the HRBP's return comment and a link
 * to the calibration board. Rendered on the server so it reads without script; the page's code
 * (src/web/calibration-page.ts) makes it the place where people are moved, and writes the moves
 * into the form's `changes` grid, which the server judges on submission (calibrations/meeting-rule.ts).
 * Read as the calibration board reads it (mayReadCalibration).
 */
export async function calibrationMeetingSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  const calibration = await readCalibration(calibrationId(reviewCase.cycle, reviewCase.subjectId));
  if (!calibration) return 'nothing-yet';
  const board = await calibrationBoard(user, reviewCase.cycle, reviewCase.subjectId, locale);
  if (!board) return 'not-shown';
  const { policy } = await pinnedCalibrationPolicy(reviewCase);
  const analysis = calibration.analysis;
  const levelOf = new Map<string, string>();
  for (const row of board.nineBox.rows) for (const cell of row.cells) for (const person of cell.people) levelOf.set(person.personId, row.behaviour);
  const ratings = analysis.bands.flatMap((b) => b.ratings);
  const people = board.people.map((p) => ({
    id: p.personId, name: p.name, score: p.score, suggested: p.proposedRating, behaviour: p.behaviour, level: levelOf.get(p.personId) ?? '',
  }));
  const last = calibration.rounds[calibration.rounds.length - 1];
  const names = new Map(board.people.flatMap((p) => (p.name ? [[p.personId, p.name] as const] : [])));
  const axisName = dimensionName(board.nineBox.axis.dimension, board.nineBox.axis.label ?? undefined, locale, (key) => translate(locale, key));
  return {
    partial: 'context-calibration-meeting',
    data: {
      unit: board.unit,
      cycle: board.cycle,
      // Early warnings on the unit as a whole (its own figures), with their state: what the meeting should know of the unit's selling.
      unitWarnings: board.unitWarnings,
      boardUrl: `/calibrations/${encodeURIComponent(board.cycle)}/${encodeURIComponent(board.unit.id)}`,
      binding: analysis.curveBinding,
      groupSize: analysis.groupSize,
      policyVersion: calibration.policy.version,
      curveLine: fillTemplate(translate(locale, analysis.curveBinding ? 'calibration.meeting.binding' : 'calibration.meeting.advisory'), {
        n: analysis.groupSize, min: policy.minGroupSize, tolerance: policy.tolerancePercentagePoints,
      }),
      bands: bandsInWords(analysis, locale).map((b) => ({ ...b, ratingsText: b.ratings.join(' ') })),
      lanes: ratings.map((rating) => ({ rating, people: people.filter((p) => p.suggested === rating) })),
      people,
      axisName,
      axesLine: fillTemplate(translate(locale, 'calibration.meeting.nineBoxAxes'), { axis: axisName }),
      returnComment: board.returnComment,
      lastRoundProblems: last && !last.accepted ? problemsInWords(last.problems, last.after, last.changes, names, locale) : [],
      strings: pageStrings(locale, axisName),
    },
  };
}
