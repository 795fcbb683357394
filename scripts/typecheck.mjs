// `npm run typecheck`: strict tsc over all of src (tsconfig.json, which the build compiles), the
// browser code in src/web (tsconfig.web.json: DOM, bundler resolution) and the tests
// (tsconfig.test.json: node and jest). Nothing is written but tsc's incremental state in dist/.
import { CHECK_ONLY_PROJECTS, typecheck } from './lib/setup.mjs';

const started = Date.now();
const report = await typecheck(['tsconfig.json', ...CHECK_ONLY_PROJECTS]);
if (report) {
  console.error(report);
  process.exit(1);
}
console.log(`no type errors in src, src/web or test (${((Date.now() - started) / 1000).toFixed(1)} s)`);
