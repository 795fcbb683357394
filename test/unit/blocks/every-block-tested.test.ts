import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_BLOCK_DECLARATIONS } from '../../../src/domain/blocks';
import { BLOCKS } from '../../../src/worker/handlers';

/**
 * Every declared building block (src/domain/blocks) is a block the worker wires (src/worker/handlers.ts)
 * and has a unit test here that runs it on the in-memory ports of fakes.ts: a block added without one
 * fails this file, naming it. The tests here never reach the real store or engine.
 */
const dir = __dirname;
const tests = readdirSync(dir).filter((file) => file.endsWith('.test.ts') && file !== 'every-block-tested.test.ts')
  .map((file) => ({ file, source: readFileSync(join(dir, file), 'utf8') }));
const blocks = Object.entries(BLOCKS).map(([name, block]) => ({ name, topic: block.declaration.topic }));

test('each declared block is wired once, and each wired block is declared', () => {
  const declared = ALL_BLOCK_DECLARATIONS.map((d) => d.topic).sort();
  expect(blocks.map((b) => b.topic).sort()).toEqual(declared);
  expect(new Set(declared).size).toBe(declared.length);
});

test.each(blocks.map((b) => [b.topic, b.name]))('%s (%s) has a unit test that runs it', (_topic, name) => {
  const runs = new RegExp(`\\b${name}\\.run\\(`);
  expect(tests.filter((t) => runs.test(t.source)).map((t) => t.file)).not.toEqual([]);
});

test('the block tests connect to no store and build no engine client: they pass the in-memory ports', () => {
  // A value import of the connection, the worker's engine client or the real ports (a type import is erased).
  const reaching = /^import (?!type )[^;]*from '[./]*src\/(?:db\/connection|worker\/engine|worker\/store-ports)'/m;
  const files = [...tests, { file: 'fakes.ts', source: readFileSync(join(dir, 'fakes.ts'), 'utf8') }];
  expect(files.filter((t) => reaching.test(t.source)).map((t) => t.file)).toEqual([]);
  expect(tests.filter((t) => !t.source.includes("from './fakes'")).map((t) => t.file)).toEqual([]);
});
