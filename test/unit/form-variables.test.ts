import { checkFormVariables, variablesOfSubmission } from '../../src/domain/form-variables';

const decision = { type: 'radio', key: 'decision', label: 'Decision', values: [{ label: 'Approve', value: 'approve' }, { label: 'Return', value: 'return' }], properties: { processVariable: 'decision' } };
const raise = { type: 'number', key: 'raisePercent', label: 'Raise (%)', properties: { processVariable: 'raisePercent' } };
const urgent = { type: 'checkbox', key: 'urgent', label: 'Urgent', properties: { processVariable: 'urgent' } };
const comment = { type: 'textarea', key: 'comment', label: 'Comment' };

describe('form answers that become process variables', () => {
  it('reads each declared mapping with the type its component holds, looking through panels and columns', () => {
    const schema = { components: [decision, { type: 'panel', key: 'p', components: [{ type: 'columns', key: 'c', columns: [{ components: [raise] }, { components: [urgent, comment] }] }] }] };
    const { variables, problems } = checkFormVariables(schema);
    expect(problems).toEqual([]);
    expect(variables).toEqual([
      { name: 'decision', type: 'string', key: 'decision', options: ['approve', 'return'] },
      { name: 'raisePercent', type: 'number', key: 'raisePercent' },
      { name: 'urgent', type: 'boolean', key: 'urgent' },
    ]);
  });

  it('refuses a mapping a gateway could not use, each with the component named', () => {
    const schema = { components: [
      { type: 'textfield', key: 'a', properties: { processVariable: 'Bad-Name' } },
      { type: 'textfield', key: 'b', properties: { processVariable: 'subjectId' } },
      { type: 'textfield', key: 'c', properties: { processVariable: 'goalSettingSubmissionId' } },
      { type: 'datagrid', key: 'rows', components: [{ type: 'number', key: 'weight', properties: { processVariable: 'weight' } }] },
      { type: 'file', key: 'd', properties: { processVariable: 'attachment' } },
      { type: 'select', key: 'e', multiple: true, data: { values: [{ value: 'x' }] }, properties: { processVariable: 'choices' } },
      decision,
      { ...decision, key: 'decision2' },
    ] };
    const codes = checkFormVariables(schema).problems.map((p) => `${p.field.split('.')[1]}:${p.code}`);
    expect(codes).toEqual(['a:variable-name', 'b:variable-reserved', 'c:variable-reserved', 'weight:variable-in-rows', 'd:variable-type', 'e:variable-type', 'decision2:variable-duplicate']);
  });

  it('sets the answers as variables, an empty answer as null so the gateway still decides', () => {
    const schema = { components: [decision, raise, urgent, comment] };
    expect(variablesOfSubmission(schema, { decision: 'return', raisePercent: 12.5, urgent: false, comment: 'no' })).toEqual({ values: { decision: 'return', raisePercent: 12.5, urgent: false }, problems: [] });
    expect(variablesOfSubmission(schema, { decision: 'approve' }).values).toEqual({ decision: 'approve', raisePercent: null, urgent: null });
  });

  it('refuses a choice outside its list, which Form.io itself lets through', () => {
    const { problems } = variablesOfSubmission({ components: [decision] }, { decision: 'escalate' });
    expect(problems).toEqual([{ field: 'decision', code: 'option', message: 'decision must be one of approve, return' }]);
  });

  it('leaves a select filled from the case to the form validation', () => {
    const peer = { type: 'select', key: 'peer', optionsFrom: 'unit-colleagues', data: { values: [{ value: 'p1' }] }, properties: { processVariable: 'peerId' } };
    expect(variablesOfSubmission({ components: [peer] }, { peer: 'p2' })).toEqual({ values: { peerId: 'p2' }, problems: [] });
  });
});
