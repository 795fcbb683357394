import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionsUsedBy, decisionVersionVariable } from '../../src/domain/decision-pins';

describe('decisionsUsedBy: what a case pins when it starts', () => {
  it('names the decisions of business rule tasks, once each, sorted; an expression names none yet', () => {
    const xml = `<bpmn:process id="p">
      <bpmn:businessRuleTask id="a" camunda:decisionRef="promotion-committee" camunda:decisionRefBinding="version" camunda:decisionRefVersion="\${dmnVersion_promotion_committee}" />
      <bpmn:businessRuleTask camunda:resultVariable="x" id="b" camunda:decisionRef="bonus-cap"></bpmn:businessRuleTask>
      <businessRuleTask id="c" camunda:decisionRef="promotion-committee"/>
      <bpmn:businessRuleTask id="d" camunda:decisionRef="\${tableKey}" />
    </bpmn:process>`;
    expect(decisionsUsedBy(xml)).toEqual(['bonus-cap', 'promotion-committee']);
  });

  it('names the table a building block evaluates itself: the bonus flow pins bonus-approval-chain', () => {
    expect(decisionsUsedBy(readFileSync(join(__dirname, '..', '..', 'processes', 'bonus-approval.bpmn'), 'utf8'))).toEqual(['bonus-approval-chain']);
    expect(decisionsUsedBy(readFileSync(join(__dirname, '..', '..', 'processes', 'performance-review.bpmn'), 'utf8'))).toEqual([]);
  });

  it('carries the pinned version in dmnVersion_<key with - as _>', () => {
    expect(decisionVersionVariable('bonus-approval-chain')).toBe('dmnVersion_bonus_approval_chain');
  });
});
