import type { Client, HandlerArgs, Task, TaskService, Variables as VariablesClass } from 'camunda-external-task-client-js';
import { withAuditScope } from '../platform/audit/record-audit';
import { topicEntry } from '../domain/topic-catalogue';
import { BusinessError, type TopicHandler, type VariableValue } from './topic-handler';
import { DEFAULT_RETRY, nextRetry, type RetryPolicy } from '../domain/retry';

/**
 * Output a block's catalogue entry does not declare. The modeler's lint trusts the declarations
 * (a gateway may route only on what an upstream block produces), so a block that sets anything
 * else fails loudly here instead of steering a flow through a variable nobody can see.
 */
export function undeclaredOutputs(topic: string, output: Record<string, VariableValue>): string[] {
  const declared = new Set(topicEntry(topic)?.produces.map((v) => v.name) ?? []);
  return Object.keys(output).filter((name) => !declared.has(name));
}

/**
 * Subscribes a handler so that every outcome reaches the engine: completion, a BPMN error, or
 * handleFailure with retries and back-off (the client itself only emits an event when a handler
 * throws, leaving the task locked until the lock expires). Zero retries left is an incident.
 */
export function subscribeTopic(client: Client, Variables: typeof VariablesClass, handler: TopicHandler, policy = DEFAULT_RETRY): void {
  client.subscribe(handler.topic, {}, async ({ task, taskService }: HandlerArgs) => {
    try {
      // The audit entries of a delivery are the task's: a redelivery or a retry adds none twice.
      const output = await withAuditScope(`externalTask:${task.id}`, () => handler.handle({
        processInstanceId: task.processInstanceId,
        businessKey: task.businessKey,
        variable: (name) => task.variables.get(name),
      }));
      const undeclared = undeclaredOutputs(handler.topic, output);
      if (undeclared.length > 0) throw new Error(`${handler.topic} set variables its catalogue entry does not declare: ${undeclared.join(', ')}`);
      try {
        await taskService.complete(task, new Variables().setAll(output));
      } catch (error) {
        // The lock ran out before we finished and a redelivery completed the task already; the
        // handler's writes are idempotent, so there is nothing left to do.
        if (isGone(error)) return;
        throw error;
      }
    } catch (error) {
      await reportFailure(task, taskService, Variables, error, policy).catch((reportError) => {
        // The engine could not be told; the lock will expire and the task comes back.
        console.error(`[${handler.topic}] could not report failure of task ${task.id}:`, reportError);
      });
    }
  });
}

function isGone(error: unknown): boolean {
  return /Response code 404|does not exist/.test(String((error as { message?: string })?.message ?? error));
}

async function reportFailure(task: Task, taskService: TaskService, Variables: typeof VariablesClass, error: unknown, policy: RetryPolicy): Promise<void> {
  if (error instanceof BusinessError) {
    await taskService.handleBpmnError(task, error.code, error.message, new Variables());
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const { retries, retryTimeout } = nextRetry(task, policy);
  console.error(`[${task.topicName}] task ${task.id} failed (${retries} retries left): ${message}`);
  await taskService.handleFailure(task, {
    errorMessage: message.slice(0, 600),
    errorDetails: error instanceof Error ? (error.stack ?? message) : message,
    retries,
    retryTimeout,
  });
}
