import type { Model } from 'mongoose';
import type { DiagramDeployment, DiagramVersion } from '../db/models/diagram-version';
import { sha256Hex } from '../domain/digest';
import { versionId } from '../domain/ids';
import { recordAudit } from '../platform/audit/record-audit';
import { isDuplicateKey } from '../db/duplicate-key';

/**
 * Stores a diagram's XML as a new immutable version unless the same text is already a version of that
 * key (then that version is returned). Shipped files and owners' drafts share one numbering. `kind`
 * names the diagram in the audit trail (`process.version-saved`, `decision.version-saved`) and in the
 * error when too many writers race for the next number.
 */
export async function recordDiagramVersion(model: Model<DiagramVersion>, kind: 'process' | 'decision', key: string, xml: string, origin: DiagramVersion['origin'], actor: string, note = ''): Promise<{ version: number; created: boolean }> {
  const digest = sha256Hex(xml);
  const same = await model.findOne({ key, digest }, { version: 1 }).lean();
  if (same) return { version: same.version, created: false };
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await model.findOne({ key }, { version: 1 }).sort({ version: -1 }).lean();
    const version = (latest?.version ?? 0) + 1;
    try {
      await model.create({ _id: versionId(key, version), key, version, digest, xml, origin, note, createdAt: new Date(), createdBy: actor });
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    await recordAudit({ actor, action: `${kind}.version-saved`, subject: { type: kind, id: versionId(key, version) }, details: { key, version, origin, digest, note, previousVersion: latest?.version ?? null } });
    return { version, created: true };
  }
  throw new Error(`could not save a new version of ${kind === 'decision' ? 'decision ' : ''}${key}: too many concurrent writers`);
}

/** Whether a process owner has deployed this diagram through the modeler or the API (then the shipped file no longer is). */
export async function ownerHasDeployedDiagram(deployments: Model<DiagramDeployment>, key: string): Promise<boolean> {
  return Boolean(await deployments.exists({ key, kind: { $in: ['deploy', 'rollback'] } }));
}

/**
 * Records the shipped files' new engine definitions against the store's versions they came from (a
 * definition whose key has no store version here is not ours to record). A restart that deploys
 * nothing new finds them recorded and changes nothing.
 */
export async function recordShippedDeployments(deployments: Model<DiagramDeployment>, definitions: Array<{ id: string; key: string; version: number }>, storeVersions: Map<string, number>, actor: string): Promise<void> {
  for (const definition of definitions) {
    const version = storeVersions.get(definition.key);
    if (version === undefined) continue;
    await deployments.updateOne({ _id: definition.id }, { $setOnInsert: {
      key: definition.key, version, engineVersion: definition.version, kind: 'shipped', deployedAt: new Date(), deployedBy: actor,
    } }, { upsert: true });
  }
}
