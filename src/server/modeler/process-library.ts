import { FormVersionModel } from '../../db/models/form-version';
import { ProcessDeploymentModel } from '../../db/models/process-deployment';
import { ProcessVersionModel } from '../../db/models/process-version';
import { latestVersions } from '../../platform/versions';
import { versionId } from '../../domain/ids';
import { recordProcessVersion } from '../../deploy/process-versions';
import type { DiffAgainstRunning, ProcessDeployed, ProcessDeploymentRow, ProcessHistory, ProcessListRow, SavedDraft } from '../../domain/api-types';
import { diffElements } from '../../domain/process-diff';
import { formVariables } from '../../domain/form-variables';
import { type EngineClient, type EngineProcessDefinition } from '../engine-client';
import type { FieldProblem } from '../forms/validate-submission';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { lintProcess } from './process-lint';
import { deployDiagram, deploymentsOf, versionByDigest as versionOfText } from './deploy-diagram';
import { parseDiagram } from '../../platform/process-elements';

export const PROCESS_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;
const DEPLOYMENT_PREFIX = 'meritflow-modeler:';

function versionByDigest(key: string, xml: string): Promise<number | null> {
  return versionOfText(ProcessVersionModel, key, xml);
}

/** The engine's newest definition of a key and the store version it came from. */
export async function runningVersion(engine: EngineClient, key: string): Promise<{ definition: EngineProcessDefinition; version: number | null } | null> {
  const [definition] = await engine.processDefinitions(key);
  if (!definition) return null;
  const recorded = await ProcessDeploymentModel.findById(definition.id, { version: 1 }).lean();
  return { definition, version: recorded?.version ?? await versionByDigest(key, await engine.processDefinitionXml(definition.id)) };
}

export async function listProcesses(engine: EngineClient): Promise<ProcessListRow[]> {
  const latest = await latestVersions(ProcessVersionModel);
  const rows = [];
  for (const key of Object.keys(latest).sort()) {
    const running = await runningVersion(engine, key);
    rows.push({ key, latestVersion: latest[key]!, runningVersion: running?.version ?? null, engineVersion: running?.definition.version ?? null });
  }
  return rows;
}

export async function processVersions(engine: EngineClient, key: string): Promise<ProcessHistory> {
  const versions = await ProcessVersionModel.find({ key }, { version: 1, origin: 1, note: 1, createdAt: 1, createdBy: 1 }).sort({ version: -1 }).limit(200).lean();
  if (versions.length === 0) throw notFound('process');
  const definitions = (await engine.processDefinitions(key)).slice(0, 20);
  const deployments: ProcessDeploymentRow[] = [];
  for (const { definition, ...row } of await deploymentsOf(ProcessVersionModel, ProcessDeploymentModel, key, definitions, (id) => engine.processDefinitionXml(id))) {
    deployments.push({ definitionId: definition.id, ...row, runningCases: await engine.runningInstanceCount(definition.id) });
  }
  return {
    key,
    versions: versions.map((v) => ({ version: v.version, origin: v.origin, note: v.note ?? '', createdAt: v.createdAt, createdBy: v.createdBy })),
    deployments,
    runningVersion: deployments[0]?.version ?? null,
  };
}

export async function processXml(key: string, version: number): Promise<string> {
  const row = await ProcessVersionModel.findById(versionId(key, version), { xml: 1 }).lean();
  if (!row) throw notFound('process version');
  return row.xml;
}

/** The forms in the store, each with the process variables its latest version sets (for the lint). */
async function formKeys(): Promise<Map<string, string[]>> {
  const latest = await latestVersions(FormVersionModel);
  const schemas = await FormVersionModel.find({ _id: { $in: Object.entries(latest).map(([key, version]) => versionId(key, version)) } }, { key: 1, schema: 1 }).lean();
  return new Map(schemas.map((form) => [form.key, formVariables(form.schema).map((v) => v.name)]));
}

/** What a version changes against the running one (or against nothing, when none runs). */
export async function diffAgainstRunning(engine: EngineClient, key: string, xml: string): Promise<DiffAgainstRunning> {
  const running = await runningVersion(engine, key);
  const before = running ? await parseDiagram(await engine.processDefinitionXml(running.definition.id)) : null;
  const after = await parseDiagram(xml);
  const elementsOf = (d: typeof after | null) => d?.processes.find((p) => p.id === key)?.elements ?? [];
  return { against: running?.version ?? null, engineVersion: running?.definition.version ?? null, diff: diffElements(elementsOf(before), elementsOf(after)) };
}

/**
 * Saves a draft as a new version after the server's own lint (refused with the element-level
 * reasons when it has errors), and says what it changes against the running version.
 */
export function saveDraft(engine: EngineClient, key: string, xml: string, note: string, actor: string): Promise<SavedDraft> {
  return oneFlowWriter(key, () => saveDraftNow(engine, key, xml, note, actor));
}

/**
 * Saves and deployments of one flow, one at a time: two saves at once would both find the same
 * latest version to compare with, two deployments the same running version.
 */
export const oneFlowWriter = <T>(key: string, work: () => Promise<T>) => oneWriterAtATime(`process:${key}`, work, () => busy('flow'));

/** saveDraft for a caller that holds the flow's writer already (a new flow). */
export async function saveDraftNow(engine: EngineClient, key: string, xml: string, note: string, actor: string): Promise<SavedDraft> {
  const report = await lintProcess(key, xml, await formKeys());
  if (report.errors.length > 0) throw badRequest('the flow has errors; fix them before saving', report.errors.slice(0, 100));
  const { version, created } = await recordProcessVersion(key, xml, 'owner', actor, note);
  return { key, version, created, warnings: report.warnings, ...(await diffAgainstRunning(engine, key, xml)) };
}

/**
 * Makes a stored version the engine's newest definition: a deploy, or a roll back when it is older
 * than the version running now. Running cases stay on the definition they started with.
 */
export function deployVersion(engine: EngineClient, key: string, version: number, actor: string): Promise<ProcessDeployed> {
  return oneFlowWriter(key, () => deployVersionNow(engine, key, version, actor));
}

async function deployVersionNow(engine: EngineClient, key: string, version: number, actor: string): Promise<ProcessDeployed> {
  const xml = await processXml(key, version);
  const report = await lintProcess(key, xml, await formKeys());
  if (report.errors.length > 0) throw badRequest('this version has errors and cannot be deployed', report.errors.slice(0, 100));
  const running = await runningVersion(engine, key);
  if (running?.version === version) throw new HttpError(409, `version ${version} is already the running version`, [{ field: 'version', code: 'running', message: `version ${version} runs already` }]);
  const done = await deployDiagram(engine, {
    kind: 'process', key, version, deploymentName: `${DEPLOYMENT_PREFIX}${key}`, file: { name: `${key}.bpmn`, content: xml },
    // A 500 for an expression it cannot parse (ENGINE-01009) is its parser refusing the flow; any other 500 stays ours.
    parserRefusal: /ENGINE-01009|ENGINE-09005|Error while parsing|Could not parse/, deployments: ProcessDeploymentModel,
    previous: running ? { version: running.version, engineVersion: running.definition.version } : null, idField: 'definitionId', actor,
  });
  return { key, version, kind: done.kind, engineVersion: done.engineVersion, definitionId: done.definitionId, deployedAt: done.deployedAt };
}

export function readVersionNumber(value: unknown, field = 'version'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1_000_000) return value;
  const problem: FieldProblem = { field, code: 'type', message: `${field} must be a whole number from 1` };
  throw badRequest('the request is not valid', [problem]);
}
