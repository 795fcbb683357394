import type { ReviewCase } from '../../db/models/review-case';
import { clawbackDecisionProblems } from '../award-adjustments/decision-rule';
import { calibrationRoundProblems } from '../calibrations/meeting-rule';
import type { Locale } from '../i18n';
import type { FieldProblem } from './validate-submission';

/**
 * Rules a submission must keep that depend on the case, not only on the form: a form component
 * names one with `"caseRule": "<rule>"` (as `optionsFrom` names a source of options), and the server
 * judges the submission by it after the form's own validation and before anything is stored. The
 * form stays data; the rules are listed here. A rule name the server does not know refuses the
 * submission, so a misspelt rule never lets a submission through unjudged.
 */
type CaseRule = (reviewCase: ReviewCase, data: Record<string, unknown>, locale: Locale) => Promise<FieldProblem[]>;

const RULES: Record<string, CaseRule> = {
  'calibration-round': calibrationRoundProblems,
  'clawback-minimum': clawbackDecisionProblems,
};

interface SchemaNode { caseRule?: unknown; key?: string; components?: SchemaNode[]; columns?: Array<{ components?: SchemaNode[] }> }

function rulesOf(components: SchemaNode[] | undefined, out: Array<{ rule: string; key: string }> = []): Array<{ rule: string; key: string }> {
  for (const component of components ?? []) {
    if (typeof component.caseRule === 'string') out.push({ rule: component.caseRule, key: component.key ?? '' });
    rulesOf(component.components, out);
    for (const column of component.columns ?? []) rulesOf(column.components, out);
  }
  return out;
}

export async function caseRuleProblems(schema: { components?: unknown }, reviewCase: ReviewCase, data: Record<string, unknown>, locale: Locale): Promise<FieldProblem[]> {
  const named = rulesOf(schema.components as SchemaNode[] | undefined);
  const problems = await Promise.all(named.map(({ rule, key }) => {
    const judge = RULES[rule];
    return judge ? judge(reviewCase, data, locale) : Promise.resolve([{ field: key, code: 'unknown-rule', message: `the form names a rule "${rule}" this server does not know` }]);
  }));
  return problems.flat();
}
