import type { Calibration } from '../../db/models/calibration';
import type { OrgUnit } from '../../db/models/org-unit';
import { personNames } from '../../db/person-cards';
import type { SheetTable } from '../../lib/xlsx-workbook';
import { translate, type Locale } from '../../platform/i18n';
import { columnsIn } from './export-column';
import { bandsInWords, problemsInWords } from '../calibrations/calibration-words';

/**
 * A unit's calibration as HR, the unit's head and HRBP and auditors keep it: each person with score,
 * proposed and final rating and the reason for a move; every meeting round with its moves, its
 * problems in words and the HRBP's decision; and the distribution against the curve before and after.
 */
export async function calibrationSheets(calibration: Calibration, unit: Pick<OrgUnit, '_id' | 'name'>, locale: Locale): Promise<SheetTable[]> {
  const t = (key: string) => translate(locale, key);
  const col = columnsIn(locale);
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
      col('name', 'text', 16),
      col('personId'),
      col('unit', 'text', 18),
      col('cycle'),
      col('score', 'number'),
      col('proposedRating'),
      col('finalRating'),
      col('reason', 'text', 40),
      col('decidedBy', 'text', 16),
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
      col('round', 'number', 8),
      col('submittedBy', 'text', 16),
      col('judgedAt', 'date', 14),
      col('changes', 'text', 50),
      col('accepted'),
      col('problems', 'text', 50),
      col('meetingNotes', 'text', 40),
      col('hrbpDecision', 'text', 30),
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
      col('band', 'text', 14),
      col('target', 'percent'),
      col('proposedCount', 'number', 18),
      col('finalCount', 'number', 22),
      { key: 'standing', header: t('export.col.why'), kind: 'text', width: 40 },
    ],
    rows: bandsInWords(last ? last.after : calibration.analysis, locale).map((words, i) => {
      const band = calibration.analysis.bands[i]!;
      return { band: band.ratings.join(' / '), target: band.targetPercent / 100, proposedCount: band.actualCount, finalCount: latestCount.get(band.band) ?? null, standing: words.text };
    }),
  };
  return [people, rounds, distribution];
}
