import type { Model } from 'mongoose';
import { digestOf } from '../domain/digest';
import { recordAudit } from './audit/record-audit';
import { versionId } from '../domain/ids';
import { isDuplicateKey } from '../db/duplicate-key';

interface Versioned {
  _id: string;
  key: string;
  version: number;
  digest: string;
}

/**
 * Adds a new version of a document when its content differs from the latest one; otherwise keeps
 * the latest. Versions are never changed in place, so a running case keeps what it pinned.
 */
export async function saveVersionIfChanged<T extends Versioned>(
  model: Model<T>,
  key: string,
  content: unknown,
  fields: Omit<T, '_id' | 'key' | 'version' | 'digest'>,
): Promise<{ version: number; created: boolean }> {
  const digest = digestOf(content);
  for (let attempt = 0; attempt < 5; attempt++) {
    const latest = await model.findOne({ key }).sort({ version: -1 }).lean<Versioned>();
    if (latest?.digest === digest) return { version: latest.version, created: false };
    const version = (latest?.version ?? 0) + 1;
    try {
      await model.create({ ...fields, _id: versionId(key, version), key, version, digest });
      await recordAudit({
        actor: (fields as { createdBy?: string }).createdBy ?? 'system', action: `${model.modelName}.created`,
        subject: { type: model.modelName, id: versionId(key, version) }, after: content, details: { previousVersion: latest?.version ?? null },
      });
      return { version, created: true };
    } catch (error) {
      // Another deploy took this version number at the same moment: look again.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error(`could not save a new version of ${key}: too many concurrent writers`);
}


/** The latest version number of every key in a versioned collection. */
export async function latestVersions(model: Model<any>): Promise<Record<string, number>> {
  const rows = await model.find({}, { key: 1, version: 1 }).sort({ key: 1, version: -1 }).lean<Versioned[]>();
  const latest: Record<string, number> = {};
  for (const row of rows) latest[row.key] ??= row.version;
  return latest;
}
