import { decisionsUsedBy } from '../../domain/decision-pins';
import type { EngineClient } from '../engine-client';
import { HttpError } from '../http-errors';

/** A deployed definition never changes: what it uses is read once per definition id. */
const usedByDefinition = new Map<string, Promise<string[]>>();

function decisionsOfDefinition(engine: EngineClient, processDefinitionId: string): Promise<string[]> {
  let found = usedByDefinition.get(processDefinitionId);
  if (!found) {
    found = engine.processDefinitionXml(processDefinitionId).then(decisionsUsedBy);
    found.catch(() => usedByDefinition.delete(processDefinitionId));
    if (usedByDefinition.size > 1000) usedByDefinition.clear();
    usedByDefinition.set(processDefinitionId, found);
  }
  return found;
}

/**
 * The engine version in force now of every decision the definition uses: what a case starting on it
 * pins. A decision that is not deployed refuses the start (409): the flow could not evaluate it.
 */
export async function decisionVersionsInForce(engine: EngineClient, processDefinitionId: string): Promise<Record<string, number>> {
  const keys = await decisionsOfDefinition(engine, processDefinitionId);
  const pins: Record<string, number> = {};
  for (const key of keys) {
    const [definition] = await engine.decisionDefinitions(key, 1);
    if (!definition) throw new HttpError(409, `the flow evaluates the decision ${key}, which is not deployed`, [{ field: 'processKey', code: 'decision-not-deployed', message: `deploy the decision ${key} first` }]);
    pins[key] = definition.version;
  }
  return pins;
}
