import BpmnModdle from 'bpmn-moddle-cjs';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import { latestVersions } from '../../platform/versions';
import { ProcessVersionModel } from '../../db/models/process-version';
import type { EngineClient } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest, HttpError } from '../http-errors';
import { DiagramParseError, parseDiagram } from '../../platform/process-elements';
import { oneFlowWriter, processXml, runningVersion, saveDraftNow } from './process-library';

/**
 * A new flow under a key nothing has yet: blank (a start and an end event), a copy of another flow,
 * or a .bpmn file. Each is then saved as version 1 through saveDraft, so the server's lint decides
 * as it does for every other save.
 */

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The names a blank flow's two events get, in the owner's language. */
export interface BlankNames { flow: string; start: string; end: string }

/** Start → end, executable, laid out so the modeler shows it at once. */
export function blankFlowXml(key: string, names: BlankNames): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}-definitions" targetNamespace="https://meritflow.example/processes">
  <bpmn:process id="${key}" name="${escapeXml(names.flow)}" isExecutable="true" camunda:historyTimeToLive="P3650D">
    <bpmn:startEvent id="started" name="${escapeXml(names.start)}">
      <bpmn:outgoing>toFinished</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:endEvent id="finished" name="${escapeXml(names.end)}">
      <bpmn:incoming>toFinished</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="toFinished" sourceRef="started" targetRef="finished" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="${key}-diagram">
    <bpmndi:BPMNPlane id="${key}-plane" bpmnElement="${key}">
      <bpmndi:BPMNShape id="started_di" bpmnElement="started">
        <dc:Bounds x="182" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="170" y="145" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="finished_di" bpmnElement="finished">
        <dc:Bounds x="482" y="102" width="36" height="36" />
        <bpmndi:BPMNLabel><dc:Bounds x="470" y="145" width="60" height="14" /></bpmndi:BPMNLabel>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="toFinished_di" bpmnElement="toFinished">
        <di:waypoint x="218" y="120" />
        <di:waypoint x="482" y="120" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** The only process of a diagram, or a 400 that says why there is not exactly one. */
async function onlyProcess(xml: string): Promise<{ definitions: any; process: any }> {
  let parsed;
  try {
    parsed = await parseDiagram(xml);
  } catch (error) {
    if (error instanceof DiagramParseError) throw badRequest('the file is not a BPMN flow', [{ field: 'xml', code: error.code, message: error.message }]);
    throw error;
  }
  const processes = (parsed.definitions.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process');
  if (processes.length !== 1) throw badRequest('the file is not one BPMN flow', [{ field: 'xml', code: 'one-process', message: `a flow file holds exactly one process; this one holds ${processes.length}` }]);
  return { definitions: parsed.definitions, process: processes[0] };
}

/** The id of a file's only process: an imported file's key when the owner types none. */
export async function processIdOf(xml: string): Promise<string> {
  return String((await onlyProcess(xml)).process.id ?? '');
}

/**
 * The same diagram with its process under another id (and name, when given). Through the moddle,
 * not a text replace: the diagram's plane and a pool point at the process object and follow it,
 * while a step that happens to share the old id's text stays as it was.
 */
export async function renameProcess(xml: string, key: string, name?: string): Promise<string> {
  const { definitions, process } = await onlyProcess(xml);
  process.id = key;
  if (name) process.name = name;
  const moddle = new BpmnModdle({ camunda: camundaDescriptor });
  const { xml: renamed } = await moddle.toXML(definitions, { format: true });
  return renamed;
}

/**
 * A key no flow has, in the store or the engine. Keys differing only in case are refused too: two
 * flows called "Appeal" and "appeal" would be told apart by nobody.
 */
export async function assertFlowKeyFree(engine: EngineClient, key: string): Promise<void> {
  const taken = Object.keys(await latestVersions(ProcessVersionModel)).find((k) => k.toLowerCase() === key.toLowerCase());
  if (taken || (await engine.processDefinitions(key)).length > 0) {
    const problem: FieldProblem = { field: 'key', code: 'taken', message: `a flow ${taken ?? key} exists already; choose another key` };
    throw new HttpError(409, 'that key is taken', [problem]);
  }
}

export type NewFlowSource =
  | { kind: 'blank'; names: BlankNames }
  | { kind: 'copy'; from: string; name?: string }
  | { kind: 'import'; xml: string; name?: string };

/** The version a copy starts from: the one running, or the newest when none runs. */
async function copySourceXml(engine: EngineClient, from: string): Promise<string> {
  const latest = (await latestVersions(ProcessVersionModel))[from];
  if (!latest) throw badRequest('the request is not valid', [{ field: 'copyOf', code: 'unknown', message: `there is no flow ${from.slice(0, 60)} to copy` }]);
  const running = await runningVersion(engine, from);
  return processXml(from, running?.version ?? latest);
}

/** Creates version 1 of a new flow; the lint refuses it as it refuses any draft. */
export function createFlow(engine: EngineClient, key: string, source: NewFlowSource, note: string, actor: string) {
  // Two creations of one key at once would both find it free.
  return oneFlowWriter(key, () => createFlowNow(engine, key, source, note, actor));
}

async function createFlowNow(engine: EngineClient, key: string, source: NewFlowSource, note: string, actor: string) {
  await assertFlowKeyFree(engine, key);
  let xml: string;
  if (source.kind === 'blank') xml = blankFlowXml(key, source.names);
  else if (source.kind === 'copy') xml = await renameProcess(await copySourceXml(engine, source.from), key, source.name);
  else {
    const fileKey = await processIdOf(source.xml);
    xml = fileKey === key && !source.name ? source.xml : await renameProcess(source.xml, key, source.name);
  }
  return saveDraftNow(engine, key, xml, note, actor);
}

/** The process's name as written in a flow's file (a new flow's own name), or null. */
export function processNameOf(xml: string): string | null {
  const raw = /<(?:[A-Za-z0-9_-]+:)?process\b[^>]*?\sname="([^"]*)"/.exec(xml)?.[1];
  if (!raw) return null;
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
}
