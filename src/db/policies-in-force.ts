import { PolicyVersionModel, type PolicyVersion } from './models/policy-version';
import { versionInForce, type DatedVersion } from '../domain/policy-in-force';
import { versionId } from '../domain/ids';
import { isRetiredPolicy } from '../domain/retired-policies';

/** The version in force of every policy (see domain/policy-in-force.ts): what a new case pins. */
export async function policyVersionsInForce(now = new Date()): Promise<Record<string, number>> {
  const rows = await PolicyVersionModel.find({}, { key: 1, version: 1, effectiveFrom: 1 }).lean<Array<DatedVersion & { key: string }>>();
  const byKey = new Map<string, DatedVersion[]>();
  for (const row of rows) if (!isRetiredPolicy(row.key)) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const out: Record<string, number> = {};
  for (const [key, versions] of byKey) out[key] = versionInForce(versions, now)!;
  return out;
}

/** The version in force of one policy, body included; null when it was never deployed. */
export async function policyInForce(key: string, now = new Date()): Promise<PolicyVersion | null> {
  const rows = await PolicyVersionModel.find({ key }, { version: 1, effectiveFrom: 1 }).lean<DatedVersion[]>();
  const version = versionInForce(rows, now);
  if (version === undefined) return null;
  return PolicyVersionModel.findById(versionId(key, version)).lean<PolicyVersion>();
}
