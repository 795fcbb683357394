import vm from 'node:vm';
import { DefaultEvaluator, registerEvaluator } from '@formio/core';

/**
 * Where @formio/core runs a form's code on the server (custom validation, conditions, calculated and
 * default values, logic, date expressions, function calls in {{ … }} templates). Its own evaluator
 * compiles the code with `new Function` in the server's realm, where it reaches `process` and
 * `require`; this one compiles it in a `node:vm` context of its own:
 * - the context's global is a null-prototype object: no `process`, `require`, `module`, `Buffer`,
 *   host timers or any other host object; code generation from strings (eval, Function) is off there;
 * - the code's arguments (data, row, input, component…) go in as JSON text and are parsed inside, so
 *   the code touches only objects of its own realm; what it returns comes back as JSON text, parsed here;
 * - each run stops after TIMEOUT_MS (microtasks included);
 * - functions of the host are never called (DefaultEvaluator would call one that a template names).
 * A fresh context serves one validation of one submission (`withFormSandbox`), or one evaluation
 * outside of it, so code of one form never sees what code of another left behind.
 * Not a wall against exhausting memory (the context shares the server's heap): the form builder saves
 * only code that a shipped form carries (src/domain/form-code-check.ts); this is the second line.
 */
export const TIMEOUT_MS = 100;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Run once in a new context, before any form code: removes what could block or share memory, and
 * returns the runner, which holds the context's own JSON and Reflect.apply as they were at the start.
 */
const SETUP = new vm.Script(`(function () {
  delete globalThis.Atomics; delete globalThis.SharedArrayBuffer; delete globalThis.WebAssembly;
  var parse = JSON.parse, stringify = JSON.stringify, apply = Reflect.apply;
  return function run(fn, argsJson, tIndex) {
    var args = parse(argsJson);
    if (tIndex >= 0) args[tIndex] = function (text) { return text; };
    var result = apply(fn, undefined, args);
    return result === undefined ? undefined : stringify(result);
  };
})()`, { filename: 'form-sandbox-setup.js' });
const CALL = new vm.Script('__formRun(__formFn, __formArgs, __formT)', { filename: 'form-code.js' });

interface Sandbox {
  global: Record<string, unknown>;
  context: vm.Context;
  run: unknown;
}

function newSandbox(): Sandbox {
  const global = Object.create(null) as Record<string, unknown>;
  const context = vm.createContext(global, { name: 'form code', codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
  const run = SETUP.runInContext(context, { timeout: TIMEOUT_MS });
  return { global, context, run };
}

let current: { sandbox: Sandbox | null } | null = null;

function sandboxForRun(): Sandbox {
  if (!current) return newSandbox();
  current.sandbox ??= newSandbox();
  return current.sandbox;
}

/** Runs `work` (synchronous) with one fresh context, made when its first code runs, for all the code it evaluates. */
export function withFormSandbox<T>(work: () => T): T {
  const outer = current;
  current = { sandbox: null };
  try {
    return work();
  } finally {
    current = outer;
  }
}

/**
 * JSON text of the arguments: functions, symbols and circular references become null. Each argument
 * is copied whole on its own, so the same object passed twice (a top-level field's `row` is `data`)
 * arrives twice, not as null the second time.
 */
function argumentsJson(values: unknown[]): string {
  return `[${values.map((value) => JSON.stringify(value === undefined ? null : value, acyclic()) ?? 'null').join(',')}]`;
}

function acyclic(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return null;
    if (value === null || typeof value !== 'object') return value;
    // `this` is the object holding the value: drop ancestors that are no longer on the path.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return null;
    ancestors.push(value);
    return value;
  };
}

/** Functions this evaluator made: the only ones it executes. */
const made = new WeakSet<(...args: unknown[]) => unknown>();

/** Runs `code` as the body of a function of `names` inside a sandbox; returns a JSON copy of its result. */
export function runFormCode(code: string, names: string[], values: unknown[]): unknown {
  if (!names.every((name) => IDENTIFIER.test(name))) throw new Error('form code: a parameter name is not an identifier');
  const sandbox = sandboxForRun();
  let fn: unknown;
  try {
    fn = vm.compileFunction(code, names, { parsingContext: sandbox.context });
  } catch {
    throw new Error('form code does not compile');
  }
  // Set as plain data properties each time: whatever earlier code in this context put there is replaced.
  for (const [name, value] of [['__formRun', sandbox.run], ['__formFn', fn], ['__formArgs', argumentsJson(values)], ['__formT', names.indexOf('t')]] as const) {
    Object.defineProperty(sandbox.global, name, { value, writable: true, configurable: true, enumerable: false });
  }
  let out: unknown;
  try {
    out = CALL.runInContext(sandbox.context, { timeout: TIMEOUT_MS });
  } catch {
    // Never touch what the code threw (an object of its realm, with getters of its own): a plain error instead.
    throw new Error('form code failed or ran too long');
  }
  return typeof out === 'string' ? JSON.parse(out) : undefined;
}

export class SandboxedEvaluator extends DefaultEvaluator {
  override evaluator(func: unknown, ...params: unknown[]): (...args: unknown[]) => unknown {
    if (typeof func !== 'string') throw new Error('form code: only code text is evaluated');
    const names = typeof params[0] === 'object' && params[0] !== null ? Object.keys(params[0]) : (params as unknown[]).map(String);
    const compiled = (...values: unknown[]) => runFormCode(func, names, values);
    made.add(compiled);
    return compiled;
  }

  override execute(func: unknown, args: unknown, _context?: unknown, options: unknown = {}): unknown {
    if (this.noeval || (typeof options === 'object' && options !== null && (options as { noeval?: boolean }).noeval)) return undefined;
    if (typeof func !== 'function' || !made.has(func as (...a: unknown[]) => unknown)) throw new Error('form code: a function of the server is never called');
    return Array.isArray(args) ? (func as (...a: unknown[]) => unknown)(...args) : (func as (...a: unknown[]) => unknown)(args);
  }

  override interpolate(rawTemplate: unknown, data: unknown, options: Record<string, unknown> = {}): unknown {
    // A function as a template would be called as it is: never.
    return super.interpolate(typeof rawTemplate === 'function' ? '' : rawTemplate, data, options);
  }
}

registerEvaluator(new SandboxedEvaluator());
