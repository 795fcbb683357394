import { readdir, readFile } from 'node:fs/promises';
import { join, basename, extname } from 'node:path';
import { FormVersionModel } from '../db/models/form-version';
import { PolicyVersionModel } from '../db/models/policy-version';
import type { DeploymentResource, EngineClient } from '../platform/engine-client';
import { ProcessDeploymentModel } from '../db/models/process-deployment';
import { ownerHasDeployed, processKeyOf, recordProcessVersion } from './process-versions';
import { DecisionDeploymentModel } from '../db/models/decision-deployment';
import { decisionKeyOf, ownerHasDeployedDecision, recordDecisionVersion } from './decision-versions';
import { saveVersionIfChanged } from '../platform/versions';
import { digestOf } from '../domain/digest';
import { recordShippedDeployments } from './diagram-versions';

export const projectRoot = join(__dirname, '..', '..');

async function filesIn(dir: string, extensions: string[]): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => extensions.includes(extname(name))).sort().map((name) => join(dir, name));
}

/**
 * processes/*.bpmn and *.dmn to the engine; the engine keeps only what changed.
 *
 * The shipped files and the modeler: each shipped flow is kept in the store as a version (origin
 * "shipped", once per distinct text). It is deployed only while no process owner has deployed that
 * flow from the modeler; after that the owner's deployments decide what runs, and a changed shipped
 * file waits in the store as a version the owner can look at, compare and deploy. So a restart never
 * puts a shipped file over an owner's flow. Decision tables (*.dmn, one decision per file, its id the
 * key) follow the same rule against owners' deployments through /api/decisions.
 */
export async function deployProcesses(engine: EngineClient, dir = join(projectRoot, 'processes'), actor = 'system'): Promise<string[]> {
  const files = await filesIn(dir, ['.bpmn', '.dmn']);
  const resources: DeploymentResource[] = [];
  const storeVersions = new Map<string, number>();
  const decisionStoreVersions = new Map<string, number>();
  for (const file of files) {
    const content = await readFile(file, 'utf8');
    const key = file.endsWith('.bpmn') ? processKeyOf(content) : null;
    const decisionKey = file.endsWith('.dmn') ? decisionKeyOf(content) : null;
    if (decisionKey) {
      const { version } = await recordDecisionVersion(decisionKey, content, 'shipped', actor);
      if (await ownerHasDeployedDecision(decisionKey)) {
        console.warn(`${basename(file)} is not deployed: a process owner deploys ${decisionKey} through /api/decisions (the file is version ${version} there)`);
        continue;
      }
      decisionStoreVersions.set(decisionKey, version);
    }
    if (key) {
      const { version } = await recordProcessVersion(key, content, 'shipped', actor);
      if (await ownerHasDeployed(key)) {
        console.warn(`${basename(file)} is not deployed: a process owner deploys ${key} from the modeler (the file is version ${version} there)`);
        continue;
      }
      storeVersions.set(key, version);
    }
    resources.push({ name: basename(file), content });
  }
  if (resources.length === 0) return [];
  const deployment = await engine.deploy('meritflow', resources);
  type Definition = { id: string; key: string; version: number };
  await recordShippedDeployments(ProcessDeploymentModel, Object.values(deployment.deployedProcessDefinitions ?? {}) as Definition[], storeVersions, actor);
  await recordShippedDeployments(DecisionDeploymentModel, Object.values(deployment.deployedDecisionDefinitions ?? {}) as Definition[], decisionStoreVersions, actor);
  return Object.keys(deployment.deployedProcessDefinitions ?? {});
}

/** forms/*.json: the file name is the form key; a changed schema becomes a new version. */
export async function deployForms(actor: string, dir = join(projectRoot, 'forms')): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const file of await filesIn(dir, ['.json'])) {
    const key = basename(file, '.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    // Once a process owner has built a version of this form, the builder decides its newest version:
    // a restart must not put the shipped file back on top (new cases would pin it).
    const ownerMade = await FormVersionModel.findOne({ key, origin: 'owner' }, { _id: 1 }).lean();
    if (ownerMade) {
      const latest = await FormVersionModel.findOne({ key }, { version: 1 }).sort({ version: -1 }).lean();
      if (latest) { versions[key] = latest.version; continue; }
    }
    const { version } = await saveVersionIfChanged(FormVersionModel, key, schema, { schema, createdAt: new Date(), createdBy: actor, origin: 'shipped' });
    versions[key] = version;
  }
  return versions;
}

/**
 * policies/*.json: { key, effectiveFrom, body }. A file becomes a new version only when the file
 * itself changed since it was last deployed (a release that ships new defaults), never merely
 * because the store's latest version differs from it: that is a process owner's edit in the policy
 * editor, and a restart must not undo it. A changed file still becomes the newest version (the
 * audit log and the version list show it), so a release that changes a default supersedes an edit.
 */
export async function deployPolicies(actor: string, dir = join(projectRoot, 'policies')): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const file of await filesIn(dir, ['.json'])) {
    const policy = JSON.parse(await readFile(file, 'utf8')) as { key: string; effectiveFrom: string; body: Record<string, unknown> };
    const content = { effectiveFrom: policy.effectiveFrom, body: policy.body };
    const stored = await PolicyVersionModel.find({ key: policy.key }, { version: 1, digest: 1, source: 1 }).sort({ version: -1 }).lean();
    const lastFromFile = stored.find((v) => v.source !== 'editor');
    if (lastFromFile && lastFromFile.digest === digestOf(content)) {
      versions[policy.key] = stored[0]!.version;
      continue;
    }
    const { version } = await saveVersionIfChanged(PolicyVersionModel, policy.key, content, {
      effectiveFrom: new Date(policy.effectiveFrom), body: policy.body, createdAt: new Date(), createdBy: actor, source: 'file',
    });
    versions[policy.key] = version;
  }
  return versions;
}

export async function deployAll(engine: EngineClient, actor = 'system'): Promise<void> {
  await Promise.all([deployProcesses(engine, undefined, actor), deployForms(actor), deployPolicies(actor)]);
}
