import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator } from '@formio/core';
import { validateSubmission } from '../../src/server/forms/validate-submission';

/**
 * Code in a form runs when the server validates a submission. Should code the form builder would
 * refuse ever reach validation (a version stored before the check, a store edited by hand), it runs
 * in a sandbox: no process, no require, no host objects, a time limit, and only copies of the data.
 */
const form = (validate: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  components: [
    { type: 'textfield', key: 'decision', label: 'Decision', input: true },
    { type: 'textarea', key: 'comment', label: 'Comment', input: true, validate, ...more },
  ],
});
/** The message the form's code answered with, for a submission with a comment. */
const answer = (code: string) => validateSubmission(form({ custom: code }), { decision: 'x', comment: 'c' }).problems.map((p) => p.message);

describe('form code on the server cannot reach Node', () => {
  test('the shipped "comment required when returning" rule still works', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'forms', 'calibration-approval.json'), 'utf8'));
    const decision = (schema.components as Array<{ key: string; values?: Array<{ value: string }> }>).find((c) => c.key === 'decision')!;
    expect(decision.values?.map((v) => v.value)).toContain('return');
    const returned = validateSubmission(schema, { decision: 'return' });
    expect(returned.problems).toEqual(expect.arrayContaining([expect.objectContaining({ message: 'A comment is required when returning the calibration' })]));
    expect(validateSubmission(schema, { decision: 'return', comment: 'Two ratings lack a reason' }).ok).toBe(true);
  });

  test('process, require, module and the host\'s globals are not there', () => {
    expect(answer("valid = [typeof process, typeof require, typeof module, typeof Buffer, typeof setTimeout, typeof globalThis.process].join(' ')")).toEqual(['undefined undefined undefined undefined undefined undefined']);
  });

  test('the classic ways out of a vm context find no process either', () => {
    expect(answer("try { valid = 'reached ' + typeof this.constructor.constructor('return process')() } catch (e) { valid = 'stopped: ' + e.message }")).toEqual([expect.stringMatching(/^stopped: /)]);
    expect(answer("try { valid = 'reached ' + typeof input.constructor.constructor('return process')() } catch (e) { valid = 'stopped: ' + e.message }")).toEqual([expect.stringMatching(/^stopped: /)]);
    expect(answer("try { valid = 'reached ' + typeof eval('process') } catch (e) { valid = 'stopped: ' + e.message }")).toEqual([expect.stringMatching(/^stopped: /)]);
  });

  test('process.exit(1) in a custom validation does not stop the server, and process.env is not read', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => { throw new Error(`process.exit(${code}) was called`); }) as never);
    process.env.FORM_SANDBOX_PROBE = 'the secret';
    try {
      const result = validateSubmission(form({ custom: 'process.exit(1)' }), { decision: 'x', comment: 'c' });
      expect(exit).not.toHaveBeenCalled();
      expect(result.ok).toBe(true); // Form.io ignores custom code that fails
      expect(JSON.stringify(answer("valid = 'env: ' + (typeof process === 'object' ? JSON.stringify(process.env) : 'none')"))).not.toContain('the secret');
      expect(answer("valid = 'env: ' + (typeof process === 'object' ? JSON.stringify(process.env) : 'none')")).toEqual(['env: none']);
    } finally {
      exit.mockRestore();
      delete process.env.FORM_SANDBOX_PROBE;
    }
  });

  test('code works on copies: it cannot change the submission the server keeps', () => {
    const result = validateSubmission(form({ custom: "data.decision = 'changed'; data.extra = 1; valid = true" }), { decision: 'x', comment: 'c' });
    expect(result).toEqual({ ok: true, problems: [], data: { decision: 'x', comment: 'c' } });
  });

  test('calculated values, conditions and default values run in the sandbox too', () => {
    const calculated = validateSubmission(form({}, { calculateServer: true, calculateValue: "value = typeof process + ' ' + typeof require" }), { decision: 'x' });
    expect(calculated.data.comment).toBe('undefined undefined');
    // Shown only if the condition saw process (or failed): it ran, saw none and hid the field, so its "required" does not apply.
    const conditional = validateSubmission(form({ required: true }, { customConditional: "show = typeof process !== 'undefined'" }), { decision: 'x' });
    expect(conditional.problems).toEqual([]);
    expect(validateSubmission(form({ required: true }, { customConditional: 'show = true' }), { decision: 'x' }).problems.map((p) => p.field)).toEqual(['comment']);
  });

  test('a loop that never ends is stopped', () => {
    const started = Date.now();
    const result = validateSubmission(form({ custom: 'while (true) {}' }), { decision: 'x', comment: 'c' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('@formio/core\'s evaluator is the sandboxed one: a date expression, a template calling a function, a host function', () => {
    expect(Evaluator.evaluate('value = typeof process', { data: {} }, 'value')).toBe('undefined');
    expect(Evaluator.evaluator('return typeof require;', 'moment')(() => 'host')).toBe('undefined');
    // {{ name(arg) }} calls what `name` finds: a function of the server is never called.
    const host = jest.fn(() => 'called');
    expect(Evaluator.interpolateString("{{ fn('x') }}", { fn: host })).not.toContain('called');
    expect(host).not.toHaveBeenCalled();
  });
});
