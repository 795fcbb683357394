import { diagramVersionModel, type DiagramVersion } from './diagram-version';

/**
 * One immutable version of a DMN decision (one decision table per file, its id the key), as the store
 * keeps it: a shipped processes/*.dmn seen at start (origin "shipped") or a draft a process owner
 * saved through /api/decisions (origin "owner"). Deploying a version makes it the engine's newest
 * decision definition; see decision-deployment.ts.
 */
export type DecisionVersion = DiagramVersion;

export const DecisionVersionModel = diagramVersionModel('DecisionVersion', 'decisionVersions');
