import type { DistributionAnalysis } from '../../domain/calibration';
import type { RoundProblem } from '../../domain/calibration-meeting';
import { bandStanding, fillTemplate, standingText, type BandCounts, type StandingTemplates } from '../../domain/calibration-standing';
import { translate, type Locale } from '../i18n';

/** The templates of calibration-standing.ts in a language, from templates/i18n/<locale>/calibration.json. */
export function standingTemplates(locale: Locale): StandingTemplates {
  const t = (key: string) => translate(locale, `calibration.${key}`);
  return {
    over: t('standing.over'), under: t('standing.under'), within: t('standing.within'), unreachable: t('standing.unreachable'), advisory: t('standing.advisory'),
    limitExactly: t('limit.exactly'), limitAtMost: t('limit.atMost'), limitAtLeast: t('limit.atLeast'), limitBetween: t('limit.between'),
    numberWords: t('numberWords') === 'calibration.numberWords' ? '' : t('numberWords'),
  };
}

/** Every band of an analysis in words ("A: 2 of at most 1 — one too many"), with its state for the page's colour. */
export function bandsInWords(analysis: Pick<DistributionAnalysis, 'groupSize' | 'curveBinding'> & { bands: ReadonlyArray<BandCounts & { ratings: string[] }> }, locale: Locale) {
  const templates = standingTemplates(locale);
  return analysis.bands.map((band) => {
    const standing = bandStanding(band, analysis.groupSize);
    return { ...standing, ratings: band.ratings, text: standingText(standing, analysis.curveBinding, templates), outside: analysis.curveBinding && standing.state !== 'within' };
  });
}

type Names = Map<string, { en: string; 'zh-CN': string }>;

/**
 * A meeting round's problems in the reader's language, each on the field it is about: a row's
 * person, rating or reason (`changes[2].reason`), or the grid as a whole for the distribution.
 * The domain's English messages stay in the round's record; this is what a person reads.
 */
export function problemsInWords(problems: readonly RoundProblem[], after: DistributionAnalysis, changes: ReadonlyArray<{ personId: string; toRating: string }>, names: Names, locale: Locale, movedMeanwhile: ReadonlyMap<string, { from: string; to: string }> = new Map()) {
  const nameOf = (id: string | undefined) => (id ? names.get(id)?.[locale] ?? names.get(id)?.en ?? id : '');
  const words = bandsInWords(after, locale);
  const outside = problems.filter((p) => p.code === 'outside-tolerance').map((p) => words.find((w) => w.band === p.band)?.text ?? p.band ?? '');
  const fieldOf: Record<string, string> = { 'missing-reason': 'reason', 'unknown-rating': 'toRating', 'unknown-person': 'personId', 'duplicate-person': 'personId', 'no-change': 'personId' };
  const out: Array<{ field: string; code: string; message: string; personId?: string; band?: string }> = [];
  for (const problem of problems) {
    if (problem.code === 'outside-tolerance') continue;
    const change = problem.row !== undefined ? changes[problem.row] : undefined;
    const meanwhile = problem.personId ? movedMeanwhile.get(problem.personId) : undefined;
    const message = fillTemplate(translate(locale, `calibration.problem.${problem.code}`), {
      person: nameOf(problem.personId ?? change?.personId), rating: change?.toRating ?? '', from: meanwhile?.from ?? '', to: meanwhile?.to ?? '',
    });
    const field = problem.row !== undefined && fieldOf[problem.code] ? `changes[${problem.row}].${fieldOf[problem.code]}` : 'changes';
    out.push({ field, code: problem.code, message, ...(problem.personId ? { personId: problem.personId } : {}) });
  }
  if (outside.length > 0) {
    out.push({ field: 'changes', code: 'outside-tolerance', message: fillTemplate(translate(locale, 'calibration.problem.overLimit'), { bands: outside.join(translate(locale, 'calibration.listSeparator')) }) });
  }
  return out;
}
