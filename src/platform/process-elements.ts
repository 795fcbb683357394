import BpmnModdle from 'bpmn-moddle-cjs';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import type { ElementSummary } from '../domain/process-diff';
import { readModdleXml } from './moddle-xml';

// bpmn-moddle 8 (installed as bpmn-moddle-cjs) and bpmnlint 10: the last lines with CommonJS builds
// (min-dash 4). Their successors are ESM-only, which jest's module registry cannot require.

export interface ParsedDiagram {
  /** The moddle root (bpmn:Definitions), for bpmnlint. */
  definitions: any;
  /** Import warnings: unknown elements, unresolved references. */
  warnings: string[];
  processes: Array<{ id: string; isExecutable: boolean; elements: ElementSummary[] }>;
}

export class DiagramParseError extends Error {
  constructor(message: string, readonly code = 'not-bpmn') {
    super(message);
  }
}

/** Sub-processes inside sub-processes: deeper than this no owner means it, and bpmnlint's walk overflows the stack. */
const MAX_NESTING = 20;

const PROPERTIES = ['formKey', 'assignee', 'candidateGroups', 'candidateUsers', 'type', 'topic', 'dueDate', 'calledElement', 'attachedToRef', 'sourceRef', 'targetRef', 'default', 'cancelActivity', 'isSequential'];

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const v = value as { id?: string; body?: string };
    return v.id ?? v.body ?? '';
  }
  return String(value);
}

function summarize(element: any): ElementSummary {
  const properties: Record<string, string> = {};
  for (const name of PROPERTIES) {
    const value = text(element.get ? element.get(name.includes(':') ? name : (['formKey', 'assignee', 'candidateGroups', 'candidateUsers', 'type', 'topic', 'dueDate'].includes(name) ? `camunda:${name}` : name)) : element[name]);
    if (value) properties[name] = value;
  }
  if (element.conditionExpression) properties.condition = text(element.conditionExpression);
  const loop = element.loopCharacteristics;
  if (loop) properties.multiInstance = `${loop.isSequential ? 'sequential' : 'parallel'} ${text(loop.loopCardinality)}`.trim();
  for (const definition of element.eventDefinitions ?? []) {
    properties.event = definition.$type.replace(/^bpmn:/, '');
    const timer = definition.timeCycle ?? definition.timeDuration ?? definition.timeDate;
    if (timer) properties.timer = text(timer);
    if (definition.messageRef) properties.message = text(definition.messageRef.name ?? definition.messageRef.id);
    if (definition.errorRef) properties.error = text(definition.errorRef.errorCode ?? definition.errorRef.id);
  }
  return { id: element.id, type: String(element.$type).replace(/^bpmn:/, ''), name: element.name ?? '', properties };
}

function flowElementsOf(container: any, into: ElementSummary[], depth = 1): void {
  for (const element of container.flowElements ?? []) {
    into.push(summarize(element));
    if (element.flowElements) {
      if (depth >= MAX_NESTING) throw new DiagramParseError(`${String(element.id).slice(0, 80)}: sub-processes nest deeper than ${MAX_NESTING} levels`, 'too-deep');
      flowElementsOf(element, into, depth + 1);
    }
  }
}

export async function parseDiagram(xml: string): Promise<ParsedDiagram> {
  const moddle = new BpmnModdle({ camunda: camundaDescriptor });
  const result: { rootElement: any; warnings: Array<{ message: string }> } = await readModdleXml(moddle, xml, 'bpmn:Definitions', { what: 'diagram', language: 'BPMN' }, (message, code) => new DiagramParseError(message, code));
  const processes = (result.rootElement.rootElements ?? [])
    .filter((e: any) => e.$type === 'bpmn:Process')
    .map((process: any) => {
      const elements: ElementSummary[] = [];
      flowElementsOf(process, elements);
      return { id: process.id as string, isExecutable: Boolean(process.isExecutable), elements };
    });
  return { definitions: result.rootElement, warnings: result.warnings.map((w) => String(w.message).split('\n')[0]!.slice(0, 300)), processes };
}
