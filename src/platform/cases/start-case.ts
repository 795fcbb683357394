import type { ModifyResult } from 'mongoose';
import { LOCK_STALE_MS, LOCK_WAIT_MS, oneWriterAtATime } from '../../db/document-lock';
import { retryOnBusy } from '../../db/retry-on-busy';
import { upsertOnce } from '../../db/duplicate-key';
import { busy } from '../http-errors';
import { recordAudit } from '../audit/record-audit';
import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel, caseIdFor, type ReviewCase } from '../../db/models/review-case';
import type { EngineClient, EngineProcessInstance } from '../engine-client';
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

type Started = { caseId: string; started: boolean; reviewCase: ReviewCase };

/**
 * Starts a flow for one subject with businessKey = case id, pinning the given form and policy
 * versions, and the engine version in force of every decision the definition uses (decision-pins.ts),
 * which the case records and the flow gets as dmnVersion_<key> start variables. Safe to repeat and to
 * run twice at once (a double click, two HR officers): a case that already runs is left alone, the
 * call that created the case starts its instance and any other waits for it, and a start that was
 * interrupted (case written, instance perhaps started, id not recorded) is completed.
 */
export async function startCase(engine: EngineClient, start: CaseStart): Promise<Started> {
  const caseId = caseIdFor(start.processKey, start.cycle, start.caseKey ?? start.subjectId);
  // The definition is fixed here, so that the decisions pinned are those of the definition started.
  const definitionId = start.processDefinitionId ?? (await engine.processDefinitions(start.processKey, 1))[0]?.id;
  const decisionVersions = definitionId ? await decisionVersionsInForce(engine, definitionId) : {};
  const written = await upsertOnce(() => retryOnBusy(() => ReviewCaseModel.findOneAndUpdate(
    { _id: caseId },
    { $setOnInsert: {
      processKey: start.processKey, cycle: start.cycle, subjectId: start.subjectId, subjectType: start.subjectType, managerId: start.managerId,
      formVersions: start.formVersions, policyVersions: start.policyVersions, decisionVersions, status: 'starting', launchedBy: start.actor, launchedAt: new Date(),
      startingSince: new Date(),
    } },
    { upsert: true, new: true, includeResultMetadata: true },
  ).lean<ModifyResult<ReviewCase>>()));
  const reviewCase = written.value!;
  if (reviewCase.processInstanceId) return { caseId, started: false, reviewCase };
  // The insert is the claim: one call creates the case, and only a case it created has no instance
  // yet, which spares the engine a query and the store a lock per launch.
  if (written.lastErrorObject?.updatedExisting === false) {
    try {
      return await startInstance(engine, start, reviewCase, decisionVersions, definitionId, null);
    } catch (error) {
      // Whether the engine started it is unknown: the next start looks, at once rather than after the grace.
      await ReviewCaseModel.updateOne({ _id: caseId, processInstanceId: { $exists: false } }, { $unset: { startingSince: 1 } }).catch(() => undefined);
      throw error;
    }
  }
  const other = await startByAnother(caseId);
  if (other) return { caseId, started: false, reviewCase: other };
  // Interrupted: one taker at a time looks for the instance and starts it if there is none.
  return oneWriterAtATime(`case:${caseId}`, async () => {
    const current = (await ReviewCaseModel.findById(caseId).lean())!;
    if (current.processInstanceId) return { caseId, started: false, reviewCase: current };
    const [running] = await engine.processInstancesByBusinessKey(start.processKey, caseId);
    return startInstance(engine, start, current, decisionVersions, definitionId, running ?? null);
  }, () => busy('case'));
}

/**
 * The case once its creator recorded the instance; null when no creator is at it (absent, failed, or
 * older than a held lock may be: the creator holds the case as a document lock would, with its bounds).
 */
async function startByAnother(caseId: string): Promise<ReviewCase | null> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const current = (await ReviewCaseModel.findById(caseId).lean())!;
    if (current.processInstanceId) return current;
    if (!current.startingSince || Date.now() - current.startingSince.getTime() > LOCK_STALE_MS) return null;
    if (Date.now() > deadline) throw busy('case');
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
  }
}

/** Starts the case's instance, or adopts `running` (found by business key), and records it on the case. */
async function startInstance(engine: EngineClient, start: CaseStart, reviewCase: ReviewCase, decisionVersions: Record<string, number>, definitionId: string | undefined, running: EngineProcessInstance | null): Promise<Started> {
  const caseId = reviewCase._id;
  // A case whose start was interrupted keeps the pins it recorded.
  const pinned = reviewCase.decisionVersions ?? decisionVersions;
  const pinVariables = Object.fromEntries(Object.entries(pinned).map(([key, version]) => [decisionVersionVariable(key), version]));
  const instance = running ?? await engine.startProcess(start.processKey, caseId, {
    ...start.variables, ...pinVariables, caseId, cycle: start.cycle, subjectId: start.subjectId, managerId: reviewCase.managerId,
    subjectType: start.subjectType, unitId: start.unitId ?? await unitOf(start), startedBy: start.actor,
  }, definitionId);
  await retryOnBusy(() => ReviewCaseModel.updateOne({ _id: caseId }, { $set: { processInstanceId: instance.id, status: 'running' }, $unset: { startingSince: 1 } }));
  reviewCase.processInstanceId = instance.id;
  reviewCase.status = 'running';
  delete reviewCase.startingSince;
  await recordAudit({
    actor: start.actor, action: 'case.launched', subject: { type: 'case', id: caseId },
    details: { processKey: start.processKey, processInstanceId: instance.id, processDefinitionId: instance.definitionId, formVersions: reviewCase.formVersions, policyVersions: reviewCase.policyVersions, decisionVersions: pinned },
  });
  return { caseId, started: !running, reviewCase };
}
