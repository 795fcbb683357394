/**
 * A small flow for the modeler's tests, under a key of the test's own so the shipped flows that
 * other test files drive are never changed: start → one user task per step → end.
 */
export interface SmallStep {
  id: string;
  name: string;
  formKey?: string;
  candidateGroups?: string;
}

export function uniqueFlowKey(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

export function smallFlow(key: string, steps: SmallStep[], extra = ''): string {
  const ids = ['started', ...steps.map((s) => s.id), 'finished'];
  const flows = ids.slice(1).map((target, i) => ({ id: `to_${target}`, source: ids[i]!, target }));
  const incoming = (id: string) => flows.filter((f) => f.target === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`).join('');
  const outgoing = (id: string) => flows.filter((f) => f.source === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`).join('');
  const tasks = steps.map((s) => `<bpmn:userTask id="${s.id}" name="${s.name}"${s.formKey ? ` camunda:formKey="formio:${s.formKey}"` : ''}${s.candidateGroups ? ` camunda:candidateGroups="${s.candidateGroups}"` : ''}>${incoming(s.id)}${outgoing(s.id)}</bpmn:userTask>`).join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${key}-definitions" targetNamespace="https://meritflow.example/test">
  <bpmn:process id="${key}" name="Modeler test flow" isExecutable="true" camunda:historyTimeToLive="P30D">
    <bpmn:startEvent id="started" name="Started">${outgoing('started')}</bpmn:startEvent>
    ${tasks}
    <bpmn:endEvent id="finished" name="Finished">${incoming('finished')}</bpmn:endEvent>
    ${flows.map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}" />`).join('\n    ')}
    ${extra}
  </bpmn:process>
</bpmn:definitions>
`;
}
