import { diagramVersionModel, type DiagramVersion } from './diagram-version';

/**
 * One immutable version of a BPMN flow as the store keeps it: a shipped file seen at start
 * (origin "shipped") or a draft a process owner saved in the modeler (origin "owner"). Deploying
 * a version makes it the engine's newest definition; see process-deployment.ts.
 */
export type ProcessVersion = DiagramVersion;

export const ProcessVersionModel = diagramVersionModel('ProcessVersion', 'processVersions');
