import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decisionOutputs } from '../../src/server/modeler/decision-elements';
import { lintDecision } from '../../src/server/modeler/decision-lint';

const processes = join(__dirname, '..', '..', 'processes');
const shipped = readdirSync(processes).filter((f) => f.endsWith('.dmn'));

test.each(shipped)('the shipped %s passes the lint its key is checked with, without warnings', async (file) => {
  const report = await lintDecision(file.replace(/\.dmn$/, ''), readFileSync(join(processes, file), 'utf8'));
  expect(report).toEqual({ errors: [], warnings: [] });
});

test('decisionOutputs names the bonus approval table\'s result columns, as a business rule task reads them', () => {
  expect(decisionOutputs(readFileSync(join(processes, 'bonus-approval-chain.dmn'), 'utf8'))).toEqual([
    { name: 'stepId', type: 'string' }, { name: 'approverKind', type: 'string' }, { name: 'approverGroup', type: 'string' },
    { name: 'reasonEn', type: 'string' }, { name: 'reasonZh', type: 'string' },
  ]);
  // A prefixed DMN, attributes in any order; an output without a typeRef has the type ''.
  expect(decisionOutputs('<dmn:definitions xmlns:dmn="x"><dmn:decision id="d"><dmn:decisionTable><dmn:output typeRef="boolean" id="o" name="committee"/><dmn:output name="note" /><dmn:outputEntry id="e"><dmn:text>true</dmn:text></dmn:outputEntry></dmn:decisionTable></dmn:decision></dmn:definitions>'))
    .toEqual([{ name: 'committee', type: 'boolean' }, { name: 'note', type: '' }]);
});
