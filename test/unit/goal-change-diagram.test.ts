import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lintProcess } from '../../src/server/modeler/process-lint';

/**
 * The shipped goal-change flow passes the modeler's lint as the owner would open it: its forms exist,
 * its block's topic is served, every variable its gateway reads is produced upstream; and, like the
 * appeal, it names no starter, so only its own route (the employee's) starts it.
 */
const root = join(__dirname, '..', '..');
const forms = new Map(readdirSync(join(root, 'forms')).filter((f) => f.endsWith('.json')).map((f) => [f.replace(/\.json$/, ''), [] as string[]]));

test('processes/goal-change.bpmn lints clean, with its two forms and its block', async () => {
  const xml = readFileSync(join(root, 'processes', 'goal-change.bpmn'), 'utf8');
  const report = await lintProcess('goal-change', xml, forms);
  expect(report.errors).toEqual([]);
  // Like the appeal, nobody starts it from the launcher: its own route does (the only warning).
  expect(report.warnings.map((w) => w.code)).toEqual(['no-starters']);
  expect(xml).toContain('camunda:formKey="formio:goal-change"');
  expect(xml).toContain('camunda:formKey="formio:goal-change-decision"');
  expect(xml).toContain('camunda:topic="goals.record-change"');
  expect(xml).not.toContain('candidateStarter');
});
