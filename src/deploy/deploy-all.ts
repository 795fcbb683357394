import { readdir, readFile } from 'node:fs/promises';
import { join, basename, extname } from 'node:path';
import { FormVersionModel } from '../db/models/form-version';
import { PolicyVersionModel } from '../db/models/policy-version';
import type { EngineClient } from '../server/engine-client';
import { saveVersionIfChanged } from './versioned-documents';
import { digestOf } from '../domain/digest';

export const projectRoot = join(__dirname, '..', '..');

async function filesIn(dir: string, extensions: string[]): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => extensions.includes(extname(name))).sort().map((name) => join(dir, name));
}

/** processes/*.bpmn and *.dmn to the engine; the engine keeps only what changed. */
export async function deployProcesses(engine: EngineClient, dir = join(projectRoot, 'processes')): Promise<string[]> {
  const files = await filesIn(dir, ['.bpmn', '.dmn']);
  const resources = await Promise.all(files.map(async (file) => ({ name: basename(file), content: await readFile(file, 'utf8') })));
  const deployment = await engine.deploy('meritflow', resources);
  return Object.keys(deployment.deployedProcessDefinitions ?? {});
}

/** forms/*.json: the file name is the form key; a changed schema becomes a new version. */
export async function deployForms(actor: string, dir = join(projectRoot, 'forms')): Promise<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const file of await filesIn(dir, ['.json'])) {
    const key = basename(file, '.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const { version } = await saveVersionIfChanged(FormVersionModel, key, schema, { schema, createdAt: new Date(), createdBy: actor });
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
  await Promise.all([deployProcesses(engine), deployForms(actor), deployPolicies(actor)]);
}
