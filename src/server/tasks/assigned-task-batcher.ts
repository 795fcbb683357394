import type { EngineTask } from '../engine-client';

/** Asks the engine for the open tasks of several assignees at once, oldest first, at most `maxResults`. */
export type AssignedTasksQuery = (assignees: string[], maxResults: number) => Promise<EngineTask[]>;

interface Waiter {
  resolve: (tasks: EngineTask[]) => void;
  reject: (error: unknown) => void;
}

/**
 * One engine query for the own tasks of everybody whose inbox poll arrives while the previous query
 * runs, instead of one query each. A hundred people polling every few seconds cost the engine a query
 * per round trip, not a hundred: each query pays the engine's fixed cost per request (authentication,
 * transaction, serialization) once.
 *
 * A poll never joins a query that is already running, since that query may have started before the
 * poller's own claim or completion; it waits for the next one, so everybody sees their own changes.
 * Up to `maxRunning` queries run at once: with one, a poll arriving just after a query began waited
 * for it and then for its own, twice the engine's time (the inbox bench's slowest polls).
 * When the answer might be cut short (it filled `maxResults`), the batch's people are asked one by one.
 */
export class AssignedTaskBatcher {
  private waiting = new Map<string, Waiter[]>();
  private running = 0;

  constructor(private readonly query: AssignedTasksQuery, private readonly perAssignee: number, private readonly maxAssigneesPerQuery = 100, private readonly maxRunning = 1) {}

  tasksOf(assignee: string): Promise<EngineTask[]> {
    return new Promise((resolve, reject) => {
      this.waiting.set(assignee, [...(this.waiting.get(assignee) ?? []), { resolve, reject }]);
      this.next();
    });
  }

  private next(): void {
    if (this.running >= this.maxRunning || this.waiting.size === 0) return;
    const batch = new Map([...this.waiting].slice(0, this.maxAssigneesPerQuery));
    for (const assignee of batch.keys()) this.waiting.delete(assignee);
    this.running++;
    this.answer(batch).finally(() => {
      this.running--;
      this.next();
    });
  }

  private async answer(batch: Map<string, Waiter[]>): Promise<void> {
    const assignees = [...batch.keys()];
    try {
      const byAssignee = await this.fetch(assignees);
      for (const [assignee, waiters] of batch) for (const waiter of waiters) waiter.resolve(byAssignee.get(assignee) ?? []);
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }

  private async fetch(assignees: string[]): Promise<Map<string, EngineTask[]>> {
    const limit = this.perAssignee * assignees.length;
    const tasks = await this.query(assignees, limit);
    const complete = tasks.length < limit;
    const byAssignee = new Map<string, EngineTask[]>();
    if (complete) {
      for (const task of tasks) if (task.assignee) byAssignee.set(task.assignee, [...(byAssignee.get(task.assignee) ?? []), task]);
      for (const [assignee, own] of byAssignee) byAssignee.set(assignee, own.slice(0, this.perAssignee));
      return byAssignee;
    }
    // Somebody has a long list: one query each, so nobody's oldest tasks are crowded out by another's.
    await Promise.all(assignees.map(async (assignee) => byAssignee.set(assignee, await this.query([assignee], this.perAssignee))));
    return byAssignee;
  }
}
