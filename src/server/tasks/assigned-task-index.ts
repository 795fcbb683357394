import type { EngineTask } from '../engine-client';

/** The engine reads the index is kept from (EngineClient has them; unit tests pass a stand-in). */
export interface AssignedTaskSource {
  /** Open tasks, oldest first, assigned to any of these people; at most `maxResults`. */
  tasksAssignedToAny(assignees: string[], maxResults: number): Promise<EngineTask[]>;
  /** Open tasks created or changed (assignee, due date…) after a time; at most `maxResults`. */
  tasksChangedAfter(after: Date, maxResults: number): Promise<EngineTask[]>;
  /** Tasks that ended (completed, or deleted with their instance) after a time; at most `maxResults`. */
  tasksEndedAfter(after: Date, maxResults: number): Promise<Array<{ id: string }>>;
  /** Deployed process definitions: one deleted takes its instances' tasks and their history with it, unseen by the two above. */
  processDefinitionCount(): Promise<number>;
}

/** A change to a task made through this server, known before the engine's next round tells it. */
export interface LocalTaskChange {
  taskId: string;
  /** The person who held it and no longer does (completed, given back, handed over). */
  from?: string;
  /** The person who holds it now (claimed, handed over). */
  to?: string;
  /** The task is gone for good (completed). */
  ended?: boolean;
}

interface Holder {
  tasks: Map<string, EngineTask>;
  /** When the engine's list of the person's tasks arrived: a round begun before it tells them nothing new. */
  loadedAt: number;
  /** The person held more tasks than were read: only the oldest are here, so a removal means reading again. */
  cut: boolean;
  reloadDue: boolean;
  askedAt: number;
  /** A change through this server that their next answer must show: they wait for a round begun after it. */
  freshAfter: number;
}

interface Round {
  startedAt: number;
  loads: Set<string>;
  done: Promise<void>;
}

// The engine stamps a change inside its transaction and commits a moment later: each round reads the
// changes since the previous round began, less this, so a change committed late is still seen. The
// engine's stamps are its host's clock and the rounds' times this server's: the two must agree within
// this too (a change missed either way shows at the person's next whole read, RELOAD_MS).
const MARGIN_MS = 5_000;
// An answer is never older than this (the group queues keep the same bound, inbox-tasks.ts).
const FRESH_MS = 1_000;
// Past this a poll still answers from the index and starts the next round in the background.
const REFRESH_MS = 500;
// Each person's list is read whole again this often: what a round could not see (an instance whose
// history was deleted with it) lasts no longer than this.
const RELOAD_MS = 30_000;
// After a pause this long the changes since would be a long read: the index starts over instead.
const RESET_MS = 60_000;
const FORGET_MS = 10 * 60_000;
const PAGE = 2_000;
const PEOPLE_PER_QUERY = 100;

const oldestFirst = (a: EngineTask, b: EngineTask) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id);

/**
 * The open tasks assigned to each person who looks at their inbox, kept by this server from the
 * engine's own record of what changed, so a poll is answered without a query of its own.
 *
 * A person's first poll reads their tasks (one `assigneeIn` query for everyone arriving together).
 * From then on one round at a time, at most every REFRESH_MS while anyone polls, reads the tasks the
 * engine created or changed since the previous round (`updatedAfter`, which the engine indexes) and
 * the tasks that ended (the history's `finishedAfter`), and applies them to everyone held here. An
 * answer is at most FRESH_MS old; a claim, give-back, hand-over or completion through this server
 * shows at once, and the person who made it waits for a round begun after it, so the step the engine
 * gave them next is there too. With 10,000 open tasks the engine's assignee query was the inbox's
 * slowest part (122 ms at p99 under the inbox bench); a round costs it about one such query for everyone.
 */
export class AssignedTaskIndex {
  private readonly holders = new Map<string, Holder>();
  /** Which held person each held task belongs to. */
  private readonly owners = new Map<string, string>();
  /** Tasks known ended, and when: a round's older read never brings them back. */
  private readonly ended = new Map<string, number>();
  /** Tasks this server took from someone, and when: a read begun before that does not give them back. */
  private readonly takenFrom = new Map<string, { from: string; at: number }>();
  private lastRoundStart: number | null = null;
  private definitions: number | null = null;
  private running: Round | null = null;
  private queued: { loads: Set<string>; done: Promise<void> } | null = null;

  constructor(private readonly source: AssignedTaskSource, private readonly perPerson: number, private readonly now: () => number = Date.now) {}

  /** The person's open tasks, oldest first, at most `perPerson`. */
  async tasksOf(assignee: string): Promise<EngineTask[]> {
    // A round that starts over drops everyone: then the person is read in the next one.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.now();
      const holder = this.holders.get(assignee);
      if (holder) holder.askedAt = now;
      const last = this.lastRoundStart;
      if (!holder) await this.roundAfter(Number.NEGATIVE_INFINITY, assignee);
      else if (last === null || holder.freshAfter >= last) await this.roundAfter(Math.max(holder.freshAfter, now - FRESH_MS));
      else if (now - last >= FRESH_MS) await this.roundAfter(now - FRESH_MS);
      else {
        if (now - last >= REFRESH_MS || now - holder.loadedAt >= RELOAD_MS) this.roundAfter(now - REFRESH_MS).catch(() => undefined);
        return this.listOf(holder);
      }
      const read = this.holders.get(assignee);
      if (read) {
        read.askedAt = now;
        return this.listOf(read);
      }
    }
    // The engine changes faster than a round can follow: ask for this person alone.
    return this.source.tasksAssignedToAny([assignee], this.perPerson);
  }

  /** Applies a change made through this server at once, and makes the people it concerns wait for the engine's next round. */
  changedHere(change: LocalTaskChange): void {
    const at = this.now();
    if (change.ended) this.ended.set(change.taskId, at);
    if (change.from !== undefined) {
      this.takenFrom.set(change.taskId, { from: change.from, at });
      this.remove(change.taskId, change.from);
    }
    for (const person of [change.from, change.to]) {
      const holder = person === undefined ? undefined : this.holders.get(person);
      if (holder) holder.freshAfter = at;
    }
  }

  private listOf(holder: Holder): EngineTask[] {
    return [...holder.tasks.values()].sort(oldestFirst).slice(0, this.perPerson);
  }

  /** Resolves once a round that began after `after` (and read `load`, if given) has been applied. */
  private roundAfter(after: number, load?: string): Promise<void> {
    const running = this.running;
    if (running && running.startedAt > after && (load === undefined || running.loads.has(load))) return running.done;
    if (!this.queued) {
      const loads = new Set<string>();
      const done = (running ? running.done.catch(() => undefined) : Promise.resolve()).then(() => {
        this.queued = null;
        return this.round(loads);
      });
      this.queued = { loads, done };
    }
    if (load !== undefined) this.queued.loads.add(load);
    return this.queued.done;
  }

  private async round(loads: Set<string>): Promise<void> {
    const startedAt = this.now();
    const round: Round = { startedAt, loads, done: Promise.resolve() };
    round.done = this.apply(round).finally(() => { if (this.running === round) this.running = null; });
    this.running = round;
    return round.done;
  }

  private async apply(round: Round): Promise<void> {
    const { startedAt, loads } = round;
    const last = this.lastRoundStart;
    if (last === null || startedAt - last > RESET_MS) this.startOver(loads);
    this.forgetOld(startedAt);
    for (const [person, holder] of this.holders) if (holder.reloadDue || startedAt - holder.loadedAt >= RELOAD_MS) loads.add(person);
    if (last !== null && this.holders.size > 0) {
      const since = new Date(last - MARGIN_MS);
      const [changed, ended, definitions] = await Promise.all([this.source.tasksChangedAfter(since, PAGE), this.source.tasksEndedAfter(since, PAGE), this.source.processDefinitionCount()]);
      // More than a page changed, or a definition went with its tasks: what changed is unknown, so everyone held is read again.
      if (changed.length >= PAGE || ended.length >= PAGE || (this.definitions !== null && definitions < this.definitions)) this.startOver(loads);
      else this.applyChanges(changed, ended, startedAt);
      this.definitions = definitions;
    } else {
      this.definitions = await this.source.processDefinitionCount();
    }
    await this.load([...loads]);
    this.lastRoundStart = startedAt;
  }

  private applyChanges(changed: EngineTask[], ended: Array<{ id: string }>, startedAt: number): void {
    for (const { id } of ended) {
      if (!this.ended.has(id)) this.ended.set(id, startedAt);
      const owner = this.owners.get(id);
      if (owner !== undefined) this.remove(id, owner);
    }
    for (const task of changed) {
      if (this.ended.has(task.id)) continue;
      const taken = this.takenFrom.get(task.id);
      if (taken && taken.at >= startedAt && taken.from === task.assignee) continue;
      const owner = this.owners.get(task.id);
      if (owner !== undefined && owner !== task.assignee && (this.holders.get(owner)?.loadedAt ?? 0) <= startedAt) this.remove(task.id, owner);
      const holder = task.assignee === null ? undefined : this.holders.get(task.assignee);
      if (holder && task.assignee !== null && holder.loadedAt <= startedAt) {
        holder.tasks.set(task.id, task);
        this.owners.set(task.id, task.assignee);
      }
    }
  }

  private remove(taskId: string, from: string): void {
    const holder = this.holders.get(from);
    if (!holder?.tasks.delete(taskId)) return;
    if (this.owners.get(taskId) === from) this.owners.delete(taskId);
    if (holder.cut) holder.reloadDue = true;
  }

  /** Reads these people's tasks: everyone in one query while nobody's list could be cut short, else one by one. */
  private async load(people: string[]): Promise<void> {
    for (let i = 0; i < people.length; i += PEOPLE_PER_QUERY) {
      const batch = people.slice(i, i + PEOPLE_PER_QUERY);
      const readStart = this.now();
      const limit = this.perPerson * batch.length;
      const tasks = await this.source.tasksAssignedToAny(batch, limit);
      const byPerson = new Map<string, { tasks: EngineTask[]; cut: boolean }>(batch.map((p) => [p, { tasks: [], cut: false }]));
      if (tasks.length < limit) {
        for (const task of tasks) byPerson.get(task.assignee!)?.tasks.push(task);
      } else {
        await Promise.all(batch.map(async (person) => {
          const own = await this.source.tasksAssignedToAny([person], this.perPerson);
          byPerson.set(person, { tasks: own, cut: own.length >= this.perPerson });
        }));
      }
      const loadedAt = this.now();
      for (const [person, read] of byPerson) this.hold(person, read.tasks, read.cut, readStart, loadedAt);
    }
  }

  private hold(person: string, tasks: EngineTask[], cut: boolean, readStart: number, loadedAt: number): void {
    const before = this.holders.get(person);
    for (const id of before?.tasks.keys() ?? []) if (this.owners.get(id) === person) this.owners.delete(id);
    const holder: Holder = { tasks: new Map(), loadedAt, cut, reloadDue: false, askedAt: before?.askedAt ?? loadedAt, freshAfter: before?.freshAfter ?? Number.NEGATIVE_INFINITY };
    for (const task of tasks) {
      const taken = this.takenFrom.get(task.id);
      // What this server did while the read was under way is newer than the read.
      if (this.ended.has(task.id) || (taken && taken.from === person && taken.at >= readStart)) continue;
      holder.tasks.set(task.id, task);
      this.owners.set(task.id, person);
    }
    this.holders.set(person, holder);
  }

  private startOver(loads: Set<string>): void {
    for (const [person, holder] of this.holders) if (this.now() - holder.askedAt < FORGET_MS) loads.add(person);
    this.holders.clear();
    this.owners.clear();
  }

  private forgetOld(now: number): void {
    for (const [person, holder] of this.holders) {
      if (now - holder.askedAt < FORGET_MS) continue;
      for (const id of holder.tasks.keys()) if (this.owners.get(id) === person) this.owners.delete(id);
      this.holders.delete(person);
    }
    for (const [id, at] of this.ended) if (now - at > RESET_MS) this.ended.delete(id);
    for (const [id, taken] of this.takenFrom) if (now - taken.at > RESET_MS) this.takenFrom.delete(id);
  }
}
