import { BonusRoundModel, bonusRoundId } from '../../db/models/bonus-round';
import { calibrationId, readCalibration } from '../../db/models/calibration';
import { personGoals, unitGoalsOf } from '../../db/models/goal';
import { OrgUnitModel } from '../../db/models/org-unit';
import { PersonModel } from '../../db/models/person';
import { personCard, personNames } from '../../db/person-cards';
import type { ReviewCase } from '../../db/models/review-case';
import type { SelectOption } from './option-sources';
import type { Locale } from '../i18n';
import { policyVersion } from '../../db/immutable-versions';
import { jobTitleIn, type JobTitle } from '../../domain/job-title';
import { policyInForce } from '../../db/policies-in-force';

/** What a source knows about the case and step it fills options for. */
export interface OptionContext {
  reviewCase: Pick<ReviewCase, 'cycle' | 'subjectId'> & Partial<Pick<ReviewCase, 'policyVersions'>>;
  /** Who assesses the subject in this instance (the task's managerId variable), when known. */
  managerId?: string;
  /**
   * The reader's language: labels name things in it (a unit goal by its title, a colleague by their
   * name). Without it (validation) labels are bilingual; values never depend on it.
   */
  locale?: Locale;
}

const bilingual = (name: { en: string; 'zh-CN': string }) => (name.en === name['zh-CN'] ? name.en : `${name.en} · ${name['zh-CN']}`);
const bilingualTitle = (title: JobTitle) => (typeof title === 'string' ? title : bilingual(title));

/** The goals of the employee's unit in the cycle; a unit with none offers the nearest parent unit's. */
async function unitGoals({ reviewCase, locale }: OptionContext): Promise<SelectOption[]> {
  let unitId = (await personCard(reviewCase.subjectId))?.unitId;
  for (let depth = 0; unitId && depth < 20; depth++) {
    const goals = await unitGoalsOf(reviewCase.cycle, unitId);
    // A person chooses the goal by its name; the code and target are HR's bookkeeping.
    if (goals.length > 0) return goals.map((g) => ({ value: g._id, label: locale ? g.title[locale] : `${g.code} ${bilingual(g.title)} (${g.target})` }));
    unitId = (await OrgUnitModel.findById(unitId, { parentId: 1 }).lean())?.parentId;
  }
  return [];
}

/** The employee's approved goals, for progress per goal. */
async function ownGoals({ reviewCase }: OptionContext): Promise<SelectOption[]> {
  return (await personGoals(reviewCase.cycle, reviewCase.subjectId)).map((g) => ({ value: g._id, label: `${g.title} (${g.weight}%)` }));
}

/** People of the employee's unit who can give 360 feedback: active, neither the employee nor their assessor. */
async function colleagues({ reviewCase, managerId, locale }: OptionContext): Promise<SelectOption[]> {
  const subject = await personCard(reviewCase.subjectId);
  if (!subject) return [];
  const people = await PersonModel.find({ unitId: subject.unitId, active: true }, { name: 1, title: 1 }).lean();
  return people.filter((p) => p._id !== reviewCase.subjectId && p._id !== managerId)
    .sort((a, b) => a._id.localeCompare(b._id))
    .map((p) => ({ value: p._id, label: `${locale ? p.name[locale] : bilingual(p.name)}, ${locale ? jobTitleIn(p.title, locale) : bilingualTitle(p.title)}` }));
}

/** The people of the unit's bonus round in the cycle (the case's subject is the unit), by name: whom a revision may change. */
async function roundPeople({ reviewCase }: OptionContext): Promise<SelectOption[]> {
  const round = await BonusRoundModel.findById(bonusRoundId(reviewCase.cycle, reviewCase.subjectId), { allocation: 1 }).lean();
  const ids = round?.allocation?.people.map((p) => p.personId) ?? [];
  const names = await personNames(ids);
  return ids.map((id) => ({ value: id, label: names.has(id) ? bilingual(names.get(id)!) : id }));
}

/** The people of the unit's calibration in the cycle (the case's subject is the unit), by name: whom the meeting may move. */
async function calibrationPeople({ reviewCase }: OptionContext): Promise<SelectOption[]> {
  const calibration = await readCalibration(calibrationId(reviewCase.cycle, reviewCase.subjectId));
  const ids = calibration?.people.map((p) => p.personId) ?? [];
  const names = await personNames(ids);
  return ids.map((id) => ({ value: id, label: names.has(id) ? bilingual(names.get(id)!) : id }));
}

/** The gap categories of the development catalogue the case pinned (in force for a case that pinned none): a feedback meeting's area per gap. */
async function gapCategories({ reviewCase, locale }: OptionContext): Promise<SelectOption[]> {
  const version = reviewCase.policyVersions?.['development-catalogue'];
  const policy = version === undefined ? await policyInForce('development-catalogue') : await policyVersion('development-catalogue', version);
  const categories = (policy?.body as { categories?: Array<{ key: string; label: { en: string; 'zh-CN': string } }> } | undefined)?.categories ?? [];
  return categories.map((c) => ({ value: c.key, label: locale ? c.label[locale] : bilingual(c.label) }));
}

/** Who may own a development-plan item: the employee or their manager (the step's assessor), by name. */
async function planOwners({ reviewCase, managerId, locale }: OptionContext): Promise<SelectOption[]> {
  const ids = [reviewCase.subjectId, ...(managerId && managerId !== reviewCase.subjectId ? [managerId] : [])];
  const names = await personNames(ids);
  return ids.map((id) => ({ value: id, label: names.has(id) ? (locale ? names.get(id)![locale] : bilingual(names.get(id)!)) : id }));
}

const SOURCES: Record<string, (context: OptionContext) => Promise<SelectOption[]>> = {
  'gap-categories': gapCategories,
  'plan-owners': planOwners,
  'unit-goals': unitGoals,
  'person-goals': ownGoals,
  colleagues,
  'round-people': roundPeople,
  'calibration-people': calibrationPeople,
};

/** Options of every named source for this case; an unknown name gets none (so nothing validates). */
export async function caseOptions(names: string[], context: OptionContext): Promise<Record<string, SelectOption[]>> {
  const entries = await Promise.all(names.map(async (name) => [name, SOURCES[name] ? await SOURCES[name](context) : []] as const));
  return Object.fromEntries(entries);
}
