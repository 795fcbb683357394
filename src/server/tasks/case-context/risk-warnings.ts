import { OrgUnitModel } from '../../../db/models/org-unit';
import { PersonModel } from '../../../db/models/person';
import { RiskWarningModel } from '../../../db/models/risk-warning';
import { mayReadWarningsOf } from '../../risk-warnings/warning-access';
import { warningsInWords } from '../../risk-warnings/warning-view';
import type { ContextReader, SourceResult } from './context-reader';

/**
 * The early warnings raised on the case's person (policies/early-warning.json), with the figures that
 * raised them and how each was closed: what a manager assessing them or a committee deciding should
 * have in front of them. Shown to whoever /api/risk-warnings shows them to.
 */
export async function riskWarningsSource({ reviewCase, user, locale }: ContextReader): Promise<SourceResult> {
  if (reviewCase.subjectType === 'unit') return 'nothing-yet';
  const person = await PersonModel.findById(reviewCase.subjectId, { managerId: 1, unitId: 1 }).lean();
  if (!person) return 'nothing-yet';
  const unit = await OrgUnitModel.findById(person.unitId, { headId: 1, hrbpId: 1 }).lean();
  if (!mayReadWarningsOf(user, { managerId: person.managerId, unitHeadId: unit?.headId, unitHrbpId: unit?.hrbpId })) return 'not-shown';
  const warnings = await RiskWarningModel.find({ personId: person._id }).lean();
  return { partial: 'context-risk-warnings', data: { warnings: await warningsInWords(warnings.sort((a, b) => b.period.localeCompare(a.period)), locale) } };
}
