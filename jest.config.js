/** Unit tests need nothing; integration tests expect ENGINE_URL and MONGODB_URI from scripts/test.mjs. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/cluster runs against the cluster topology, in a second phase of scripts/test.mjs (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  testTimeout: 120000,
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
