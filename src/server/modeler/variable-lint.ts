import { START_VARIABLE_NAMES } from '../../domain/flow-variables';
import { variablesReadIn } from '../../domain/expression-variables';
import { submissionVariable } from '../../db/models/submission';
import { topicEntry } from '../../domain/topic-catalogue';
import { decisionVersionVariable } from '../../domain/decision-pins';

/**
 * Which variables each expression of a flow may read, and which it reads that nothing upstream
 * produces. "Upstream" is every element from which a path leads to the expression's element. What
 * an element produces: a user task its form's mapped answers (processVariable) and the submission
 * id; a building block what its catalogue entry declares; a business rule task its result variable;
 * output parameters, call-activity outs, error variables and multi-instance loop variables; the
 * start variables every case has, and those the process declares (a `startVariables` extension
 * property: set by the flow's launch from policy or request, e.g. the review's checkInReminder).
 */
export interface VariableSources {
  /** The variables a form's answers set (its latest version); null for a form not in the store. */
  formVariables(formKey: string): string[] | null;
}

export interface VariableProblem {
  elementId: string;
  message: string;
}

type Element = any;

const MULTI_INSTANCE_NAMES = ['loopCounter', 'nrOfInstances', 'nrOfActiveInstances', 'nrOfCompletedInstances'];

function extensions(element: Element, type: string): Element[] {
  return (element.extensionElements?.values ?? []).filter((value: Element) => value.$type === type);
}

function processProperty(process: Element, name: string): string[] {
  return extensions(process, 'camunda:Properties').flatMap((p: Element) => p.values ?? []).filter((p: Element) => p.name === name).map((p: Element) => String(p.value ?? ''));
}

/** Texts of an element that the engine evaluates as expressions, with where each sits. */
function expressionTexts(element: Element): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const add = (where: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') out.push({ where, text: value });
    else if (value && typeof value === 'object' && typeof (value as { body?: unknown }).body === 'string') out.push({ where, text: (value as { body: string }).body });
  };
  for (const name of ['assignee', 'candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'decisionRefVersion', 'calledElement', 'priority']) add(name, element.get?.(`camunda:${name}`));
  add('condition', element.conditionExpression);
  const loop = element.loopCharacteristics;
  if (loop) {
    add('loop cardinality', loop.loopCardinality);
    add('completion condition', loop.completionCondition);
    add('collection', loop.get?.('camunda:collection'));
  }
  for (const definition of element.eventDefinitions ?? []) {
    add('timer', definition.timeCycle);
    add('timer', definition.timeDuration);
    add('timer', definition.timeDate);
  }
  for (const io of extensions(element, 'camunda:InputOutput')) {
    for (const parameter of [...(io.inputParameters ?? []), ...(io.outputParameters ?? [])]) add(`parameter ${parameter.name}`, parameter.value);
  }
  for (const mapping of extensions(element, 'camunda:In')) add('in mapping', mapping.sourceExpression);
  return out;
}

/** What an element sets for the elements after it. */
function producedBy(element: Element, sources: VariableSources, unknownForms: Set<string>): string[] {
  const out: string[] = [];
  const type = String(element.$type);
  if (type === 'bpmn:UserTask') {
    const formKey = String(element.get?.('camunda:formKey') ?? '');
    if (formKey.startsWith('formio:')) {
      const key = formKey.slice('formio:'.length);
      out.push(submissionVariable(key));
      const answers = sources.formVariables(key);
      if (answers) out.push(...answers);
      else unknownForms.add(key);
    }
  }
  if (element.get?.('camunda:type') === 'external') out.push(...(topicEntry(String(element.get('camunda:topic') ?? ''))?.produces.map((v) => v.name) ?? []));
  const resultVariable = element.get?.('camunda:resultVariable');
  if (typeof resultVariable === 'string' && resultVariable !== '') out.push(resultVariable);
  for (const io of extensions(element, 'camunda:InputOutput')) for (const parameter of io.outputParameters ?? []) out.push(String(parameter.name));
  for (const mapping of extensions(element, 'camunda:Out')) if (mapping.target) out.push(String(mapping.target));
  for (const definition of element.eventDefinitions ?? []) {
    for (const name of ['errorCodeVariable', 'errorMessageVariable']) {
      const variable = definition.get?.(`camunda:${name}`);
      if (typeof variable === 'string' && variable !== '') out.push(variable);
    }
  }
  return out;
}

/** Variables only the element itself (and not what follows) sees: its inputs and loop variables. */
function localTo(element: Element): string[] {
  const out: string[] = [];
  for (const io of extensions(element, 'camunda:InputOutput')) for (const parameter of io.inputParameters ?? []) out.push(String(parameter.name));
  const loop = element.loopCharacteristics;
  if (loop) {
    out.push(...MULTI_INSTANCE_NAMES);
    const elementVariable = loop.get?.('camunda:elementVariable');
    if (typeof elementVariable === 'string' && elementVariable !== '') out.push(elementVariable);
  }
  return out;
}

/**
 * The problems of a process: each expression that reads a variable no upstream element produces.
 * Elements whose effect cannot be read (a script, a call activity passing all variables) make the
 * check lenient for what follows them, and a form not in the store is reported by the form check.
 */
export function lintVariables(process: Element, sources: VariableSources): VariableProblem[] {
  const elements: Element[] = [];
  const parentOf = new Map<Element, Element>();
  const collect = (container: Element) => {
    for (const element of container.flowElements ?? []) {
      elements.push(element);
      parentOf.set(element, container);
      if (element.flowElements) collect(element);
    }
  };
  collect(process);

  // Predecessors: sequence flows (the flow itself is an element, so its condition sees its source's
  // outputs), a boundary event after its activity, a sub-process's first elements after its own.
  const before = new Map<Element, Set<Element>>(elements.map((e) => [e, new Set<Element>()]));
  for (const element of elements) {
    if (element.$type === 'bpmn:SequenceFlow') {
      if (element.sourceRef) before.get(element)?.add(element.sourceRef);
      if (element.targetRef) before.get(element.targetRef)?.add(element);
    }
    if (element.attachedToRef) before.get(element)?.add(element.attachedToRef);
    const parent = parentOf.get(element);
    if (parent && parent !== process && !element.incoming?.length) before.get(element)?.add(parent);
  }
  // What a sub-process produces is what its insides produce, for whatever follows it.
  const unknownForms = new Set<string>();
  const produced = new Map<Element, string[]>(elements.map((e) => [e, producedBy(e, sources, unknownForms)]));
  for (const element of [...elements].reverse()) {
    const parent = parentOf.get(element);
    if (parent && parent !== process) produced.get(parent)?.push(...(produced.get(element) ?? []));
  }
  const opaque = (e: Element) => e.$type === 'bpmn:ScriptTask' || extensions(e, 'camunda:Out').some((m: Element) => m.variables === 'all')
    || (e.$type === 'bpmn:SubProcess' && e.triggeredByEvent);

  // The launch also pins each decision table a business rule task names (dmnVersion_<key>).
  const decisionPins = elements.filter((e) => e.$type === 'bpmn:BusinessRuleTask' && e.get?.('camunda:decisionRef')).map((e) => decisionVersionVariable(String(e.get('camunda:decisionRef'))));
  const base = new Set<string>([...START_VARIABLE_NAMES, ...decisionPins, ...processProperty(process, 'startVariables').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)]);
  const problems: VariableProblem[] = [];
  for (const element of elements) {
    const texts = expressionTexts(element);
    if (texts.length === 0) continue;
    // Everything upstream of the element (a loop makes later elements upstream too: lenient, not wrong).
    const upstream = new Set<Element>();
    const stack = [...(before.get(element) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop();
      if (upstream.has(next) || next === undefined) continue;
      upstream.add(next);
      stack.push(...(before.get(next) ?? []));
    }
    // An event sub-process may start at any moment: anything the process produces may be there.
    let inEventSubProcess = false;
    for (let p = parentOf.get(element); p && p !== process; p = parentOf.get(p)) if (p.triggeredByEvent) inEventSubProcess = true;
    if (inEventSubProcess || [...upstream].some(opaque)) continue;
    const known = new Set<string>([...base, ...localTo(element)]);
    for (const e of upstream) for (const name of produced.get(e) ?? []) known.add(name);
    // A boundary event fires while its activity runs: the activity's loop variables are there too.
    if (element.attachedToRef) for (const name of localTo(element.attachedToRef)) known.add(name);
    for (const { where, text } of texts) {
      const missing = variablesReadIn(text).filter((name) => !known.has(name));
      if (missing.length === 0) continue;
      problems.push({
        elementId: String(element.id),
        message: `${where} reads ${missing.join(', ')}, which nothing before this step produces (a form field with processVariable, a building block, a decision's result or a start variable)`,
      });
    }
  }
  return problems;
}
