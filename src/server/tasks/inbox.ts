import { PersonModel } from '../../db/models/person';
import { ReviewCaseModel } from '../../db/models/review-case';
import type { CurrentUser } from '../current-user';
import type { EngineClient } from '../engine-client';
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
  subject: { id: string; name: { en: string; 'zh-CN': string } } | null;
}

/** My tasks and my groups' open tasks, each with whose case it is. Two store queries per page. */
export async function inboxFor(engine: EngineClient, user: CurrentUser): Promise<InboxItem[]> {
  const tasks = await engine.inboxTasks(user.id, user.groups);
  const cases = await ReviewCaseModel.find({ processInstanceId: { $in: [...new Set(tasks.map((t) => t.processInstanceId))] } }, { processInstanceId: 1, cycle: 1, subjectId: 1 }).lean();
  const caseByInstance = new Map(cases.map((c) => [c.processInstanceId!, c]));
  const people = await PersonModel.find({ _id: { $in: [...new Set(cases.map((c) => c.subjectId))] } }, { name: 1 }).lean();
  const nameById = new Map(people.map((p) => [p._id, p.name]));
  return tasks.map((task): InboxItem => {
    const reviewCase = caseByInstance.get(task.processInstanceId);
    const subjectName = reviewCase ? nameById.get(reviewCase.subjectId) : undefined;
    return {
      id: task.id,
      name: task.name,
      step: task.taskDefinitionKey,
      created: task.created,
      due: task.due,
      followUp: task.followUp,
      assignedToMe: task.assignee === user.id,
      formKey: formKeyOf(task),
      caseId: reviewCase?._id ?? null,
      cycle: reviewCase?.cycle ?? null,
      subject: reviewCase && subjectName ? { id: reviewCase.subjectId, name: subjectName } : null,
    };
  });
}
