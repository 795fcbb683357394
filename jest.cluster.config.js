/** test/cluster: scripts/test.mjs starts the cluster topology (scripts/lib/cluster.mjs) for these, after the other suites. */
const base = require('./jest.config.js');

module.exports = { ...base, roots: ['<rootDir>/test/cluster'], testPathIgnorePatterns: ['/node_modules/'] };
