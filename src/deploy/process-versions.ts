import { ProcessVersionModel, type ProcessVersion } from '../db/models/process-version';
import { ProcessDeploymentModel } from '../db/models/process-deployment';
import { ownerHasDeployedDiagram, recordDiagramVersion } from './diagram-versions';

/** The id of the (first) executable process in a BPMN file: the flow's key. */
export function processKeyOf(xml: string): string | null {
  return /<(?:bpmn2?:)?process\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1] ?? null;
}

/**
 * Stores a flow's XML as a new immutable version unless the same text is already a version of that
 * key (then that version is returned). Shipped files and owners' drafts share one numbering.
 */
export function recordProcessVersion(key: string, xml: string, origin: ProcessVersion['origin'], actor: string, note = ''): Promise<{ version: number; created: boolean }> {
  return recordDiagramVersion(ProcessVersionModel, 'process', key, xml, origin, actor, note);
}

/** Whether a process owner has deployed this flow from the modeler (then the shipped file no longer is). */
export function ownerHasDeployed(key: string): Promise<boolean> {
  return ownerHasDeployedDiagram(ProcessDeploymentModel, key);
}
