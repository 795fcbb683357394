import { DecisionDeploymentModel } from '../../db/models/decision-deployment';
import { DecisionVersionModel } from '../../db/models/decision-version';
import { DECISION_KEY, recordDecisionVersion } from '../../deploy/decision-versions';
import { latestVersions } from '../../platform/versions';
import { versionId } from '../../domain/ids';
import type { DecisionDeployed, DecisionDeploymentRow, DecisionHistory, DecisionListRow, DiffAgainstRunning, SavedDraft } from '../../domain/api-types';
import { decisionTableElements } from '../../domain/decision-table';
import { diffElements } from '../../domain/process-diff';
import { parseDecisionFile } from './decision-elements';
import { deployDiagram, deploymentsOf, versionByDigest as versionOfText } from './deploy-diagram';
import { type EngineClient, type EngineDecisionDefinition } from '../engine-client';
import { badRequest, busy, HttpError, notFound } from '../http-errors';
import { oneWriterAtATime } from '../../db/document-lock';
import { lintDecision } from './decision-lint';

export { DECISION_KEY };
const DEPLOYMENT_PREFIX = 'meritflow-decisions:';

function versionByDigest(key: string, xml: string): Promise<number | null> {
  return versionOfText(DecisionVersionModel, key, xml);
}

/** The store version an engine definition came from (recorded at deploy; else found by its text). */
async function storeVersionOf(engine: EngineClient, definition: EngineDecisionDefinition): Promise<number | null> {
  const recorded = await DecisionDeploymentModel.findById(definition.id, { version: 1 }).lean();
  return recorded?.version ?? versionByDigest(definition.key, await engine.decisionDefinitionXml(definition.id));
}

/** The engine's newest definition of a decision (what new cases pin) and the store version it came from. */
export async function deployedDecision(engine: EngineClient, key: string): Promise<{ definition: EngineDecisionDefinition; version: number | null } | null> {
  const [definition] = await engine.decisionDefinitions(key, 1);
  if (!definition) return null;
  return { definition, version: await storeVersionOf(engine, definition) };
}

function decisionNameOf(xml: string, key: string): string {
  const name = /<(?:[A-Za-z][\w-]*:)?decision\b[^>]*?\bname="([^"]*)"/.exec(xml)?.[1];
  return name ? name.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') : key;
}

export async function listDecisions(engine: EngineClient): Promise<DecisionListRow[]> {
  const latest = await latestVersions(DecisionVersionModel);
  const rows = [];
  for (const key of Object.keys(latest).sort()) {
    const [row, deployed] = await Promise.all([DecisionVersionModel.findById(versionId(key, latest[key]!), { xml: 1 }).lean(), deployedDecision(engine, key)]);
    rows.push({ key, name: decisionNameOf(row?.xml ?? '', key), latestVersion: latest[key]!, deployedVersion: deployed?.version ?? null, engineVersion: deployed?.definition.version ?? null });
  }
  return rows;
}

/** A decision's versions, newest first, each saying whether it is the deployed one; and its deployments. */
export async function decisionVersions(engine: EngineClient, key: string): Promise<DecisionHistory> {
  const versions = await DecisionVersionModel.find({ key }, { version: 1, origin: 1, note: 1, createdAt: 1, createdBy: 1 }).sort({ version: -1 }).limit(200).lean();
  if (versions.length === 0) throw notFound('decision');
  const definitions = await engine.decisionDefinitions(key, 20);
  const deployments: DecisionDeploymentRow[] = (await deploymentsOf(DecisionVersionModel, DecisionDeploymentModel, key, definitions, (id) => engine.decisionDefinitionXml(id)))
    .map(({ definition, ...row }) => ({ decisionDefinitionId: definition.id, ...row }));
  const deployedVersion = deployments[0]?.version ?? null;
  return {
    key,
    deployedVersion,
    versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, createdBy: v.createdBy, origin: v.origin, note: v.note ?? '', deployed: v.version === deployedVersion })),
    deployments,
  };
}

export async function decisionXml(key: string, version: number): Promise<string> {
  const row = await DecisionVersionModel.findById(versionId(key, version), { xml: 1 }).lean();
  if (!row) throw notFound('decision version');
  return row.xml;
}

async function tableElements(xml: string) {
  const table = (await parseDecisionFile(xml)).decisions[0]?.table;
  return table ? decisionTableElements(table) : [];
}

/** What a version changes against the deployed one (or against nothing): columns and rules added, removed, changed. */
export async function diffAgainstDeployed(engine: EngineClient, key: string, xml: string): Promise<DiffAgainstRunning> {
  const deployed = await deployedDecision(engine, key);
  const before = deployed ? await tableElements(await engine.decisionDefinitionXml(deployed.definition.id)) : [];
  return { against: deployed?.version ?? null, engineVersion: deployed?.definition.version ?? null, diff: diffElements(before, await tableElements(xml)) };
}

/**
 * Saves a draft as a new version after the lint (decision-lint.ts): refused with the reasons, and
 * nothing saved, when it has errors. The same text as an existing version answers that version. Says
 * what it changes against the deployed version.
 */
export function saveDecisionDraft(engine: EngineClient, key: string, xml: string, note: string, actor: string): Promise<SavedDraft> {
  return oneDecisionWriter(key, () => saveDraftNow(engine, key, xml, note, actor));
}

/**
 * Saves and deployments of one decision, one at a time: two saves at once would both find the text
 * new, two deployments the same deployed version.
 */
const oneDecisionWriter = <T>(key: string, work: () => Promise<T>) => oneWriterAtATime(`decision:${key}`, work, () => busy('decision table'));

async function saveDraftNow(engine: EngineClient, key: string, xml: string, note: string, actor: string): Promise<SavedDraft> {
  const report = await lintDecision(key, xml);
  if (report.errors.length > 0) throw badRequest('the decision table has errors; fix them before saving', report.errors.slice(0, 100));
  const { version, created } = await recordDecisionVersion(key, xml, 'owner', actor, note);
  return { key, version, created, warnings: report.warnings, ...(await diffAgainstDeployed(engine, key, xml)) };
}

/**
 * Makes a stored version the engine's newest definition of the decision: a deploy, or a roll back when
 * it is older than the deployed one. Cases that already started keep the engine version they pinned
 * (ReviewCase.decisionVersions); cases started from now on pin this one.
 */
export function deployDecisionVersion(engine: EngineClient, key: string, version: number, actor: string): Promise<DecisionDeployed> {
  return oneDecisionWriter(key, () => deployNow(engine, key, version, actor));
}

async function deployNow(engine: EngineClient, key: string, version: number, actor: string): Promise<DecisionDeployed> {
  const xml = await decisionXml(key, version);
  const report = await lintDecision(key, xml);
  if (report.errors.length > 0) throw badRequest('this version has errors and cannot be deployed', report.errors.slice(0, 100));
  const deployed = await deployedDecision(engine, key);
  if (deployed?.version === version) throw new HttpError(409, `version ${version} is already the deployed version`, [{ field: 'version', code: 'deployed', message: `version ${version} is deployed already` }]);
  const done = await deployDiagram(engine, {
    kind: 'decision', key, version, deploymentName: `${DEPLOYMENT_PREFIX}${key}`, file: { name: `${key}.dmn`, content: xml },
    // A 500 for FEEL it cannot compile is the engine's DMN parser refusing the table too.
    parserRefusal: /DMN-|FEEL|Error while parsing|Could not parse/, deployments: DecisionDeploymentModel,
    previous: deployed ? { version: deployed.version, engineVersion: deployed.definition.version } : null, idField: 'decisionDefinitionId', actor,
  });
  return { key, version, kind: done.kind, engineVersion: done.engineVersion, decisionDefinitionId: done.definitionId, deployedAt: done.deployedAt };
}
