import { diagramDeploymentModel, type DiagramDeployment } from './diagram-version';

/**
 * One deployment of a stored process version (processVersions) to the engine: which engine definition
 * it became. `_id` is the engine's process definition id. A roll back is a deployment of an earlier version.
 */
export type ProcessDeployment = DiagramDeployment;

export const ProcessDeploymentModel = diagramDeploymentModel('ProcessDeployment', 'processDeployments');
