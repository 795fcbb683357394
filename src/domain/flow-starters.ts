/**
 * Who may start a deployed flow and what it is started for, as its diagram says: the process's
 * `camunda:candidateStarterGroups` (our groups are roles) and `camunda:candidateStarterUsers`
 * (person ids), and the property `subjectType` (person or unit; person when absent).
 *
 * A flow that names no starter is started by nobody through the launcher: the appeal (filed by the
 * employee) and the malus-and-clawback (filed by an officer) are started by their own business
 * routes, and an owner's new flow is launched only once its owner says by whom. An expression
 * (`${…}`) in a starter list matches nobody: the launcher has no case to evaluate it against.
 *
 * Worked examples:
 * - `candidateStarterGroups="hr, process-owner,admin"`: HR, process owners and admins may start it;
 *   an HRBP may not.
 * - `candidateStarterGroups="hr" candidateStarterUsers="E0042"`: HR, and person E0042 whatever roles they have.
 * - no starter attribute at all: nobody.
 * - `<camunda:property name="subjectType" value="unit"/>`: one case per org unit; any other value than
 *   person or unit makes the flow unlaunchable (a problem is reported, nobody may start it).
 */
export type SubjectType = 'person' | 'unit';
export const SUBJECT_TYPES: readonly SubjectType[] = ['person', 'unit'];

export interface FlowStartRules {
  starterGroups: string[];
  starterUsers: string[];
  subjectType: SubjectType;
  /** What makes the flow unlaunchable (a subject type that is neither person nor unit). */
  problems: string[];
}

export interface DiagramStartAttributes {
  candidateStarterGroups?: string | null;
  candidateStarterUsers?: string | null;
  /** The value of the process's `subjectType` extension property, when it has one. */
  subjectType?: string | null;
}

/** A plain group or user id: letters, digits, `.`, `_`, `-`. Anything else (an expression) matches nobody. */
const STARTER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** "hr, process-owner,admin" → ['hr', 'process-owner', 'admin']; expressions and blanks dropped. */
export function starterList(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((item) => item.trim()).filter((item) => STARTER_ID.test(item)))];
}

export function flowStartRules(attributes: DiagramStartAttributes): FlowStartRules {
  const declared = attributes.subjectType?.trim();
  const problems: string[] = [];
  let subjectType: SubjectType = 'person';
  if (declared) {
    if ((SUBJECT_TYPES as readonly string[]).includes(declared)) subjectType = declared as SubjectType;
    else problems.push(`subjectType is "${declared.slice(0, 40)}"; it must be person or unit`);
  }
  return { starterGroups: starterList(attributes.candidateStarterGroups), starterUsers: starterList(attributes.candidateStarterUsers), subjectType, problems };
}

export interface Starter {
  id: string;
  /** The person's roles; they double as the engine's groups. */
  roles: readonly string[];
}

export function mayStartFlow(rules: FlowStartRules, starter: Starter): boolean {
  if (rules.problems.length > 0) return false;
  return rules.starterUsers.includes(starter.id) || starter.roles.some((role) => rules.starterGroups.includes(role));
}

/**
 * What the modeler's lint says about starting a flow: a starter group that is no role (it would
 * match nobody), an expression in a starter list, a subject type that is neither person nor unit
 * (errors); no starter at all (a warning: only another flow, by message or call activity, or a
 * business route can start it).
 *
 * Worked example: `candidateStarterGroups="hr,managers"` → error "managers is not a role (hr, hrbp, …)".
 */
export function startLintProblems(attributes: DiagramStartAttributes, roles: readonly string[]): { errors: Array<{ code: string; message: string }>; warnings: Array<{ code: string; message: string }> } {
  const errors: Array<{ code: string; message: string }> = [];
  const warnings: Array<{ code: string; message: string }> = [];
  const rules = flowStartRules(attributes);
  for (const message of rules.problems) errors.push({ code: 'subject-type', message });
  const listed = (value: string | null | undefined) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  for (const [attribute, value] of [['candidateStarterGroups', attributes.candidateStarterGroups], ['candidateStarterUsers', attributes.candidateStarterUsers]] as const) {
    for (const item of listed(value)) {
      if (!STARTER_ID.test(item)) errors.push({ code: 'starter-expression', message: `${attribute}: ${item.slice(0, 60)} is not a plain id; the launcher evaluates no expressions there` });
    }
  }
  for (const group of rules.starterGroups) {
    if (!roles.includes(group)) errors.push({ code: 'starter-group', message: `candidateStarterGroups: ${group.slice(0, 60)} is not a role (${roles.join(', ')})` });
  }
  if (rules.starterGroups.length + rules.starterUsers.length === 0) {
    warnings.push({ code: 'no-starters', message: 'nobody may start this flow from the launcher: name candidate starter groups (roles) or users on the process, unless another flow or a business route starts it' });
  }
  return { errors, warnings };
}
