import type { Model } from 'mongoose';
import type { DiagramDeployment, DiagramVersion } from '../../db/models/diagram-version';
import { sha256Hex } from '../../domain/digest';
import { versionId } from '../../domain/ids';
import { recordAudit } from '../../platform/audit/record-audit';
import { EngineError, type EngineClient } from '../engine-client';
import { badRequest, HttpError } from '../http-errors';

/**
 * What deploying a stored version of a flow (process-library.ts) or a decision (decision-library.ts)
 * does alike: a new engine deployment of the version's file, the engine's refusal answered as the
 * version's fault, the deployment recorded against the store's version, and the audit entry.
 */
export interface DiagramDeploy {
  kind: 'process' | 'decision';
  key: string;
  version: number;
  /** The deployment's name in the engine and the file deployed. */
  deploymentName: string;
  file: { name: string; content: string };
  /** Besides a 4xx, an engine 500 whose message matches this is its parser refusing the file. */
  parserRefusal: RegExp;
  /** Where the deployment is recorded (processDeployments, decisionDeployments). */
  deployments: Model<DiagramDeployment>;
  /** The version deployed before this one, if any: deploy when this is newer, roll back when older. */
  previous: { version: number | null; engineVersion: number } | null;
  /** The engine definition's id as the audit entry and the answer name it (definitionId, decisionDefinitionId). */
  idField: 'definitionId' | 'decisionDefinitionId';
  actor: string;
}

export async function deployDiagram(engine: EngineClient, d: DiagramDeploy): Promise<{ kind: 'deploy' | 'rollback'; engineVersion: number; definitionId: string; deployedAt: Date }> {
  const kind: 'deploy' | 'rollback' = d.previous?.version != null && d.version < d.previous.version ? 'rollback' : 'deploy';
  const deployment = await engine.deployNew(d.deploymentName, d.file).catch((error: unknown) => {
    // The engine's parser is the last word on a file: what it refuses is the version's fault, not ours.
    const refused = error instanceof EngineError && ((error.status >= 400 && error.status < 500) || d.parserRefusal.test(error.message));
    if (refused) {
      const reason = error.message.replace(/^\S+ \S+: \d+ /, '').split('\n')[0]!.slice(0, 400);
      throw badRequest('the engine refused this version', [{ field: 'xml', code: 'engine', message: reason }]);
    }
    throw error;
  });
  const definitions = d.kind === 'process' ? deployment.deployedProcessDefinitions : deployment.deployedDecisionDefinitions;
  const definition = Object.values(definitions ?? {}).find((found) => found.key === d.key);
  if (!definition) throw new HttpError(502, `the engine did not deploy the ${d.kind === 'process' ? 'flow' : 'decision'}`);
  const deployedAt = new Date();
  await d.deployments.create({ _id: definition.id, key: d.key, version: d.version, engineVersion: definition.version, kind, deployedAt, deployedBy: d.actor });
  await recordAudit({
    actor: d.actor, action: kind === 'rollback' ? `${d.kind}.rolled-back` : `${d.kind}.deployed`, subject: { type: d.kind, id: versionId(d.key, d.version) },
    details: { key: d.key, version: d.version, engineVersion: definition.version, [d.idField]: definition.id, previousVersion: d.previous?.version ?? null, previousEngineVersion: d.previous?.engineVersion ?? null },
  });
  return { kind, engineVersion: definition.version, definitionId: definition.id, deployedAt };
}

/** The store version whose text is this XML (a definition deployed before deployments were recorded); null when none is. */
export async function versionByDigest(versions: Model<DiagramVersion>, key: string, xml: string): Promise<number | null> {
  const row = await versions.findOne({ key, digest: sha256Hex(xml) }, { version: 1 }).lean();
  return row?.version ?? null;
}

/**
 * The engine's definitions of a key, newest first, each with how it came to be: the store version it
 * was deployed from, by whom and when (as recorded; else the version found by its text, `xmlOf`).
 */
export async function deploymentsOf<D extends { id: string; version: number }>(
  versions: Model<DiagramVersion>, deployments: Model<DiagramDeployment>, key: string, definitions: D[], xmlOf: (definitionId: string) => Promise<string>,
): Promise<Array<{ definition: D; engineVersion: number; version: number | null; kind: DiagramDeployment['kind'] | null; deployedAt: Date | null; deployedBy: string | null }>> {
  const recorded = new Map((await deployments.find({ key }).lean()).map((d) => [d._id, d]));
  const rows = [];
  for (const definition of definitions) {
    const record = recorded.get(definition.id);
    rows.push({
      definition, engineVersion: definition.version,
      version: record?.version ?? await versionByDigest(versions, key, await xmlOf(definition.id)),
      kind: record?.kind ?? null, deployedAt: record?.deployedAt ?? null, deployedBy: record?.deployedBy ?? null,
    });
  }
  return rows;
}
