import { OrgUnitModel } from '../../../db/models/org-unit';
import type { ReviewCase } from '../../../db/models/review-case';
import { personCard, personName } from '../../../db/person-cards';
import { unitName } from '../../../db/unit-names';
import type { JobTitle } from '../../../domain/job-title';
import type { ContextReader, SourceResult } from './context-reader';

type Name = { en: string; 'zh-CN': string };
export type CaseSubject =
  | { kind: 'person'; _id: string; name: Name; title: JobTitle; unitId: string; unit: { name: Name } | null; left: boolean }
  | { kind: 'unit'; _id: string; name: Name; head: { name: Name } | null };

/**
 * Whose case it is, by name: a person (title, unit) or an org unit (its head). The case says which
 * (`subjectType`); a case from before that field is a person's unless only a unit has the id.
 */
export async function caseSubject(reviewCase: Pick<ReviewCase, 'subjectId' | 'subjectType'>): Promise<CaseSubject | null> {
  const person = reviewCase.subjectType === 'unit' ? null : await personCard(reviewCase.subjectId);
  if (person) {
    const unit = await unitName(person.unitId);
    return { kind: 'person', _id: person._id, name: person.name, title: person.title, unitId: person.unitId, unit: unit ? { name: unit } : null, left: person.active === false };
  }
  const unit = await OrgUnitModel.findById(reviewCase.subjectId, { name: 1, headId: 1 }).lean();
  if (!unit) return null;
  const headName = unit.headId ? await personName(unit.headId) : undefined;
  return { kind: 'unit', _id: unit._id, name: unit.name, head: headName ? { name: headName } : null };
}

/** Anyone working a task of the case sees whose case it is: the page's title says so already. */
export async function subjectSource({ reviewCase }: ContextReader): Promise<SourceResult> {
  const subject = await caseSubject(reviewCase);
  return subject ? { partial: 'context-subject', data: { subject } } : 'nothing-yet';
}
