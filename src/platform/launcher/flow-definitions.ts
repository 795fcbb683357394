import { flowStartRules, mayStartFlow, startLintProblems, type DiagramStartAttributes, type FlowStartRules, type SubjectType } from '../../domain/flow-starters';
import { TtlCache } from '../../lib/ttl-cache';
import type { CurrentUser } from '../current-user';
import type { EngineClient, EngineProcessDefinition } from '../engine-client';
import { badRequest, HttpError, notFound } from '../http-errors';
import { translate, type Locale } from '../i18n';
import { parseDiagram, type ParsedDiagram } from '../process-elements';
import { ROLES } from '../../db/models/person';

/** A deployed flow version someone may start, with what its diagram says about starting it. */
export interface LaunchableFlow {
  key: string;
  /** The process's `name` in the diagram, null when it has none. */
  processName: string | null;
  version: number;
  definitionId: string;
  subjectType: SubjectType;
}

const PROCESS_VERSION = /^[1-9]\d{0,5}$/;
export const FLOW_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

// A deployed definition never changes, so its rules are read from the engine once per definition
// (the TTL only bounds memory: definitions of flows nobody launches any more fall out).
const rulesByDefinition = new TtlCache<Promise<FlowStartRules>>(60 * 60_000, 2_000);

/** The diagram's starter attributes and subject type, read from the deployed XML of this version. */
export function startRulesOf(engine: EngineClient, definition: EngineProcessDefinition): Promise<FlowStartRules> {
  const cached = rulesByDefinition.get(definition.id);
  if (cached) return cached;
  const reading = (async () => {
    const { definitions } = await parseDiagram(await engine.processDefinitionXml(definition.id));
    const process = (definitions.rootElements ?? []).find((element: any) => element.$type === 'bpmn:Process' && element.id === definition.key);
    return flowStartRules(process ? diagramStartAttributes(process) : { subjectType: 'missing process' });
  })();
  rulesByDefinition.set(definition.id, reading);
  reading.catch(() => rulesByDefinition.delete(definition.id));
  return reading;
}

/** The starter attributes and the subjectType property of a process (a bpmn-moddle element with the camunda extension). */
export function diagramStartAttributes(process: any): DiagramStartAttributes {
  const properties = (process.extensionElements?.values ?? [])
    .filter((value: any) => value.$type === 'camunda:Properties')
    .flatMap((value: any) => value.values ?? []) as Array<{ name?: string; value?: string }>;
  return {
    candidateStarterGroups: process.get('camunda:candidateStarterGroups'),
    candidateStarterUsers: process.get('camunda:candidateStarterUsers'),
    subjectType: properties.find((p) => p.name === 'subjectType')?.value ?? null,
  };
}

/** The modeler lint's checks of who starts a flow and for whom (flow-starters.ts), on the parsed diagram. */
export function lintStarting(key: string, diagram: ParsedDiagram, report: (level: 'error' | 'warning', code: string, message: string) => void): void {
  const process = (diagram.definitions.rootElements ?? []).find((element: any) => element.$type === 'bpmn:Process' && element.id === key);
  if (!process) return;
  const { errors, warnings } = startLintProblems(diagramStartAttributes(process), ROLES);
  for (const e of errors) report('error', e.code, e.message);
  for (const w of warnings) report('warning', w.code, w.message);
}

const launchable = (definition: EngineProcessDefinition, rules: FlowStartRules): LaunchableFlow => ({
  key: definition.key, processName: definition.name, version: definition.version, definitionId: definition.id, subjectType: rules.subjectType,
});

/** The flows this person may start: the newest version of each deployed flow whose diagram names them or one of their roles. */
export async function flowsStartableBy(engine: EngineClient, user: CurrentUser): Promise<LaunchableFlow[]> {
  const definitions = await engine.latestProcessDefinitions();
  const rules = await Promise.all(definitions.map((definition) => startRulesOf(engine, definition)));
  return definitions.flatMap((definition, i) => (mayStartFlow(rules[i]!, user) ? [launchable(definition, rules[i]!)] : []));
}

/**
 * The version of a flow a launch starts (the newest, or the one asked for), once the person may
 * start it: the starters are read from that very version. A flow that is not deployed and one the
 * person may not start answer the same 404; a version that is not deployed is a 400 only for
 * someone who may start the flow's newest version.
 */
export async function flowToStart(engine: EngineClient, key: string, processVersion: string | undefined, user: CurrentUser, options: { routeChecked?: boolean } = {}): Promise<LaunchableFlow> {
  // A business route that checked the person's role itself (the review, calibration and bonus-round
  // routes) lets a version that names no starter at all through: an owner's copy of a shipped flow
  // deployed before flows named their starters would otherwise stop those routes after an upgrade.
  const may = (rules: FlowStartRules) => mayStartFlow(rules, user) || (options.routeChecked === true && rules.problems.length === 0 && rules.starterGroups.length + rules.starterUsers.length === 0);
  if (processVersion !== undefined && !PROCESS_VERSION.test(processVersion)) {
    throw badRequest('the launch is not valid', [{ field: 'processVersion', code: 'pattern', message: 'processVersion is a deployed version number' }]);
  }
  const definitions = FLOW_KEY.test(key) ? await engine.processDefinitions(key, processVersion === undefined ? 1 : 1000) : [];
  const newest = definitions[0];
  if (!newest) throw notFound('flow');
  const chosen = processVersion === undefined ? newest : definitions.find((d) => d.version === Number(processVersion));
  if (!chosen) {
    if (!may(await startRulesOf(engine, newest))) throw notFound('flow');
    throw badRequest('no such version', [{ field: 'processVersion', code: 'unknown', message: `version ${processVersion} of ${key} is not deployed` }]);
  }
  const rules = await startRulesOf(engine, chosen);
  if (!may(rules)) throw notFound('flow');
  return launchable(chosen, rules);
}

/**
 * The newest version of a flow for a business route that decides itself who starts it (an HRBP's
 * calibration of a unit they partner); 409 when the flow is not deployed, as those routes answered.
 */
export async function newestFlow(engine: EngineClient, key: string): Promise<LaunchableFlow> {
  const [newest] = await engine.processDefinitions(key, 1);
  if (!newest) throw new HttpError(409, `the ${key} flow is not deployed`);
  return launchable(newest, await startRulesOf(engine, newest));
}

/** A flow's name in the reader's language: a shipped flow's translated name, else the diagram's process name, else its key. */
export function flowDisplayName(locale: Locale, key: string, processName: string | null): string {
  const messageKey = `modeler.flow.${key}`;
  const shipped = translate(locale, messageKey);
  return shipped !== messageKey ? shipped : processName || key;
}
