import { DecisionDeploymentModel } from '../db/models/decision-deployment';
import type { EngineDecisionResult } from '../platform/engine-client';
import { workerEngine } from './engine';

/** An engine version of a decision is immutable: its definition id and store version are read once. */
const definitions = new Map<string, Promise<{ id: string; version: number | null }>>();

function definitionOf(key: string, engineVersion: number): Promise<{ id: string; version: number | null }> {
  const cacheKey = `${key}@${engineVersion}`;
  let found = definitions.get(cacheKey);
  if (!found) {
    found = (async () => {
      const definition = await workerEngine().decisionDefinitionVersion(key, engineVersion);
      if (!definition) throw new Error(`the engine has no version ${engineVersion} of decision ${key}`);
      const recorded = await DecisionDeploymentModel.findById(definition.id, { version: 1 }).lean();
      return { id: definition.id, version: recorded?.version ?? null };
    })();
    found.catch(() => definitions.delete(cacheKey));
    definitions.set(cacheKey, found);
  }
  return found;
}

/**
 * Evaluates the decision at the engine version a case pinned, through the engine's REST API (the
 * engine is the one FEEL evaluator): each row that fired, its outputs as plain values.
 */
export async function evaluatePinnedDecision(key: string, engineVersion: number, variables: Record<string, string | number | boolean>): Promise<{ rows: Array<Record<string, unknown>>; version: number | null; decisionDefinitionId: string }> {
  const definition = await definitionOf(key, engineVersion);
  const result: EngineDecisionResult = await workerEngine().evaluateDecision(definition.id, variables);
  const rows = result.map((row) => Object.fromEntries(Object.entries(row).map(([name, typed]) => [name, typed.value])));
  return { rows, version: definition.version, decisionDefinitionId: definition.id };
}
