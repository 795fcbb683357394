// Jest's order of test files, with the page sweep first. The sweep judges every page the demo bank's
// people reach, in both languages; run after the other suites it would also judge what they leave in
// the shared engine and store (flows and cycles named by tests, tasks of test flows in HR's inbox),
// which is not the bank's. Everything else keeps jest's own order (slowest and failed first).
const Sequencer = require('@jest/test-sequencer').default;

class PageSweepFirst extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const first = sorted.filter((test) => test.path.endsWith('page-sweep.test.ts'));
    return [...first, ...sorted.filter((test) => !first.includes(test))];
  }
}

module.exports = PageSweepFirst;
