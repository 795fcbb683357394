import type { Calibration } from '../../db/models/calibration';
import type { OrgUnit } from '../../db/models/org-unit';
import { personNames } from '../../db/person-cards';
import type { SheetTable } from '../../lib/xlsx-workbook';
import { translate, type Locale } from '../../platform/i18n';
import { bandsInWords, problemsInWords } from '../calibrations/calibration-words';

/**
 * A unit's calibration as HR, the unit's head and HRBP and auditors keep it: each person with score,
 * proposed and final rating and the reason for a move; every meeting round with its moves, its
 * problems in words and the HRBP's decision; and the distribution against the curve before and after.
 */
export async function calibrationSheets(calibration: Calibration, unit: Pick<OrgUnit, '_id' | 'name'>, locale: Locale): Promise<SheetTable[]> {
  const t = (key: string) => translate(locale, key);
  const ids = [...new Set([
    ...calibration.people.map((p) => p.personId),
    ...calibration.final.map((f) => f.decidedBy),
    ...calibration.rounds.flatMap((r) => [r.submittedBy, r.hrbpDecision?.by ?? '']),
  ].filter(Boolean))];
  const names = await personNames(ids);
  const nameOf = (id: string) => names.get(id)?.[locale] ?? names.get(id)?.en ?? id;
  const finalOf = new Map(calibration.final.map((f) => [f.personId, f]));
  const unitName = unit.name[locale] ?? unit.name.en;

  const people: SheetTable = {
    name: t('export.sheet.people'),
    columns: [
      { key: 'name', header: t('export.col.name'), kind: 'text', width: 16 },
      { key: 'personId', header: t('export.col.personId'), kind: 'text' },
      { key: 'unit', header: t('export.col.unit'), kind: 'text', width: 18 },
      { key: 'cycle', header: t('export.col.cycle'), kind: 'text' },
      { key: 'score', header: t('export.col.score'), kind: 'number' },
      { key: 'proposedRating', header: t('export.col.proposedRating'), kind: 'text' },
      { key: 'finalRating', header: t('export.col.finalRating'), kind: 'text' },
      { key: 'reason', header: t('export.col.reason'), kind: 'text', width: 40 },
      { key: 'decidedBy', header: t('export.col.decidedBy'), kind: 'text', width: 16 },
    ],
    rows: calibration.people.map((p) => {
      const final = finalOf.get(p.personId);
      return {
        name: nameOf(p.personId), personId: p.personId, unit: unitName, cycle: calibration.cycle, score: p.score, proposedRating: p.proposedRating,
        finalRating: final?.toRating ?? null,
        reason: final ? (final.reason || t('export.kept')) : null,
        decidedBy: final ? nameOf(final.decidedBy) : null,
      };
    }),
  };

  const rounds: SheetTable = {
    name: t('export.sheet.rounds'),
    columns: [
      { key: 'round', header: t('export.col.round'), kind: 'number', width: 8 },
      { key: 'submittedBy', header: t('export.col.submittedBy'), kind: 'text', width: 16 },
      { key: 'judgedAt', header: t('export.col.judgedAt'), kind: 'date', width: 14 },
      { key: 'changes', header: t('export.col.changes'), kind: 'text', width: 50 },
      { key: 'accepted', header: t('export.col.accepted'), kind: 'text' },
      { key: 'problems', header: t('export.col.problems'), kind: 'text', width: 50 },
      { key: 'meetingNotes', header: t('export.col.meetingNotes'), kind: 'text', width: 40 },
      { key: 'hrbpDecision', header: t('export.col.hrbpDecision'), kind: 'text', width: 30 },
    ],
    rows: calibration.rounds.map((r) => {
      const from = new Map(calibration.people.map((p) => [p.personId, p.proposedRating]));
      return {
        round: r.round,
        submittedBy: nameOf(r.submittedBy),
        judgedAt: new Date(r.judgedAt),
        changes: r.changes.map((c) => `${nameOf(c.personId)}: ${from.get(c.personId) ?? '?'} → ${c.toRating}${c.reason ? ` (${c.reason})` : ''}`).join('\n'),
        accepted: t(r.accepted ? 'export.yes' : 'export.no'),
        problems: problemsInWords(r.problems, r.after, r.changes, names, locale).map((p) => p.message).join('\n'),
        meetingNotes: r.meetingNotes,
        hrbpDecision: r.hrbpDecision
          ? `${t(`export.decision.${r.hrbpDecision.decision}`)} · ${nameOf(r.hrbpDecision.by)}${r.hrbpDecision.comment ? `: ${r.hrbpDecision.comment}` : ''}`
          : null,
      };
    }),
  };

  const last = calibration.rounds[calibration.rounds.length - 1];
  const latestCount = new Map((last ? last.after : calibration.analysis).bands.map((b) => [b.band, b.actualCount]));
  const distribution: SheetTable = {
    name: t('export.sheet.distribution'),
    columns: [
      { key: 'band', header: t('export.col.band'), kind: 'text', width: 14 },
      { key: 'target', header: t('export.col.target'), kind: 'percent' },
      { key: 'proposedCount', header: t('export.col.proposedCount'), kind: 'number', width: 18 },
      { key: 'finalCount', header: t('export.col.finalCount'), kind: 'number', width: 22 },
      { key: 'standing', header: t('export.col.why'), kind: 'text', width: 40 },
    ],
    rows: bandsInWords(last ? last.after : calibration.analysis, locale).map((words, i) => {
      const band = calibration.analysis.bands[i]!;
      return { band: band.ratings.join(' / '), target: band.targetPercent / 100, proposedCount: band.actualCount, finalCount: latestCount.get(band.band) ?? null, standing: words.text };
    }),
  };
  return [people, rounds, distribution];
}
