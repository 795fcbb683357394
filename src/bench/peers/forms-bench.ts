import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../deploy/deploy-all';
import { runMain } from '../../lib/run-main';
import { argValue, config } from '../bench-support';
import { freePortNumber, runLoad } from './load';
import { createFormioForm, startFormio } from './formio-server';
import { FORMS_FIGURES, figureLine, meetsTarget, type PeerFigure } from './peer-report';
import { processCpuSeconds, startPeer, stopPeer, waitForPeer } from './peer-process';
import { benchSchemas } from './forms-fixtures';

/**
 * `npm run bench -- --peers-forms`: validated and stored submissions per second, meritflow against
 * the open-source Form.io server, both on the bench's FerretDB, both with the same two schemas, at
 * 1, 10 and 50 clients. meritflow's side is its submission path without the engine
 * (src/bench/peers/submit-harness.ts); the route that also completes the task is driven later in a
 * --peers run, against the figures this bench leaves in FORMS_FIGURES (src/bench/peers/complete-bench.ts).
 */
const LEVELS = [1, 10, 50];
const PER_LEVEL = argValue('forms-n', 300);
const TARGET = 2;
// Both servers start cold; the first figure (one client) is the one a short warm-up skews most.
const WARM_UP = Math.min(200, PER_LEVEL);

async function main(): Promise<void> {
  const forms = await benchSchemas();
  const formio = await startFormio(config.mongodbUri, await freePortNumber());
  const harnessPort = await freePortNumber();
  const harness = startPeer('submit-harness', process.execPath, [join(projectRoot, 'dist', 'bench', 'peers', 'submit-harness.js')], { env: { PORT: String(harnessPort), MONGODB_URI: config.mongodbUri } });
  try {
    await waitForPeer('submit-harness', harness, async () => (await fetch(`http://127.0.0.1:${harnessPort}/submit/none`, { method: 'POST' })).status === 404);
    const figures: PeerFigure[] = [];
    const cpuLines: string[] = [];
    for (const [key, form] of forms) {
      const formId = await createFormioForm(formio, key, form.schema);
      const body = JSON.stringify({ data: form.answer });
      const ours = { url: `http://127.0.0.1:${harnessPort}/submit/${key}`, headers: { 'content-type': 'application/json' }, body };
      const peer = { url: `${formio.base}/form/${formId}/submission`, headers: { 'content-type': 'application/json', 'x-jwt-token': formio.token }, body };
      // Warm both (JIT, caches, the collections' first writes) before anything is timed.
      await runLoad(peer, 10, WARM_UP);
      await runLoad(ours, 10, WARM_UP);
      for (const clients of LEVELS) {
        const peerCpu = processCpuSeconds(formio.child.pid);
        const peerRun = await runLoad(peer, clients, PER_LEVEL);
        const oursCpu = processCpuSeconds(harness.pid);
        const oursRun = await runLoad(ours, clients, PER_LEVEL);
        const peerMs = ((processCpuSeconds(formio.child.pid) - peerCpu) * 1000) / PER_LEVEL;
        const oursMs = ((processCpuSeconds(harness.pid) - oursCpu) * 1000) / PER_LEVEL;
        figures.push({ label: `${key}, ${clients} client${clients > 1 ? 's' : ''}`, ours: oursRun.perSecond, peer: peerRun.perSecond, target: TARGET });
        cpuLines.push(`${`${key}, ${clients}`.padEnd(24)} server CPU per submission: meritflow ${oursMs.toFixed(1)} ms, Form.io ${peerMs.toFixed(1)} ms; refused or failed: meritflow ${oursRun.failures.length}, Form.io ${peerRun.failures.length}${[...oursRun.failures, ...peerRun.failures].slice(0, 1).map((f) => `, first: ${f}`).join('')}`);
      }
    }
    console.log('');
    console.log(`form submissions validated and stored, ${PER_LEVEL} per figure; meritflow (validation + variables + store + audit entry over HTTP, no engine) against the Form.io server 4.6.7, both on FerretDB`);
    console.log(`${''.padEnd(34)} ${'meritflow'.padStart(14)}   ${'Form.io'.padStart(14)}`);
    for (const figure of figures) console.log(figureLine(figure, 'sub/s'));
    for (const line of cpuLines) console.log(line);
    console.log(`targets met: ${figures.filter(meetsTarget).length} of ${figures.length}`);
    writeFileSync(FORMS_FIGURES, JSON.stringify(figures));
  } finally {
    await stopPeer(harness);
    await stopPeer(formio.child);
  }
}

runMain(main);
