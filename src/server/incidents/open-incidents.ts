import type { Role } from '../../db/models/person';
import { recordAudit } from '../../platform/audit/record-audit';
import type { OperatorIncident } from '../../domain/api-types';
import { mapWithConcurrency } from '../../lib/concurrency';
import { DEFAULT_RETRY } from '../../domain/retry';
import { topicEntry } from '../../domain/topic-catalogue';
import { flowDisplayName } from '../../platform/launcher/flow-definitions';
import { translate, type Locale } from '../i18n';
import { EngineError, type EngineClient } from '../engine-client';
import { badRequest, notFound } from '../http-errors';

/**
 * The operators' view of the engine's incidents: external tasks whose worker failed on every
 * attempt. Operators are admins (they run the platform) and process owners (they own the flows and
 * their policies, so they can tell a data problem from a code one). Nobody else sees error details:
 * they can hold case data and stack traces.
 */
export const OPERATORS: Role[] = ['admin', 'process-owner'];
export const isOperator = (user: Express.Request['user']) => Boolean(user?.roles.some((r) => OPERATORS.includes(r)));

export const INCIDENT_ID = /^[A-Za-z0-9-]{1,64}$/;
const MAX_DETAILS = 4000;

// The incidents page reads the same shape from /api/incidents.
export type { OperatorIncident };

/**
 * The step of an incident in the reader's language: a shipped step's translation (step.<id>), else
 * the name of the building block its topic runs (every incident is a worker's step), else the
 * diagram's name, else its id.
 */
export function incidentStepName(locale: Locale, step: string, topic: string | null, diagramName: string | null): string {
  const translated = translate(locale, `step.${step}`);
  if (translated !== `step.${step}`) return translated;
  const block = topic ? topicEntry(topic) : undefined;
  return block?.name[locale] ?? diagramName ?? step;
}

export async function openIncidents(engine: EngineClient, locale: Locale): Promise<OperatorIncident[]> {
  const incidents = await engine.failedExternalTaskIncidents();
  return mapWithConcurrency(incidents, 4, async (incident) => {
    const [instance, details, passes, tasks] = await Promise.all([
      engine.processInstance(incident.processInstanceId).catch(() => null),
      incident.configuration ? engine.externalTaskErrorDetails(incident.configuration) : Promise.resolve(''),
      engine.historicActivityInstances(incident.processInstanceId, incident.activityId).catch(() => []),
      engine.externalTasks(incident.processInstanceId).catch(() => []),
    ]);
    const process = (incident.processDefinitionId ?? '').split(':')[0] ?? '';
    const stepLabel = (passes[0] as { activityName?: string | null } | undefined)?.activityName ?? null;
    const topic = tasks.find((t) => t.id === incident.configuration)?.topicName ?? null;
    return {
      id: incident.id,
      process,
      processName: flowDisplayName(locale, process, null),
      step: incident.activityId,
      stepLabel,
      stepName: incidentStepName(locale, incident.activityId, topic, stepLabel),
      businessKey: instance?.businessKey ?? null,
      message: incident.incidentMessage ?? '',
      details: details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS)}…` : details,
      time: incident.incidentTimestamp ?? null,
      externalTaskId: incident.configuration ?? null,
    };
  });
}

/**
 * Gives the failed task its attempts back: the engine resolves the incident at once and offers the
 * task to the workers again. If the cause is still there, the worker fails again and, once its
 * attempts are used up, a new incident appears in the list.
 */
export async function retryIncident(engine: EngineClient, incidentId: string, actor: string): Promise<{ externalTaskId: string }> {
  if (!INCIDENT_ID.test(incidentId)) throw badRequest('not an incident id', [{ field: 'incidentId', code: 'format', message: 'letters, digits and dashes, at most 64' }]);
  const incident = await engine.incident(incidentId);
  if (!incident || incident.incidentType !== 'failedExternalTask' || !incident.configuration) throw notFound('incident');
  const instance = await engine.processInstance(incident.processInstanceId).catch(() => null);
  try {
    await engine.setExternalTaskRetries(incident.configuration, DEFAULT_RETRY.attempts);
  } catch (error) {
    // The task finished or its case was cancelled meanwhile: nothing is left to retry.
    if (error instanceof EngineError && (error.status === 404 || error.status === 400 || error.status === 500)) throw notFound('incident');
    throw error;
  }
  await recordAudit({
    actor, action: 'incident.retried', subject: { type: 'incident', id: incident.id },
    details: { externalTaskId: incident.configuration, processInstanceId: incident.processInstanceId, step: incident.activityId, businessKey: instance?.businessKey ?? null, message: incident.incidentMessage, retries: DEFAULT_RETRY.attempts },
  });
  return { externalTaskId: incident.configuration };
}
