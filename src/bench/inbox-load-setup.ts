import bcrypt from 'bcryptjs';
import { FormVersionModel } from '../db/models/form-version';
import { PersonModel, ROLES, type Person } from '../db/models/person';
import { ReviewCaseModel, caseIdFor, type ReviewCase } from '../db/models/review-case';
import { policyVersionsInForce } from '../db/policies-in-force';
import { mapWithConcurrency } from '../lib/concurrency';
import type { EngineClient } from '../platform/engine-client';
import { latestVersions } from '../platform/versions';
import { DEMO_PASSWORD, type DemoPerson } from '../seed/demo-org';

/**
 * The inbox bench's open tasks, held as the product holds them: people in the store with roles (the
 * product's candidate groups are its roles), one case per task pinning the forms and policies in
 * force, and a deployed diagram whose single step is a self-assessment, either assigned to the
 * person it is about or offered to a group. Instances are started straight through engine REST,
 * with the variables a launch gives (startCase), for setup speed.
 */
export const LOAD_KEY = 'inbox-load';
const FORM = 'self-assessment';

const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="inbox-load-definitions" targetNamespace="https://meritflow.example/bench">
  <bpmn:process id="${LOAD_KEY}" name="Inbox load (bench)" isExecutable="true" camunda:historyTimeToLive="P1D">
    <bpmn:startEvent id="started" />
    <bpmn:sequenceFlow id="toRoute" sourceRef="started" targetRef="route" />
    <bpmn:exclusiveGateway id="route" default="toOwn" />
    <bpmn:sequenceFlow id="toOwn" sourceRef="route" targetRef="ownAssessment" />
    <bpmn:sequenceFlow id="toGroup" sourceRef="route" targetRef="groupAssessment">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${route == 'group'}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:userTask id="ownAssessment" name="Self-assessment" camunda:formKey="formio:${FORM}" camunda:assignee="\${subjectId}" camunda:dueDate="\${dateTime().plusDays(14).toDate()}" />
    <bpmn:userTask id="groupAssessment" name="Self-assessment" camunda:formKey="formio:${FORM}" camunda:candidateGroups="\${group}" camunda:dueDate="\${dateTime().plusDays(14).toDate()}" />
    <bpmn:sequenceFlow id="ownDone" sourceRef="ownAssessment" targetRef="ended" />
    <bpmn:sequenceFlow id="groupDone" sourceRef="groupAssessment" targetRef="ended" />
    <bpmn:endEvent id="ended" />
  </bpmn:process>
</bpmn:definitions>`;

export interface LoadPlan {
  people: number;
  tasks: number;
  /** Of the tasks, those offered to a group rather than assigned to the person they are about. */
  groupTasks: number;
}

export interface LoadTask {
  subjectId: string;
  cycle: string;
  /** null: assigned to the subject. */
  group: string | null;
}

export const loadPersonId = (i: number) => `L${String(i + 1).padStart(5, '0')}`;
/** Person i's one group; a group task's subject is never of the task's group (nobody sees a group task about themselves). */
export const groupOfPerson = (i: number) => ROLES[i % ROLES.length]!;

/**
 * Which task is whose: task i is about person i mod P, in cycle ⌊i / P⌋ (one case per person and
 * cycle); the last `groupTasks` are offered to the groups in turn, never to the subject's own.
 */
export function loadTasks(plan: LoadPlan, run: string): LoadTask[] {
  return Array.from({ length: plan.tasks }, (_, i) => {
    const own = i < plan.tasks - plan.groupTasks;
    const subject = i % plan.people;
    // 1 to 7 groups on from the subject's own, in turn.
    return { subjectId: loadPersonId(subject), cycle: `${run}-${Math.floor(i / plan.people)}`, group: own ? null : groupOfPerson(subject + 1 + (i % (ROLES.length - 1))) };
  });
}

/** The bench's people in the demo units under their heads, each with one role; one password hash (the demo password) for all. */
export async function seedLoadPeople(count: number, demo: DemoPerson[]): Promise<Array<Pick<Person, '_id' | 'username' | 'roles' | 'managerId'>>> {
  const heads = demo.filter((p) => p.managerId && demo.find((m) => m._id === p.managerId)?.unitId !== p.unitId);
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const people = Array.from({ length: count }, (_, i) => {
    const head = heads[i % heads.length]!;
    return {
      _id: loadPersonId(i), username: `load${i + 1}`, name: { en: `Load Person ${i + 1}`, 'zh-CN': `负载用户${i + 1}` }, email: `load${i + 1}@demo-bank.example`,
      unitId: head.unitId, managerId: head._id, title: { en: 'Officer', 'zh-CN': '专员' }, roles: [groupOfPerson(i)], passwordHash, locale: 'en' as const, active: true,
    };
  });
  await PersonModel.bulkWrite(people.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $set: fields }, upsert: true } })));
  return people;
}

/** Deploys the diagram, starts one instance per task and records its case. */
export async function startLoadTasks(engine: EngineClient, tasks: LoadTask[], managerOf: Map<string, string>, progress: (done: number) => void): Promise<void> {
  await engine.deploy('meritflow-bench-inbox-load', [{ name: `${LOAD_KEY}.bpmn`, content: diagram }]);
  const [formVersions, policyVersions] = await Promise.all([latestVersions(FormVersionModel), policyVersionsInForce()]);
  let done = 0;
  const chunk = 500;
  for (let from = 0; from < tasks.length; from += chunk) {
    const slice = tasks.slice(from, from + chunk);
    const started = await mapWithConcurrency(slice, 8, async (task) => {
      const caseId = caseIdFor(LOAD_KEY, task.cycle, task.subjectId);
      const managerId = managerOf.get(task.subjectId)!;
      const instance = await engine.startProcess(LOAD_KEY, caseId, {
        caseId, cycle: task.cycle, subjectId: task.subjectId, managerId, subjectType: 'person', startedBy: 'bench',
        route: task.group ? 'group' : 'own', group: task.group ?? '',
      });
      return { _id: caseId, processKey: LOAD_KEY, cycle: task.cycle, subjectId: task.subjectId, subjectType: 'person', managerId, processInstanceId: instance.id, formVersions, policyVersions, status: 'running', launchedBy: 'bench', launchedAt: new Date() } satisfies ReviewCase;
    });
    await ReviewCaseModel.insertMany(started, { ordered: false });
    done += slice.length;
    progress(done);
  }
}
