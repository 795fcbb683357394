import { CallProfile } from '../lib/call-profile';
import { ENGINE_IDS_IN_TEXT } from '../domain/ids';
import type { VariableValue } from '../domain/flow-variables';

/**
 * The Operaton / Camunda 7 REST API, as the server, the worker (what the external-task protocol
 * cannot do) and the command-line tools use it. Browsers never see its address or credentials.
 */
export interface EngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  due: string | null;
  followUp: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
  formKey: string | null;
  /** Present when asked for with withTaskVariablesInReturn, or added by the inbox (its case variables). */
  variables?: Record<string, { value: unknown; type: string }>;
}

/** A process variable of a task fetched with its variables, when it is a string. */
export function taskVariable(task: EngineTask, name: string): string | undefined {
  const value = task.variables?.[name]?.value;
  return typeof value === 'string' ? value : undefined;
}

export interface EngineVariableInstance {
  name: string;
  value: unknown;
  type: string;
  processInstanceId: string;
  activityInstanceId: string;
}

export interface EngineIdentityLink {
  userId: string | null;
  groupId: string | null;
  type: string;
}

export interface EngineProcessInstance {
  id: string;
  businessKey: string | null;
  definitionId: string;
  ended: boolean;
}

export interface EngineProcessDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  versionTag: string | null;
  deploymentId: string;
  resource: string;
}

/** The engine describes a decision definition with the same fields as a process definition. */
export type EngineDecisionDefinition = EngineProcessDefinition;

/** One row of a decision's result: each output's name with its typed value. */
export type EngineDecisionResult = Array<Record<string, { value: unknown; type: string }>>;

export interface EngineHistoricProcessInstance {
  id: string;
  businessKey: string | null;
  state: string;
  endTime: string | null;
}

export interface EngineHistoricActivityInstance {
  id: string;
  activityId: string;
  processInstanceId: string;
  startTime: string;
  endTime: string | null;
}

export interface EngineHistoricTask {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  assignee: string | null;
  owner: string | null;
  startTime: string;
  endTime: string | null;
  due: string | null;
  deleteReason: string | null;
}

export interface EngineExternalTask {
  id: string;
  topicName: string;
  workerId: string | null;
  lockExpirationTime: string | null;
  retries: number | null;
  errorMessage: string | null;
  processInstanceId: string;
}

export interface EngineIncident {
  id: string;
  processInstanceId: string;
  activityId: string;
  incidentMessage: string | null;
  incidentType: string;
  /** Present in every engine answer; typed here for the operators' incident list. */
  processDefinitionId?: string;
  incidentTimestamp?: string;
  /** For a failedExternalTask incident: the external task's id. */
  configuration?: string | null;
}

export interface DeploymentResource {
  name: string;
  content: string;
}

export class EngineError extends Error {
  constructor(readonly status: number, readonly type: string | undefined, message: string) {
    super(message);
  }
}

export function toEngineVariables(values: Record<string, VariableValue>): Record<string, { value: VariableValue; type?: string }> {
  const out: Record<string, { value: VariableValue; type?: string }> = {};
  for (const [name, value] of Object.entries(values)) {
    out[name] = typeof value === 'number' && !Number.isInteger(value) ? { value, type: 'Double' } : { value };
  }
  return out;
}

// ENGINE_PROFILE=<file>: engine calls timed by route (ids and query values left out), for the bench.
const engineProfile = process.env.ENGINE_PROFILE ? new CallProfile(process.env.ENGINE_PROFILE) : undefined;
const routeOf = (method: string, path: string) => `${method} ${path.replace(ENGINE_IDS_IN_TEXT, ':id').replace(/\?.*$/, '')}`;

/**
 * A task completed while the engine answers about it: the engine says 500 NullValueException
 * ("task … doesn't exist: task is null", "Cannot find task with id …") where it says 404 for one
 * that was gone before. Both mean the same to a reader: the task is not there (seen in the
 * full-cycle bench when a claim raced the task's completion).
 */
async function goneAs404<T>(answer: Promise<T>): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof EngineError && error.status === 500 && error.type === 'NullValueException') throw new EngineError(404, error.type, error.message);
    throw error;
  }
}

export class EngineClient {
  private readonly authorization: string | undefined;

  constructor(private readonly baseUrl: string, user: string, password: string) {
    this.authorization = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : undefined;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = await this.send(method, path, body);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private async send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<string> {
    const headers: Record<string, string> = { accept };
    if (this.authorization) headers.authorization = this.authorization;
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    engineProfile?.record(routeOf(method, path), performance.now() - started);
    if (!response.ok) {
      let type: string | undefined;
      let message = text;
      try {
        const parsed = JSON.parse(text) as { type?: string; message?: string };
        type = parsed.type;
        message = parsed.message ?? text;
      } catch { /* not JSON: keep the text */ }
      throw new EngineError(response.status, type, `${method} ${path}: ${response.status} ${message}`);
    }
    return text;
  }

  version(): Promise<{ version: string }> {
    return this.request('GET', '/version');
  }

  /** Deploys only resources that changed since the last deployment of the same name. */
  deploy(name: string, resources: DeploymentResource[]): Promise<{ id: string; deployedProcessDefinitions: Record<string, unknown> | null; deployedDecisionDefinitions?: Record<string, unknown> | null }> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'meritflow');
    form.set('enable-duplicate-filtering', 'true');
    form.set('deploy-changed-only', 'true');
    for (const resource of resources) {
      form.set(resource.name, new Blob([resource.content], { type: 'application/octet-stream' }), resource.name);
    }
    return this.request('POST', '/deployment/create', form);
  }

  /**
   * Deploys one resource as a new definition even when an earlier deployment holds the same text:
   * the modeler's deploy and roll back (an earlier version deployed again as the newest).
   */
  deployNew(name: string, resource: DeploymentResource): Promise<{ id: string; deployedProcessDefinitions: Record<string, EngineProcessDefinition> | null; deployedDecisionDefinitions?: Record<string, EngineDecisionDefinition> | null }> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('deployment-source', 'meritflow-modeler');
    form.set(resource.name, new Blob([resource.content], { type: 'application/octet-stream' }), resource.name);
    return this.request('POST', '/deployment/create', form);
  }

  /** The deployed versions of a decision, newest first. */
  decisionDefinitions(decisionKey: string, maxResults = 200): Promise<EngineDecisionDefinition[]> {
    const query = new URLSearchParams({ key: decisionKey, sortBy: 'version', sortOrder: 'desc', maxResults: String(maxResults) });
    return this.request('GET', `/decision-definition?${query}`);
  }

  /** One engine version of a decision, or undefined when the engine has no such version. */
  async decisionDefinitionVersion(decisionKey: string, engineVersion: number): Promise<EngineDecisionDefinition | undefined> {
    const [found] = await this.request<EngineDecisionDefinition[]>('GET', `/decision-definition?${new URLSearchParams({ key: decisionKey, version: String(engineVersion) })}`);
    return found;
  }

  async decisionDefinitionXml(id: string): Promise<string> {
    const body = await this.request<{ dmnXml: string }>('GET', `/decision-definition/${encodeURIComponent(id)}/xml`);
    return body.dmnXml;
  }

  /** Evaluates one decision definition (a pinned version: by its id) with these inputs; one entry per rule that fired. */
  evaluateDecision(decisionDefinitionId: string, variables: Record<string, VariableValue>): Promise<EngineDecisionResult> {
    return this.request('POST', `/decision-definition/${encodeURIComponent(decisionDefinitionId)}/evaluate`, { variables: toEngineVariables(variables) });
  }

  /** The deployed definition (BPMN) of a process definition id. */
  processDefinition(id: string): Promise<EngineProcessDefinition> {
    return this.request('GET', `/process-definition/${encodeURIComponent(id)}`);
  }

  /** How many process definitions are deployed: fewer than before means one was deleted, with its instances and their history. */
  async processDefinitionCount(): Promise<number> {
    return (await this.request<{ count: number }>('GET', '/process-definition/count')).count;
  }

  async processDefinitionXml(id: string): Promise<string> {
    const body = await this.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(id)}/xml`);
    return body.bpmn20Xml;
  }

  async runningInstanceCount(processDefinitionId: string): Promise<number> {
    const body = await this.request<{ count: number }>('GET', `/process-instance/count?processDefinitionId=${encodeURIComponent(processDefinitionId)}`);
    return body.count;
  }

  processInstance(id: string): Promise<EngineProcessInstance> {
    return this.request('GET', `/process-instance/${encodeURIComponent(id)}`);
  }

  /**
   * Starts the latest deployed version of the process, or the given definition (a version pinned at
   * launch) when `definitionId` is set; the definition must be of the same key.
   */
  startProcess(processKey: string, businessKey: string, variables: Record<string, VariableValue>, definitionId?: string): Promise<EngineProcessInstance> {
    const path = definitionId ? `/process-definition/${encodeURIComponent(definitionId)}/start` : `/process-definition/key/${encodeURIComponent(processKey)}/start`;
    return this.request('POST', path, {
      businessKey,
      variables: toEngineVariables(variables),
    });
  }

  /** The newest deployed version of every process that is not suspended, by key. */
  latestProcessDefinitions(maxResults = 1000): Promise<EngineProcessDefinition[]> {
    const query = new URLSearchParams({ latestVersion: 'true', active: 'true', sortBy: 'key', sortOrder: 'asc', maxResults: String(maxResults) });
    return this.request('GET', `/process-definition?${query}`);
  }

  /** The deployed versions of a process, newest first. */
  processDefinitions(processKey: string, maxResults = 200): Promise<EngineProcessDefinition[]> {
    const query = new URLSearchParams({ key: processKey, sortBy: 'version', sortOrder: 'desc', maxResults: String(maxResults) });
    return this.request('GET', `/process-definition?${query}`);
  }

  /**
   * Open tasks of one flow in one cycle whose due date has passed: one query for the whole cycle,
   * bounded, oldest due first. The cycle is a process variable every flow starts with.
   */
  overdueTasks(processKey: string, cycle: string, now: Date, maxResults = 2000): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=0&maxResults=${maxResults}`, {
      processDefinitionKey: processKey,
      processVariables: [{ name: 'cycle', operator: 'eq', value: cycle }],
      dueBefore: now.toISOString().replace('Z', '+0000'),
      sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }],
    });
  }

  processInstancesByBusinessKey(processKey: string, businessKey: string): Promise<EngineProcessInstance[]> {
    const query = new URLSearchParams({ processDefinitionKey: processKey, businessKey });
    return this.request('GET', `/process-instance?${query}`);
  }

  /** Finished tasks of one step of an instance (every instance of a multi-instance step), oldest first. */
  finishedTasksOfStep(processInstanceId: string, taskDefinitionKey: string): Promise<Array<{ id: string; assignee: string | null; endTime: string }>> {
    const query = new URLSearchParams({ processInstanceId, taskDefinitionKey, finished: 'true', sortBy: 'endTime', sortOrder: 'asc' });
    return this.request('GET', `/history/task?${query}`);
  }

  historicProcessInstance(id: string): Promise<EngineHistoricProcessInstance> {
    return this.request('GET', `/history/process-instance/${encodeURIComponent(id)}`);
  }

  /** The passes of one activity (a message catch, say) in one instance, from the history. */
  historicActivityInstances(processInstanceId: string, activityId: string): Promise<EngineHistoricActivityInstance[]> {
    const query = new URLSearchParams({ processInstanceId, activityId });
    return this.request('GET', `/history/activity-instance?${query}`);
  }

  /** Open tasks assigned to any of these people, oldest first, without variables (one indexed query). */
  tasksAssignedToAny(userIds: string[], maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=0&maxResults=${maxResults}`, { assigneeIn: userIds, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] });
  }

  /**
   * Open tasks created or changed after a time (the engine stamps a task's last change: assignee,
   * due date, name; `LAST_UPDATED_`, indexed), at most `maxResults`.
   */
  tasksChangedAfter(after: Date, maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=0&maxResults=${maxResults}`, { updatedAfter: engineTime(after) });
  }

  /** Tasks that ended after a time (completed, or deleted with their instance), from the history; at most `maxResults`. */
  tasksEndedAfter(after: Date, maxResults: number): Promise<Array<{ id: string }>> {
    return this.request('POST', `/history/task?firstResult=0&maxResults=${maxResults}`, { finishedAfter: engineTime(after) });
  }

  /** Open tasks created after a time, oldest first, a page at a time (the mail dispatcher's new tasks). */
  tasksCreatedAfter(after: Date, firstResult: number, maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=${firstResult}&maxResults=${maxResults}`, { createdAfter: engineTime(after), sorting: [{ sortBy: 'created', sortOrder: 'asc' }, { sortBy: 'id', sortOrder: 'asc' }] });
  }

  /** Open tasks due between two times, soonest due first, a page at a time (the mail dispatcher's reminders). */
  tasksDueBetween(after: Date, before: Date, firstResult: number, maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=${firstResult}&maxResults=${maxResults}`, { dueAfter: engineTime(after), dueBefore: engineTime(before), sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }, { sortBy: 'id', sortOrder: 'asc' }] });
  }

  /** Unclaimed tasks offered to a candidate group, oldest first, without variables. */
  tasksOfferedToGroup(group: string, maxResults: number): Promise<EngineTask[]> {
    return this.request('POST', `/task?firstResult=0&maxResults=${maxResults}`, { candidateGroup: group, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] });
  }

  /**
   * The variables of these process instances, every scope (a variable's activityInstanceId says which),
   * serialized values as stored. Operaton 1.x ignores a `variableNameIn` here: callers pick by name.
   */
  processVariables(processInstanceIds: string[]): Promise<EngineVariableInstance[]> {
    return this.request('POST', '/variable-instance?deserializeValues=false', { processInstanceIdIn: processInstanceIds });
  }

  tasksOfProcess(processInstanceId: string): Promise<EngineTask[]> {
    return this.request('POST', '/task', { processInstanceId });
  }

  task(id: string): Promise<EngineTask> {
    return goneAs404(this.request('GET', `/task/${encodeURIComponent(id)}?withTaskVariablesInReturn=true`));
  }

  taskIdentityLinks(id: string): Promise<EngineIdentityLink[]> {
    return goneAs404(this.request('GET', `/task/${encodeURIComponent(id)}/identity-links`));
  }

  /** Fails (the engine answers 500, TaskAlreadyClaimedException) when someone else claimed it first. */
  claimTask(id: string, userId: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/claim`, { userId });
  }

  /** Gives a claimed task back to its candidates (the engine clears the assignee). */
  unclaimTask(id: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/unclaim`);
  }

  /** Hands a task to another person: the engine's assignee changes, nothing else does. */
  setAssignee(id: string, userId: string): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/assignee`, { userId });
  }

  /** A variable that lives on the task only (who claimed it), gone with the task. */
  setTaskLocalVariable(id: string, name: string, value: string): Promise<void> {
    return this.request('PUT', `/task/${encodeURIComponent(id)}/localVariables/${encodeURIComponent(name)}`, { value, type: 'String' });
  }

  /** The task-local variable's value, or null when the task has none of that name. */
  async taskLocalVariable(id: string, name: string): Promise<string | null> {
    try {
      const variable = await this.request<{ value: unknown }>('GET', `/task/${encodeURIComponent(id)}/localVariables/${encodeURIComponent(name)}`);
      return typeof variable.value === 'string' ? variable.value : null;
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return null;
      throw error;
    }
  }

  /** Every user task of an instance, done and open, oldest first: who had it, when it started and ended. */
  historicTasksOfProcess(processInstanceId: string, maxResults = 200): Promise<EngineHistoricTask[]> {
    const query = new URLSearchParams({ processInstanceId, sortBy: 'startTime', sortOrder: 'asc', maxResults: String(maxResults) });
    return this.request('GET', `/history/task?${query}`);
  }

  completeTask(id: string, variables: Record<string, VariableValue>): Promise<void> {
    return this.request('POST', `/task/${encodeURIComponent(id)}/complete`, { variables: toEngineVariables(variables) });
  }

  /**
   * Delivers a message to the one instance with this business key waiting for it. The engine answers
   * 400 (MismatchingMessageCorrelationException) when none waits: the caller decides whether that
   * means "not there yet" (retry) or "already past" (done).
   */
  correlateMessage(messageName: string, businessKey: string, variables: Record<string, VariableValue> = {}): Promise<unknown> {
    return this.request('POST', '/message', { messageName, businessKey, processVariables: toEngineVariables(variables), resultEnabled: true });
  }

  /** Jobs of an instance: timers waiting to fire, async continuations. */
  jobs(processInstanceId: string): Promise<Array<{ id: string; dueDate: string | null; exceptionMessage: string | null }>> {
    return this.request('GET', `/job?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  /** Runs a job now, as if its due date had come (an operator pushing a timer; tests passing time). */
  executeJob(id: string): Promise<void> {
    return this.request('POST', `/job/${encodeURIComponent(id)}/execute`);
  }

  externalTasks(processInstanceId: string): Promise<EngineExternalTask[]> {
    return this.request('GET', `/external-task?processInstanceId=${encodeURIComponent(processInstanceId)}`);
  }

  incidents(processInstanceId?: string): Promise<EngineIncident[]> {
    return this.request('GET', `/incident${processInstanceId ? `?processInstanceId=${encodeURIComponent(processInstanceId)}` : ''}`);
  }

  /** Open incidents of failed external tasks (retries used up), newest first: the operators' list. */
  failedExternalTaskIncidents(maxResults = 200): Promise<EngineIncident[]> {
    const query = new URLSearchParams({ incidentType: 'failedExternalTask', sortBy: 'incidentTimestamp', sortOrder: 'desc', maxResults: String(maxResults) });
    return this.request('GET', `/incident?${query}`);
  }

  /** One open incident, or undefined (the engine deletes an incident once it is resolved). */
  async incident(id: string): Promise<EngineIncident | undefined> {
    const [found] = await this.request<EngineIncident[]>('GET', `/incident?${new URLSearchParams({ incidentId: id })}`);
    return found;
  }

  /** The stack trace or details the worker reported with its last failure (plain text; empty when none). */
  async externalTaskErrorDetails(externalTaskId: string): Promise<string> {
    try {
      return await this.send('GET', `/external-task/${encodeURIComponent(externalTaskId)}/errorDetails`, undefined, 'text/plain, */*');
    } catch (error) {
      // Gone meanwhile (404), or none recorded: the list still shows the incident's message.
      if (error instanceof EngineError) return '';
      throw error;
    }
  }

  /**
   * Gives a failed external task new attempts: the engine resolves its incident and offers the task
   * to workers again (Camunda 7 REST: PUT /external-task/{id}/retries).
   */
  setExternalTaskRetries(externalTaskId: string, retries: number): Promise<void> {
    return this.request('PUT', `/external-task/${encodeURIComponent(externalTaskId)}/retries`, { retries });
  }
}

/** A time as the engine's REST API takes it (2026-01-31T09:00:00.000+0000). */
function engineTime(at: Date): string {
  return at.toISOString().replace('Z', '+0000');
}
