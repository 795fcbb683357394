import { diagramDeploymentModel, type DiagramDeployment } from './diagram-version';

/**
 * One deployment of a stored decision version (decisionVersions) to the engine: which engine decision
 * definition it became. `_id` is the engine's decision definition id. A roll back is a deployment of an
 * earlier version. Cases pin the engine version (ReviewCase.decisionVersions); this maps it back to the store's.
 */
export type DecisionDeployment = DiagramDeployment;

export const DecisionDeploymentModel = diagramDeploymentModel('DecisionDeployment', 'decisionDeployments');
