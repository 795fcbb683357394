import { DecisionVersionModel, type DecisionVersion } from '../db/models/decision-version';
import { DecisionDeploymentModel } from '../db/models/decision-deployment';
import { ownerHasDeployedDiagram, recordDiagramVersion } from './diagram-versions';

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
export function recordDecisionVersion(key: string, xml: string, origin: DecisionVersion['origin'], actor: string, note = ''): Promise<{ version: number; created: boolean }> {
  return recordDiagramVersion(DecisionVersionModel, 'decision', key, xml, origin, actor, note);
}

/** Whether a process owner has deployed this decision through the API (then the shipped file no longer is). */
export function ownerHasDeployedDecision(key: string): Promise<boolean> {
  return ownerHasDeployedDiagram(DecisionDeploymentModel, key);
}
