import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DMN_ZH_CN, dmnTranslatorFor } from '../../src/web/decisions/translate-dmn-zh';
import { blankFlowXml, processIdOf, processNameOf, renameProcess } from '../../src/server/modeler/new-flow';
import { lintProcess } from '../../src/server/modeler/process-lint';
import { HttpError } from '../../src/server/http-errors';

/**
 * A new flow's starting points, without a store or an engine: the blank diagram, a renamed copy, the
 * name in the list; and the decision table editor's Chinese.
 */

test('a blank flow is a start and an end, executable, named in the owner\'s words, and passes the lint as it is', async () => {
  const xml = blankFlowXml('promotion-nomination', { flow: 'Promotion & "nomination"', start: '开始', end: '结束' });
  expect(xml).toContain('<bpmn:process id="promotion-nomination" name="Promotion &amp; &quot;nomination&quot;" isExecutable="true"');
  expect(xml).toContain('<bpmn:startEvent id="started" name="开始">');
  const report = await lintProcess('promotion-nomination', xml, new Set());
  expect(report.errors).toEqual([]);
  expect(processNameOf(xml)).toBe('Promotion & "nomination"');
});

test('a copy takes the new key: the process and the diagram plane follow it, a step with the old id\'s text does not', async () => {
  const original = blankFlowXml('appeal', { flow: 'Appeal', start: 'Started', end: 'Finished' })
    .replace('<bpmn:endEvent id="finished" name="Finished">', '<bpmn:endEvent id="finished" name="appeal">');
  const copy = await renameProcess(original, 'appeal-copy', 'Appeal (copy)');
  expect(await processIdOf(copy)).toBe('appeal-copy');
  expect(copy).toMatch(/<bpmndi:BPMNPlane id="appeal-plane" bpmnElement="appeal-copy">/);
  expect(copy).toContain('name="appeal"');
  expect(processNameOf(copy)).toBe('Appeal (copy)');
  expect((await lintProcess('appeal-copy', copy, new Set())).errors).toEqual([]);
});

test('a file that is not one BPMN process is refused with the reason', async () => {
  await expect(processIdOf('{"components": []}')).rejects.toEqual(expect.objectContaining({ status: 400, problems: [expect.objectContaining({ field: 'xml', code: 'not-bpmn' })] }));
  const two = blankFlowXml('a', { flow: 'A', start: 'S', end: 'E' }).replace('</bpmn:definitions>', '<bpmn:process id="b" /></bpmn:definitions>');
  await expect(renameProcess(two, 'c')).rejects.toBeInstanceOf(HttpError);
  expect(processNameOf('<bpmn:process id="x" isExecutable="true"><bpmn:task name="not the process" /></bpmn:process>')).toBeNull();
});

test('the decision table editor has a Chinese string for every string dmn-js asks its translate service for by name', () => {
  const asked = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) for (const m of readFileSync(path, 'utf8').matchAll(/translate\(\s*'((?:[^'\\]|\\.)*)'/g)) asked.add(m[1]!.replace(/\\"/g, '"'));
    }
  };
  const modules = join(__dirname, '..', '..', 'node_modules');
  walk(join(modules, 'dmn-js-decision-table', 'lib'));
  walk(join(modules, 'dmn-js-shared', 'lib'));
  expect(asked.size).toBeGreaterThan(100);
  const missing = [...asked].filter((text) => !(text in DMN_ZH_CN) && !/^"value"/.test(text));
  expect(missing).toEqual([]);
  expect(dmnTranslatorFor('zh-CN')('Hit policy:')).toBe('命中策略：');
  expect(dmnTranslatorFor('en')('Hit policy:')).toBe('Hit policy:');
  expect(dmnTranslatorFor('zh-CN')('Expression language: {expressionLanguageLabel}', { expressionLanguageLabel: 'FEEL' })).toBe('表达式语言：FEEL');
});
