import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';
import { TOPIC_CATALOGUE } from '../../domain/topic-catalogue';
import type { FieldProblem } from '../forms/validate-submission';
import { LINT_RULES } from '../../domain/lint-rules';
import { DiagramParseError, parseDiagram, type ParsedDiagram } from '../../platform/process-elements';
import { lintVariables } from './variable-lint';
import { lintStarting } from '../../platform/launcher/flow-definitions';

export interface LintReport {
  errors: FieldProblem[];
  warnings: FieldProblem[];
  diagram: ParsedDiagram | null;
}

const KNOWN_TOPICS = new Set(TOPIC_CATALOGUE.map((t) => t.topic));

/**
 * Everything that would make a flow fail when deployed or run: not BPMN, another process id than
 * the key, bpmnlint's errors, a user task whose form is not in the store, a service task whose topic
 * no worker serves. Each problem names the element (field "xml", the element id first in the message).
 */
export async function lintProcess(key: string, xml: string, forms: ReadonlySet<string> | ReadonlyMap<string, string[]>): Promise<LintReport> {
  // The form keys in the store, with the process variables each form's latest version sets.
  const formKeys = new Set(forms.keys());
  const formVariables = (formKey: string) => (!formKeys.has(formKey) ? null : forms instanceof Map ? forms.get(formKey) ?? [] : []);
  let diagram: ParsedDiagram;
  try {
    diagram = await parseDiagram(xml);
  } catch (error) {
    if (error instanceof DiagramParseError) return { errors: [{ field: 'xml', code: error.code, message: error.message }], warnings: [], diagram: null };
    throw error;
  }
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const problem = (list: FieldProblem[], code: string, elementId: string, message: string) => list.push({ field: `xml#${elementId}`.slice(0, 200), code, message: `${elementId}: ${message}`.slice(0, 400) });
  for (const warning of diagram.warnings.slice(0, 20)) warnings.push({ field: 'xml', code: 'import', message: warning });
  const process = diagram.processes.find((p) => p.id === key);
  if (!process) {
    errors.push({ field: 'xml', code: 'process-id', message: `the diagram must hold the process ${key} (its id), found ${diagram.processes.map((p) => p.id).join(', ') || 'none'}` });
    return { errors, warnings, diagram };
  }
  if (diagram.processes.length > 1) errors.push({ field: 'xml', code: 'one-process', message: 'a flow file holds exactly one process (no pools with several processes)' });
  if (!process.isExecutable) problem(errors, 'not-executable', key, 'the process must be marked executable');
  lintStarting(key, diagram, (level, code, message) => problem(level === 'error' ? errors : warnings, code, key, message));

  const linter = new Linter({ config: { rules: LINT_RULES }, resolver: new NodeResolver() });
  const reports = await linter.lint(diagram.definitions);
  for (const [rule, found] of Object.entries(reports)) {
    for (const report of found.slice(0, 50)) {
      // A rule that failed ('rule-error') has not checked the flow: that is no pass.
      const level = report.category === 'error' || report.category === 'rule-error' || (report.category === undefined && LINT_RULES[rule] === 'error') ? errors : warnings;
      problem(level, `lint.${rule}`, report.id ?? key, report.message);
    }
  }
  for (const element of process.elements) {
    for (const [name, value] of Object.entries(element.properties)) {
      if (/[$#]\{[^}]*$/.test(value)) problem(errors, 'expression', element.id, `${name}: an expression \${… is never closed with }`);
    }
    if (element.type === 'UserTask') {
      const formKey = element.properties.formKey ?? '';
      if (!formKey.startsWith('formio:')) problem(errors, 'form-key', element.id, 'a user task needs a form (formio:<form key>)');
      else if (!formKeys.has(formKey.slice('formio:'.length))) problem(errors, 'form-unknown', element.id, `no form ${formKey.slice('formio:'.length).slice(0, 80)} in the store`);
      if (!element.properties.assignee && !element.properties.candidateGroups && !element.properties.candidateUsers) problem(errors, 'no-assignee', element.id, 'a user task needs an assignee or candidate groups');
    }
    if (element.type === 'ServiceTask' || element.type === 'SendTask') {
      if (element.properties.type !== 'external') problem(errors, 'not-external', element.id, 'a service task is done by the worker: implementation external with a topic');
      else if (!KNOWN_TOPICS.has(element.properties.topic ?? '')) problem(errors, 'topic-unknown', element.id, `no worker serves the topic ${(element.properties.topic ?? '').slice(0, 80) || '(none)'}`);
    }
  }
  const definition = diagram.definitions.rootElements.find((e: { id?: string }) => e.id === key);
  for (const found of lintVariables(definition, { formVariables })) problem(errors, 'variable-unknown', found.elementId, found.message);
  return { errors, warnings, diagram };
}
