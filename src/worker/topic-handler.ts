/**
 * What a topic file exports. A handler reads the task's variables, does its work idempotently and
 * returns the variables to complete the task with. It throws BusinessError for an outcome the
 * diagram handles (a BPMN error) and anything else for a technical failure (retried, then an incident).
 */
import type { VariableValue } from '../domain/flow-variables';

export type { VariableValue };

export interface TopicTask {
  processInstanceId: string;
  businessKey: string | null;
  variable(name: string): unknown;
}

export interface TopicHandler {
  topic: string;
  handle(task: TopicTask): Promise<Record<string, VariableValue>>;
}

export class BusinessError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function requireStringVariable(task: TopicTask, name: string): string {
  const value = task.variable(name);
  if (typeof value !== 'string' || value === '') throw new Error(`process variable ${name} is missing`);
  return value;
}
