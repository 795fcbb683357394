/**
 * Which decisions a flow evaluates, so that a case can pin their versions when it starts (a running
 * case keeps the table it started with; an owner's new version applies to cases started after it):
 *  - every business rule task's camunda:decisionRef (a literal key; the engine evaluates the version
 *    the case pinned when the task binds `camunda:decisionRefBinding="version"` and
 *    `camunda:decisionRefVersion="${dmnVersion_<key with - as _>}"`);
 *  - the decisions a worker topic evaluates itself through the engine (TOPIC_DECISIONS), at the
 *    version in the same start variable.
 */

/** The decision tables a building block evaluates: its outputs are read by the topic's code. */
export const TOPIC_DECISIONS: Record<string, string[]> = {
  'bonus.next-approver': ['bonus-approval-chain'],
};

const DECISION_KEY = /^[a-z][a-z0-9-]{0,59}$/;

/** The start variable that carries the engine version of a decision a case pinned. */
export function decisionVersionVariable(key: string): string {
  return `dmnVersion_${key.replace(/-/g, '_')}`;
}

/** The decision keys a deployed BPMN names (business rule tasks) or uses through its topics, sorted. */
export function decisionsUsedBy(bpmnXml: string): string[] {
  const keys = new Set<string>();
  for (const task of bpmnXml.matchAll(/<(?:[A-Za-z][\w-]*:)?businessRuleTask\b([^>]*)>/g)) {
    const ref = /\s(?:[A-Za-z][\w-]*:)?decisionRef="([^"]*)"/.exec(task[1]!)?.[1];
    // An expression (${…}) names the decision only at run time: nothing to pin at the start.
    if (ref && DECISION_KEY.test(ref)) keys.add(ref);
  }
  for (const topic of bpmnXml.matchAll(/\s(?:[A-Za-z][\w-]*:)?topic="([^"]*)"/g)) {
    for (const key of TOPIC_DECISIONS[topic[1]!] ?? []) keys.add(key);
  }
  return [...keys].sort();
}
