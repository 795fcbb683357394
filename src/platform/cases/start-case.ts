import type { ModifyResult } from 'mongoose';
import { oneWriterAtATime } from '../../db/document-lock';
import { retryOnBusy } from '../../db/retry-on-busy';
import { busy } from '../http-errors';
import { recordAudit } from '../audit/record-audit';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel, caseIdFor, type ReviewCase } from '../../db/models/review-case';
import type { EngineClient } from '../engine-client';
import { decisionVersionVariable } from '../../domain/decision-pins';
import { decisionVersionsInForce } from './decision-pins';

import type { VariableValue } from '../../domain/flow-variables';

export interface CaseStart {
  processKey: string;
  cycle: string;
  subjectId: string;
  /**
   * What names the case in its id when one subject can have several cases of one flow in a cycle
   * (a person's malus-and-clawback cases, one per event); the subject id when absent.
   */
  caseKey?: string;
  subjectType: 'person' | 'unit';
  managerId: string;
  /** The subject's unit (a unit case: the unit itself); read from the org chart when absent. */
  unitId?: string;
  formVersions: Record<string, number>;
  policyVersions: Record<string, number>;
  actor: string;
  /**
   * The deployed process definition (one version of processKey) to start, when a launch pinned one;
   * absent: the latest version. A case that already runs keeps the version it started with.
   */
  processDefinitionId?: string;
  /** Start variables beyond caseId, cycle and subjectId, which every flow gets. */
  variables?: Record<string, VariableValue>;
}

/** START_VARIABLES' unitId for the business routes that do not name it (an appeal, a clawback): the person's unit now. */
async function unitOf(start: CaseStart): Promise<string | null> {
  if (start.subjectType === 'unit') return start.subjectId;
  return (await PersonModel.findById(start.subjectId, { unitId: 1 }).lean())?.unitId ?? null;
}

/**
 * Starts a flow for one subject with businessKey = case id, pinning the given form and policy
 * versions, and the engine version in force of every decision the definition uses (decision-pins.ts),
 * which the case records and the flow gets as dmnVersion_<key> start variables. Safe to repeat: a
 * case that already runs is left alone, and one whose start was interrupted (case written, instance
 * started, id not recorded) is completed.
 */
export async function startCase(engine: EngineClient, start: CaseStart): Promise<{ caseId: string; started: boolean; reviewCase: ReviewCase }> {
  const caseId = caseIdFor(start.processKey, start.cycle, start.caseKey ?? start.subjectId);
  // Two launches of one case at once (a double click, two HR officers) would each find no instance
  // and start one: the second waits for the first and finds its instance.
  return oneWriterAtATime(`case:${caseId}`, () => startCaseOnce(engine, start, caseId), () => busy('case'));
}

async function startCaseOnce(engine: EngineClient, start: CaseStart, caseId: string): Promise<{ caseId: string; started: boolean; reviewCase: ReviewCase }> {
  // The definition is fixed here, so that the decisions pinned are those of the definition started.
  const definitionId = start.processDefinitionId ?? (await engine.processDefinitions(start.processKey, 1))[0]?.id;
  const decisionVersions = definitionId ? await decisionVersionsInForce(engine, definitionId) : {};
  const written = await retryOnBusy(() => ReviewCaseModel.findOneAndUpdate(
    { _id: caseId },
    { $setOnInsert: {
      processKey: start.processKey, cycle: start.cycle, subjectId: start.subjectId, subjectType: start.subjectType, managerId: start.managerId,
      formVersions: start.formVersions, policyVersions: start.policyVersions, decisionVersions, status: 'starting', launchedBy: start.actor, launchedAt: new Date(),
    } },
    { upsert: true, new: true, includeResultMetadata: true },
  ).lean<ModifyResult<ReviewCase>>());
  const reviewCase = written.value!;
  if (reviewCase.processInstanceId) return { caseId, started: false, reviewCase };
  // Only a case written by an earlier attempt can have an instance already (cases are never
  // deleted); a case this call created has none, which spares the engine a query per launch.
  const createdNow = written.lastErrorObject?.updatedExisting === false;
  const [running] = createdNow ? [] : await engine.processInstancesByBusinessKey(start.processKey, caseId);
  // A case whose start was interrupted keeps the pins it recorded.
  const pinned = reviewCase.decisionVersions ?? decisionVersions;
  const pinVariables = Object.fromEntries(Object.entries(pinned).map(([key, version]) => [decisionVersionVariable(key), version]));
  const instance = running ?? await engine.startProcess(start.processKey, caseId, {
    ...start.variables, ...pinVariables, caseId, cycle: start.cycle, subjectId: start.subjectId, managerId: reviewCase.managerId,
    subjectType: start.subjectType, unitId: start.unitId ?? await unitOf(start), startedBy: start.actor,
  }, definitionId);
  await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { processInstanceId: instance.id, status: 'running' } }));
  reviewCase.processInstanceId = instance.id;
  reviewCase.status = 'running';
  await recordAudit({
    actor: start.actor, action: 'case.launched', subject: { type: 'case', id: caseId },
    details: { processKey: start.processKey, processInstanceId: instance.id, processDefinitionId: instance.definitionId, formVersions: reviewCase.formVersions, policyVersions: reviewCase.policyVersions, decisionVersions: pinned },
  });
  return { caseId, started: !running, reviewCase };
}
