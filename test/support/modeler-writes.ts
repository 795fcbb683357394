import { loadConfig } from '../../src/server/config';
import { AuditEntryModel } from '../../src/db/models/audit-entry';
import { FormVersionModel } from '../../src/db/models/form-version';
import { ProcessDeploymentModel } from '../../src/db/models/process-deployment';
import { ProcessVersionModel } from '../../src/db/models/process-version';

/** The audit actions of the modeler's and the builder's writes. */
export const MODELER_WRITES = ['process.version-saved', 'process.deployed', 'process.rolled-back', 'FormVersion.created'];

/** The engine's own count of deployments, read from its REST API as an operator would. */
export async function engineDeployments(): Promise<number> {
  const config = loadConfig();
  const headers: Record<string, string> = config.engineUser ? { authorization: `Basic ${Buffer.from(`${config.engineUser}:${config.enginePassword}`).toString('base64')}` } : {};
  const response = await fetch(`${config.engineUrl}/deployment/count`, { headers });
  if (!response.ok) throw new Error(`engine deployment count: ${response.status}`);
  return ((await response.json()) as { count: number }).count;
}

/**
 * Everything the modeler and the builder can write, counted: flow versions, deployments (the store's
 * record and the engine's own), form versions and their audit entries. Equal before and after a
 * refused request means nothing was written.
 */
export async function modelerWrites(): Promise<Record<string, number>> {
  return {
    processVersions: await ProcessVersionModel.countDocuments({}),
    processDeployments: await ProcessDeploymentModel.countDocuments({}),
    formVersions: await FormVersionModel.countDocuments({}),
    audits: await AuditEntryModel.countDocuments({ action: { $in: MODELER_WRITES } }),
    engineDeployments: await engineDeployments(),
  };
}
