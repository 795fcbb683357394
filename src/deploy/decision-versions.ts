import { DecisionVersionModel, type DecisionVersion } from '../db/models/decision-version';
import { DecisionDeploymentModel } from '../db/models/decision-deployment';
import { sha256Hex } from '../domain/digest';
import { recordAudit } from '../platform/audit/record-audit';
import { versionId } from '../domain/ids';

/** A decision's key: its id in the DMN file (one decision per file). */
export const DECISION_KEY = /^[a-z][a-z0-9-]{0,59}$/;

/** The id of the first decision in a DMN file: the decision's key. */
export function decisionKeyOf(xml: string): string | null {
  return /<(?:[A-Za-z][\w-]*:)?decision\b[^>]*?\bid="([^"]+)"/.exec(xml)?.[1] ?? null;
}

/**
 * Stores a decision's XML as a new immutable version unless the same text is already a version of
 * that key (then that version is returned). Shipped files and owners' drafts share one numbering.
 */
export async function recordDecisionVersion(key: string, xml: string, origin: DecisionVersion['origin'], actor: string, note = ''): Promise<{ version: number; created: boolean }> {
  const digest = sha256Hex(xml);
  const same = await DecisionVersionModel.findOne({ key, digest }, { version: 1 }).lean();
  if (same) return { version: same.version, created: false };
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await DecisionVersionModel.findOne({ key }, { version: 1 }).sort({ version: -1 }).lean();
    const version = (latest?.version ?? 0) + 1;
    try {
      await DecisionVersionModel.create({ _id: versionId(key, version), key, version, digest, xml, origin, note, createdAt: new Date(), createdBy: actor });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) continue;
      throw error;
    }
    await recordAudit({ actor, action: 'decision.version-saved', subject: { type: 'decision', id: versionId(key, version) }, details: { key, version, origin, digest, note, previousVersion: latest?.version ?? null } });
    return { version, created: true };
  }
  throw new Error(`could not save a new version of decision ${key}: too many concurrent writers`);
}

/** Whether a process owner has deployed this decision through the API (then the shipped file no longer is). */
export async function ownerHasDeployedDecision(key: string): Promise<boolean> {
  return Boolean(await DecisionDeploymentModel.exists({ key, kind: { $in: ['deploy', 'rollback'] } }));
}
