import { ProcessVersionModel, type ProcessVersion } from '../db/models/process-version';
import { ProcessDeploymentModel } from '../db/models/process-deployment';
import { sha256Hex } from '../domain/digest';
import { recordAudit } from '../platform/audit/record-audit';
import { versionId } from '../domain/ids';

/** The id of the (first) executable process in a BPMN file: the flow's key. */
export function processKeyOf(xml: string): string | null {
  return /<(?:bpmn2?:)?process\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1] ?? null;
}

/**
 * Stores a flow's XML as a new immutable version unless the same text is already a version of that
 * key (then that version is returned). Shipped files and owners' drafts share one numbering.
 */
export async function recordProcessVersion(key: string, xml: string, origin: ProcessVersion['origin'], actor: string, note = ''): Promise<{ version: number; created: boolean }> {
  const digest = sha256Hex(xml);
  const same = await ProcessVersionModel.findOne({ key, digest }, { version: 1 }).lean();
  if (same) return { version: same.version, created: false };
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await ProcessVersionModel.findOne({ key }, { version: 1 }).sort({ version: -1 }).lean();
    const version = (latest?.version ?? 0) + 1;
    try {
      await ProcessVersionModel.create({ _id: versionId(key, version), key, version, digest, xml, origin, note, createdAt: new Date(), createdBy: actor });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) continue;
      throw error;
    }
    await recordAudit({ actor, action: 'process.version-saved', subject: { type: 'process', id: versionId(key, version) }, details: { key, version, origin, digest, note, previousVersion: latest?.version ?? null } });
    return { version, created: true };
  }
  throw new Error(`could not save a new version of ${key}: too many concurrent writers`);
}

/** Whether a process owner has deployed this flow from the modeler (then the shipped file no longer is). */
export async function ownerHasDeployed(key: string): Promise<boolean> {
  return Boolean(await ProcessDeploymentModel.exists({ key, kind: { $in: ['deploy', 'rollback'] } }));
}
