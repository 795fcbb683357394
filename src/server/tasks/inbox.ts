import { PersonModel, type Person } from '../../db/models/person';
import { TtlCache } from '../../lib/ttl-cache';
import type { CurrentUser } from '../current-user';
import { taskVariable, type EngineClient } from '../engine-client';
import { formKeyOf } from './task-form';

export interface InboxItem {
  id: string;
  name: string | null;
  step: string;
  created: string;
  due: string | null;
  followUp: string | null;
  assignedToMe: boolean;
  formKey: string | null;
  caseId: string | null;
  cycle: string | null;
  subject: { id: string; name: Person['name'] } | null;
}

/**
 * My tasks and my groups' open tasks, each with whose case it is. The case comes with the task's
 * variables; names are read by id, one equality query per distinct person (FerretDB answers
 * equality from its index, where `$in` would scan the collection).
 */
const names = new TtlCache<Person['name']>(60_000);

async function personName(id: string): Promise<Person['name'] | undefined> {
  const cached = names.get(id);
  if (cached) return cached;
  const person = await PersonModel.findById(id, { name: 1 }).lean();
  if (person) names.set(id, person.name);
  return person?.name;
}

export async function inboxFor(engine: EngineClient, user: CurrentUser): Promise<InboxItem[]> {
  const tasks = await engine.inboxTasks(user.id, user.groups);
  const subjectIds = [...new Set(tasks.map((t) => taskVariable(t, 'subjectId')).filter((id): id is string => Boolean(id)))];
  const found = await Promise.all(subjectIds.map(async (id) => [id, await personName(id)] as const));
  const nameById = new Map(found.filter((entry): entry is readonly [string, Person['name']] => entry[1] !== undefined));
  return tasks.map((task): InboxItem => {
    const subjectId = taskVariable(task, 'subjectId');
    const subjectName = subjectId ? nameById.get(subjectId) : undefined;
    return {
      id: task.id,
      name: task.name,
      step: task.taskDefinitionKey,
      created: task.created,
      due: task.due,
      followUp: task.followUp,
      assignedToMe: task.assignee === user.id,
      formKey: formKeyOf(task),
      caseId: taskVariable(task, 'caseId') ?? null,
      cycle: taskVariable(task, 'cycle') ?? null,
      subject: subjectId && subjectName ? { id: subjectId, name: subjectName } : null,
    };
  });
}
