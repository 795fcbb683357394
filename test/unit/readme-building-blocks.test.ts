import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_CATALOGUE } from '../../src/domain/topic-catalogue';

// The README's table of building blocks is what a process owner reads first: it must not drift
// from the declarations the worker enforces.
test('the README lists every building block with the variables it produces', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  for (const entry of TOPIC_CATALOGUE) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${entry.topic}\` |`));
    expect({ topic: entry.topic, listed: Boolean(row) }).toEqual({ topic: entry.topic, listed: true });
    for (const variable of entry.produces) expect({ topic: entry.topic, row }).toEqual({ topic: entry.topic, row: expect.stringContaining(`\`${variable.name}\` (${variable.type})`) });
  }
});
